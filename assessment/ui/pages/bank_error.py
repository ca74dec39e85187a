"""Shown instead of the survey when the question bank does not validate: the problems, not a traceback."""

from __future__ import annotations

import streamlit as st

from assessment.bank import BankError
from assessment.i18n import t
from assessment.ui import state


def show(error: BankError) -> None:
    lang = state.lang()
    st.error(t("bank.broken.title", lang), icon="⚠️")
    st.markdown(t("bank.broken.body", lang))
    # Plain text, never HTML: file names and messages come from files on disk.
    st.code("\n".join(str(p) for p in error.problems), language=None, wrap_lines=True)
