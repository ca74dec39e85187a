"""What the consensus page shows beside its forms, read-only: how an answer reads, the official result with
its downloads, every answer side by side, and the change log."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from assessment.bank import Bank
from assessment.bank.model import Question
from assessment.engine.portfolio import Entry, parsed_answers
from assessment.engine.scoring import DK, NA, AnswerValue
from assessment.i18n import t
from assessment.outputs import report
from assessment.outputs.export import AnswerNote, Scored, answers_csv, recommendations_csv, scores_csv
from assessment.records import AgreedChange, StoredAnswer
from assessment.ui.pages.results import file_stem
from assessment.ui.workspace import consensus_actions as act
from assessment.ui.workspace import data


def answer_text(q: Question, value: AnswerValue | None, lang: str) -> str:
    if value is None:
        return "—"
    if value == DK:
        return t("survey.dk", lang)
    if value == NA:
        return t("survey.na", lang)
    return f"{value} · {q.options[int(value)].text(lang)}"


def short(value: AnswerValue | None, lang: str) -> str:
    """An answer in a narrow column: the step's number, or don't know / not applicable."""
    if value is None:
        return "—"
    if value == DK:
        return t("survey.dk", lang)
    if value == NA:
        return t("survey.na", lang)
    return str(value)


def official_result(b: Bank, entry: Entry, agreed: Mapping[str, StoredAnswer], label: str, lang: str) -> None:
    if entry.result is None or entry.plan is None:
        return
    st.subheader(t("ws.consensus.result", lang), anchor=False)
    r = entry.result
    overall = "—" if r.overall_level is None else data.level_text(b, r.overall_level, lang)
    left, right = st.columns(2)
    left.metric(t("results.overall", lang), overall)
    right.metric(
        t("results.overall_score", lang), "—" if r.overall_score is None else f"{r.overall_score:.1f} / 100"
    )
    st.dataframe(
        pd.DataFrame(
            {
                t("col.dimension", lang): [d.name(lang) for d in b.dimensions.values()],
                t("results.score", lang): [r.dimensions[d].score for d in b.dimensions],
                t("ws.consensus.col.level", lang): [
                    data.level_text(b, r.dimensions[d].level, lang) for d in b.dimensions
                ],
            }
        ),
        hide_index=True,
        key="ws_cons_result",
    )
    scored = [Scored(entry.client, entry.unit, r, entry.plan, entry.org_type)]
    notes = {
        q: AnswerNote(a.note, None, a.answered_at.isoformat(timespec="seconds")) for q, a in agreed.items()
    }
    stem = file_stem(label)
    agreed_csv = answers_csv(b, r.answers, notes, lang)
    files = [
        ("ws_cons_dl_plan", t("results.download_recs", lang), recommendations_csv(b, scored, lang), "plan"),
        ("ws_cons_dl_scores", t("results.download_scores", lang), scores_csv(b, scored, lang), "scores"),
        ("ws_cons_dl_answers", t("ws.consensus.download_answers", lang), agreed_csv, "agreed-answers"),
    ]
    for column, (key, text, body, suffix) in zip(st.columns(len(files)), files, strict=True):
        column.download_button(
            text,
            body.encode("utf-8"),
            file_name=f"{stem}-{suffix}.csv",
            mime="text/csv",
            key=key,
            on_click="ignore",
            width="stretch",
        )
    if report.available():
        # Deferred: Chromium prints the PDF only when the button is clicked, never on a rerun.
        st.download_button(
            t("report.download", lang),
            lambda: report.render_pdf(b, scored[0], lang, entry.date),
            file_name=f"{stem}-report.pdf",
            mime="application/pdf",
            key="ws_cons_dl_report",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
        )
    else:
        st.caption(t("report.unavailable", lang))


def side_by_side(ctx: act.Context, names: list[str], lang: str) -> None:
    with st.expander(t("ws.consensus.every_answer", lang)):
        order = list(ctx.spreads.values())
        table: dict[str, list[object]] = {
            t("col.question", lang): [ctx.bank.questions[s.question_id].text(lang) for s in order]
        }
        for i, name in enumerate(names):
            table[name] = [short(s.values[i], lang) for s in order]
        table[t("ws.consensus.agreed", lang)] = [short(ctx.agreed.get(s.question_id), lang) for s in order]
        table[t("ws.col.range", lang)] = [s.range for s in order]
        st.dataframe(pd.DataFrame(table), hide_index=True, key="ws_cons_all")


def change_log(b: Bank, log: list[AgreedChange], lang: str) -> None:
    st.subheader(t("ws.consensus.log", lang), anchor=False)
    if not log:
        st.caption(t("ws.consensus.log_empty", lang))
        return
    newest = list(reversed(log))

    def shown(c: AgreedChange, value: str | None) -> str:
        q = b.questions.get(c.question_id)
        parsed = parsed_answers({c.question_id: value or ""}).get(c.question_id)
        return answer_text(q, parsed, lang) if q is not None else str(value or "—")

    st.dataframe(
        pd.DataFrame(
            {
                t("ws.consensus.col.when", lang): [
                    c.changed_at.strftime("%Y-%m-%d %H:%M UTC") for c in newest
                ],
                t("ws.consensus.col.who", lang): [c.consultant for c in newest],
                t("col.question", lang): [
                    b.questions[c.question_id].text(lang) if c.question_id in b.questions else c.question_id
                    for c in newest
                ],
                t("ws.consensus.col.from", lang): [shown(c, c.old_value) for c in newest],
                t("ws.consensus.col.to", lang): [shown(c, c.new_value) for c in newest],
                t("ws.consensus.col.why", lang): [
                    c.reason or t("ws.consensus.unanimous_reason", lang) for c in newest
                ],
            }
        ),
        hide_index=True,
        key="ws_cons_log",
    )
