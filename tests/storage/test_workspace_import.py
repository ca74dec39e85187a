"""Bulk import into a consultant's workspace: a good file, bad cells (nothing written), duplicate rows,
a client of another type, and 2,000 organizations at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.bank import Bank
from assessment.engine.portfolio import SUBMITTED, build_entries, latest
from assessment.io.importing import plan_import
from assessment.outputs.export import Cell, to_csv
from assessment.storage import Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.workspace import Workspace

BANK: Bank  # and QIDS: set by the _bank fixture below, never at import
QIDS: list[str]


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK, QIDS
    BANK = app_bank
    QIDS = list(BANK.questions)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    url = f"sqlite:///{tmp_path / 'foco.db'}"
    upgrade(url)
    store = Store(url)
    return Workspace(store, Accounts(store).create("ana", "correct horse battery"))


def csv_text(rows: list[list[Cell]], org_type: bool = True) -> str:
    head = ["organization", "unit", *(["organization_type"] if org_type else []), *QIDS]
    return to_csv(head, rows).removeprefix("\ufeff")


def answers_row(org: str, unit: str, org_type: str, step: int) -> list[Cell]:
    return [org, unit, org_type, *([step] * len(QIDS))]


def existing(ws: Workspace) -> dict[str, str]:
    return {c.name.casefold(): c.org_type for c in ws.clients(include_archived=True)}


def test_a_good_file_creates_clients_units_and_scored_assessments(ws: Workspace) -> None:
    text = csv_text(
        [
            answers_row("Ayuntamiento de Soria", "Biblioteca", "town_hall", 4),
            answers_row("Ayuntamiento de Soria", "Radio", "town_hall", 1),
            answers_row("ONG Verde", "", "ngo", 2),
        ]
    )
    items, problems = plan_import(BANK, text, existing(ws), "other")
    assert problems == []
    counts = ws.apply_import(items, "es", BANK.version)
    assert counts == {"clients": 2, "units": 2, "updated": 0, "created": 3}
    rows = ws.assessments()
    entries = latest(build_entries(BANK, rows, {}))
    assert [(e.client, e.unit, e.status) for e in entries] == [
        ("Ayuntamiento de Soria", "Biblioteca", SUBMITTED),
        ("Ayuntamiento de Soria", "Radio", SUBMITTED),
        ("ONG Verde", "", SUBMITTED),
    ]
    # Every step 4 scores 100 everywhere; every step 1 scores 25 (1/4); every step 2 scores 50.
    assert [e.result.overall_score if e.result else None for e in entries] == [100.0, 25.0, 50.0]
    # Without an organization_type column, an existing client keeps its type; a new one takes the default.
    items, problems = plan_import(
        BANK, csv_text([["ONG Verde", "", *([3] * len(QIDS))], ["Nueva", "", *([3] * len(QIDS))]], False),
        existing(ws), "company",
    )  # fmt: skip
    assert problems == [] and [i.org_type for i in items] == ["ngo", "company"]


def test_bad_cells_are_all_listed_and_nothing_is_written(ws: Workspace) -> None:
    good = answers_row("Good Org", "", "ngo", 3)
    bad_value = answers_row("Bad Org", "", "ngo", 3)
    bad_value[3] = "5"
    bad_type = answers_row("Typo Org", "", "nqo", 3)
    empty_name = answers_row("", "Unit", "ngo", 3)
    text = csv_text([good, bad_value, bad_type, empty_name])
    items, problems = plan_import(BANK, text, existing(ws), "other")
    assert items == []
    where = {(p.row, p.column) for p in problems}
    assert {(3, QIDS[0]), (4, "organization_type"), (5, "organization")} <= where
    assert all(p.row != 2 for p in problems), "the good row has no problem"
    assert ws.clients(include_archived=True) == [], "nothing was written"


def test_duplicate_rows_and_a_client_of_another_type(ws: Workspace) -> None:
    ws.create_client("Biblioteca Central", "library")
    text = csv_text(
        [
            answers_row("Town", "Radio", "town_hall", 2),
            answers_row("TOWN", "radio", "town_hall", 3),
            answers_row("Biblioteca Central", "", "company", 3),
        ]
    )
    items, problems = plan_import(BANK, text, existing(ws), "other")
    assert items == []
    messages = {(p.row, p.column): p.why for p in problems}
    assert "same organization and unit as row 2" in messages[(3, "organization")]
    assert "'library'" in messages[(4, "organization_type")]
    assert [c.name for c in ws.clients()] == ["Biblioteca Central"]


def test_two_thousand_organizations_in_one_transaction(ws: Workspace) -> None:
    types = [t.id for t in BANK.info.organization_types]
    rows = [answers_row(f"Org {n:04d}", "", types[n % len(types)], n % 5) for n in range(2000)]
    text = csv_text(rows)
    # Its speed is measured by benchmarks/bench_portfolio.py, never asserted here.
    items, problems = plan_import(BANK, text, existing(ws), "other")
    counts = ws.apply_import(items, "en", BANK.version)
    assert problems == []
    assert counts == {"clients": 2000, "units": 0, "updated": 0, "created": 2000}
    assert len(ws.clients()) == 2000
    rows_back = ws.assessments()
    assert len(rows_back) == 2000 and all(r.submitted_at is not None for r in rows_back)
