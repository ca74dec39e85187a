"""A link that opens nothing, or a database that cannot be reached. Neither page says anything about any
assessment: not whether the token ever existed, nor whose it was."""

from __future__ import annotations

import streamlit as st

from assessment.i18n import t
from assessment.ui import nav, persist, state


def _start_over() -> None:
    st.query_params.clear()
    st.session_state.pop("_foco_persist", None)
    st.session_state.pop("_foco_shared", None)
    # Whatever page the link named, a new assessment begins on the start page.
    nav.go("start")


def show(reason: str) -> None:
    lang = state.lang()
    if reason == "db_down":
        st.warning(t("link.db_down", lang), icon=":material/cloud_off:")
        st.button(t("link.retry", lang), type="primary", key="retry")
        return
    st.error(t("link.bad", lang), icon=":material/link_off:")
    st.write(t("link.bad_help", lang))
    clicked = st.button(t("link.start_new", lang), type="primary", key="start_over")
    # The bad token stays out of the page and out of the session.
    persist.session().token = None
    if clicked:
        _start_over()
