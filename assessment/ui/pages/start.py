"""Start: who is being assessed. The language picker sits in the header on every page."""

from __future__ import annotations

import os

import streamlit as st

from assessment.bank import Bank
from assessment.bank.model import FULL, QUICK
from assessment.engine.benchmark import MIN_ORGS, configured_min
from assessment.engine.quickfit import model_fit
from assessment.i18n import t, tn
from assessment.records import name_flaw
from assessment.ui import nav, persist, state
from assessment.ui.components import resume_link

MAX_NAME = 120
# The form offered first. The full survey, so links and habits from before the quick check keep their meaning.
DEFAULT_FORM = FULL
FORM_KEY = "start_form"
BENCHMARK_KEY = "start_benchmark"


def minutes(bank: Bank, lang: str, form: str) -> str:
    """How long a form takes, by the bank's own estimate (Bank.reading_minutes), as a phrase."""
    low, high = bank.reading_minutes(lang, form)
    if low == high:
        return tn("quick.minutes_one", low, lang)
    return t("quick.minutes_range", lang, low=low, high=high)


def form_label(bank: Bank, lang: str, form: str) -> str:
    n = len(bank.form_questions(form))
    takes = minutes(bank, lang, form)
    if form == QUICK:
        return t("quick.form_quick", lang, n=n, minutes=takes)
    return t("quick.form_full", lang, n=n, minutes=takes)


def trust_line(bank: Bank, lang: str) -> str | None:
    """One line on how far the quick check can be trusted: quick-fit's figure on the bank's own simulated
    respondents (docs/scoring.md), computed once per bank."""
    fit = model_fit(bank)
    if fit.mean_agree is None or fit.mean_within_one is None:
        return None
    return t("quick.trust", lang, pct=round(100 * fit.mean_agree), within=round(100 * fit.mean_within_one))


def configured_min_or_default() -> int:
    try:
        return configured_min(os.environ)
    except ValueError:
        return MIN_ORGS


def show() -> None:
    bank = state.bank()
    assert isinstance(bank, Bank)
    lang = state.lang()
    current = state.profile()
    st.write(t("app.tagline", lang))
    low, high = bank.reading_minutes(lang)
    n, sections = len(bank.questions), len(bank.dimensions)
    st.caption(t("start.how", lang, questions=n, sections=sections, low=low, high=high))

    s = persist.session()
    if s.just_opened:
        s.just_opened = False
        nav.go("results" if s.frozen else "survey")
    if s.assessment_id is not None and current is not None:
        _in_progress(current, bank, lang)
        return

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
        form: str = FULL
        if bank.quick is not None:
            forms: list[str] = [FULL, QUICK]
            form = st.radio(
                t("quick.form_label", lang),
                forms,
                index=forms.index(s.form if current else DEFAULT_FORM),
                format_func=lambda f: form_label(bank, lang, f),
                key=FORM_KEY,
            )
            trust = trust_line(bank, lang)
            if trust:
                st.caption(trust)
        # Off unless ticked: the person decides whether this organization's results feed the peer benchmark.
        opt_in = st.checkbox(
            t("start.benchmark", lang), value=persist.session().benchmark_opt_in, key=BENCHMARK_KEY
        )
        st.caption(t("start.benchmark.help", lang, min=configured_min_or_default()))
        label = t("start.continue", lang) if current else t("start.button", lang)
        submitted = st.form_submit_button(label, type="primary")
    if submitted:
        name = name.strip()
        if not name:
            st.error(t("start.name_missing", lang))
            return
        if name_flaw(name) or name_flaw(unit.strip()):
            st.error(t("start.name_invalid", lang))
            return
        profile = state.Profile(organization=name, org_type=org_type, unit=unit.strip())
        state.set_profile(profile)
        persist.start(bank, profile, lang, form, benchmark_opt_in=opt_in)
        nav.go("survey")


def _new() -> None:
    st.query_params.clear()
    for key in ("_foco_persist", "profile", "answers", "section"):
        st.session_state.pop(key, None)


def _in_progress(current: state.Profile, bank: Bank, lang: str) -> None:
    # A stored assessment keeps the organization it was started for; a new one starts from a clean slate.
    with st.container(border=True):
        st.subheader(t("start.header", lang))
        st.markdown(f"**{t('start.org', lang)}:** {state.md(current.organization)}")
        st.markdown(f"**{t('start.type', lang)}:** {bank.org_type_name(current.org_type, lang)}")
        if current.unit:
            st.markdown(f"**{t('start.unit', lang)}:** {state.md(current.unit)}")
        if bank.quick is not None:
            form = persist.session().form
            st.markdown(f"**{t('quick.ws.form', lang)}:** {t(f'quick.form_name.{form}', lang)}")
        left, right = st.columns(2)
        if left.button(t("start.continue", lang), type="primary", width="stretch"):
            nav.go("survey")
        right.button(t("start.new", lang), on_click=_new, width="stretch")
    resume_link(lang)
