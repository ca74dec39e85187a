"""Small pieces several pages draw."""

from __future__ import annotations

import streamlit as st

from assessment.i18n import t
from assessment.ui import persist


def status_banner(lang: str) -> None:
    s = persist.session()
    if s.offline:
        st.warning(t("save.offline", lang, n=len(s.pending)), icon=":material/cloud_off:")
    if s.frozen and s.submitted_at is not None:
        st.info(t("save.frozen", lang, date=s.submitted_at.strftime("%Y-%m-%d")), icon=":material/lock:")


def resume_link(lang: str) -> None:
    s = persist.session()
    if s.token is None:
        return
    with st.container(border=True):
        st.markdown(f"**{t('save.link_title', lang)}**")
        st.caption(t("save.link_help", lang))
        # st.code has a copy button; the link is ours (a random token), never text a person typed.
        st.code(persist.link_for(s.token), language=None, wrap_lines=True)
