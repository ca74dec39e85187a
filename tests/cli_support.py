"""Running the command line as people run it (`python -m assessment ...` in a subprocess from the
repository) and the CSV files it reads and writes; shared by the CLI tests and the bank's stats test."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assessment.bank import Bank
from tests.helpers import REPO

BOM = "\ufeff"
EVIL = '=HYPERLINK("http://evil","x")'


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str  # decoded as UTF-8 without newline translation, so "\r\n" stays visible
    stderr: str


def run(*args: Any) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "assessment", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONUTF8": "1"},
        check=False,
    )
    return Run(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))


def write_csv(
    path: Path, rows: Sequence[Sequence[Any]], delimiter: str = ",", encoding: str = "utf-8-sig"
) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no byte-order mark"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def answers_row(bank: Bank, organization: str, unit: str, value: Any) -> list[Any]:
    return [organization, unit, *([value] * len(bank.questions))]
