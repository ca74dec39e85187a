"""Foco's entry point: the router. It picks the language, loads the bank once, restores an assessment from its
link and hands over to a page. No business logic lives here."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from assessment.bank import BankError
from assessment.bank.model import LANGUAGES
from assessment.i18n import t
from assessment.storage import StorageUnavailable
from assessment.ui import components, nav, persist, state
from assessment.ui.pages import bank_error, link_error, results, shared, start, survey
from assessment.ui.workspace import URL_PATHS as WORKSPACE_PATHS
from assessment.ui.workspace import pages as workspace_pages

LANGUAGE_NAMES = {"en": "English", "es": "Español", "it": "Italiano"}
URL_PATHS = ("start", "survey", "results", "report", *WORKSPACE_PATHS)


def everywhere(show: Callable[[], None]) -> StreamlitPage:
    # One page under every path Foco has: the links Foco hands out name /survey, a reload keeps /results.
    # Registered under one path only, any other would get Streamlit's English "Page not found" on top.
    pages = {path: st.Page(show, title="Foco", url_path=path, default=path == "start") for path in URL_PATHS}
    nav.register(pages)
    return st.navigation(list(pages.values()), position="hidden")


st.set_page_config(page_title="Foco", page_icon=":material/center_focus_strong:", layout="wide")
components.focus_ring()
state.init()

problem: str | None = None
shared_report = False  # a read-only share link (?s=): its one page and nothing else
try:
    shared_report = shared.restore()
    if not shared_report:
        persist.restore_from_link()
except persist.BadLink:
    problem = "bad_link"
except StorageUnavailable:
    problem = "db_down"


def _on_language() -> None:
    state.keep_expanders_open()
    if not shared_report:
        persist.save_language(state.lang())


head, picker = st.columns([5, 1], vertical_alignment="bottom")
with picker:
    st.selectbox(
        t("app.language", state.lang()),
        LANGUAGES,
        key="lang",
        format_func=LANGUAGE_NAMES.__getitem__,
        on_change=_on_language,
    )
lang = state.lang()
components.page_language(lang)

loaded = state.bank()
if isinstance(loaded, BankError):
    error = loaded
    page = everywhere(lambda: bank_error.show(error))
elif problem is not None:
    reason = problem
    page = everywhere(lambda: link_error.show(reason))
elif shared_report:
    page = st.navigation([st.Page(shared.show, title=t("nav.results", lang), url_path="report")])
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
    # The consultant's workspace: a sign-in page, or its own pages once signed in (see ui/workspace/).
    page = st.navigation([*pages.values(), *workspace_pages(lang)], position="top")
    # Answers that could not be written while the database was away go out on the next run.
    persist.flush()
    persist.keep_link_in_url()
with head:
    st.markdown(f"### {t('app.title', lang)}")
page.run()
