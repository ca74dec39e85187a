"""The pages, built once per run by app.py and kept in the session, so a page can send the person on."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

_KEY = "_foco_pages"


def register(pages: dict[str, StreamlitPage]) -> None:
    st.session_state[_KEY] = pages


def go(name: str) -> None:
    st.switch_page(st.session_state[_KEY][name])


def link(name: str, label: str) -> None:
    st.page_link(st.session_state[_KEY][name], label=label)
