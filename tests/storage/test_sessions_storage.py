"""Consultants' server-side sessions in storage (SQLite and PostgreSQL): a ticket is traded for a cookie
once, the cookie resumes the session, sign-out and idle time end it, nothing raw is stored, and a session
belongs to its consultant alone."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from assessment.storage import Store
from assessment.storage.accounts import Accounts
from assessment.storage.sessions import IDLE_TIMEOUT, MAX_AGE, TICKET_TTL, TOUCH_EVERY, Sessions
from tests.storage_fixtures import dump_database

PASSWORD = "correct horse battery"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def sessions(store: Store) -> Sessions:
    return Sessions(store)


def consultant(store: Store, name: str = "ana") -> int:
    return Accounts(store).create(f"{name}-{secrets.token_hex(4)}", PASSWORD, name.title())


def signed_in(sessions: Sessions, consultant_id: int, at: datetime = T0) -> tuple[int, str]:
    session_id, ticket = sessions.begin(consultant_id, now=at)
    cookie = sessions.redeem(ticket, now=at + timedelta(seconds=1))
    assert cookie is not None
    return session_id, cookie


def test_a_ticket_is_traded_once_for_a_cookie_that_resumes_the_session(
    store: Store, sessions: Sessions
) -> None:
    ana = consultant(store, "ana")
    session_id, ticket = sessions.begin(ana, now=T0)
    cookie = sessions.redeem(ticket, now=T0 + timedelta(seconds=5))
    assert cookie is not None and cookie != ticket
    assert sessions.redeem(ticket, now=T0 + timedelta(seconds=6)) is None, "a ticket works once"
    resumed = sessions.resume(cookie, now=T0 + timedelta(minutes=5))
    assert resumed is not None
    assert (resumed.session_id, resumed.consultant_id, resumed.display_name) == (session_id, ana, "Ana")
    assert sessions.check(session_id, ana, now=T0 + timedelta(minutes=5))
    for forged in (ticket, "x" * 32, "", "not a cookie"):
        assert sessions.resume(forged, now=T0) is None


def test_a_late_ticket_is_refused(store: Store, sessions: Sessions) -> None:
    _, ticket = sessions.begin(consultant(store), now=T0)
    assert sessions.redeem(ticket, now=T0 + TICKET_TTL) is None


def test_only_hashes_are_stored(store: Store, sessions: Sessions, db_url: str) -> None:
    session_id, ticket = sessions.begin(consultant(store), now=datetime.now(UTC))
    dump = dump_database(db_url)
    assert ticket not in dump and hashlib.sha256(ticket.encode()).hexdigest() in dump
    cookie = sessions.redeem(ticket)
    assert cookie is not None
    dump = dump_database(db_url)
    assert cookie not in dump and hashlib.sha256(cookie.encode()).hexdigest() in dump
    assert hashlib.sha256(ticket.encode()).hexdigest() not in dump, "the used ticket's hash is gone"


def test_sign_out_ends_the_session_for_every_tab(store: Store, sessions: Sessions) -> None:
    ana = consultant(store)
    session_id, cookie = signed_in(sessions, ana)
    later = T0 + timedelta(minutes=2)
    sessions.end(session_id, now=later)
    assert sessions.resume(cookie, now=later) is None
    assert not sessions.check(session_id, ana, now=later)
    # Ending by the cookie (the sign-out route) does the same.
    other_id, other_cookie = signed_in(sessions, ana)
    sessions.end_cookie(other_cookie, now=later)
    assert sessions.resume(other_cookie, now=later) is None and not sessions.check(other_id, ana, now=later)


def test_idle_time_ends_a_session_and_use_keeps_it_alive(store: Store, sessions: Sessions) -> None:
    ana = consultant(store)
    session_id, cookie = signed_in(sessions, ana)
    # Used every 20 minutes for two hours: never idle for 30.
    at = T0
    for _ in range(6):
        at += timedelta(minutes=20)
        assert sessions.check(session_id, ana, now=at)
    last = at + IDLE_TIMEOUT - timedelta(seconds=1)
    assert sessions.resume(cookie, now=last) is not None, "29:59 idle: still alive (and now used)"
    assert sessions.resume(cookie, now=last + IDLE_TIMEOUT) is None, "30:00 idle: ended"
    assert not sessions.check(session_id, ana, now=at), "ended for good, even with an earlier clock"


def test_use_is_written_at_most_once_a_minute(store: Store, sessions: Sessions) -> None:
    ana = consultant(store)
    session_id, _ = signed_in(sessions, ana)
    # The cookie was taken at T0 + 1 s. A check 30 s later is within the minute: it does not move last use,
    # so at T0 + 1 s + 30 min the session has been idle 30 minutes (it would be 29.5 had the check counted).
    assert sessions.check(session_id, ana, now=T0 + TOUCH_EVERY / 2)
    assert not sessions.check(session_id, ana, now=T0 + timedelta(seconds=1) + IDLE_TIMEOUT)


def test_twelve_hours_end_even_a_busy_session(store: Store, sessions: Sessions) -> None:
    ana = consultant(store)
    session_id, cookie = signed_in(sessions, ana)
    at = T0
    while at < T0 + MAX_AGE - timedelta(minutes=10):
        at += timedelta(minutes=10)
        assert sessions.check(session_id, ana, now=at)
    assert sessions.resume(cookie, now=T0 + MAX_AGE) is None


def test_a_session_belongs_to_its_consultant_alone(store: Store, sessions: Sessions) -> None:
    ana, bea = consultant(store, "ana"), consultant(store, "bea")
    ana_session, ana_cookie = signed_in(sessions, ana)
    assert not sessions.check(ana_session, bea, now=T0), "Bea's tab cannot pass off Ana's session id"
    resumed = sessions.resume(ana_cookie, now=T0)
    assert resumed is not None and resumed.consultant_id == ana


def test_a_revoked_session_cannot_trade_its_ticket(store: Store, sessions: Sessions) -> None:
    session_id, ticket = sessions.begin(consultant(store), now=T0)
    sessions.end(session_id, now=T0)
    assert sessions.redeem(ticket, now=T0 + timedelta(seconds=1)) is None


def _revoked_at(store: Store, session_id: int) -> datetime | None:
    from sqlalchemy import select

    from assessment.storage.models import ConsultantSession

    with store.tx() as conn:
        at = conn.execute(
            select(ConsultantSession.revoked_at).where(ConsultantSession.id == session_id)
        ).scalar()
    return None if at is None else at.replace(tzinfo=UTC) if at.tzinfo is None else at


def _switch_off(monkeypatch: pytest.MonkeyPatch, *stores: Store) -> Callable[[], None]:
    """The database away for these stores (each `tx` raises StorageUnavailable); returns what puts it back."""
    from assessment.storage import StorageUnavailable

    present = [store.tx for store in stores]

    def away(write: bool = False) -> Iterator[Any]:
        raise StorageUnavailable("database unavailable: switched off for the test")

    for store in stores:
        monkeypatch.setattr(store, "tx", away)

    def back() -> None:
        for store, tx in zip(stores, present, strict=True):
            monkeypatch.setattr(store, "tx", tx)

    return back


@pytest.mark.parametrize("how", ["end", "end_cookie"])
def test_a_sign_out_the_database_missed_is_written_before_any_session_resumes(
    store: Store, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    from assessment.storage import StorageUnavailable

    # The pages and the cookie route each have a Store of their own, on the same database.
    pages = Sessions(store)
    route_store = Store(store.database)
    route = Sessions(route_store)
    ana, bea = consultant(store, "ana"), consultant(store, "bea")
    session_id, cookie = signed_in(pages, ana)
    other_id, other_cookie = signed_in(pages, bea)
    # What a request does, without the process's own retries (the next test): they could write first.
    monkeypatch.setattr(Sessions, "_keep_trying", lambda self: None)
    # The database is away when Ana signs out: from the page (its session id), or at the cookie route.
    back = _switch_off(monkeypatch, store, route_store)
    signed_out = T0 + timedelta(minutes=5)
    with pytest.raises(StorageUnavailable):
        if how == "end":
            pages.end(session_id, now=signed_out)
        else:
            route.end_cookie(cookie, now=signed_out)
    # Still away, the process refuses her session already, without asking the database.
    if how == "end":
        assert not Sessions(store).check(session_id, ana, now=signed_out + timedelta(minutes=1))
    else:
        assert Sessions(store).resume(cookie, now=signed_out + timedelta(minutes=1)) is None

    # It is back: the first session looked at, even another consultant's, writes the sign-out first.
    back()
    assert _revoked_at(store, session_id) is None
    later = signed_out + timedelta(minutes=2)
    assert Sessions(store).check(other_id, bea, now=later)
    assert _revoked_at(store, session_id) == signed_out
    assert Sessions(store).resume(cookie, now=later) is None
    assert not Sessions(store).check(session_id, ana, now=later)
    assert Sessions(store).resume(other_cookie, now=later) is not None, "Bea's session stands"
    route_store.close()


def test_a_sign_out_the_database_missed_is_written_once_it_is_back_with_no_request_to_the_process(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another replica knows nothing of a sign-out this process could not write: without a request here it
    would stay unwritten, and the session's cookie good elsewhere. The process tries again by itself."""
    import threading
    import time

    from assessment.storage import StorageUnavailable
    from assessment.storage import sessions as module

    monkeypatch.setattr(module, "RETRY_EVERY", 0.05)
    route_store = Store(store.database)
    pages, route = Sessions(store), Sessions(route_store)
    ana, bea = consultant(store, "ana"), consultant(store, "bea")
    ana_id, _ = signed_in(pages, ana)
    bea_id, bea_cookie = signed_in(pages, bea)
    ours = set(threading.enumerate())
    back = _switch_off(monkeypatch, store, route_store)
    signed_out = T0 + timedelta(minutes=5)
    try:
        with pytest.raises(StorageUnavailable):
            pages.end(ana_id, now=signed_out)  # Ana from the page
        with pytest.raises(StorageUnavailable):
            route.end_cookie(bea_cookie, now=signed_out + timedelta(seconds=1))  # Bea at the cookie route
        # One thread for the database, for both; several tries, all refused: still trying.
        (thread,) = [t for t in threading.enumerate() if t not in ours and t.name == module.RETRY_THREAD]
        time.sleep(0.3)
        assert thread.is_alive() and module._unended(store).retrying

        # Back: no page asks anything of this process, and the thread writes both and ends.
        back()
        thread.join(timeout=20)
        assert not thread.is_alive()
        assert _revoked_at(route_store, ana_id) == signed_out
        assert _revoked_at(route_store, bea_id) == signed_out + timedelta(seconds=1)
        unended = module._unended(store)
        assert not (unended.ids or unended.hashes or unended.missed or unended.retrying)
        # Another replica (a Store of its own) refuses both now.
        other = Store(store.database)
        later = signed_out + timedelta(minutes=2)
        assert not Sessions(other).check(ana_id, ana, now=later)
        assert Sessions(other).resume(bea_cookie, now=later) is None
        other.close()
    finally:
        back()
        with module._unended(store).lock:  # nothing left behind for another test on this database
            module._unended(store).ids.clear()
            module._unended(store).hashes.clear()
        route_store.close()


def test_a_sign_out_missed_longer_than_a_session_lives_is_let_go(store: Store) -> None:
    """A database away for good must not keep a thread trying for ever: past MAX_AGE the session ended by its
    age, so what is left of its sign-out is dropped, and the thread ends."""
    import time

    from assessment.storage import sessions as module

    sessions = Sessions(store)
    unended = module._unended(store)
    now = time.monotonic()
    hours = MAX_AGE.total_seconds()
    with unended.lock:
        unended.ids |= {101: T0, 102: T0}
        unended.hashes |= {"old": T0}
        unended.missed |= {101: now - hours - 60, 102: now - hours + 60, "old": now - hours - 1}
    try:
        sessions._let_go()
        assert unended.ids == {102: T0} and unended.hashes == {} and set(unended.missed) == {102}
    finally:
        with unended.lock:
            unended.ids.clear()
            unended.hashes.clear()
            unended.missed.clear()
