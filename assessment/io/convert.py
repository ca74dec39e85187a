"""Convert a responses file written for an older bank version: its columns are read as that version's
questions and every row's answers are carried to this bank through the mapping files, by the rules of
assessment.engine.migrate (the same as for an assessment in progress in the app)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace

from assessment.bank import Bank
from assessment.engine.migrate import Given, carry, composed
from assessment.io.encoding import Decoded
from assessment.io.responses import FIXED, CellProblem, Response, delimiter, parse_columns


@dataclass(frozen=True)
class Conversion:
    """What a conversion did, column by column and cell by cell, for the person running it."""

    from_version: str
    to_version: str
    files: list[str]  # the mapping files it went through
    renamed: dict[str, str] = field(default_factory=dict)  # old column -> new
    merged: dict[str, list[str]] = field(default_factory=dict)  # new column <- old columns
    split: dict[str, list[str]] = field(default_factory=dict)  # old column -> new columns
    dropped: list[str] = field(default_factory=list)
    moved: int = 0  # cells whose step became another
    not_carried: list[tuple[int, str]] = field(default_factory=list)  # (row, new column) left empty

    def lines(self) -> list[str]:
        out = [
            f"Converted from bank {self.from_version} to {self.to_version} through "
            + ", ".join(self.files)
            + ":"
        ]
        if self.renamed:
            out.append("  renamed: " + ", ".join(f"{o} -> {n}" for o, n in self.renamed.items()))
        if self.merged:
            out.append("  merged: " + "; ".join(f"{' + '.join(o)} -> {n}" for n, o in self.merged.items()))
        if self.split:
            out.append("  split: " + "; ".join(f"{o} -> {', '.join(n)}" for o, n in self.split.items()))
        if self.dropped:
            out.append("  dropped (not scored): " + ", ".join(self.dropped))
        if self.moved:
            out.append(f"  {self.moved} answer(s) moved to the step that now means the same")
        if self.not_carried:
            cells = ", ".join(f"row {r} {c}" for r, c in self.not_carried)
            out.append(
                f"  {len(self.not_carried)} answer(s) not carried (the step no longer exists, or 'na' is not "
                f"allowed any more), left unanswered: {cells}"
            )
        if len(out) == 1:
            out.append("  every column kept its question and its steps")
        return out


def convert_responses(
    text: str | Decoded, bank: Bank, version: str
) -> tuple[list[Response], list[CellProblem], Conversion | None]:
    """Read `text` (or a decoded file) as responses of bank `version` and carry them to `bank`; problems as
    parse_responses."""
    path = bank.migration_path(version)
    if not path:
        known = ", ".join(sorted(v for v in bank.migrations if bank.migration_path(v))) or "none"
        why = (
            f"this bank ({bank.version}) has no mapping from version {version} "
            f"(it can convert from: {known}); see the bank's migrations folder"
        )
        return [], [CellProblem(1, "", "", why)], None
    old = path[0].questions
    # What allowed "na" in the old version is not known here: "na" is read everywhere and carried only
    # where this bank's question allows it.
    responses, problems = parse_columns(text, bank, dict.fromkeys(old, True), version=version)
    if problems:
        return [], problems, None
    columns = [c for c in _header(text.text if isinstance(text, Decoded) else text) if c in old]
    ends = composed(path)
    conversion = Conversion(version, bank.version, [m.file for m in path])
    landing: dict[str, list[str]] = {}
    for c in columns:
        for n in ends[c]:
            landing.setdefault(n, []).append(c)
    for c in columns:
        news = ends[c]
        if not news:
            conversion.dropped.append(c)
        elif len(news) > 1:
            conversion.split[c] = news
        elif len(landing[news[0]]) > 1:
            conversion.merged.setdefault(news[0], landing[news[0]])
        elif news[0] != c:
            conversion.renamed[c] = news[0]
    converted: list[Response] = []
    moved = 0
    for resp in responses:
        carried = carry(bank, path, {q: Given(v) for q, v in resp.answers.items()})
        moved += len(carried.changes.steps)
        conversion.not_carried.extend((resp.row, q) for q in carried.changes.not_carried)
        answers = {q: g.value for q, g in carried.answers.items() if g.value is not None}
        converted.append(replace(resp, answers=answers))
    return converted, [], replace(conversion, moved=moved)


def _header(text: str) -> list[str]:
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text else ""
    cells = next(csv.reader(io.StringIO(first), delimiter=delimiter(first)), [])
    return [h.strip() for h in cells if h.strip() not in FIXED]
