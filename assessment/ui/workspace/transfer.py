"""Import and export: a wide responses CSV creates or updates many assessments at once (every problem listed
first, then all rows written in one transaction, or none); downloads of the whole portfolio and one plan."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from assessment.bank import Bank
from assessment.engine.portfolio import Entry
from assessment.i18n import t, tn
from assessment.io.encoding import encoding_of
from assessment.io.importing import plan_import
from assessment.outputs.export import AnswerNote, Scored, recommendations_csv, scores_csv
from assessment.records import printable
from assessment.storage import StorageError, StorageUnavailable
from assessment.storage.workspace import Workspace
from assessment.ui import state
from assessment.ui.pages import results_plan
from assessment.ui.pages.results import file_stem
from assessment.ui.workspace import data

MAX_UPLOAD_MB = 20


def scored(entries: list[Entry]) -> list[Scored]:
    return [s for _, s in scored_with_ids(entries)]


def scored_with_ids(entries: list[Entry]) -> list[tuple[int, Scored]]:
    out = []
    for e in entries:
        if e.result is None or e.plan is None:
            continue
        unit = e.unit + (f" ({e.respondent})" if e.respondent else "")
        out.append((e.assessment_id, Scored(e.client, unit, e.result, e.plan, e.org_type)))
    return out


def _one_plan(ws: Workspace, b: Bank, assessment_id: int, entry: Scored, label: str, lang: str) -> None:
    """One client's or unit's plan with the owners, dates, statuses and targets saved on its Results: the
    CSV, the workbook and the calendar."""
    saved = ws.plan_of(assessment_id)
    full = replace(entry, statuses=saved.plain_statuses(), targets=saved.plain_targets())
    notes = {
        qid: AnswerNote(a.note, a.evidence, a.answered_at.isoformat(timespec="seconds"))
        for qid, a in ws.answer_details_of([assessment_id]).get(assessment_id, {}).items()
    }
    st.download_button(
        t("ws.export.plan", lang),
        recommendations_csv(b, [full], lang).encode("utf-8"),
        file_name=f"{file_stem(label)}-plan.csv",
        mime="text/csv",
        key="ws_dl_plan",
        on_click="ignore",
    )
    results_plan.downloads(
        b, lambda: full, notes, lang, file_stem(label), prefix="ws_dl", with_csv=False, deferred=False
    )


def _import(ws: Workspace, b: Bank, lang: str) -> None:
    st.subheader(t("ws.import.title", lang), anchor=False)
    st.caption(t("ws.import.help", lang))
    types = [ot.id for ot in b.info.organization_types]
    default_type = st.selectbox(
        t("ws.import.default_type", lang),
        types,
        format_func=lambda x: b.org_type_name(x, lang),
        key="ws_imp_type",
    )
    # .txt: what Excel names its "Unicode text" (UTF-16, tab-separated), which the reader takes too.
    upload = st.file_uploader(t("ws.import.file", lang), type=["csv", "txt", "tsv"], key="ws_imp_file")
    if upload is None:
        return
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        st.error(t("ws.import.too_big", lang, mb=MAX_UPLOAD_MB))
        return
    existing = {c.name.casefold(): c.org_type for c in ws.clients(include_archived=True)}
    data = upload.getvalue()
    items, problems = plan_import(b, data, existing, default_type)
    if problems:
        st.error(tn("ws.import.problems", len(problems), lang))
        st.dataframe(
            pd.DataFrame(
                {
                    # Row 0: the whole file (its size, its encoding).
                    t("ws.col.row", lang): [p.row or None for p in problems],
                    t("ws.col.column", lang): [printable(p.column) for p in problems],
                    t("ws.col.value", lang): [printable(p.value) for p in problems],
                    t("ws.col.why", lang): [printable(p.why) for p in problems],
                }
            ),
            hide_index=True,
            key="ws_imp_problems",
        )
        return
    st.info(tn("ws.import.ready", len(items), lang))
    encoding = encoding_of(data)
    if encoding != "UTF-8":
        st.caption(t("ws.import.encoding", lang, encoding=encoding))
    if st.button(t("ws.import.button", lang), type="primary", key="ws_imp_go"):
        try:
            counts = ws.apply_import(items, lang, b.version)
        except StorageUnavailable:
            st.error(t("ws.db_down", lang))
            return
        except (StorageError, ValueError):
            st.error(t("ws.import.failed", lang))
            return
        done = t(
            "ws.import.done",
            lang,
            created=tn("ws.import.created", counts["created"], lang),
            updated=tn("ws.import.updated", counts["updated"], lang),
            clients=tn("ws.import.clients", counts["clients"], lang),
            units=tn("ws.import.units", counts["units"], lang),
        )
        st.success(done)


def _exports(ws: Workspace, b: Bank, loaded: data.Loaded, lang: str) -> None:
    st.subheader(t("ws.export.title", lang), anchor=False)
    with_ids = scored_with_ids(loaded.official)
    entries = [s for _, s in with_ids]
    if not entries:
        st.info(t("ws.portfolio.nothing", lang))
        return
    left, right = st.columns(2)
    left.download_button(
        t("ws.export.scores", lang),
        scores_csv(b, entries, lang).encode("utf-8"),
        file_name="foco-portfolio-scores.csv",
        mime="text/csv",
        key="ws_dl_scores",
        on_click="ignore",
        width="stretch",
    )
    right.download_button(
        t("ws.export.recs", lang),
        recommendations_csv(b, entries, lang).encode("utf-8"),
        file_name="foco-portfolio-plans.csv",
        mime="text/csv",
        key="ws_dl_recs",
        on_click="ignore",
        width="stretch",
    )
    labels = [" · ".join(p for p in (s.organization, s.unit) if p) for s in entries]
    index = data.pick(t("ws.export.one", lang), list(range(len(entries))), "ws_dl_pick", lambda i: labels[i])
    if index is None:
        return
    assessment_id, one = with_ids[index]
    _one_plan(ws, b, assessment_id, one, labels[index], lang)


def show() -> None:
    ws = data.signed_workspace()
    lang = state.lang()
    b = data.bank()
    st.header(t("ws.transfer.title", lang), anchor=False)
    try:
        _import(ws, b, lang)
        _exports(ws, b, data.load(ws, b), lang)
    except StorageUnavailable:
        st.error(t("ws.db_down", lang))
