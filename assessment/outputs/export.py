"""CSV files people download and open in Excel or LibreOffice.

UTF-8 with a byte-order mark (so Excel reads accents right), RFC 4180 quoting, one header row, stable column
names; text cells that a spreadsheet would run as a formula are escaped with a leading quote (OWASP's
CSV-injection guidance); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assessment.bank import Bank
from assessment.engine.projection import Projection, project
from assessment.engine.recommend import Plan
from assessment.engine.scoring import AnswerValue, Result, answer_rank
from assessment.i18n import t
from assessment.records import PlanStatus, ids_with_status

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None


def escape_cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def writer(buffer: io.StringIO) -> Any:
    """The one way Foco writes CSV. The record ends in CRLF (RFC 4180), and that terminator is what makes the
    writer quote a cell holding CR or LF: QUOTE_MINIMAL quotes only the delimiter, the quote and the
    characters of the line terminator."""
    return csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    writer_ = writer(buffer)
    writer_.writerow(columns)
    writer_.writerows([escape_cell(v) for v in row] for row in rows)
    return BOM + buffer.getvalue()


@dataclass(frozen=True)
class Scored:
    organization: str
    unit: str
    result: Result
    plan: Plan
    organization_type: str | None = None
    # What the team says about the plan (recommendation id -> owner, due date, status, note) and the
    # target level per dimension (None: one above today's). Every file made from this entry uses them.
    statuses: Mapping[str, PlanStatus] = field(default_factory=dict)
    targets: Mapping[str, int | None] | None = None


def projection_of(bank: Bank, entry: Scored) -> Projection:
    """The entry's projection: its targets, its done items applied first, its dropped ones left out."""
    return project(
        bank,
        entry.result,
        entry.plan,
        entry.targets,
        done=ids_with_status(entry.statuses, "done"),
        dropped=ids_with_status(entry.statuses, "dropped"),
    )


def score_columns(bank: Bank) -> list[str]:
    cols = [
        "organization",
        "unit",
        "organization_type",
        "overall_score",
        "overall_level",
        "overall_level_name",
        "provisional",
    ]
    for d in bank.dimensions:
        cols += [
            f"{d}_score",
            f"{d}_level",
            f"{d}_level_name",
            f"{d}_answered",
            f"{d}_unknown",
            f"{d}_provisional",
        ]
    return [*cols, "bank_version"]


def flag(value: bool) -> str:
    """The `provisional` cells: `true` / `false` (DESIGN.md), whatever the language."""
    return "true" if value else "false"


def score_rows(bank: Bank, entries: Iterable[Scored], lang: str) -> Iterable[list[Cell]]:
    # A dimension's level name is its own summary ("A few precautions…"), not the overall narrative name.
    dims = list(bank.dimensions.values())
    for e in entries:
        r = e.result
        name = bank.level(r.overall_level).name(lang) if r.overall_level else None
        row: list[Cell] = [
            e.organization,
            e.unit,
            e.organization_type,
            r.overall_score,
            r.overall_level,
            name,
            flag(r.provisional),
        ]
        for dim in dims:
            dr = r.dimensions[dim.id]
            level_name = dim.level(dr.level).summary(lang) if dr.level else None
            row += [
                dr.score,
                dr.level,
                level_name,
                round(dr.answered_share, 3),
                len(dr.unknowns),
                flag(dr.provisional),
            ]
        row.append(r.bank_version)
        yield row


RECOMMENDATION_COLUMNS = [
    "organization",
    "unit",
    "rank",
    "recommendation_id",
    "dimension",
    "title",
    "action",
    "why",
    "principles",
    "effort",
    "impact",
    "phase",
    "quick_win",
    "depends_on",
    "priority",
    # Appended after the documented columns: what the team says about each item (empty on keep rows).
    "owner",
    "due_date",
    "status",
]


def _bank_cells(bank: Bank, lang: str) -> dict[str, list[Cell]]:
    # The bank's texts are the same for every organization: escape them once per language.
    def build() -> dict[str, list[Cell]]:
        cells: dict[str, list[Cell]] = {}
        for rec in bank.recommendations.values():
            raw: list[Cell] = [rec.id, rec.dimension, rec.title(lang), rec.action(lang), rec.why(lang)]
            cells[rec.id] = [escape_cell(v) for v in [*raw, " ".join(rec.principles), rec.effort, rec.impact]]
        for dim in bank.dimensions.values():
            raw = [f"keep_{dim.id}", dim.id, dim.name(lang), dim.keep_doing(lang), dim.description(lang)]
            cells[f"keep_{dim.id}"] = [escape_cell(v) for v in [*raw, " ".join(dim.principles), "", ""]]
        return cells

    result: dict[str, list[Cell]] = bank.memo(("csv-cells", lang), build)
    return result


