"""The pages, built once per run by app.py and kept in the session, so a page can send the person on."""

from __future__ import annotations

from typing import Literal

import streamlit as st
from streamlit.navigation.page import StreamlitPage

_KEY = "_foco_pages"


def register(pages: dict[str, StreamlitPage]) -> None:
    st.session_state[_KEY] = pages


def add(pages: dict[str, StreamlitPage]) -> None:
    """Pages drawn only sometimes (the workspace's, once signed in), registered after the others."""
    st.session_state[_KEY] = {**st.session_state.get(_KEY, {}), **pages}


def kept_query() -> dict[str, str] | None:
    """What a switch of page must carry: switching clears the query string, and the resume token stays."""
    token = st.query_params.get("a")
    return {"a": token} if token else None


def go(name: str) -> None:
    st.switch_page(st.session_state[_KEY][name], query_params=kept_query())


def link(
    name: str,
    label: str,
    query_params: dict[str, str] | None = None,
    width: Literal["content", "stretch"] = "content",
) -> None:
    st.page_link(st.session_state[_KEY][name], label=label, query_params=query_params, width=width)
