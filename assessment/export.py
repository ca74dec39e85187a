"""CSV files people download and open in Excel or LibreOffice.

UTF-8 with a byte-order mark (so Excel reads accents right), RFC 4180 quoting, one header row, stable column
names; text cells that a spreadsheet would run as a formula are escaped with a leading quote (OWASP's
CSV-injection guidance); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assessment.bank import Bank
from assessment.recommend import Plan
from assessment.scoring import Result

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


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([escape_cell(v) for v in row])
    return BOM + buffer.getvalue()


@dataclass(frozen=True)
class Scored:
    organization: str
    unit: str
    result: Result
    plan: Plan
    organization_type: str | None = None


def score_columns(bank: Bank) -> list[str]:
    cols = [
        "organization",
        "unit",
        "organization_type",
        "overall_score",
        "overall_level",
        "overall_level_name",
    ]
    for d in bank.dimensions:
        cols += [f"{d}_score", f"{d}_level", f"{d}_answered", f"{d}_unknown"]
    return [*cols, "bank_version"]


def score_rows(bank: Bank, entries: Iterable[Scored], lang: str) -> Iterable[list[Cell]]:
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
        ]
        for d in bank.dimensions:
            dr = r.dimensions[d]
            row += [dr.score, dr.level, round(dr.answered_share, 3), len(dr.unknowns)]
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
]


def recommendation_rows(bank: Bank, entries: Iterable[Scored], lang: str) -> Iterable[list[Cell]]:
    for e in entries:
        for item in e.plan.items:
            rec = item.recommendation
            yield [
                e.organization,
                e.unit,
                item.rank,
                rec.id,
                rec.dimension,
                rec.title(lang),
                rec.action(lang),
                rec.why(lang),
                " ".join(rec.principles),
                rec.effort,
                rec.impact,
                item.phase,
                item.quick_win,
                " ".join(item.waits_for),
                item.priority,
            ]
        # Nothing to fix in a dimension is not an empty page: say what to keep doing.
        start = len(e.plan.items)
        for offset, dim_id in enumerate(e.plan.keep_doing, start=1):
            dim = bank.dimensions[dim_id]
            yield [
                e.organization,
                e.unit,
                start + offset,
                f"keep_{dim_id}",
                dim_id,
                dim.name(lang),
                dim.keep_doing(lang),
                dim.description(lang),
                " ".join(dim.principles),
                None,
                None,
                "keep",
                False,
                None,
                None,
            ]


def scores_csv(bank: Bank, entries: Sequence[Scored], lang: str) -> str:
    return to_csv(score_columns(bank), score_rows(bank, entries, lang))


def recommendations_csv(bank: Bank, entries: Sequence[Scored], lang: str) -> str:
    return to_csv(RECOMMENDATION_COLUMNS, recommendation_rows(bank, entries, lang))
