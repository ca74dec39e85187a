"""The test modules themselves: importing one reads no bank. A bank is read by a fixture (`app_bank`,
`real_bank`, ... in tests/conftest.py), so a bank that does not load fails those tests (under CI=true) or
skips them, instead of breaking the collection of the whole suite with one import error."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import REPO

# Runs in a fresh interpreter, so that no module is already imported: load_bank is replaced by a function
# that raises before any test module (or support module) is imported, then every one is imported by name.
IMPORT_ALL = """
import importlib, sys, traceback
from pathlib import Path

import assessment.bank
import assessment.bank.loader


class LoadedAtImport(Exception):
    pass


def refuse(*args, **kwargs):
    raise LoadedAtImport("load_bank called while the module was imported")


assessment.bank.load_bank = assessment.bank.loader.load_bank = refuse
paths = sorted(Path("tests").rglob("test_*.py")) + sorted(Path("tests").rglob("conftest.py"))
bad = []
for path in paths:
    try:
        importlib.import_module(".".join(path.with_suffix("").parts))
    except Exception as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/tests/" in f.filename]
        at = f"{Path(frames[-1].filename).relative_to(Path.cwd())}:{frames[-1].lineno}" if frames else path
        bad.append(f"{at}: {type(exc).__name__}: {exc}")
print(len(paths))
print("\\n".join(bad))
"""


def test_no_test_module_reads_a_bank_when_imported() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL], cwd=REPO, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, done.stderr
    count, *problems = done.stdout.strip().split("\n")
    assert int(count) > 80, "the test modules were not found"  # 91 test modules and conftests on 1 Dec 2026
    assert [p for p in problems if p] == []
