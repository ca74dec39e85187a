"""Links that end and read-only share links, in storage (SQLite and PostgreSQL): withdrawn and expired links
open nothing, a new link can withdraw the old ones, a share link opens only a submitted report and never the
survey, only hashes are stored, when each was last opened — and isolation: another consultant, or a person
holding another assessment's link, reaches none of it."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text, update

from assessment.records import ACTIVE, EXPIRED, RESUME, SHARE, WITHDRAWN
from assessment.storage import Store
from assessment.storage.accounts import Accounts
from assessment.storage.errors import NotSubmitted
from assessment.storage.links import SelfLinks
from assessment.storage.models import AccessToken
from assessment.storage.workspace import NotFound, Workspace
from tests.storage_fixtures import dump_database, start

PASSWORD = "correct horse battery"


def consultant(store: Store, name: str = "ana") -> Workspace:
    # The PostgreSQL database is shared by the tests of a session: names unique per test.
    return Workspace(store, Accounts(store).create(f"{name}-{secrets.token_hex(4)}", PASSWORD))


def expire(store: Store, token: str, ago: timedelta = timedelta(seconds=1)) -> None:
    """Move a link's expiry into the past, as the passing of time would."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    with store.tx(write=True) as conn:
        conn.execute(
            update(AccessToken)
            .where(AccessToken.token_hash == digest)
            .values(expires_at=datetime.now(UTC) - ago)
        )


def submitted(ws: Workspace, store: Store, client: str = "Biblioteca de Soria") -> tuple[int, int, str]:
    """(client id, assessment id, resume token) of a submitted assessment of one of ws's clients."""
    org = ws.create_client(f"{client} {secrets.token_hex(3)}", "library")
    record, token = ws.issue_link(org.id, None, "es", "2026.1")
    store.save_answer(record.id, "q1", "3", datetime.now(UTC))
    store.submit(record.id, '{"result": {}}', "2026.1")
    return org.id, record.id, token


def by_id(rows: list, link_id: int):
    return next(r for r in rows if r.id == link_id)


def test_a_withdrawn_or_expired_resume_link_opens_nothing(store: Store) -> None:
    ws = consultant(store)
    org = ws.create_client("Radio Soria", "company")
    record, token = ws.issue_link(org.id, None, "es", "2026.1")
    [row] = ws.links(org.id)
    assert (row.kind, row.state(datetime.now(UTC)), row.last_opened_at) == (RESUME, ACTIVE, None)

    before = datetime.now(UTC)
    assert store.open(token) is not None and store.still_open(token)
    [row] = ws.links(org.id)
    assert row.last_opened_at is not None and row.last_opened_at >= before, "the opening is noted"

    assert ws.withdraw_link(row.id) is True
    assert ws.withdraw_link(row.id) is False, "already withdrawn"
    assert store.open(token) is None and not store.still_open(token)
    assert ws.links(org.id)[0].state(datetime.now(UTC)) == WITHDRAWN

    later = datetime.now(UTC) + timedelta(days=3)
    fresh = ws.new_link(record.id, expires_at=later)
    assert store.open(fresh) is not None
    link = next(r for r in ws.links(org.id) if r.withdrawn_at is None)
    assert link.expires_at == later
    expire(store, fresh)
    assert store.open(fresh) is None and not store.still_open(fresh)
    assert by_id(ws.links(org.id), link.id).state(datetime.now(UTC)) == EXPIRED


def test_a_new_link_can_withdraw_the_old_ones_but_not_the_share_links(store: Store) -> None:
    ws = consultant(store)
    org_id, assessment_id, first = submitted(ws, store)
    second = ws.new_link(assessment_id)
    shared = ws.share_link(assessment_id)
    assert store.open(first) and store.open(second), "without the option the old link keeps working"
    third = ws.new_link(assessment_id, withdraw_old=True)
    assert store.open(first) is None and store.open(second) is None
    assert store.open(third) is not None
    assert store.open_shared(shared) is not None, "a share link is not a resume link: it stays"
    states = sorted((r.kind, r.state(datetime.now(UTC))) for r in ws.links(org_id))
    assert states == [(RESUME, ACTIVE), (RESUME, WITHDRAWN), (RESUME, WITHDRAWN), (SHARE, ACTIVE)]


def test_a_share_link_opens_only_the_submitted_report_and_never_the_survey(store: Store) -> None:
    ws = consultant(store)
    org = ws.create_client("Museo del Prado", "public_body")
    record, resume = ws.issue_link(org.id, None, "es", "2026.1")
    with pytest.raises(NotSubmitted):
        ws.share_link(record.id)
    store.submit(record.id, '{"result": {}}', "2026.1")
    shared = ws.share_link(record.id, label="Junta directiva")
    opened = store.open_shared(shared)
    assert opened is not None and opened.id == record.id and opened.submitted
    assert store.open(shared) is None, "a share token never opens the survey"
    assert store.open_shared(resume) is None, "a resume token is not a share link"
    assert store.still_open(shared, SHARE) and not store.still_open(shared, RESUME)
    row = next(r for r in ws.links(org.id) if r.kind == SHARE)
    assert (row.label, row.submitted) == ("Junta directiva", True)

    ws.withdraw_link(row.id)
    assert store.open_shared(shared) is None and not store.still_open(shared, SHARE)
    again = ws.share_link(record.id, expires_at=datetime.now(UTC) + timedelta(hours=1))
    assert store.open_shared(again) is not None
    expire(store, again)
    assert store.open_shared(again) is None


