"""Read a wide responses CSV (the command line's format), listing every bad row and cell before using any.

Columns: `organization` (required), `unit` (optional), `organization_type` (optional), then one column per
question id. A cell is a step `0`–`4`, `dk`, `na` or empty (unanswered). A file whose question columns are all
quick-check questions is scored as a quick check (provisional where a dimension's own threshold is not met).

The file is read the way a careful spreadsheet would and refused where it would guess: strict CSV (a quote
left open is an error, not the rest of the file as one cell), every row as wide as the header, one encoding
for the whole file (see `decode`), no control characters in names, and bounded size, rows, columns and
cells. Surrounding whitespace of a cell is trimmed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assessment.bank import Bank
from assessment.bank.model import FULL
from assessment.engine.forms import form_of
from assessment.engine.scoring import NA, AnswerValue, parse_answer
from assessment.io.encoding import BYTE, Decoded, EncodingProblem, decode
from assessment.records import NAME_MAX, RESERVED_COLUMNS, name_flaw, printable

FIXED = RESERVED_COLUMNS
# The cells nearly every file holds, looked up rather than parsed: 100,000 rows have millions of them.
_PLAIN: dict[str, AnswerValue | None] = {c: parse_answer(c) for c in (*"01234", "dk", "na", "")}

# Bounds on what one file may ask of the process. 100,000 organizations of the real bank are a 10 MB file
# and ~200 MB of memory once read; the bounds allow five times that.
MAX_BYTES = 128 * 1024 * 1024
MAX_ROWS = 500_000
MAX_PROBLEMS = 1_000  # listed before reading stops: a file wrong in every cell would fill the memory
MAX_COLUMNS = 2_000
CELL_MAX = 1_000  # characters; names have the tighter NAME_MAX
_FIELD_LIMIT = csv.field_size_limit()  # the csv module's own bound on a cell (131,072 characters)

# Characters no cell may hold: C0 and C1 controls but tab and line breaks, which are checked in names
# below; and lone surrogates, which stand for bytes that were not text in the file's encoding.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class CellProblem:
    row: int  # the record as a spreadsheet numbers it, the header being row 1; 0 for the whole file
    column: str
    value: str
    why: str
    version: str | None = None  # the columns are question ids of this older bank version

    def __str__(self) -> str:
        parts = [f"row {self.row}"] if self.row else []
        if self.column:
            parts.append(f"column {printable(self.column)}")
        where = ", ".join(parts) or "the file"
        shown = f" value '{printable(_short(self.value))}'" if self.value else ""
        return f"{where}:{shown} {printable(self.why)}"


@dataclass(frozen=True)
class Response:
    row: int
    organization: str
    unit: str
    organization_type: str | None
    answers: dict[str, AnswerValue]
    # "quick" when the file's question columns are the quick check's only (see engine.forms.form_of).
    form: str = FULL


@dataclass
class ResponsesFile:
    responses: list[Response]
    problems: list[CellProblem]
    encoding: str = "UTF-8"
    notes: list[str] = field(default_factory=list)


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


# ------------------------------------------------------------------------------------------------ CSV
def _delimiter(text: str) -> str:
    # Excel in es/it locales writes ';' as the separator, its "Unicode text" a tab. The header holds
    # column names, so the separator is whichever of the three it uses most.
    first = re.split(r"[\r\n]", text, maxsplit=1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def delimiter(text: str) -> str:
    """The separator of a responses file's text (`,`, `;` or a tab), as the reader will split it."""
    return _delimiter(text)


_DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "a tab"}


class _Records:
    """csv.reader in strict mode, each record numbered as a spreadsheet numbers rows; a record it cannot
    read ends the file with a problem naming the row and the line where that record starts."""

    def __init__(self, text: str, delimiter: str, problems: list[CellProblem]) -> None:
        # newline="": a record may end in CRLF, LF or CR alone (old Mac files); line breaks inside quoted
        # cells stay as they are.
        self._reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        self._problems = problems
        self.row = 0

    def __iter__(self) -> Iterator[list[str]]:
        while True:
            line = self._reader.line_num + 1
            try:
                cells = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self._problems.append(CellProblem(self.row + 1, "", "", _csv_why(exc, line)))
                return
            self.row += 1
            yield cells


def _csv_why(exc: csv.Error, line: int) -> str:
    message = str(exc)
    if message == "unexpected end of data":
        return (
            f"a quote opens a cell in this row (line {line}) and is never closed: the file ends inside "
            'it. Close the quote, or write a quote that is part of the text as two ("")'
        )
    if message.startswith("field larger than field limit"):
        return (
            f"a cell of this row (line {line}) is longer than {_FIELD_LIMIT:,} characters, and a cell "
            f"holds at most {CELL_MAX:,} (a quote that is never closed runs a cell on like that)"
        )
    if "expected after" in message:
        return (
            f"a quoted cell of this row (line {line}) goes on after its closing quote: a quoted cell ends "
            'at its quote; write a quote that is part of the text as two ("")'
        )
    return f"cannot be read as CSV (line {line}: {message})"


