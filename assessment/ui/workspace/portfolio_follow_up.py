"""Portfolio, what to follow up: the clients due for a re-assessment (with each client's cadence, editable),
the answers whose evidence expired, and where each client stands among peers of its type — with the
consultant's opt-in to the peer benchmark. It draws what assessment.engine.follow_up computed."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from assessment.bank import Bank
from assessment.engine.benchmark import OVERALL, Figure
from assessment.engine.evidence import DEFAULT_CADENCE
from assessment.engine.follow_up import due, expired_of, peer_positions
from assessment.engine.portfolio import Entry
from assessment.i18n import t, tn
from assessment.outputs.benchmark_csv import dimension_name
from assessment.outputs.labels import evidence_line
from assessment.storage import StorageUnavailable
from assessment.storage.benchmark import REASSESS_MAX
from assessment.storage.workspace import Workspace
from assessment.ui import state
from assessment.ui.components import DASH
from assessment.ui.pages import results_benchmark
from assessment.ui.workspace import data

OPT_IN_KEY = "ws_bench_opt_in"


def show(b: Bank, ws: Workspace, entries: list[Entry], lang: str) -> None:
    try:
        _due(ws, entries, lang)
        _expired(b, entries, lang)
        _peers(b, ws, entries, lang)
    except StorageUnavailable:
        st.error(t("ws.db_down", lang))


def _due(ws: Workspace, entries: list[Entry], lang: str) -> None:
    st.subheader(t("ws.due.header", lang), anchor=False)
    found = ws.cadences()
    names = {cid: name for cid, name, _ in found}
    cadences = {cid: months for cid, _, months in found}
    rows = due(entries, cadences, datetime.now(UTC).date())
    if rows:
        st.dataframe(
            pd.DataFrame(
                {
                    t("ws.col.client", lang): [r.client for r in rows],
                    t("ws.due.col.last", lang): [r.last.isoformat() for r in rows],
                    t("ws.due.col.due", lang): [r.due_on.isoformat() for r in rows],
                    t("ws.due.col.every", lang): [r.months for r in rows],
                }
            ),
            hide_index=True,
            key="ws_due_table",
        )
    else:
        st.caption(t("ws.due.none", lang))
    if not names:
        return
    with st.form("ws_cadence", border=False):
        left, mid, right = st.columns([2, 1, 1], vertical_alignment="bottom")
        chosen = left.selectbox(
            t("ws.due.client", lang),
            list(names),
            format_func=names.__getitem__,
            key="ws_due_client",
        )
        months = mid.number_input(
            t("ws.due.months", lang),
            min_value=1,
            max_value=REASSESS_MAX,
            value=DEFAULT_CADENCE,
            step=1,
            key="ws_due_months",
        )
        saved = right.form_submit_button(t("ws.due.save", lang))
    if saved and chosen is not None:
        ws.set_reassess_months(int(chosen), int(months))
        st.success(tn("ws.due.saved", int(months), lang, client=state.md(names[chosen])))


def _expired(b: Bank, entries: list[Entry], lang: str) -> None:
    flagged = expired_of(entries)
    if not flagged:
        return
    st.subheader(t("evidence.header", lang), anchor=False)
    st.dataframe(
        pd.DataFrame(
            {
                t("ws.col.client", lang): [data.entry_label(e, lang) for e, _ in flagged],
                t("ws.evidence.col", lang): [
                    "; ".join(evidence_line(b, q, f, lang) for q, f in flags.items()) for _, flags in flagged
                ],
            }
        ),
        hide_index=True,
        key="ws_expired_table",
    )


def _on_opt_in(ws: Workspace) -> None:
    ws.set_benchmark_opt_in(bool(st.session_state.get(OPT_IN_KEY)))


def _peers(b: Bank, ws: Workspace, entries: list[Entry], lang: str) -> None:
    st.subheader(t("ws.bench.header", lang), anchor=False)
    least = results_benchmark.minimum()
    st.toggle(
        t("ws.bench.opt_in", lang),
        value=ws.benchmark_opt_in(),
        key=OPT_IN_KEY,
        on_change=_on_opt_in,
        args=(ws,),
    )
    if least is None:
        return
    st.caption(t("ws.bench.opt_in_help", lang, min=least))
    found = results_benchmark.figures(b)
    if found is None:
        return
    placed = peer_positions(entries, found, b.dimensions)
    if not placed:
        types = sorted({e.org_type for e in entries})
        for org_type in types:
            st.caption(t("bench.none", lang, type=b.org_type_name(org_type, lang), min=least))
        return
    _figures_table(b, found, {e.org_type for e, _ in placed}, lang)
    st.caption(t("ws.bench.where", lang))
    dims = [*b.dimensions, OVERALL]
    table = {t("ws.col.client", lang): [data.entry_label(e, lang) for e, _ in placed]}
    for d in dims:
        table[dimension_name(b, d, lang)] = [
            t(f"bench.pos.{where[d]}", lang) if where[d] else DASH for _, where in placed
        ]
    st.dataframe(pd.DataFrame(table), hide_index=True, key="ws_peer_table")


def _figures_table(b: Bank, found: list[Figure], types: set[str], lang: str) -> None:
    """The distribution itself, for the types of the clients placed: quartiles only, never one client."""
    shown = [f for f in found if f.org_type in types]
    st.dataframe(
        pd.DataFrame(
            {
                t("start.type", lang): [b.org_type_name(f.org_type, lang) for f in shown],
                t("bench.col.dimension", lang): [dimension_name(b, f.dimension, lang) for f in shown],
                t("ws.bench.col.organizations", lang): [f.organizations for f in shown],
                t("bench.col.q1", lang): [results_benchmark.cell(f.q1) for f in shown],
                t("bench.col.median", lang): [results_benchmark.cell(f.median) for f in shown],
                t("bench.col.q3", lang): [results_benchmark.cell(f.q3) for f in shown],
            }
        ),
        hide_index=True,
        key="ws_bench_figures",
    )
