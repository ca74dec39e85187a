"""Start: who is being assessed. The language picker sits in the header on every page."""

from __future__ import annotations

import streamlit as st

from assessment.bank import Bank
from assessment.i18n import t
from assessment.ui import nav, state

MAX_NAME = 120
SECONDS_PER_QUESTION = 25  # measured by walking the survey with the help texts read (see the README)


def show() -> None:
    bank = state.bank()
    assert isinstance(bank, Bank)
    lang = state.lang()
    current = state.profile()
    st.write(t("app.tagline", lang))
    minutes = round(len(bank.questions) * SECONDS_PER_QUESTION / 60)
    st.caption(
        t("start.how", lang, questions=len(bank.questions), sections=len(bank.dimensions), minutes=minutes)
    )

    types = [ot.id for ot in bank.info.organization_types]
    with st.form("start"):
        st.subheader(t("start.header", lang))
        name = st.text_input(
            t("start.org", lang),
            value=current.organization if current else "",
            max_chars=MAX_NAME,
            help=t("start.org.help", lang),
        )
        org_type = st.selectbox(
            t("start.type", lang),
            types,
            index=types.index(current.org_type) if current else 0,
            format_func=lambda tid: bank.org_type_name(tid, lang),
        )
        unit = st.text_input(
            t("start.unit", lang),
            value=current.unit if current else "",
            max_chars=MAX_NAME,
            help=t("start.unit.help", lang),
        )
        label = t("start.continue", lang) if current else t("start.button", lang)
        submitted = st.form_submit_button(label, type="primary")
    if submitted:
        name = name.strip()
        if not name:
            st.error(t("start.name_missing", lang))
            return
        state.set_profile(state.Profile(organization=name, org_type=org_type, unit=unit.strip()))
        nav.go("survey")