def _cell_problems(
    row: int, header: list[str], cells: list[str], decoded: Decoded, seen_bytes: list[int]
) -> list[CellProblem]:
    """Cells holding a control character or a byte that is not text; `seen_bytes` counts the bytes
    kept aside so far, which maps each one back to its offset in the file."""
    out = []
    for i, cell in enumerate(cells):
        if not _FORBIDDEN.search(cell):
            continue
        column = header[i] if i < len(header) else f"#{i + 1}"
        shown = BYTE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", cell)
        raw = BYTE.findall(cell)
        if raw:
            offsets = decoded.bad_bytes[len(seen_bytes) : len(seen_bytes) + len(raw)]
            seen_bytes.extend(offsets)
            first = ord(raw[0]) - 0xDC00
            where = f" at byte offset {offsets[0]}" if offsets else ""
            if decoded.encoding == "UTF-8":
                why = (
                    f"byte 0x{first:02X}{where} is not UTF-8, while the rest of the file is: save the "
                    "whole file as UTF-8 (in Excel: CSV UTF-8)"
                )
            else:
                why = f"byte 0x{first:02X}{where} is not a character of {decoded.encoding}"
        else:
            bad = _FORBIDDEN.search(cell)
            assert bad is not None
            why = f"holds the control character U+{ord(bad.group()):04X}, which no cell may hold"
        out.append(CellProblem(row, column, shown, why))
    return out


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


def _check_header(
    header: list[str],
    bank: Bank,
    questions: Mapping[str, bool],
    version: str | None,
    problems: list[CellProblem],
    skip: set[int],
) -> None:
    # `skip`: the columns whose name holds a control character, already reported.
    seen: dict[str, int] = {}
    old = None if version else old_version_of(bank, [h for h in header if h not in FIXED])
    stale = set(old[1]) if old else set()
    for i, name in enumerate(header):
        if i in skip:
            continue
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


def _width_problem(row: int, cells: list[str], header: list[str], delimiter: str) -> CellProblem:
    why = f"has {len(cells)} cell(s) but the header has {len(header)}: every row needs one cell per column"
    others = [d for d in (",", ";", "\t") if d != delimiter and any(d in c for c in cells)]
    if len(cells) < len(header) and others:
        why += (
            f" (the header is separated by {_DELIMITER_NAMES[delimiter]}; is this row separated by "
            f"{_DELIMITER_NAMES[others[0]]}?)"
        )
    return CellProblem(row, "", "", why)


def _name_problem(row: int, column: str, value: str) -> CellProblem | None:
    if len(value) > NAME_MAX:
        return CellProblem(row, column, value, f"longer than {NAME_MAX} characters")
    flaw = name_flaw(value)
    return CellProblem(row, column, value, flaw) if flaw else None


Parse = Callable[[Decoded], tuple[list[Response], list[CellProblem]]]