def scores_csv(bank: Bank, entries: Sequence[Scored], lang: str) -> str:
    return to_csv(score_columns(bank), score_rows(bank, entries, lang))


def _line(cells: Sequence[Cell]) -> str:
    # One record without its terminator. Written with the CRLF terminator and cut after: with an empty
    # terminator the writer left a cell holding only a line break unquoted (issue 11).
    buffer = io.StringIO()
    writer(buffer).writerow(cells)
    return buffer.getvalue()[:-2]


def recommendations_csv(bank: Bank, entries: Sequence[Scored], lang: str) -> str:
    return "".join([BOM, _line(RECOMMENDATION_COLUMNS), "\r\n", *recommendation_chunks(bank, entries, lang)])


def recommendation_chunks(bank: Bank, entries: Iterable[Scored], lang: str) -> Iterator[str]:
    """The rows of recommendations.csv below its header, one organization's at a time."""
    # Most of this file is the bank's own text, the same for every organization. Each recommendation's
    # cells are rendered to CSV once per language and joined per row: the same bytes csv.writer would
    # write, without quoting a few hundred megabytes of identical text again for 10,000 organizations.
    fragments: dict[str, str] = bank.memo(
        ("csv-fragments", lang), lambda: {k: _line(v) for k, v in _bank_cells(bank, lang).items()}
    )
    yes, no = escape_cell(True), escape_cell(False)
    tails: dict[tuple[str, bool, tuple[str, ...], str], str] = {}  # few distinct ends of a row recur
    unset = _status_cells(PlanStatus())
    for e in entries:
        who = _line([escape_cell(e.organization), escape_cell(e.unit)])
        rows = []
        for item in e.plan.items:
            key = (item.phase, item.quick_win, tuple(item.waits_for), repr(item.priority))
            tail = tails.get(key)
            if tail is None:
                tail = tails[key] = _line(
                    [item.phase, yes if item.quick_win else no, escape_cell(" ".join(key[2])), item.priority]
                )
            given = e.statuses.get(item.id)
            status = unset if given is None else _status_cells(given)
            rows.append(f"{who},{item.rank},{fragments[item.id]},{tail},{status}\r\n")
        start = len(e.plan.items)
        for offset, dim_id in enumerate(e.plan.keep_doing, start=1):
            rows.append(f"{who},{start + offset},{fragments[f'keep_{dim_id}']},keep,{no},,,,,\r\n")
        yield "".join(rows)


def _status_cells(value: PlanStatus) -> str:
    """owner, due_date (ISO 8601), status: one item's cells, joined."""
    due = value.due.isoformat() if value.due is not None else None
    return _line([escape_cell(value.owner), escape_cell(due), value.status])


@dataclass(frozen=True)
class AnswerNote:
    note: str | None
    evidence: str | None
    answered_at: str | None  # ISO 8601, UTC
    evidence_date: str | None = None  # YYYY-MM-DD: the date of the evidence (the last drill…)


ANSWER_COLUMNS = [
    "question_id",
    "dimension",
    "question",
    "answer",
    "answer_text",
    "next_step",
    "note",
    "evidence",
    "answered_at",
    # Appended for evidence that expires (engine.evidence): `answer` is the step counted, as in the scores
    # and the plan; `answer_given` the step chosen when an expired date capped it.
    "evidence_date",
    "evidence_expired",
    "answer_given",
]


def answers_csv(
    bank: Bank,
    answers: dict[str, AnswerValue],
    notes: dict[str, AnswerNote],
    lang: str,
    expired: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """Every question with the answer given, its note and its evidence: what the plan rests on."""
    stale = expired or {}
    labels = {"dk": t("survey.dk", lang), "na": t("survey.na", lang)}
    rows: list[list[Cell]] = []
    for q in bank.questions.values():
        value = answers.get(q.id)
        meta = notes.get(q.id, AnswerNote(None, None, None))
        if value is None and meta.note is None and meta.evidence is None:
            text = None
        elif isinstance(value, int):
            text = q.options[value].text(lang)
        else:
            text = labels.get(str(value))
        shown: Cell = value if isinstance(value, int) else (value or None)
        # The option above the one chosen ("don't know" counts as step 0): what doing better looks like.
        step = answer_rank(value)
        upper = q.options[step + 1].text(lang) if step is not None and step < 4 else None
        flag_ = stale.get(q.id)
        given = flag_["given"] if flag_ is not None and flag_["given"] != flag_["counted"] else None
        rows.append(
            [
                q.id,
                q.dimension,
                q.text(lang),
                shown,
                text,
                upper,
                meta.note,
                meta.evidence,
                meta.answered_at,
                meta.evidence_date,
                flag(flag_ is not None) if meta.evidence_date or flag_ is not None else None,
                given,
            ]
        )
    return to_csv(ANSWER_COLUMNS, rows)
