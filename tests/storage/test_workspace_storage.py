"""The consultant's workspace in storage: clients, units, links, statuses, bulk import — and isolation: a
consultant reaches only their own clients, and every foreign id looks exactly like a missing one."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from assessment.storage import Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.engine import make_engine
from assessment.storage.workspace import DuplicateName, ImportItem, NotFound, Workspace

PASSWORD = "correct horse battery"


def two_consultants(store: Store) -> tuple[Workspace, Workspace]:
    # The PostgreSQL database is shared by the tests of a session: names unique per test.
    accounts = Accounts(store)
    tag = secrets.token_hex(4)
    a = accounts.create(f"ana-{tag}", PASSWORD)
    b = accounts.create(f"bea-{tag}", PASSWORD)
    return Workspace(store, a), Workspace(store, b)


def test_clients_units_and_links(store: Store) -> None:
    ws, _ = two_consultants(store)
    town = ws.create_client("Ayuntamiento de Soria", "town_hall")
    assert town == ws.client(town.id), "create_client returns the client as stored"
    library = ws.create_unit(town.id, "Biblioteca")
    police = ws.create_unit(town.id, "Policía local")
    ws.create_client("ONG Verde", "ngo")
    assert [c.name for c in ws.clients()] == ["Ayuntamiento de Soria", "ONG Verde"]
    assert [u.name for u in ws.client(town.id).units] == ["Biblioteca", "Policía local"]

    with pytest.raises(DuplicateName):
        ws.create_client("ayuntamiento de soria", "town_hall")
    with pytest.raises(DuplicateName):
        ws.create_unit(town.id, "BIBLIOTECA")
    ws.rename_unit(police.id, "Policía municipal")
    ws.rename_client(town.id, "Ayto. de Soria")
    assert ws.client(town.id).name == "Ayto. de Soria"

    record, token = ws.issue_link(town.id, library.id, "es", "2026.1", respondent="Directora")
    opened = store.open(token)
    assert opened is not None and opened.id == record.id
    assert (opened.organization_name, opened.unit_name) == ("Ayto. de Soria", "Biblioteca")

    # Status: not started, then in progress with answers counted, then submitted.
    rows = {r.id: r for r in ws.assessments()}
    assert rows[record.id].answered == 0 and rows[record.id].respondent == "Directora"
    now = datetime.now(UTC)
    store.save_answer(record.id, "q1", "3", now)
    store.save_answer(record.id, "q2", "dk", now)
    store.save_answer(record.id, "q3", None, now)  # a cleared answer is not an answer
    assert ws.assessments()[0].answered == 2
    store.submit(record.id, "{}", "2026.1")
    assert ws.assessments()[0].submitted_at is not None
    assert ws.answers_of([record.id]) == {record.id: {"q1": "3", "q2": "dk"}}

    ws.archive_unit(police.id)
    assert [u.name for c in ws.clients() for u in c.units] == ["Biblioteca"]
    assert [u.archived for u in ws.client(town.id).units] == [False, True], "kept, to restore it"
    ws.archive_client(town.id)
    assert [c.name for c in ws.clients()] == ["ONG Verde"]
    assert ws.assessments() == [], "an archived client's assessments leave the portfolio"
    assert len(ws.assessments(include_archived=True)) == 1
    ws.archive_client(town.id, archived=False)
    assert len(ws.clients()) == 2


def test_a_consultant_never_reaches_another_consultants_clients(store: Store) -> None:
    ana, bea = two_consultants(store)
    secret = bea.create_client("Bea's secret client", "company")
    unit = bea.create_unit(secret.id, "Board")
    record, _ = bea.issue_link(secret.id, unit.id, "en", "v")
    store.save_answer(record.id, "q1", "4", datetime.now(UTC))
    # A self-assessment (no consultant) is nobody's client.
    store.start("Self-assessed", "ngo", None, "en", "v", "0")

    assert ana.clients(include_archived=True) == []
    assert ana.assessments(include_archived=True) == []
    assert ana.answers_of([record.id]) == {}
    missing = 10_000
    for org_id in (secret.id, missing):
        for attempt in (
            lambda o=org_id: ana.client(o),
            lambda o=org_id: ana.rename_client(o, "Mine now"),
            lambda o=org_id: ana.archive_client(o),
            lambda o=org_id: ana.create_unit(o, "Spy"),
            lambda o=org_id: ana.issue_link(o, None, "en", "v"),
            lambda o=org_id: ana.assessments(o),
        ):
            with pytest.raises(NotFound) as caught:
                attempt()
            assert str(caught.value) in ("client not found", "unit not found")
    for unit_id in (unit.id, missing):
        with pytest.raises(NotFound, match="^unit not found$"):
            ana.rename_unit(unit_id, "x")
        with pytest.raises(NotFound, match="^unit not found$"):
            ana.archive_unit(unit_id)
    # Ana's own client with Bea's unit: still not found.
    mine = ana.create_client("Ana's client", "ngo")
    with pytest.raises(NotFound, match="^unit not found$"):
        ana.issue_link(mine.id, unit.id, "en", "v")
    for bad in ("1", None, True, 1.0):
        with pytest.raises(NotFound):
            ana.client(bad)  # type: ignore[arg-type]  # wrong on purpose: refused at run time
    with pytest.raises(NotFound, match="^assessment not found$"):
        ana.new_link(record.id)
    # Same names in two workspaces do not collide.
    bea.create_client("Ana's client", "ngo")
    assert bea.client(secret.id).name == "Bea's secret client", "nothing of Bea's changed"


@pytest.mark.parametrize("bad", [0, -1, 2**31, 2**63, -(2**63) - 1, 10**30])
def test_ids_outside_the_integer_range_are_not_found(store: Store, bad: int) -> None:
    # Also seen (issue 11): the drivers raised their own errors (SQLite's OverflowError, PostgreSQL's
    # "out of range for type integer") instead of the "not found" every other foreign id gets.
    ana, _ = two_consultants(store)
    client = ana.create_client("Mine", "ngo")
    unit = ana.create_unit(client.id, "HQ")
    record, _ = ana.issue_link(client.id, unit.id, "en", "v")
    attempts = [
        ("client", lambda: ana.client(bad)),
        ("client", lambda: ana.rename_client(bad, "x")),
        ("client", lambda: ana.archive_client(bad)),
        ("client", lambda: ana.create_unit(bad, "x")),
        ("client", lambda: ana.issue_link(bad, None, "en", "v")),
        ("unit", lambda: ana.issue_link(client.id, bad, "en", "v")),
        ("client", lambda: ana.assessments(bad)),
        ("unit", lambda: ana.rename_unit(bad, "x")),
        ("unit", lambda: ana.archive_unit(bad)),
        ("assessment", lambda: ana.new_link(bad)),
    ]
    for what, attempt in attempts:
        with pytest.raises(NotFound, match=f"^{what} not found$"):
            attempt()
    for not_an_id in (True, float(client.id), str(client.id)):
        with pytest.raises(NotFound, match="^client not found$"):
            ana.client(not_an_id)  # type: ignore[arg-type]  # wrong on purpose: refused at run time
    # Left out like any id that is not the consultant's, next to one that is.
    assert ana.answers_of([bad, record.id]) == {}
    store.save_answer(record.id, "q1", "3", datetime.now(UTC))
    assert ana.answers_of([bad, record.id]) == {record.id: {"q1": "3"}}


def _item(org: str, unit: str | None, q1: str, org_type: str = "ngo") -> ImportItem:
    return ImportItem(org, org_type, unit, {"q1": q1, "q2": "dk"}, json.dumps({"q1": q1}))


def test_import_creates_then_updates_and_is_all_or_nothing(store: Store) -> None:
    ws, other = two_consultants(store)
    counts = ws.apply_import(
        [_item("Town", "Library", "3"), _item("Town", "Radio", "1"), _item("Shop", None, "2", "company")],
        "en",
        "v1",
    )
    assert counts == {"clients": 2, "units": 2, "updated": 0, "created": 3}
    rows = ws.assessments()
    assert len(rows) == 3 and all(r.submitted_at is not None for r in rows)
    assert {r.unit_name for r in rows} == {"Library", "Radio", None}
    # Importing again follows the submitted assessments (a trend), it does not overwrite them.
    counts = ws.apply_import([_item("town", "library", "4")], "en", "v1")
    assert counts == {"clients": 0, "units": 0, "updated": 0, "created": 1}
    library = [r for r in ws.assessments() if r.unit_name == "Library"]
    assert len(library) == 2 and ws.answers_of([library[-1].id])[library[-1].id]["q1"] == "4"
    # An open assessment (a link not yet submitted) is filled and submitted by the import.
    town = next(c for c in ws.clients() if c.name == "Shop")
    record, _ = ws.issue_link(town.id, None, "en", "v1")
    counts = ws.apply_import([_item("Shop", None, "0", "company")], "en", "v1")
    assert counts["updated"] == 1 and counts["created"] == 0
    assert ws.answers_of([record.id]) == {record.id: {"q1": "0", "q2": "dk"}}

    before = len(ws.assessments())
    bad = ImportItem("Broken", "ngo", None, {"q1": "7"}, "{}")  # the database's check refuses '7'
    with pytest.raises(IntegrityError):  # the check constraint, on SQLite and PostgreSQL alike
        ws.apply_import([_item("New client", "Unit", "2"), bad], "en", "v1")
    assert len(ws.assessments()) == before
    assert "New client" not in {c.name for c in ws.clients()}
    assert other.clients() == [], "an import lands in the importer's workspace only"


@pytest.mark.parametrize(
    ("language", "bank_version"),
    [("", "v1"), ("en", "   "), ("x" * 17, "v1"), ("en", "v" * 65), ("e\x00n", "v1")],
    ids=["no-language", "blank-version", "long-language", "long-version", "nul"],
)
def test_links_and_imports_check_language_and_bank_version_like_the_store(
    store: Store, language: str, bank_version: str
) -> None:
    ws, _ = two_consultants(store)
    client = ws.create_client("Checked", "ngo")
    with pytest.raises(ValueError):
        store.start("Self", "ngo", None, language, bank_version, "0")
    with pytest.raises(ValueError):
        ws.issue_link(client.id, None, language, bank_version)
    with pytest.raises(ValueError):
        ws.apply_import([_item("Imported", None, "2")], language, bank_version)
    assert ws.assessments() == [] and [c.name for c in ws.clients()] == ["Checked"]


def test_upgrade_from_0002_keeps_data_and_old_organizations_are_nobodys(fresh_url: str) -> None:
    upgrade(fresh_url, "0002")
    store = Store(fresh_url)
    try:
        record, token = store.start("Old Org", "ngo", "Old Unit", "en", "v", "0")
        store.save_answer(record.id, "q1", "3", datetime.now(UTC), "a note")
        upgrade(fresh_url)
        engine: Engine = make_engine(fresh_url)
        try:
            with engine.connect() as conn:
                row = conn.execute(
                    text("SELECT consultant_id, archived_at FROM organizations WHERE id = :i"),
                    {"i": record.organization_id},
                ).one()
            assert tuple(row) == (None, None)
        finally:
            engine.dispose()
        assert store.answers(record.id)["q1"].note == "a note", "answers survive the migration"
        reopened = store.open(token)
        assert reopened is not None and reopened.unit_name == "Old Unit", "links still open"
        ana = Workspace(store, Accounts(store).create("ana", PASSWORD))
        assert ana.clients(include_archived=True) == []
    finally:
        store.close()


def test_the_portfolio_version_moves_with_every_write_it_shows(store: Store) -> None:
    # Workspace.version keys the portfolio's cache (ui/workspace/data.py): each write below changes what the
    # portfolio shows, so each must move it; reading moves nothing, and another consultant's writes neither.
    ws, other = two_consultants(store)
    seen = [ws.version()]

    def moved() -> bool:
        seen.append(ws.version())
        return seen[-1] != seen[-2]

    town = ws.create_client("Ayuntamiento de Soria", "town_hall")
    assert moved()
    library = ws.create_unit(town.id, "Biblioteca")
    assert moved()
    record, _ = ws.issue_link(town.id, library.id, "es", "2026.1")
    assert moved()
    store.save_answer(record.id, "q1", "3", datetime.now(UTC))
    assert moved()
    store.save_answer(record.id, "q1", "4", datetime.now(UTC))  # the same answer changed: no new row
    assert moved()
    store.submit(record.id, "{}", "2026.1")
    assert moved()
    ws.rename_client(town.id, "Ayto. de Soria")
    assert moved()
    ws.rename_unit(library.id, "Biblioteca municipal")
    assert moved()
    ws.archive_unit(library.id)
    assert moved()
    ws.archive_unit(library.id, archived=False)
    assert moved()
    ws.archive_client(town.id)
    assert moved()
    ws.assessments(), ws.clients(include_archived=True), ws.answers_of([record.id])
    assert not moved(), "reading changes nothing"
    theirs = other.create_client("Otro cliente", "ngo")
    other.issue_link(theirs.id, None, "es", "2026.1")
    assert not moved(), "another consultant's writes are not this portfolio's"


def test_results_only_leaves_the_plan_out_in_the_database(store: Store) -> None:
    # What the portfolio reads (Workspace.assessments(results_only=True)): each snapshot's "result" as
    # stored, without its "plan"; nothing for an assessment not submitted.
    ws, _ = two_consultants(store)
    town = ws.create_client("Ayuntamiento de Soria", "town_hall")
    done, _ = ws.issue_link(town.id, None, "es", "2026.1")
    ws.issue_link(town.id, None, "es", "2026.1")
    snapshot = {"result": {"overall_score": 62.5, "dimensions": {"d1": [1, "á"]}}, "plan": {"items": [1, 2]}}
    store.submit(done.id, json.dumps(snapshot), "2026.1")
    full = {r.id: r.result_json for r in ws.assessments()}
    lean = {r.id: r.result_json for r in ws.assessments(results_only=True)}
    done_full, done_lean = full[done.id], lean[done.id]
    assert done_full is not None and done_lean is not None
    assert json.loads(done_full) == snapshot
    assert json.loads(done_lean) == {"result": snapshot["result"]}
    assert [v for k, v in lean.items() if k != done.id] == [None]
