"""Read a wide responses CSV (the command line's format), listing every bad row and cell before using any.

Columns: `organization` (required), `unit` (optional), `organization_type` (optional), then one column per
question id. A cell is a step `0`–`4`, `dk`, `na` or empty (unanswered). A file whose question columns are all
quick-check questions is scored as a quick check (provisional where a dimension's own threshold is not met).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assessment.bank import Bank
from assessment.bank.model import FULL
from assessment.engine.forms import form_of
from assessment.engine.scoring import NA, AnswerValue, parse_answer

FIXED = ("organization", "unit", "organization_type")
# The cells nearly every file holds, looked up rather than parsed: 100,000 rows have millions of them.
_PLAIN: dict[str, AnswerValue | None] = {c: parse_answer(c) for c in (*"01234", "dk", "na", "")}


@dataclass(frozen=True)
class CellProblem:
    row: int  # the line in the file, the header being row 1
    column: str
    value: str
    why: str
    version: str | None = None  # the columns are question ids of this older bank version

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        shown = f" value {self.value!r}" if self.value else ""
        return f"{where}:{shown} {self.why}"


@dataclass(frozen=True)
class Response:
    row: int
    organization: str
    unit: str
    organization_type: str | None
    answers: dict[str, AnswerValue]
    # "quick" when the file's question columns are the quick check's only (see engine.forms.form_of).
    form: str = FULL


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets in Spanish and Italian locales often save Windows-1252; read it rather than refuse.
        return data.decode("cp1252", errors="replace")


def delimiter(header_line: str) -> str:
    # Excel in es/it locales writes ';' as the separator.
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _records(reader: Any, problems: list[CellProblem]) -> Iterator[list[str]]:
    # A malformed file (a cell over the csv module's field limit, say) is a problem to list, not a crash.
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(CellProblem(reader.line_num, "", "", f"cannot be read as CSV ({exc})"))
            return


def old_version_of(bank: Bank, columns: list[str]) -> tuple[str, list[str]] | None:
    """(version, columns) when some question columns are not this bank's but ids of an older version that
    a mapping file leads here from: the version that knows the most of the file's columns (the newest of
    those that tie), and the columns of it this bank does not have."""
    best: tuple[int, int, str] | None = None
    for version in bank.migrations:
        path = bank.migration_path(version)
        if not path:
            continue
        known = sum(1 for c in columns if c in path[0].questions)
        if any(c in path[0].questions and c not in bank.questions for c in columns) and (
            best is None or (known, -len(path)) > best[:2]
        ):
            best = (known, -len(path), version)
    if best is None:
        return None
    old = bank.migrations[best[2]].questions
    return best[2], [c for c in columns if c in old and c not in bank.questions]


def parse_responses(text: str, bank: Bank) -> tuple[list[Response], list[CellProblem]]:
    return parse_columns(text, bank, {q.id: q.allow_na for q in bank.questions.values()})


def parse_columns(
    text: str, bank: Bank, questions: Mapping[str, bool], *, version: str | None = None
) -> tuple[list[Response], list[CellProblem]]:
    """The responses, with `questions` (question id -> whether it allows "na") as the question columns:
    this bank's, or an older version's (`version`) for a file to convert."""
    problems: list[CellProblem] = []
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], [
            CellProblem(1, "", "", "the file is empty: it needs a header row starting with 'organization'")
        ]
    reader = _records(csv.reader(io.StringIO(text), delimiter=delimiter(lines[0])), problems)
    header = [h.strip() for h in next(reader, [])]
    org_types = {t.id for t in bank.info.organization_types}

    seen: dict[str, int] = {}
    old = None if version else old_version_of(bank, [h for h in header if h not in FIXED])
    stale = set(old[1]) if old else set()
    for i, name in enumerate(header):
        if name in seen:
            problems.append(
                CellProblem(1, name, "", f"column appears twice (columns {seen[name] + 1} and {i + 1})")
            )
        seen.setdefault(name, i)
        if name not in FIXED and name not in questions and name not in stale:
            this = f"bank {version}" if version else "this bank"
            why = "empty column name" if not name else f"unknown column: not a question id of {this}"
            problems.append(CellProblem(1, name or f"#{i + 1}", "", why))
    if old:
        version_of, columns = old
        what = "this column is a question id" if len(columns) == 1 else "these columns are question ids"
        problems.append(
            CellProblem(
                1,
                ", ".join(columns),
                "",
                f"{what} of the older bank version {version_of}, not of this bank ({bank.version}); "
                f"{bank.migrations[version_of].file} says what each became",
                version=version_of,
            )
        )
    if "organization" not in seen:
        problems.append(CellProblem(1, "organization", "", "required column 'organization' is missing"))
        return [], problems
    form = form_of(bank, header)

    responses: list[Response] = []
    keys: dict[tuple[str, str], int] = {}
    for line_no, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                CellProblem(line_no, "", "", f"has {len(cells)} cells but the header has {len(header)}")
            )
        row = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        org = row.get("organization", "")
        unit = row.get("unit", "")
        org_type = row.get("organization_type") or None
        if not org:
            problems.append(CellProblem(line_no, "organization", "", "organization is empty"))
        if org_type is not None and org_type not in org_types:
            problems.append(
                CellProblem(
                    line_no,
                    "organization_type",
                    org_type,
                    f"unknown type; use one of {', '.join(sorted(org_types))}",
                )
            )
        key = (org.casefold(), unit.casefold())
        if org and key in keys:
            problems.append(
                CellProblem(line_no, "organization", org, f"same organization and unit as row {keys[key]}")
            )
        keys.setdefault(key, line_no)
        answers: dict[str, AnswerValue] = {}
        for name, raw in row.items():
            allow_na = questions.get(name)
            if allow_na is None:
                continue
            try:
                value = _PLAIN[raw] if raw in _PLAIN else parse_answer(raw)
            except ValueError:
                problems.append(CellProblem(line_no, name, raw, "must be 0, 1, 2, 3, 4, dk, na or empty"))
                continue
            if value == NA and not allow_na:
                problems.append(CellProblem(line_no, name, raw, "this question does not allow 'na'"))
                continue
            if value is not None:
                answers[name] = value
        responses.append(Response(line_no, org, unit, org_type, answers, form))
    if not responses and not problems:
        problems.append(CellProblem(2, "", "", "no rows of responses below the header"))
    return responses, problems


def read_responses(path: Path, bank: Bank) -> tuple[list[Response], list[CellProblem]]:
    return parse_responses(decode(path.read_bytes()), bank)
