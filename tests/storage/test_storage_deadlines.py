"""Every database call has a deadline, and concurrent writers neither fail nor lose anything.

A silent network (a proxy that stops forwarding and closes nothing), a row lock nobody releases, fifty writers
at once. The bounds below (a thread that must return within a minute) say "it returns at all"; how fast
saves are is measured by `make bench` (benchmarks/bench_storage.py), never here.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from assessment.storage import AnswerInput, StorageUnavailable, Store
from assessment.storage.breaker import OPEN_FOR_S
from assessment.storage.pg import unbounded
from tests.server import running_app
from tests.silent_proxy import SilentProxy
from tests.storage_fixtures import BACKENDS, T0, start

# Far above the few seconds the deadlines allow: only a call that never returns reaches it.
RETURNS_WITHIN_S = 60


def outcome(call: Callable[[], Any]) -> tuple[Any, float]:
    """Runs `call` in a thread, waits for it at most RETURNS_WITHIN_S: (its result or exception, seconds)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the test to look at
            box["value"] = exc

    started = time.monotonic()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(RETURNS_WITHIN_S)
    assert not worker.is_alive(), f"the call was still blocked after {RETURNS_WITHIN_S} s"
    return box["value"], time.monotonic() - started


@pytest.fixture
def proxied(pg_url: str) -> Iterator[tuple[Store, SilentProxy]]:
    url = make_url(pg_url)
    proxy = SilentProxy(url.host or "127.0.0.1", url.port or 5432)
    store = Store(url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False))
    try:
        yield store, proxy
    finally:
        proxy.close()
        store.close()


@pytest.mark.postgres
def test_a_silent_network_turns_a_save_into_storage_unavailable(
    proxied: tuple[Store, SilentProxy], pg_url: str
) -> None:
    store, proxy = proxied
    record, _ = start(store)
    assert store.save_answer(record.id, "q1", "2", T0)  # the pool now holds an open connection

    proxy.silence()
    failed, seconds = outcome(lambda: store.save_answer(record.id, "q2", "3", T0 + timedelta(seconds=1)))
    assert isinstance(failed, StorageUnavailable), failed
    print(f"silent network → StorageUnavailable after {seconds:.1f} s")
    # For a moment the next calls do not wait out a deadline of their own: they fail at once.
    again, _ = outcome(lambda: store.answers(record.id))
    assert isinstance(again, StorageUnavailable) and "not tried yet" in str(again), again
    healthy, _ = outcome(store.ping)
    assert healthy is False
    # Then a call tries again: a new connection, which gets nowhere either.
    time.sleep(OPEN_FOR_S)
    retried, _ = outcome(lambda: store.answers(record.id))
    assert isinstance(retried, StorageUnavailable) and "not tried yet" not in str(retried), retried

    # The network comes back: the answer the app kept is written, with the time it was given.
    proxy.resume()
    time.sleep(OPEN_FOR_S)
    written, _ = outcome(
        lambda: store.save_answers(record.id, {"q2": AnswerInput("3", T0 + timedelta(seconds=1))})
    )
    assert written == {"q2"}, written
    check = Store(pg_url)
    try:
        stored = check.answers(record.id)
    finally:
        check.close()
    assert {q: a.value for q, a in stored.items()} == {"q1": "2", "q2": "3"}


@pytest.mark.postgres
def test_healthz_says_503_when_the_database_goes_silent(pg_url: str) -> None:
    # What the load balancer probes (deploy/haproxy.cfg): a replica whose database went silent must
    # answer 503, not hang the probe, so that HAProxy sends its sessions elsewhere.
    url = make_url(pg_url)
    proxy = SilentProxy(url.host or "127.0.0.1", url.port or 5432)
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        with running_app({"DATABASE_URL": through}, asgi=True) as app:
            with urllib.request.urlopen(f"{app}/healthz", timeout=RETURNS_WITHIN_S) as resp:
                assert resp.status == 200
            proxy.silence()
            with pytest.raises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(f"{app}/healthz", timeout=RETURNS_WITHIN_S)
            assert caught.value.code == 503
            assert json.loads(caught.value.read())["database"] == "unreachable"
    finally:
        proxy.close()


@pytest.mark.postgres
def test_a_row_lock_nobody_releases_ends_in_storage_unavailable(store: Store, pg_url: str) -> None:
    record, _ = start(store)
    # Another client (a stuck replica, an operator's open psql session) holds the assessment's row.
    libpq = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq) as holder:
        holder.execute("SELECT id FROM assessments WHERE id = %s FOR UPDATE", (record.id,))
        failed, _ = outcome(lambda: store.save_answer(record.id, "q1", "1", T0))
        assert isinstance(failed, StorageUnavailable), failed
        holder.rollback()
    assert store.save_answer(record.id, "q1", "1", T0)
    assert store.answers(record.id)["q1"].value == "1"