def test_only_hashes_of_links_are_stored(store: Store, db_url: str) -> None:
    ws = consultant(store)
    _, assessment_id, resume = submitted(ws, store)
    made = [resume, ws.new_link(assessment_id), ws.share_link(assessment_id)]
    dump = dump_database(db_url)
    for token in made:
        assert token not in dump
        assert hashlib.sha256(token.encode()).hexdigest() in dump


def test_an_expiry_must_lie_ahead_and_have_a_time_zone(store: Store) -> None:
    ws = consultant(store)
    org_id, assessment_id, _ = submitted(ws, store)
    for bad in (datetime.now(UTC) - timedelta(minutes=1), datetime(2099, 1, 1)):
        with pytest.raises(ValueError, match="expires_at"):
            ws.share_link(assessment_id, expires_at=bad)
        with pytest.raises(ValueError, match="expires_at"):
            ws.issue_link(org_id, None, "es", "2026.1", expires_at=bad)
    with pytest.raises(ValueError, match="label"):
        ws.share_link(assessment_id, label="x" * 101)
    assert len(ws.links(org_id)) == 1, "nothing was written by the refused calls"


def test_a_kind_outside_resume_and_share_is_refused_by_the_database(store: Store) -> None:
    _, token = start(store)
    digest = hashlib.sha256(token.encode()).hexdigest()
    with pytest.raises(Exception, match="(?i)check"), store.tx(write=True) as conn:
        conn.execute(text("UPDATE access_tokens SET kind = 'edit' WHERE token_hash = :h"), {"h": digest})


def test_another_consultant_reaches_no_link(store: Store) -> None:
    ana, bea = consultant(store, "ana"), consultant(store, "bea")
    org_id, assessment_id, resume = submitted(bea, store, "Bea's client")
    shared = bea.share_link(assessment_id)
    [link] = [r for r in bea.links(org_id) if r.kind == SHARE]
    missing = 10_000_000
    for org in (org_id, missing):
        with pytest.raises(NotFound, match="^client not found$"):
            ana.links(org)
    for target in (assessment_id, missing):
        with pytest.raises(NotFound, match="^assessment not found$"):
            ana.share_link(target)
        with pytest.raises(NotFound, match="^assessment not found$"):
            ana.new_link(target, withdraw_old=True)
    for link_id in (link.id, missing, "1", True, None):
        with pytest.raises(NotFound, match="^link not found$"):
            ana.withdraw_link(link_id)  # type: ignore[arg-type]  # wrong on purpose: refused at run time
    assert store.open(resume) is not None and store.open_shared(shared) is not None, "Bea's links stand"
    assert all(r.withdrawn_at is None for r in bea.links(org_id))


def test_a_self_assessing_person_manages_the_share_links_of_their_own_assessment(store: Store) -> None:
    record, resume = start(store, org="Asociación Vecinal")
    mine = SelfLinks(store, resume)
    assert mine.available() and mine.links() == []
    with pytest.raises(NotSubmitted):
        mine.share()
    store.submit(record.id, '{"result": {}}', "2025.1")
    shared = mine.share(label="Para la asamblea")
    assert shared is not None and store.open_shared(shared) is not None
    [row] = mine.links()
    assert (row.kind, row.label, row.last_opened_at is not None) == (SHARE, "Para la asamblea", True)

    # Someone else's self-assessment: its links are not reachable by id through this one's link.
    other_record, other_resume = start(store, org="Otra Asociación")
    store.submit(other_record.id, "{}", "2025.1")
    other_shared = SelfLinks(store, other_resume).share()
    [other_row] = SelfLinks(store, other_resume).links()
    assert mine.withdraw(other_row.id) is False
    assert other_shared is not None and store.open_shared(other_shared) is not None
    assert [r.id for r in mine.links()] == [row.id]

    assert mine.withdraw(row.id) is True
    assert store.open_shared(shared) is None

    # A withdrawn resume link reaches nothing any more.
    store.revoke(resume)
    assert not mine.available() and mine.links() == [] and mine.share() is None
    assert mine.withdraw(row.id) is False


def test_a_consultants_assessment_is_not_shared_through_its_resume_link(store: Store) -> None:
    ws = consultant(store)
    org_id, _, resume = submitted(ws, store)
    client_side = SelfLinks(store, resume)
    assert not client_side.available()
    assert client_side.share() is None and client_side.links() == []
    assert [r.kind for r in ws.links(org_id)] == [RESUME], "the consultant's list has no new link"
    for forged in ("x" * 32, "not a token", ""):
        assert not SelfLinks(store, forged).available()
