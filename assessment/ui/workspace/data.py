"""What the workspace pages share: the consultant's data for this run, labels and links."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import streamlit as st

from assessment.bank import Bank
from assessment.engine.consensus import official
from assessment.engine.portfolio import IN_PROGRESS, Entry, build_entries, latest
from assessment.i18n import t
from assessment.records import StoredScore
from assessment.storage.workspace import Workspace
from assessment.ui import state
from assessment.ui.workspace import auth

T = TypeVar("T")
Persist = Literal["page", "session"] | None  # a widget's persist_state: how long it keeps a value not drawn
log = logging.getLogger("foco")


@dataclass(frozen=True)
class Loaded:
    """Shared by every run and session of one consultant while their data is unchanged (see load()):
    read it, never change it."""

    entries: list[Entry]  # every assessment, consensuses included
    latest: list[Entry]  # each respondent's standing assessment per client and unit (no consensus)
    official: list[Entry]  # what the portfolio shows: as latest, but a unit with an official consensus by it
    # What a page derives from these entries (a table in one language, …), kept with them: key → value.
    memo: dict[object, Any] = field(default_factory=dict, compare=False, repr=False)

    def derived(self, key: object, make: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]


def bank() -> Bank:
    loaded = state.bank()
    assert isinstance(loaded, Bank)
    return loaded


def load(ws: Workspace, b: Bank, plans: bool = True) -> Loaded:
    """The consultant's assessments, scored. Computed once per consultant, bank version and state of their
    data (Workspace.version: one read that any write changes, on whichever replica), then shared by every
    rerun and session of that consultant until something changes: a filter, a sort or a page of the
    portfolio costs no query beyond that read and no scoring (issue 15). `plans=False`: without plans
    (Entry.plan None), all the portfolio needs."""
    # Assessments in progress on an older bank version are carried to this one first, as opening their
    # link would: their progress and live scores are then those of today's questions.
    ws.carry_over_stale(b)
    return _load(ws.consultant_id, b.version, ws.version(), plans, ws, b)


@st.cache_resource(max_entries=32, ttl=3600, show_spinner=False)
def _load(consultant_id: int, bank_version: str, version: tuple[object, ...], plans: bool, _ws: Workspace,
          _b: Bank) -> Loaded:  # fmt: skip
    # Keyed by the consultant's id (never shared across consultants) and everything the result depends on;
    # _ws and _b are not part of the key: they are the consultant's workspace and the bank of that version.
    return compute(_ws, _b, plans)


def compute(ws: Workspace, b: Bank, plans: bool = True) -> Loaded:
    """What load() caches: the consultant's assessments read and scored, now. Without plans, each one's
    stored scores stand for its result where they are still its own (Workspace.portfolio_rows): only the
    others are parsed or scored, and their scores kept for the next cold look (a failed write is logged and
    costs nothing but that)."""
    rows = ws.portfolio_rows(b.scoring_stamp) if not plans else ws.assessments()
    open_ids = [r.id for r in rows if r.submitted_at is None and r.answered and r.score is None]
    computed: dict[int, StoredScore] = {}
    entries = build_entries(b, rows, ws.answers_of(open_ids) if open_ids else {}, plans, computed)
    if computed:
        _keep(ws, computed)
    return Loaded(entries, latest([e for e in entries if not e.consensus]), official(entries))


def _keep(ws: Workspace, computed: dict[int, StoredScore]) -> None:
    try:
        ws.save_scores(computed)
    except Exception as exc:  # noqa: BLE001 - a shortcut for the next look: the page is drawn without it
        log.warning("portfolio scores not kept (%d): %s", len(computed), exc.__class__.__name__)


def signed_workspace() -> Workspace:
    auth.require()
    return auth.workspace()


def status_text(e: Entry, lang: str) -> str:
    if e.status == IN_PROGRESS:
        return t("ws.status.in_progress", lang, pct=f"{e.percent:.0f}")
    return t(f"ws.status.{e.status}", lang)


def entry_label(e: Entry, lang: str) -> str:
    """Who an entry is, marked "(provisional)" when its result comes (in part) from the quick check alone: a
    comparison never puts it beside full results unmarked."""
    return f"{e.label} {t('quick.mark', lang)}" if e.provisional else e.label


def result_text(e: Entry, lang: str) -> str:
    if e.result is None:
        return "—"
    return t("quick.badge", lang) if e.provisional else t("quick.final", lang)


def form_text(form: str, lang: str) -> str:
    return t(f"quick.form_name.{form}", lang)


def who_text(e: Entry, lang: str) -> str:
    """The respondent column: the person's label, or that the unit's answers were agreed."""
    return t("ws.consensus.label", lang) if e.consensus else e.respondent


def level_text(b: Bank, level: int | None, lang: str) -> str:
    return "—" if level is None else f"{level} {b.level(level).name(lang)}"


def pick(
    label: str,
    options: Sequence[T],
    key: str,
    format_func: Callable[[T], str] = str,
    persist_state: Persist = None,
) -> T | None:
    """A selectbox whose stored value, if it is not among this consultant's options (a stale id, or one
    planted in the session), falls back to the first option instead of being used. None when there are no
    options. `persist_state`: Streamlit's, for a select box not drawn in every run (in a closed tab)."""
    if not options:
        return None
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    return st.selectbox(label, options, key=key, format_func=format_func, persist_state=persist_state)
