"""`python -m assessment plan RESPONSES.csv --out-dir DIR [--format xlsx|ics|csv] [--bank DIR] [--lang L]`:
the plan as files people plan in, for every organization of a responses file (the checks are `score`'s).

- `xlsx`: one workbook per organization, `<slug>.xlsx` (its plan, scores and answers);
- `ics`: one calendar per organization, `<slug>.ics` (its crisis drills: a responses file carries no due
  dates); an organization with nothing to put on a calendar gets none, and the summary says so;
- `csv`: `scores.csv` and `recommendations.csv`, as `score` writes them (owner, due date and status empty).

Without `--format`, both the workbook and the calendar. File names come from the organization and unit
(`report`'s slug), deduplicated with -2, -3…; every file is written next to its final name and renamed only
once all are ready, so a failure leaves nothing behind.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from assessment.bank import Bank
from assessment.io.batch import scored, write_scored
from assessment.io.responses import Response
from assessment.outputs.calendar import calendar_bytes
from assessment.outputs.report import unique_stems
from assessment.outputs.workbook import workbook_bytes

FORMATS = ("xlsx", "ics", "csv")


def _write_csvs(bank: Bank, responses: Sequence[Response], lang: str, out: Path) -> list[Path]:
    names = ("scores.csv", "recommendations.csv")
    tmps = [out / f".{name}.tmp" for name in names]
    try:
        with tmps[0].open("wb") as scores_file, tmps[1].open("wb") as recs_file:
            write_scored(bank, responses, lang, scores_file, recs_file)
        for tmp, name in zip(tmps, names, strict=True):
            tmp.replace(out / name)
    finally:
        for tmp in tmps:
            tmp.unlink(missing_ok=True)
    return [out / name for name in names]


def _write_files(
    bank: Bank, responses: Sequence[Response], lang: str, out: Path, formats: Sequence[str]
) -> tuple[list[Path], list[str]]:
    """Workbooks and calendars; returns the files written and the organizations left without a calendar."""
    today, now = date.today(), datetime.now(UTC)
    stems = unique_stems((r.organization, r.unit) for r in responses)
    pending: list[tuple[Path, Path]] = []
    no_calendar: list[str] = []
    try:
        for stem, entry in zip(stems, scored(bank, responses), strict=True):
            files: list[tuple[str, bytes | None]] = []
            if "xlsx" in formats:
                files.append(("xlsx", workbook_bytes(bank, entry, lang, when=now)))
            if "ics" in formats:
                ics = calendar_bytes(bank, entry, lang, today, now)
                if ics is None:
                    no_calendar.append(entry.organization + (f" · {entry.unit}" if entry.unit else ""))
                files.append(("ics", ics))
            for ext, data in files:
                if data is None:
                    continue
                final = out / f"{stem}.{ext}"
                tmp = final.with_name(f".{final.name}.tmp")
                pending.append((tmp, final))
                tmp.write_bytes(data)
        # Every file made: only now do they take their names.
        for tmp, final in pending:
            tmp.replace(final)
    finally:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
    return [final for _, final in pending], no_calendar


def write_plans(bank: Bank, responses: Sequence[Response], out: Path, fmt: str | None, lang: str) -> int:
    formats = [fmt] if fmt else ["xlsx", "ics"]
    no_calendar: list[str]  # organizations left without a calendar
    try:
        out.mkdir(parents=True, exist_ok=True)
        if formats == ["csv"]:
            written, no_calendar = _write_csvs(bank, responses, lang, out), []
        else:
            written, no_calendar = _write_files(bank, responses, lang, out, formats)
    except OSError as exc:
        print(f"{out}: cannot write the plan files; nothing was written: {exc.strerror}", file=sys.stderr)
        return 1
    shown = ", ".join(p.name for p in written[:6]) + (
        f" and {len(written) - 6} more" if len(written) > 6 else ""
    )
    print(f"Wrote {len(written)} file(s) for {len(responses)} organization(s) to {out}: {shown}")
    if no_calendar:
        print(
            f"No calendar for {len(no_calendar)} organization(s), nothing to date: " + ", ".join(no_calendar)
        )
    return 0
