"""Foco's entry point: the router. It picks the language, loads the bank once and hands over to a page."""

from __future__ import annotations

import streamlit as st

from assessment.bank import BankError
from assessment.i18n import t
from assessment.model import LANGUAGES
from assessment.ui import nav, state
from assessment.ui.pages import bank_error, results, start, survey

LANGUAGE_NAMES = {"en": "English", "es": "Español", "it": "Italiano"}

st.set_page_config(page_title="Foco", page_icon=":material/center_focus_strong:", layout="wide")
state.init()

head, picker = st.columns([5, 1], vertical_alignment="bottom")
with picker:
    st.selectbox(
        t("app.language", state.lang()), LANGUAGES, key="lang", format_func=LANGUAGE_NAMES.__getitem__
    )
lang = state.lang()

loaded = state.bank()
if isinstance(loaded, BankError):
    page = st.navigation([st.Page(lambda: bank_error.show(loaded), title="Foco", url_path="problems")])
else:
    pages = {
        "start": st.Page(
            start.show, title=t("nav.start", lang), icon=":material/flag:", url_path="start", default=True
        ),
        "survey": st.Page(
            survey.show, title=t("nav.survey", lang), icon=":material/edit_note:", url_path="survey"
        ),
        "results": st.Page(
            results.show, title=t("nav.results", lang), icon=":material/insights:", url_path="results"
        ),
    }
    nav.register(pages)
    page = st.navigation(list(pages.values()), position="top")
with head:
    st.markdown(f"### {t('app.title', lang)}")
page.run()