@pytest.fixture(params=[pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.mark.postgres
def test_postgresql_sessions_carry_their_timeouts(store: Store, pg_url: str) -> None:
    with store.tx() as conn:
        shown = {
            name: conn.exec_driver_sql(f"SHOW {name}").scalar()
            for name in ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout")
        }
        driver = conn.connection.driver_connection
        assert driver is not None
        client = driver.info.get_parameters()
    assert shown == {
        "statement_timeout": "4s",
        "lock_timeout": "2s",
        "idle_in_transaction_session_timeout": "10s",
    }
    assert client["tcp_user_timeout"] == "5000"
    assert (client["keepalives"], client["keepalives_idle"], client["keepalives_count"]) == ("1", "5", "2")

    # An operator's own settings in DATABASE_URL win over ours.
    own = Store(f"{pg_url}?options=-c%20statement_timeout%3D9000&tcp_user_timeout=7000")
    try:
        with own.tx() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "9s"
            assert conn.exec_driver_sql("SHOW lock_timeout").scalar() == "2s"
            assert driver.info.get_parameters()["tcp_user_timeout"] == "7000"
            # Migrations wait for one another's lock and may rewrite a big table: no timeout there.
            with unbounded(conn):
                assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "0"
                assert conn.exec_driver_sql("SHOW lock_timeout").scalar() == "0"
                assert driver.deadline_s is None
            assert driver.deadline_s == 5.0
    finally:
        own.close()


WRITERS = 50
SAVES = 10
VALUES = ("0", "1", "2", "3", "4", "dk", "na")


def hammer(store: Store, assessment_ids: list[int], shared: bool) -> list[BaseException]:
    errors: list[BaseException] = []
    gate = threading.Barrier(WRITERS)

    def write(writer: int) -> None:
        gate.wait()
        for i in range(SAVES):
            qid = f"w{writer}_q{i}" if shared else f"q{i}"
            try:
                store.save_answer(assessment_ids[writer], qid, VALUES[(writer + i) % 7], datetime.now(UTC))
            except Exception as exc:  # noqa: BLE001 - collected: the test asserts there are none
                errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(RETURNS_WITHIN_S)
    assert not any(t.is_alive() for t in threads), "a writer was still blocked"
    return errors


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
@pytest.mark.parametrize("shared", [False, True], ids=["own_assessments", "one_assessment"])
def test_fifty_concurrent_writers_see_no_error_and_lose_nothing(store: Store, shared: bool) -> None:
    if shared:  # fifty tabs on one assessment
        ids = [start(store)[0].id] * WRITERS
    else:  # fifty people, one assessment each
        ids = [start(store, org=f"Org {w}")[0].id for w in range(WRITERS)]
    assert hammer(store, ids, shared) == []
    for writer in range(WRITERS):
        stored = store.answers(ids[writer])
        for i in range(SAVES):
            qid = f"w{writer}_q{i}" if shared else f"q{i}"
            assert stored[qid].value == VALUES[(writer + i) % 7], (writer, qid)
    assert sum(len(store.answers(i)) for i in set(ids)) == WRITERS * SAVES


def committed_order(store: Store, record_id: int, turn: int) -> list[str]:
    """One writer holds SQLite's lock; "first" comes, then ten later savers; the lock is released."""
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.tx(write=True) as conn:
            conn.execute(text("UPDATE assessments SET section = 'held' WHERE id = :id"), {"id": record_id})
            holding.set()
            release.wait(RETURNS_WITHIN_S)

    def save(name: str) -> None:
        store.save_answer(record_id, f"{name}_{turn}", "1", datetime.now(UTC))

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(RETURNS_WITHIN_S)
    first = threading.Thread(target=save, args=("first",))
    first.start()
    time.sleep(0.5)  # "first" is waiting well before the others come
    later = [threading.Thread(target=save, args=(f"later{i}",)) for i in range(10)]
    for thread in later:
        thread.start()
    time.sleep(0.5)
    release.set()
    for thread in [holder, first, *later]:
        thread.join(RETURNS_WITHIN_S)
    with store.tx() as conn:  # one writer at a time: the rowid order is the order the saves committed
        order = conn.execute(text("SELECT question_id FROM answers ORDER BY rowid")).scalars().all()
    return [q.rsplit("_", 1)[0] for q in order if q.endswith(f"_{turn}")]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_sqlite_writers_are_served_in_the_order_they_came(store: Store) -> None:
    # SQLite has one writer at a time. Its busy handler polls with growing sleeps, so a save that has
    # waited long could lose the lock to one that came later, again and again, until it failed with
    # "database is locked". Waiting writers now queue: the first to come is the first served.
    record, _ = start(store)
    for turn in range(2):
        committed = committed_order(store, record.id, turn)
        assert len(committed) == 11
        assert committed[0] == "first", committed
