"""The session's own copy of what the person entered. Widgets come and go (another section, another page,
another language); these keys do not, so nothing is lost when the page redraws."""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from typing import Any

import streamlit as st

from assessment.bank import DEFAULT_BANK_DIR, Bank, BankError, load_bank
from assessment.engine.scoring import AnswerValue
from assessment.i18n import lang_from_locale


@dataclass
class Profile:
    organization: str
    org_type: str
    unit: str = ""


@st.cache_resource(show_spinner=False)
def _bank(folder: str) -> Bank:
    # Loaded once per process and bank folder, shared by every session: read-only. A BankError is raised,
    # not cached, so a fixed bank is picked up on the next run without a restart.
    loaded = load_bank(folder)
    # Streamlit collects garbage after every run (runner.postScriptGC). With plotly, pandas and SQLAlchemy
    # loaded that walks ~180,000 long-lived objects: ~100 ms added to every click. Freeze what lives for the
    # whole process (modules, the bank) out of the collector's sight; it then walks only newer objects.
    gc.collect()
    gc.freeze()
    return loaded


def bank() -> Bank | BankError:
    try:
        return _bank(str(os.environ.get("FOCO_BANK") or DEFAULT_BANK_DIR))
    except BankError as exc:
        return exc


def init() -> None:
    ss = st.session_state
    if "lang" not in ss:
        ss.lang = lang_from_locale(st.context.locale)
    ss.setdefault("answers", {})
    ss.setdefault("section", 0)
    ss.setdefault("profile", None)


# The keys of the expanders whose label is translated (a prefix, alone or followed by ":" and more).
# Streamlit 1.67 counts an expander's label in its identity, key or not: a new label is a new expander, drawn
# closed. A language switch marks the open ones open again (keep_expanders_open), so a note being written,
# or the plan's details being read, stay in view in the new language.
_RELABELLED: set[str] = set()


def expander_key(prefix: str) -> str:
    """`prefix`, registered as an expander key that a language switch keeps open."""
    _RELABELLED.add(prefix)
    return prefix


def keep_expanders_open() -> None:
    """In the language picker's callback (before the run that draws the new labels): the registered expanders
    that are open now are open again under their new labels."""
    ss = st.session_state
    for key in list(ss):
        if isinstance(key, str) and key.split(":", 1)[0] in _RELABELLED and ss[key] is True:
            ss[key] = True


def lang() -> str:
    return str(st.session_state.get("lang", "en"))


def answers() -> dict[str, AnswerValue]:
    result: dict[str, AnswerValue] = st.session_state.setdefault("answers", {})
    return result


def set_answer(question_id: str, value: AnswerValue | None) -> None:
    current = answers()
    if value is None:
        current.pop(question_id, None)
    else:
        current[question_id] = value


def profile() -> Profile | None:
    value: Any = st.session_state.get("profile")
    return value if isinstance(value, Profile) else None


def set_profile(p: Profile) -> None:
    st.session_state.profile = p


def section() -> int:
    return int(st.session_state.get("section", 0))


def set_section(index: int) -> None:
    st.session_state.section = index


_MD_SPECIAL = "\\`*_{}[]()<>#+-.!|~$:"


def md(text: str) -> str:
    """Escape what a person typed before it goes into Markdown, so a name cannot become a link or markup."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in text)
