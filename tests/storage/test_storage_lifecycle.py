from __future__ import annotations

import hashlib
import secrets
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select, text

from assessment.storage import AnswerInput, AssessmentFrozen, Store, StoredAnswer
from assessment.storage.accounts import Accounts
from assessment.storage.engine import normalize_url
from assessment.storage.models import AccessToken
from assessment.storage.workspace import Workspace
from tests.storage_fixtures import T0, start

# --- lifecycle ---------------------------------------------------------------------------------


def test_section_and_language_are_remembered(store: Store) -> None:
    record, token = start(store)
    store.set_section(record.id, "listening")
    store.set_language(record.id, "es")
    opened = store.open(token)
    assert opened is not None and (opened.section, opened.language) == ("listening", "es")
    assert opened.updated_at >= record.updated_at


def test_a_submitted_assessment_refuses_writes_and_keeps_its_result(store: Store) -> None:
    record, token = start(store)
    store.save_answer(record.id, "q", "2", T0, note="before")
    submitted = store.submit(record.id, '{"overall": 61.5}', "2025.2")
    assert submitted.submitted and submitted.submitted_at is not None
    with pytest.raises(AssessmentFrozen):
        store.save_answer(record.id, "q", "4", datetime.now(UTC))
    with pytest.raises(AssessmentFrozen):
        store.save_answers(record.id, {"other": AnswerInput("1", datetime.now(UTC))})
    with pytest.raises(AssessmentFrozen):
        store.submit(record.id, '{"overall": 99}', "2025.3")
    opened = store.open(token)
    assert opened is not None
    assert (opened.result_json, opened.bank_version, opened.submitted) == (
        '{"overall": 61.5}',
        "2025.2",
        True,
    )
    assert store.answers(record.id) == {"q": StoredAnswer("2", "before", None, T0)}


def test_prefill_copies_the_previous_answers(store: Store) -> None:
    first, _ = start(store, org="Prefill Org", unit="North")
    store.save_answer(first.id, "a", "3", T0, "note a", "https://example.org/a")
    store.save_answer(first.id, "b", "na", T0 + timedelta(seconds=2))
    store.save_answer(first.id, "c", None, T0, "cleared")
    store.submit(first.id, "{}", "2025.1")
    second, token = start(store, org="ignored", unit="ignored", previous_id=first.id, prefill=True)
    assert store.answers(second.id) == store.answers(first.id)
    assert (second.organization_id, second.unit_id, second.previous_id) == (
        first.organization_id,
        first.unit_id,
        first.id,
    )
    assert second.organization_name == "Prefill Org" and not second.submitted
    assert store.save_answer(second.id, "a", "4", datetime.now(UTC)) is True
    assert store.answers(first.id)["a"].value == "3"
    blank, _ = start(store, previous_id=first.id)
    assert store.answers(blank.id) == {}
    with pytest.raises(ValueError):
        start(store, prefill=True)


def test_history_lists_submitted_assessments_of_the_unit_oldest_first(store: Store) -> None:
    first, _ = start(store, org="History Org", unit="Unit H")
    store.submit(first.id, '{"n": 1}', "v1")
    later, _ = start(store, previous_id=first.id)
    sooner, _ = start(store, previous_id=first.id)
    store.submit(sooner.id, '{"n": 2}', "v1")
    store.submit(later.id, '{"n": 3}', "v2")
    in_progress, _ = start(store, previous_id=later.id)
    stranger, _ = start(store, org="History Org", unit="Unit H")
    store.submit(stranger.id, "{}", "v1")
    history = store.history(in_progress.id)
    assert [r.id for r in history] == [first.id, sooner.id, later.id]
    assert [r.result_json for r in history] == ['{"n": 1}', '{"n": 2}', '{"n": 3}']
    assert store.history(stranger.id) == [store.get(stranger.id)]


def test_history_without_a_unit(store: Store) -> None:
    first, _ = start(store, unit=None)
    store.submit(first.id, "{}", "v1")
    second, _ = start(store, previous_id=first.id)
    assert first.unit_id is None and first.unit_name is None
    assert [r.id for r in store.history(second.id)] == [first.id]


