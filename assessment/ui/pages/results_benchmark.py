"""Results: the evidence to renew (answers whose dated evidence expired, engine.evidence) and the peer
benchmark (engine.benchmark): a small table, no chart, so the page stays quick to draw; for a
self-assessment, the toggle with which the person changes the choice made at Start (a consultant's client
has none: the consultant decides in the portfolio)."""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from assessment.bank import Bank
from assessment.engine.benchmark import OVERALL, Figure, configured_min, for_type, position
from assessment.engine.scoring import Result
from assessment.i18n import t, tn
from assessment.outputs.benchmark_csv import dimension_name
from assessment.outputs.export import AnswerNote
from assessment.outputs.labels import evidence_line
from assessment.storage import StorageError, StorageUnavailable
from assessment.ui import persist
from assessment.ui.components import DASH

log = logging.getLogger("foco")
# The figures change only when someone submits: read them at most once a minute per process and database.
CACHE_SECONDS = 60
OPT_IN_KEY = "bench_self_opt_in"  # the toggle on Results
# (assessment id, choice) not yet written: the database was away; written on a later run.
PENDING_KEY = "_foco_bench_pending"


def show(bank: Bank, result: Result, org_type: str, lang: str) -> None:
    expired(bank, result.expired, lang)
    peers(bank, result, org_type, lang)


def dated(notes: dict[str, AnswerNote]) -> dict[str, AnswerNote]:
    """The answers file's notes with each answer's evidence date (from the session)."""
    days = persist.evidence_dates()
    out = dict(notes)
    for qid, day in days.items():
        note = out.get(qid, AnswerNote(None, None, None))
        out[qid] = replace(note, evidence_date=day.isoformat())
    return out


def expired(bank: Bank, flags: dict[str, dict[str, Any]], lang: str) -> None:
    if not flags:
        return
    lines = "\n".join(f"- {evidence_line(bank, qid, flag, lang)}" for qid, flag in flags.items())
    st.warning(
        f"**{t('evidence.header', lang)}**  \n{t('evidence.intro', lang)}\n\n{lines}",
        icon=":material/event_busy:",
    )


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _figures(url: str | None, dimensions: tuple[str, ...], min_orgs: int) -> list[Figure]:
    return persist.store().benchmark(list(dimensions), min_orgs)


def refresh() -> None:
    """Forget this process's figures: after a submit or a change of choice, the next draw reads them anew."""
    _figures.clear()


def minimum() -> int | None:
    """The deployment's minimum, or None (no benchmark at all) when FOCO_BENCHMARK_MIN is not valid."""
    try:
        return configured_min(os.environ)
    except ValueError as exc:
        log.warning("no peer benchmark: %s", exc)
        return None


def figures(bank: Bank) -> list[Figure] | None:
    least = minimum()
    if least is None:
        return None
    try:
        return _figures(os.environ.get("DATABASE_URL") or None, tuple(bank.dimensions), least)
    except StorageError:
        return None


def cell(value: int | None) -> str:
    return DASH if value is None else str(value)


def _changed() -> None:
    assessment_id = persist.session().assessment_id
    if assessment_id is not None:
        st.session_state[PENDING_KEY] = (assessment_id, bool(st.session_state.get(OPT_IN_KEY)))


def _write_pending(assessment_id: int) -> bool:
    """Write a choice still waiting; False while the database is away (it stays waiting)."""
    pending = st.session_state.get(PENDING_KEY)
    if not (isinstance(pending, tuple) and pending[0] == assessment_id):
        st.session_state.pop(PENDING_KEY, None)  # another assessment's, or none
        return True
    try:
        persist.store().set_benchmark_opt_in(assessment_id, pending[1])
    except StorageUnavailable:
        log.warning("database unavailable when saving the benchmark choice; kept in the session")
        return False
    except StorageError as exc:  # the assessment is gone: nothing left to save it on
        log.warning("benchmark choice not saved: %s", exc)
    else:
        refresh()  # the person sees the figures with (or without) their organization at once
    st.session_state.pop(PENDING_KEY, None)
    return True


def choice(least: int, lang: str) -> bool:
    """The toggle for a self-assessment, drawn with the stored choice (or the one waiting to be saved);
    True if something was drawn. A consultant's client, or a survey not stored, gets nothing."""
    assessment_id = persist.session().assessment_id
    if assessment_id is None:
        return False
    written = _write_pending(assessment_id)
    pending = st.session_state.get(PENDING_KEY)
    try:
        stored = persist.store().benchmark_choice(assessment_id)
    except StorageUnavailable:
        if pending is None:
            st.warning(t("bench.opt_in.unread", lang), icon=":material/cloud_off:")
            return True
        stored = pending[1]
    except StorageError:
        return False
    if stored is None:
        return False
    shown = stored if pending is None else bool(pending[1])
    if st.session_state.get(OPT_IN_KEY) != shown:
        st.session_state[OPT_IN_KEY] = shown
    st.toggle(
        t("bench.opt_in", lang),
        key=OPT_IN_KEY,
        on_change=_changed,
        help=t("bench.opt_in.help", lang, min=least),
    )
    if not written:
        st.warning(t("bench.opt_in.offline", lang), icon=":material/cloud_off:")
    return True


def peers(bank: Bank, result: Result, org_type: str, lang: str) -> None:
    least = minimum()
    if least is None:
        return
    with st.container(key="benchmark_panel"):
        # Drawn first: a change made here is in the figures read below.
        header = st.empty()
        drawn = choice(least, lang)
        found = figures(bank)
        if found is None and not drawn:
            return
        header.subheader(t("bench.header", lang), anchor=False)
        if found is None:
            return
        mine = for_type(found, org_type)
        type_name = bank.org_type_name(org_type, lang)
        if not mine:
            st.caption(t("bench.none", lang, type=type_name, min=least))
            return
        count = max(f.organizations for f in mine.values())
        st.caption(tn("bench.caption", count, lang, type=type_name))
        scores = {d: r.score for d, r in result.dimensions.items()}
        scores[OVERALL] = result.overall_score
        rows = []
        for dim in [*bank.dimensions, OVERALL]:
            figure = mine.get(dim)
            if figure is None:
                continue
            where = position(figure, scores.get(dim))
            own = scores.get(dim)
            rows.append(
                {
                    t("bench.col.dimension", lang): dimension_name(bank, dim, lang),
                    t("bench.col.you", lang): DASH if own is None else f"{own:.0f}",
                    t("bench.col.q1", lang): cell(figure.q1),
                    t("bench.col.median", lang): cell(figure.median),
                    t("bench.col.q3", lang): cell(figure.q3),
                    t("bench.col.where", lang): t(f"bench.pos.{where}", lang) if where else DASH,
                }
            )
        st.table(pd.DataFrame(rows).set_index(t("bench.col.dimension", lang)))
