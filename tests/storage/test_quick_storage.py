"""The quick check in storage, on SQLite and PostgreSQL: the form is stored with the assessment, the chosen
deep-dive dimensions survive, consultants issue quick links, imports keep the form, quick-fit reads the
submitted full surveys, and revision 0006 adds the columns to existing data (and takes them away again)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, text

from assessment.bank.model import FORMS
from assessment.records import FORM_VALUES, ImportItem
from assessment.storage import AssessmentFrozen, Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.engine import make_engine
from assessment.storage.migrate import downgrade_engine
from assessment.storage.workspace import Workspace

NOW = datetime(2026, 4, 2, 10, 0, tzinfo=UTC)


def test_the_storage_forms_are_the_banks() -> None:
    assert set(FORMS) == FORM_VALUES


def test_the_form_is_stored_and_the_full_survey_is_the_default(store: Store) -> None:
    quick, _ = store.start("Quick Org", "ngo", None, "en", "v1", "0", form="quick")
    full, _ = store.start("Full Org", "ngo", None, "en", "v1", "0")
    assert store.form_state(quick.id) == ("quick", ())
    assert store.form_state(full.id) == ("full", ())
    with pytest.raises(ValueError, match="form 'short' is not one of full, quick"):
        store.start("Bad", "ngo", None, "en", "v1", "0", form="short")


def test_the_chosen_deep_dive_survives_and_freezes_with_the_assessment(
    store: Store, other_store: Store
) -> None:
    record, token = store.start("Deep Org", "library", "Sala", "it", "v1", "0", form="quick")
    store.set_deep(record.id, ["crisis_readiness", "help_orientation", "crisis_readiness"])
    # Another process (a reload on another replica) reads what was chosen, sorted and once each.
    opened = other_store.open(token)
    assert opened is not None
    assert other_store.form_state(opened.id) == ("quick", ("crisis_readiness", "help_orientation"))
    store.set_deep(record.id, [])
    assert store.form_state(record.id) == ("quick", ())
    with pytest.raises(ValueError, match="is not a dimension id"):
        store.set_deep(record.id, ["Crisis; DROP TABLE"])
    store.submit(record.id, "{}", "v1")
    with pytest.raises(AssessmentFrozen):
        store.set_deep(record.id, ["crisis_readiness"])


def test_a_reassessment_takes_the_form_it_is_given(store: Store) -> None:
    first, _ = store.start("Again Org", "ngo", None, "en", "v1", "0", form="quick")
    store.save_answer(first.id, "q1", "2", NOW)
    store.submit(first.id, "{}", "v1")
    second, _ = store.start("", "", None, "en", "v1", "0", previous_id=first.id, prefill=True, form="quick")
    assert store.form_state(second.id) == ("quick", ())
    assert store.answers(second.id)["q1"].value == "2", "the quick answers are carried over"


def test_consultants_issue_quick_links_and_see_the_form(store: Store) -> None:
    ws = Workspace(store, Accounts(store).create(f"ana-{secrets.token_hex(4)}", "correct horse battery"))
    client = ws.create_client("Cliente Rápido", "town_hall")
    unit = ws.create_unit(client.id, "Biblioteca")
    quick, token = ws.issue_link(client.id, unit.id, "es", "v1", form="quick")
    full, _ = ws.issue_link(client.id, None, "es", "v1")
    opened = store.open(token)
    assert opened is not None and store.form_state(opened.id) == ("quick", ())
    store.set_deep(quick.id, ["strategic_focus"])
    rows = {r.id: r for r in ws.assessments()}
    assert (rows[quick.id].form, rows[quick.id].deep_dive) == ("quick", "strategic_focus")
    assert (rows[full.id].form, rows[full.id].deep_dive) == ("full", None)
    with pytest.raises(ValueError):
        ws.issue_link(client.id, None, "es", "v1", form="long")


def test_an_import_keeps_the_form_of_its_file(store: Store) -> None:
    ws = Workspace(store, Accounts(store).create(f"bea-{secrets.token_hex(4)}", "correct horse battery"))
    items = [
        ImportItem("Importada Rápida", "ngo", None, {"q1": "3"}, "{}", form="quick"),
        ImportItem("Importada Completa", "ngo", None, {"q1": "2"}, "{}"),
    ]
    ws.apply_import(items, "es", "v1")
    forms = {r.organization_name: r.form for r in ws.assessments()}
    assert forms == {"Importada Rápida": "quick", "Importada Completa": "full"}
    # Imported again onto the open quick one's client: a new, full, submitted assessment follows it.
    ws.apply_import([ImportItem("Importada Rápida", "ngo", None, {"q1": "4"}, "{}")], "es", "v1")
    mine = [r for r in ws.assessments() if r.organization_name == "Importada Rápida"]
    assert [r.form for r in mine] == ["quick", "full"]


def test_submitted_full_surveys_are_what_quick_fit_reads(fresh_url: str) -> None:
    upgrade(fresh_url)
    store = Store(fresh_url)
    try:
        a, _ = store.start("A", "library", None, "en", "v1", "0")
        store.save_answers(
            a.id,
            {
                "q1": _input("3"),
                "q2": _input("dk"),
                "q3": _input(None),  # cleared: not an answer
            },
        )
        store.submit(a.id, "{}", "v1")
        b, _ = store.start("B", "ngo", None, "en", "v1", "0")
        store.save_answer(b.id, "q1", "na", NOW)
        store.submit(b.id, "{}", "v1")
        quick, _ = store.start("Quick", "ngo", None, "en", "v1", "0", form="quick")
        store.save_answer(quick.id, "q1", "1", NOW)
        store.submit(quick.id, "{}", "v1")
        open_one, _ = store.start("Open", "ngo", None, "en", "v1", "0")
        store.save_answer(open_one.id, "q1", "4", NOW)
        assert sorted(store.submitted_full()) == [
            ("library", "v1", {"q1": "3", "q2": "dk"}),
            ("ngo", "v1", {"q1": "na"}),
        ]
    finally:
        store.close()


def _input(value: str | None):
    from assessment.records import AnswerInput

    return AnswerInput(value, NOW)


def test_revision_0006_adds_the_form_to_existing_assessments_and_goes_back(fresh_url: str) -> None:
    upgrade(fresh_url, "0005")
    engine = make_engine(fresh_url)
    try:
        stamp = (
            "'2024-05-06 07:08:09.000000'" if engine.dialect.name == "sqlite" else "'2024-05-06 07:08:09+00'"
        )
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO organizations (id, name, org_type, created_at) "
                    f"VALUES (9, 'Old', 'ngo', {stamp})"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO assessments (id, organization_id, language, bank_version, section, "
                    f"started_at, updated_at) VALUES (90, 9, 'es', 'v0', '2', {stamp}, {stamp})"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO answers (assessment_id, question_id, value, answered_at, saved_at) "
                    f"VALUES (90, 'q1', '3', {stamp}, {stamp})"
                )
            )
        upgrade(fresh_url)
        columns = {c["name"] for c in inspect(engine).get_columns("assessments")}
        assert {"form", "deep_dive"} <= columns
        store = Store(fresh_url)
        try:
            assert store.form_state(90) == ("full", ()), "an assessment from before forms is a full survey"
            assert store.answers(90)["q1"].value == "3"
            store.set_deep(90, ["crisis_readiness"])
        finally:
            store.close()
        downgrade_engine(engine, "0005")
        columns = {c["name"] for c in inspect(engine).get_columns("assessments")}
        assert "form" not in columns and "deep_dive" not in columns
        with engine.connect() as conn:
            assert (
                conn.execute(text("SELECT value FROM answers WHERE assessment_id = 90")).scalar_one() == "3"
            )
    finally:
        engine.dispose()