def parse_decoded(
    decoded: Decoded, bank: Bank, questions: Mapping[str, bool] | None = None, *, version: str | None = None
) -> tuple[list[Response], list[CellProblem]]:
    """The responses, with `questions` (question id -> whether it allows "na") as the question columns:
    this bank's (the default), or an older version's (`version`) for a file to convert."""
    if questions is None:
        questions = {q.id: q.allow_na for q in bank.questions.values()}
    problems: list[CellProblem] = []
    text = decoded.text.lstrip("\ufeff")  # a second byte-order mark (some tools add one) is no column
    if not text.strip():
        return [], [
            CellProblem(1, "", "", "the file is empty: it needs a header row starting with 'organization'")
        ]
    delimiter = _delimiter(text)
    records = _Records(text, delimiter, problems)
    rows = iter(records)
    raw_header = next(rows, None)
    if raw_header is None:
        return [], problems
    if len(raw_header) > MAX_COLUMNS:
        problems.append(
            CellProblem(
                1, "", "", f"has {len(raw_header):,} columns; a responses file has at most {MAX_COLUMNS:,}"
            )
        )
        return [], problems
    header = [h.strip() for h in raw_header]
    seen_bytes: list[int] = []
    check_cells = bool(_FORBIDDEN.search(text))  # most files hold no control character at all
    bad_names = []
    if check_cells:
        bad_names = _cell_problems(
            1, [f"#{i + 1}" for i in range(len(header))], raw_header, decoded, seen_bytes
        )
        problems.extend(bad_names)
    _check_header(header, bank, questions, version, problems, skip={int(p.column[1:]) - 1 for p in bad_names})
    if "organization" not in header:
        return [], problems
    org_types = {t.id for t in bank.info.organization_types}
    positions = {name: i for i, name in reversed(list(enumerate(header)))}
    at_org = positions["organization"]
    at_unit = positions.get("unit")
    at_type = positions.get("organization_type")
    columns = [(i, name, questions[name]) for i, name in enumerate(header) if name in questions]
    form = form_of(bank, header)

    responses: list[Response] = []
    keys: dict[tuple[str, str], int] = {}
    for cells in rows:
        line_no = records.row
        if len(problems) >= MAX_PROBLEMS:
            problems.append(
                CellProblem(
                    line_no,
                    "",
                    "",
                    f"more than {MAX_PROBLEMS:,} problems: reading stopped here; fix these first",
                )
            )
            break
        if line_no - 1 > MAX_ROWS:
            problems.append(
                CellProblem(line_no, "", "", f"more than {MAX_ROWS:,} rows of responses: split the file")
            )
            break
        if check_cells:
            bad_cells = _cell_problems(line_no, header, cells, decoded, seen_bytes)
            if bad_cells:
                problems.extend(bad_cells)
                continue
        if not any(c.strip() for c in cells):
            continue
        if [c.strip().lstrip("\ufeff") for c in cells] == header:
            # Two files joined end to end: the second one's header (and byte-order mark) in the middle.
            problems.append(
                CellProblem(line_no, "", "", "repeats the header row: are two files joined here?")
            )
            continue
        if len(cells) != len(header):
            problems.append(_width_problem(line_no, cells, header, delimiter))
            continue
        if max(map(len, cells)) > CELL_MAX:
            i = next(i for i, c in enumerate(cells) if len(c) > CELL_MAX)
            problems.append(CellProblem(line_no, header[i], cells[i], f"longer than {CELL_MAX:,} characters"))
            continue
        org = cells[at_org].strip()
        unit = cells[at_unit].strip() if at_unit is not None else ""
        org_type = (cells[at_type].strip() if at_type is not None else "") or None
        if not org:
            problems.append(CellProblem(line_no, "organization", "", "organization is empty"))
        for column, value in (("organization", org), ("unit", unit)):
            named = _name_problem(line_no, column, value)
            if named:
                problems.append(named)
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
        for i, name, allow_na in columns:
            raw = cells[i]
            raw = raw if raw in _PLAIN else raw.strip()
            try:
                answer = _PLAIN[raw] if raw in _PLAIN else parse_answer(raw)
            except ValueError:
                problems.append(CellProblem(line_no, name, raw, "must be 0, 1, 2, 3, 4, dk, na or empty"))
                continue
            if answer == NA and not allow_na:
                problems.append(CellProblem(line_no, name, raw, "this question does not allow 'na'"))
                continue
            if answer is not None:
                answers[name] = answer
        if org:  # a row without an organization is reported above, its cells still checked, never returned
            responses.append(Response(line_no, org, unit, org_type, answers, form))
    if not responses and not problems:
        problems.append(CellProblem(2, "", "", "no rows of responses below the header"))
    problems.sort(key=lambda p: p.row)
    return responses, problems


def parse_responses(text: str, bank: Bank) -> tuple[list[Response], list[CellProblem]]:
    """A responses file already decoded to text."""
    return parse_decoded(Decoded(text, "UTF-8"), bank)


def parse_columns(
    source: str | Decoded, bank: Bank, questions: Mapping[str, bool], *, version: str | None = None
) -> tuple[list[Response], list[CellProblem]]:
    """`parse_decoded` of a text or a decoded file."""
    decoded = source if isinstance(source, Decoded) else Decoded(source, "UTF-8")
    return parse_decoded(decoded, bank, questions, version=version)


def load_responses(data: bytes, bank: Bank, parse: Parse | None = None) -> ResponsesFile:
    """A responses file as its bytes: decoded (see `decode`), bounded, parsed (by `parse`, this bank's
    columns by default; a conversion from an older version passes its own)."""
    if len(data) > MAX_BYTES:
        return ResponsesFile([], [_too_big(len(data))])
    try:
        decoded = decode(data)
    except EncodingProblem as exc:
        return ResponsesFile([], [CellProblem(0, "", "", str(exc))])
    responses, problems = parse(decoded) if parse else parse_decoded(decoded, bank)
    notes = []
    if decoded.encoding != "UTF-8":
        notes.append(
            f"read as {decoded.encoding}"
            + (" (the file is not UTF-8)" if decoded.encoding == "Windows-1252" else "")
        )
    return ResponsesFile(responses, problems, decoded.encoding, notes)


def _too_big(size: int) -> CellProblem:
    return CellProblem(
        0,
        "",
        "",
        f"is {size / 1024**2:,.0f} MB; a responses file is at most {MAX_BYTES // 1024**2:,} MB: split it",
    )


def read_file(path: Path, bank: Bank, parse: Parse | None = None) -> ResponsesFile:
    """The responses file at `path`. Its size is checked before it is read; OSError propagates."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return ResponsesFile([], [_too_big(size)])
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)  # a file that grows meanwhile is still bounded
    return load_responses(data, bank, parse)


def read_responses(path: Path, bank: Bank) -> tuple[list[Response], list[CellProblem]]:
    loaded = read_file(path, bank)
    return loaded.responses, loaded.problems