def test_history_and_reassessment_keep_to_one_respondent(store: Store) -> None:
    # Two people answer for one unit: neither sees the other's results as their own earlier ones.
    ws = Workspace(store, Accounts(store).create(f"hist-{secrets.token_hex(4)}", "correct horse battery"))
    client = ws.create_client("Museo Respondents", "museum")
    unit = ws.create_unit(client.id, "Prensa")
    head, _ = ws.issue_link(client.id, unit.id, "en", "2025.1", respondent="Directora")
    intern, _ = ws.issue_link(client.id, unit.id, "en", "2025.1", respondent="Becaria")
    unnamed, _ = ws.issue_link(client.id, unit.id, "en", "2025.1")
    for n, record in enumerate((head, intern, unnamed)):
        store.submit(record.id, f'{{"n": {n}}}', "v1")
    assert [r.id for r in store.history(head.id)] == [head.id]
    assert [r.id for r in store.history(intern.id)] == [intern.id]
    assert [r.id for r in store.history(unnamed.id)] == [unnamed.id]

    # A re-assessment is the same person's again: it keeps the respondent and sees only their results.
    again, _ = start(store, org="ignored", unit="ignored", previous_id=head.id, prefill=True)
    unnamed_again, _ = start(store, previous_id=unnamed.id)
    respondents = {row.id: row.respondent for row in ws.assessments()}
    assert (again.organization_id, again.unit_id) == (client.id, unit.id)
    assert (respondents[again.id], respondents[unnamed_again.id]) == ("Directora", None)
    assert [r.id for r in store.history(again.id)] == [head.id]
    store.submit(again.id, '{"n": 3}', "v1")
    assert [r.id for r in store.history(again.id)] == [head.id, again.id]
    assert [r.id for r in store.history(intern.id)] == [intern.id]


# --- several processes -------------------------------------------------------------------------


def test_two_stores_on_one_database_see_each_others_writes(store: Store, other_store: Store) -> None:
    record, token = start(store)
    opened = other_store.open(token)
    assert opened is not None and opened.id == record.id
    other_store.save_answer(record.id, "q", "2", T0, "from replica B")
    assert store.answers(record.id)["q"] == StoredAnswer("2", "from replica B", None, T0)
    store.submit(record.id, "{}", "v")
    with pytest.raises(AssessmentFrozen):
        other_store.save_answer(record.id, "q", "3", T0 + timedelta(days=1))


def test_concurrent_writers_keep_the_newest_answer(store: Store, other_store: Store) -> None:
    record, _ = start(store)
    errors: list[BaseException] = []

    def writer(s: Store, parity: int) -> None:
        try:
            for i in range(parity, 60, 2):
                s.save_answer(record.id, f"q{i % 3}", str(i % 5), T0 + timedelta(seconds=i))
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(s, p)) for s, p in ((store, 0), (other_store, 1))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    final = store.answers(record.id)
    for q in range(3):
        newest = max(i for i in range(60) if i % 3 == q)
        assert final[f"q{q}"] == StoredAnswer(str(newest % 5), None, None, T0 + timedelta(seconds=newest))


@pytest.mark.postgres
def test_store_recovers_when_the_server_drops_its_connections(pg_url: str) -> None:
    # A PostgreSQL restart or failover leaves dead connections in the pool; pre-ping replaces them.
    store = Store(pg_url)
    try:
        record, token = start(store)
        store.save_answer(record.id, "q", "1", T0)
        admin = create_engine(normalize_url(pg_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            killed = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
        admin.dispose()
        assert killed >= 1
        assert store.ping() is True
        assert store.open(token) is not None
        assert store.save_answer(record.id, "q", "2", T0 + timedelta(seconds=1)) is True
        assert store.answers(record.id)["q"].value == "2"
    finally:
        store.close()


def test_an_in_memory_database_works_for_quick_experiments() -> None:
    store = Store("sqlite://")
    try:
        store.migrate()
        record, token = start(store)
        assert store.open(token) == record
        store.save_answer(record.id, "q", "2", T0)
        assert store.answers(record.id) == {"q": StoredAnswer("2", None, None, T0)}
    finally:
        store.close()


def test_token_rows_reference_their_assessment(store: Store, db_url: str) -> None:
    record, token = start(store)
    extra = store.new_token(record.id)
    engine = create_engine(normalize_url(db_url))
    with engine.connect() as conn:
        rows = conn.execute(
            select(AccessToken.token_hash).where(AccessToken.assessment_id == record.id)
        ).scalars()
        hashes = set(rows)
    engine.dispose()
    assert hashes == {hashlib.sha256(t.encode()).hexdigest() for t in (token, extra)}
