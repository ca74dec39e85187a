"""The plan as an Excel workbook (.xlsx, written by XlsxWriter): a sheet for the plan, one for the scores and
one for the answers, with sheet names and headers in the assessment's language.

Every sheet has its header row frozen and filters on, column widths that fit their content, long texts
wrapped, numbers and dates typed as such. Every text goes in with `write_string`, so a cell that starts with
`=` (an organization called `=HYPERLINK(...)`, say) is stored as text and never runs as a formula; the
workbook is also opened with XlsxWriter's own string-to-formula/number/URL conversions off.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from assessment.bank import Bank
from assessment.engine.explain import dimension_text, explain, overall_text
from assessment.engine.projection import STAGES, Projection
from assessment.engine.scoring import answer_rank
from assessment.i18n import t
from assessment.outputs.export import AnswerNote, Scored, projection_of
from assessment.outputs.projection_chart import stage_labels
from assessment.records import PLAN_STATUSES, PlanStatus

Value = str | int | float | date | datetime | None
WRAP_WIDTH = 60  # characters: a long text column is this wide and wraps
MIN_WIDTH = 6
HEADER_WIDTH = 18  # a longer header wraps onto two lines rather than widen a column of numbers
LINE_HEIGHT = 15.0  # points: one line of 11-point Calibri, Excel's default row height
SHEET_NAME_MAX = 31  # Excel's limit
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


@dataclass(frozen=True)
class Column:
    header: str
    wrap: bool = False  # a long text: at most WRAP_WIDTH wide, wrapped
    kind: str = "text"  # text, int, float, percent, date, datetime


def sheet_name(text: str) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\, not blank."""
    cleaned = text.translate(_SHEET_FORBIDDEN).strip().strip("'")
    return cleaned[:SHEET_NAME_MAX] or "Sheet"


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"valign": "top", "font_name": "Calibri", "font_size": 11}
        self.header = book.add_format(
            {**base, "bold": True, "bg_color": "#E7EBEF", "bottom": 1, "text_wrap": True}
        )
        self.text = book.add_format(base)
        self.wrap = book.add_format({**base, "text_wrap": True})
        self.int = book.add_format({**base, "num_format": "0"})
        self.float = book.add_format({**base, "num_format": "0.0"})
        self.percent = book.add_format({**base, "num_format": "0%"})
        self.date = book.add_format({**base, "num_format": "yyyy-mm-dd"})
        self.datetime = book.add_format({**base, "num_format": "yyyy-mm-dd hh:mm"})

    def of(self, column: Column) -> Any:
        if column.kind == "text":
            return self.wrap if column.wrap else self.text
        return getattr(self, column.kind)


def _shown_length(value: Value, kind: str) -> int:
    if value is None:
        return 0
    if kind == "date":
        return 10
    if kind == "datetime":
        return 16
    if kind == "percent":
        return 5
    if isinstance(value, float):
        return len(f"{value:.1f}")
    # The longest line of a text decides its width.
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write(sheet: Worksheet, row: int, col: int, value: Value, column: Column, fmt: _Formats) -> None:
    cell = fmt.of(column)
    if value is None or value == "":
        sheet.write_blank(row, col, None, cell)
    elif column.kind in ("date", "datetime") and isinstance(value, date | datetime):
        # XlsxWriter reads a date as midnight of that day (the same serial number); its signature asks for
        # a datetime.
        when = value if isinstance(value, datetime) else datetime.combine(value, time())
        sheet.write_datetime(row, col, when, cell)
    elif isinstance(value, bool):
        sheet.write_string(row, col, str(value), cell)
    elif isinstance(value, int | float) and column.kind != "text":
        sheet.write_number(row, col, value, cell)
    else:
        # Text stays text, whatever it starts with: never write(), which would turn '=…' into a formula.
        sheet.write_string(row, col, str(value), cell)


