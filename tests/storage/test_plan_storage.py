"""The plan as a team keeps it, in storage (SQLite and PostgreSQL): owners, due dates, statuses, notes and
targets saved as given, the newer write winning, still writable after submit, carried to a re-assessment
and scoped to the consultant in the workspace."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from assessment.records import PlanEntry, PlanState, PlanStatus, TargetEntry
from assessment.storage import AssessmentNotFound, Store
from assessment.storage.accounts import Accounts
from assessment.storage.engine import make_engine
from assessment.storage.workspace import NotFound, Workspace
from tests.storage_fixtures import T0, start

LATER = T0 + timedelta(minutes=5)


def test_statuses_and_targets_come_back_as_given(store: Store) -> None:
    record, _ = start(store)
    given = PlanStatus("  Ana Ruiz ", date(2026, 3, 31), "doing", "Borrador listo; falta el visto bueno ✓")
    written = store.save_plan(
        record.id,
        {"rec_policy": PlanEntry(given, T0), "rec_drills": PlanEntry(PlanStatus(status="done"), T0)},
        {"governance": TargetEntry(4, T0), "content": TargetEntry(None, T0)},
    )
    assert written == {"rec_policy", "rec_drills", "governance", "content"}
    plan = store.plan(record.id)
    # The owner is trimmed (check_plan_status); the rest comes back byte for byte, the date as a date.
    assert plan.statuses["rec_policy"] == PlanEntry(
        PlanStatus("Ana Ruiz", date(2026, 3, 31), "doing", "Borrador listo; falta el visto bueno ✓"), T0
    )
    assert plan.statuses["rec_drills"] == PlanEntry(PlanStatus(None, None, "done", None), T0)
    assert plan.targets == {"content": TargetEntry(None, T0), "governance": TargetEntry(4, T0)}
    # Only the target someone set counts; None is "the default" and is left to the outputs.
    assert plan.plain_targets() == {"governance": 4}
    assert plan.plain_statuses()["rec_drills"].status == "done"


def test_the_newer_write_wins_whatever_the_order(store: Store) -> None:
    record, _ = start(store)
    newer = PlanEntry(PlanStatus("Bea", None, "done"), LATER)
    older = PlanEntry(PlanStatus("Ana", None, "todo"), T0)
    assert store.save_plan(record.id, {"rec_a": newer}, {"audience": TargetEntry(3, LATER)}) == {
        "rec_a",
        "audience",
    }
    # A stale tab writes later, but what it writes was given earlier: nothing changes.
    assert store.save_plan(record.id, {"rec_a": older}, {"audience": TargetEntry(5, T0)}) == set()
    plan = store.plan(record.id)
    assert plan.statuses["rec_a"] == newer
    assert plan.targets["audience"] == TargetEntry(3, LATER)
    # Clearing the owner later wins over the owner set before.
    cleared = PlanEntry(PlanStatus(None, None, "done"), LATER + timedelta(seconds=1))
    assert store.save_plan(record.id, {"rec_a": cleared}) == {"rec_a"}
    assert store.plan(record.id).statuses["rec_a"] == cleared


def test_a_submitted_assessment_keeps_a_writable_plan(store: Store) -> None:
    record, _ = start(store)
    store.submit(record.id, '{"result": {}}', "2025.1")
    assert store.save_plan(record.id, {"rec_a": PlanEntry(PlanStatus(status="doing"), T0)}) == {"rec_a"}
    assert store.plan(record.id).statuses["rec_a"].status.status == "doing"


@pytest.mark.parametrize(
    ("statuses", "targets", "message"),
    [
        ({"rec": PlanEntry(PlanStatus(status="finished"), T0)}, {}, "status 'finished' of rec"),  # type: ignore[arg-type]  # wrong on purpose: refused at run time
        ({"rec": PlanEntry(PlanStatus(owner="x" * 201), T0)}, {}, "owner of rec is 201 characters"),
        ({"rec": PlanEntry(PlanStatus(note="a\x00b"), T0)}, {}, "NUL"),
        ({"": PlanEntry(PlanStatus(), T0)}, {}, "recommendation_id must not be empty"),
        ({"rec": PlanEntry(PlanStatus(), T0.replace(tzinfo=None))}, {}, "timezone-aware"),
        ({}, {"governance": TargetEntry(6, T0)}, "from 1 to 5, got 6"),
        ({}, {"governance": TargetEntry(True, T0)}, "got True"),
        ({}, {"Not A Dimension": TargetEntry(2, T0)}, "is not a dimension id"),
    ],
)
def test_bad_statuses_and_targets_are_refused_before_anything_is_written(
    store: Store, statuses: dict[str, PlanEntry], targets: dict[str, TargetEntry], message: str
) -> None:
    record, _ = start(store)
    with pytest.raises(ValueError, match=message):
        store.save_plan(record.id, statuses, targets)
    assert store.plan(record.id) == PlanState({}, {})


def test_the_database_refuses_a_status_outside_the_four(store: Store, db_url: str) -> None:
    # The CHECK constraint holds even for a writer that skips the Store.
    record, _ = start(store)
    engine = make_engine(db_url)
    try:
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO plan_items (assessment_id, recommendation_id, status, changed_at, saved_at)"
                    " VALUES (:a, 'r', 'finished', :t, :t)"
                ),
                {"a": record.id, "t": T0},
            )
    finally:
        engine.dispose()


def test_unknown_assessments_are_not_found(store: Store) -> None:
    with pytest.raises(AssessmentNotFound):
        store.plan(2**31 - 2)
    with pytest.raises(AssessmentNotFound):
        store.save_plan(2**31 - 2, {"rec": PlanEntry(PlanStatus(), T0)})


def test_a_reassessment_carries_the_statuses_not_the_targets(store: Store) -> None:
    first, _ = start(store)
    store.save_plan(
        first.id,
        {
            "rec_a": PlanEntry(PlanStatus("Ana", date(2026, 1, 15), "done", "hecho"), T0),
            "rec_b": PlanEntry(PlanStatus(status="dropped"), T0),
        },
        {"governance": TargetEntry(4, T0)},
    )
    store.submit(first.id, '{"result": {}}', "2025.1")
    for prefill in (True, False):
        second, _ = start(store, previous_id=first.id, prefill=prefill)
        plan = store.plan(second.id)
        assert plan.statuses == store.plan(first.id).statuses
        assert plan.targets == {}
        # The copy keeps its time: a change made now in the new assessment is newer and wins.
        change = PlanEntry(PlanStatus("Ana", None, "doing"), LATER)
        assert store.save_plan(second.id, {"rec_a": change}) == {"rec_a"}
        assert store.plan(first.id).statuses["rec_a"].status.status == "done"


def _consultant(store: Store) -> Workspace:
    return Workspace(store, Accounts(store).create(f"ana-{secrets.token_hex(4)}", "correct horse battery"))


def test_the_workspace_reads_its_own_plans_and_carries_them_to_the_next_link(store: Store) -> None:
    ws, other = _consultant(store), _consultant(store)
    client = ws.create_client(f"Ayuntamiento {secrets.token_hex(3)}", "town_hall")
    unit = ws.create_unit(client.id, "Biblioteca")
    first, _ = ws.issue_link(client.id, unit.id, "es", "2025.1", respondent="Directora")
    assert ws.plan_of(first.id) == PlanState({}, {})  # nothing earlier to carry
    store.save_plan(first.id, {"rec_a": PlanEntry(PlanStatus("Luis", None, "done"), T0)})
    store.submit(first.id, '{"result": {}}', "2025.1")
    with pytest.raises(NotFound):
        other.plan_of(first.id)
    # Another respondent of the same unit starts from nothing; the same respondent carries the plan.
    someone_else, _ = ws.issue_link(client.id, unit.id, "es", "2025.1", respondent="Becario")
    assert ws.plan_of(someone_else.id).statuses == {}
    again, _ = ws.issue_link(client.id, unit.id, "es", "2025.1", respondent="Directora")
    assert ws.plan_of(again.id).statuses["rec_a"].status == PlanStatus("Luis", None, "done")


def test_an_imported_new_round_carries_the_statuses_of_the_one_it_follows(store: Store) -> None:
    from assessment.storage.workspace import ImportItem

    ws = _consultant(store)
    name = f"ONG {secrets.token_hex(3)}"
    item = ImportItem(name, "ngo", "Prensa", {"q1": "2"}, '{"result": {}}')
    ws.apply_import([item], "es", "2025.1")
    (first,) = ws.assessments()
    store.save_plan(first.id, {"rec_a": PlanEntry(PlanStatus("Marta", None, "done"), T0)})
    # The unit's last assessment is submitted: importing it again makes a new round, which carries the plan.
    ws.apply_import([item], "es", "2025.1")
    rows = ws.assessments()
    assert len(rows) == 2
    assert ws.plan_of(rows[-1].id).statuses["rec_a"].status == PlanStatus("Marta", None, "done")
