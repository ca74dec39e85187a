"""Fixtures that tests in several folders use: the synthetic bank, a valid YAML bank in a tmp folder, banks
N+1 and N+2, the real bank and the app's bank; and, as plugins, the databases and the consultant's workspace.
A folder's own fixtures are in its conftest.py."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NoReturn

import pytest

from assessment.bank import Bank, BankError, load_bank
from tests import helpers
from tests.helpers import (
    REAL_BANK_DIR,
    next_bank_files,
    synthetic_bank,
    third_bank_files,
    valid_bank_files,
    write_bank,
)

# Fixtures that tests in several folders use: the databases (SQLite and PostgreSQL: storage/ and ui/) and the
# consultant's workspace (db, ana, bea: ui/ and storage/). Each folder's own fixtures are in its conftest.py.
pytest_plugins = ["tests.storage_fixtures", "tests.workspace_support"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_bank: checks the real bank in questions/ (fails or skips while that bank is still incomplete)",
    )


@pytest.fixture(scope="session")
def bank() -> Bank:
    """The synthetic bank (see helpers.py): read-only, shared by every test."""
    return synthetic_bank()


@pytest.fixture
def bank_files() -> dict[str, Any]:
    """A fresh copy of the files of a complete, valid bank, for a test to break one thing in."""
    return valid_bank_files()


@pytest.fixture
def bank_dir(tmp_path: Path, bank_files: dict[str, Any]) -> Path:
    """The valid bank written as YAML to tmp_path/questions."""
    return write_bank(tmp_path / "questions", bank_files)


@pytest.fixture(scope="session")
def next_bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    """Bank N+1 of helpers.py (its mapping file carries answers from N): engine/ and storage/ carry to it."""
    return load_bank(write_bank(tmp_path_factory.mktemp("n1") / "questions", next_bank_files()))


@pytest.fixture(scope="session")
def third_bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    """Bank N+2 of helpers.py."""
    return load_bank(write_bank(tmp_path_factory.mktemp("n2") / "questions", third_bank_files()))


_real: dict[str, Any] = {}


def _load_real() -> Bank | BankError:
    if "bank" not in _real:
        try:
            _real["bank"] = load_bank(REAL_BANK_DIR)
        except BankError as exc:
            _real["bank"] = exc
    return _real["bank"]


@pytest.fixture(scope="session")
def real_bank() -> Bank:
    """The real bank in questions/; tests that need it are skipped while it does not validate (the one test
    that says why is tests/bank/test_bank.py::test_real_bank_validates)."""
    loaded = _load_real()
    if isinstance(loaded, BankError):
        why = (
            f"the real bank in questions/ does not validate ({len(loaded.problems)} problem(s), first: "
            f"{loaded.problems[0] if loaded.problems else '?'}); see test_bank.py::test_real_bank_validates"
        )
        _cannot_run(why)
    return loaded


def _cannot_run(why: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(why)  # under CI nothing skips
    pytest.skip(why)


@pytest.fixture(scope="session")
def app_bank() -> Bank:
    """The bank the app under test reads ($FOCO_BANK, else questions/), for the AppTest, browser and workspace
    tests. Read when a test first asks for it, never when a module is imported: a bank that does not load
    fails (under CI=true) or skips these tests, it does not break the collection of the whole suite."""
    try:
        return helpers.app_bank()
    except BankError as exc:
        first = exc.problems[0] if exc.problems else "?"
        _cannot_run(f"the app's bank does not load ({len(exc.problems)} problem(s), first: {first})")
        raise  # not reached: _cannot_run fails or skips


@pytest.fixture(scope="session")
def real_bank_dir(real_bank: Bank) -> Path:
    return REAL_BANK_DIR