def _lines(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a column `width` characters wide. The width counts digits,
    which are wider than most letters: a line holds about 1.2 times as many characters of prose."""
    per_line = max(int(width * 1.2) - 2, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def write_table(
    sheet: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[Value]], fmt: _Formats
) -> None:
    """Header, rows, widths that fit, header row frozen, filters over the whole table."""
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.header, fmt.header)
    for r, values in enumerate(rows, start=1):
        for col, (value, column) in enumerate(zip(values, columns, strict=True)):
            _write(sheet, r, col, value, column, fmt)
    widths: list[float] = []
    for col, column in enumerate(columns):
        # Room for the header's filter button (3 characters); a long header wraps instead.
        header = min(max(len(word) for word in column.header.split()) + 3, HEADER_WIDTH)
        header = max(header, min(len(column.header) + 3, HEADER_WIDTH))
        longest = max([header, *(_shown_length(row[col], column.kind) + 2 for row in rows)])
        width = min(longest, WRAP_WIDTH) if column.wrap else max(longest, MIN_WIDTH)
        sheet.set_column(col, col, width)
        widths.append(width)
    # Neither Excel nor LibreOffice grows a row for wrapped text on opening a file: give each row the
    # height of its longest wrapped cell (the header's filter buttons take 3 characters of its width).
    header_lines = max(_lines(c.header, w - 3) for c, w in zip(columns, widths, strict=True))
    sheet.set_row(0, LINE_HEIGHT * header_lines)
    for r, values in enumerate(rows, start=1):
        wrapped = [
            _lines(str(v), w)
            for v, c, w in zip(values, columns, widths, strict=True)
            if c.wrap and isinstance(v, str) and v
        ]
        if wrapped and max(wrapped) > 1:
            sheet.set_row(r, LINE_HEIGHT * max(wrapped))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    # Printed (or converted to PDF): A4 landscape, one page wide, the header on every page.
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def _status_label(status: str, lang: str) -> str:
    return t(f"xlsx.status_{status}", lang)


def _plan_sheet(
    bank: Bank, entry: Scored, projection: Projection, lang: str
) -> tuple[list[Column], list[list[Value]]]:
    columns = [
        Column(t("xlsx.organization", lang)),
        Column(t("xlsx.unit", lang)),
        Column(t("col.rank", lang), kind="int"),
        Column(t("col.phase", lang)),
        Column(t("xlsx.title", lang), wrap=True),
        Column(t("col.action", lang), wrap=True),
        Column(t("xlsx.owner", lang)),
        Column(t("xlsx.due", lang), kind="date"),
        Column(t("xlsx.status", lang)),
        Column(t("xlsx.note", lang), wrap=True),
        Column(t("xlsx.level_after", lang), kind="int"),
        Column(t("xlsx.dimension_level_after", lang), kind="int"),
        Column(t("col.dimension", lang)),
        Column(t("col.effort", lang)),
        Column(t("col.impact", lang), kind="int"),
        Column(t("col.quick_win", lang)),
        Column(t("xlsx.recommendation_id", lang)),
    ]
    rows: list[list[Value]] = []
    yes, no = t("yes", lang), t("no", lang)
    for item in entry.plan.items:
        rec = item.recommendation
        status = entry.statuses.get(item.id, PlanStatus())
        after = projection.after(item.phase).result
        rows.append(
            [
                entry.organization,
                entry.unit,
                item.rank,
                t(f"phase.{item.phase}", lang),
                rec.title(lang),
                rec.action(lang),
                status.owner,
                status.due,
                _status_label(status.status, lang),
                status.note,
                after.overall_level,
                after.dimensions[rec.dimension].level,
                bank.dimensions[rec.dimension].name(lang),
                t(f"effort.{rec.effort}", lang),
                rec.impact,
                yes if item.quick_win else no,
                rec.id,
            ]
        )
    start = len(entry.plan.items)
    for offset, dim_id in enumerate(entry.plan.keep_doing, start=1):
        dim = bank.dimensions[dim_id]
        level = projection.today.level(dim_id)
        today = projection.today.result.overall_level
        keep_row: list[Value] = [entry.organization, entry.unit, start + offset, t("xlsx.keep", lang)]
        keep_row += [dim.name(lang), dim.keep_doing(lang)]
        keep_row += [None, None, None, None, today, level, dim.name(lang), None, None, None, f"keep_{dim_id}"]
        rows.append(keep_row)
    return columns, rows


def _scores_sheet(
    bank: Bank, entry: Scored, projection: Projection, lang: str
) -> tuple[list[Column], list[list[Value]]]:
    labels = stage_labels(lang)
    columns = [
        Column(t("xlsx.organization", lang)),
        Column(t("xlsx.unit", lang)),
        Column(t("col.dimension", lang)),
        Column(t("results.score", lang), kind="float"),
        Column(t("results.level", lang), kind="int"),
        Column(t("xlsx.level_name", lang)),
        Column(t("xlsx.answered", lang), kind="percent"),
        Column(t("survey.dk", lang), kind="int"),
        Column(t("report.target", lang), kind="int"),
        *(Column(t("xlsx.score_at", lang, stage=label), kind="float") for label in labels[1:]),
        *(Column(t("xlsx.level_at", lang, stage=label), kind="int") for label in labels[1:]),
        Column(t("xlsx.target_reached", lang)),
        Column(t("report.why_level", lang), wrap=True),
    ]
    why = explain(bank, entry.result)
    later = [projection.stage(s) for s in STAGES[1:]]
    rows: list[list[Value]] = []
    for d, dim in bank.dimensions.items():
        r = entry.result.dimensions[d]
        reach = projection.reach[d]
        reached = labels[STAGES.index(reach.reached_at)] if reach.reached_at else None
        if reach.target is not None and reached is None:
            reached = t("report.not_reached", lang)
        rows.append(
            [
                entry.organization,
                entry.unit,
                dim.name(lang),
                r.score,
                r.level,
                bank.level(r.level).name(lang) if r.level else t("results.not_assessed", lang),
                round(r.answered_share, 3),
                len(r.unknowns),
                reach.target,
                *(s.score(d) for s in later),
                *(s.level(d) for s in later),
                reached,
                dimension_text(bank, why.dimensions[d], lang),
            ]
        )
    result = entry.result
    rows.append(
        [
            entry.organization,
            entry.unit,
            t("results.overall", lang),
            result.overall_score,
            result.overall_level,
            bank.level(result.overall_level).name(lang) if result.overall_level else None,
            None,
            None,
            None,
            *(s.result.overall_score for s in later),
            *(s.result.overall_level for s in later),
            None,
            overall_text(bank, why.overall, lang),
        ]
    )
    return columns, rows


def _answered_at(raw: str | None) -> datetime | None:
    # Stored as ISO 8601 in UTC; a spreadsheet has no time zones, so the column header says UTC.
    if not raw:
        return None
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when


def _answers_sheet(
    bank: Bank, entry: Scored, notes: Mapping[str, AnswerNote], lang: str
) -> tuple[list[Column], list[list[Value]]]:
    columns = [
        Column(t("xlsx.question_id", lang)),
        Column(t("col.dimension", lang)),
        Column(t("col.question", lang), wrap=True),
        Column(t("xlsx.answer", lang), kind="int"),
        Column(t("xlsx.answer_text", lang), wrap=True),
        Column(t("xlsx.next_step", lang), wrap=True),
        Column(t("xlsx.note", lang), wrap=True),
        Column(t("xlsx.evidence", lang), wrap=True),
        Column(t("xlsx.answered_at", lang), kind="datetime"),
    ]
    labels = {"dk": t("survey.dk", lang), "na": t("survey.na", lang)}
    rows: list[list[Value]] = []
    for q in bank.questions.values():
        value = entry.result.answers.get(q.id)
        meta = notes.get(q.id, AnswerNote(None, None, None))
        step = answer_rank(value)
        if isinstance(value, int):
            shown: Value = value
            text: str | None = q.options[value].text(lang)
        else:
            # "Don't know" and N/A are words, not numbers: the answer column holds only steps 0–4.
            shown, text = None, labels.get(str(value)) if value is not None else None
        upper = q.options[step + 1].text(lang) if step is not None and step < 4 else None
        rows.append(
            [
                q.id,
                bank.dimensions[q.dimension].name(lang),
                q.text(lang),
                shown,
                text,
                upper,
                meta.note,
                meta.evidence,
                _answered_at(meta.answered_at),
            ]
        )
    return columns, rows


def workbook_bytes(
    bank: Bank,
    entry: Scored,
    lang: str,
    notes: Mapping[str, AnswerNote] | None = None,
    when: datetime | None = None,
) -> bytes:
    """The .xlsx of one organization: its plan (with the entry's owners, dates, statuses and the projected
    level after each phase), its scores (with targets and the projection) and its answers (with `notes`)."""
    projection = projection_of(bank, entry)
    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    book = xlsxwriter.Workbook(buffer, options)
    who = entry.organization + (f" · {entry.unit}" if entry.unit else "")
    book.set_properties(
        {
            "title": f"{t('xlsx.doc_title', lang)} — {who}",
            "author": "Foco",
            "created": (when or datetime.now(UTC)).replace(tzinfo=None),
        }
    )
    fmt = _Formats(book)
    sheets = (
        (t("xlsx.sheet_plan", lang), True, _plan_sheet(bank, entry, projection, lang)),
        (t("xlsx.sheet_scores", lang), False, _scores_sheet(bank, entry, projection, lang)),
        (t("xlsx.sheet_answers", lang), False, _answers_sheet(bank, entry, notes or {}, lang)),
    )
    for name, is_plan, (columns, rows) in sheets:
        sheet = book.add_worksheet(sheet_name(name))
        write_table(sheet, columns, rows, fmt)
        if is_plan:
            _plan_validation(sheet, columns, len(rows), lang)
    book.close()
    return buffer.getvalue()


def _plan_validation(sheet: Worksheet, columns: Sequence[Column], n_rows: int, lang: str) -> None:
    # The status column offers the four statuses in the sheet's language; the due date column takes dates.
    last = max(n_rows, 1) + 200  # room for the rows a team adds
    status_col = [c.header for c in columns].index(t("xlsx.status", lang))
    due_col = [c.header for c in columns].index(t("xlsx.due", lang))
    sheet.data_validation(
        1,
        status_col,
        last,
        status_col,
        {"validate": "list", "source": [_status_label(s, lang) for s in PLAN_STATUSES]},
    )
    sheet.data_validation(
        1,
        due_col,
        last,
        due_col,
        {"validate": "date", "criteria": ">=", "value": date(2000, 1, 1), "ignore_blank": True},
    )
