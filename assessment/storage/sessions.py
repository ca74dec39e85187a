"""Server-side sessions of the built-in sign-in: a consultant stays signed in across a reload and in a
second tab, for a bounded time.

A sign-in opens a session row and hands the page a one-time ticket. The page trades the ticket (once, within
TICKET_TTL) at a small HTTP route for a cookie holding a random session id (HttpOnly, so no script in the
page can read it); the database keeps only the id's SHA-256. A reload or a new tab sends the cookie with its
WebSocket handshake and resumes the session. A session ends at sign-out, after IDLE_TIMEOUT without use and
MAX_AGE after the sign-in, whichever comes first; an ended session never resumes.

A sign-out the database could not take (it was unavailable to this process) is remembered by the process,
per database, and written before the process resumes or checks any session again, and by a thread of the
process that tries every RETRY_EVERY until the database takes it, so that it is written even if no one comes
back to this process. Until then the process refuses the session: a check of its id (a sign-out from the
page) or a resume by its cookie (a sign-out at the cookie route, which knows the cookie but not the id).
Another replica knows of it only once it is written: about RETRY_EVERY, plus one try's wait, after this
process reaches the database again. Where the database was away for every replica, none of them could
resume or check a session meanwhile; where only this process could not reach it (its own link, its breaker,
its write queue full), the others take the session's cookie until then — the browser drops it at sign-out
all the same. A sign-out still unwritten MAX_AGE after it was made is let go: the session has ended by its
age by then."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from . import tokens
from .errors import StorageUnavailable
from .models import Consultant, ConsultantSession
from .store import Store

IDLE_TIMEOUT = timedelta(minutes=30)
MAX_AGE = timedelta(hours=12)
TICKET_TTL = timedelta(minutes=2)
# last_seen_at is written at most this often: one UPDATE a minute, not one per click.
TOUCH_EVERY = timedelta(minutes=1)
COOKIE_NAME = "foco_session"
# How often a process tries again to write the sign-outs the database missed (seconds).
RETRY_EVERY = 5.0
RETRY_THREAD = "foco-sign-outs"

log = logging.getLogger("foco")


@dataclass(frozen=True, slots=True)
class Resumed:
    session_id: int
    consultant_id: int
    display_name: str


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Unended:
    """Sign-outs of one store the database could not take: session ids and cookie hashes, with when."""

    ids: dict[int, datetime] = field(default_factory=dict)
    hashes: dict[str, datetime] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # When each was missed (time.monotonic): one still unwritten after MAX_AGE is let go (Sessions._let_go).
    missed: dict[int | str, float] = field(default_factory=dict)
    retrying: bool = False  # a thread is trying to write them (Sessions._keep_trying)


# Per database, not per Store: the cookie route and the pages each have a Store of their own.
_UNENDED: dict[str, _Unended] = {}
_UNENDED_LOCK = threading.Lock()


def _unended(store: Store) -> _Unended:
    with _UNENDED_LOCK:
        return _UNENDED.setdefault(store.database, _Unended())


class Sessions:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._unended = _unended(store)

    def begin(self, consultant_id: int, now: datetime | None = None) -> tuple[int, str]:
        """A new session for a consultant who has just signed in: (its id, the one-time ticket)."""
        now = now or _now()
        ticket = tokens.new_token()
        with self._store.tx(write=True) as conn:
            # Sessions past their maximum age are of no use to anyone: keep the table small.
            conn.execute(delete(ConsultantSession).where(ConsultantSession.created_at < now - 2 * MAX_AGE))
            session_id = conn.execute(
                insert(ConsultantSession)
                .values(
                    consultant_id=consultant_id,
                    ticket_hash=tokens.token_hash(ticket),
                    created_at=now,
                    last_seen_at=now,
                )
                .returning(ConsultantSession.id)
            ).scalar_one()
        return int(session_id), ticket

    def redeem(self, ticket: str, now: datetime | None = None) -> str | None:
        """Trade a fresh ticket for the cookie's value, once; None for anything else."""
        if not tokens.is_well_formed(ticket):
            return None
        now = now or _now()
        value = tokens.new_token()
        with self._store.tx(write=True) as conn:
            # One UPDATE decides: two requests racing with one ticket cannot both win.
            done = conn.execute(
                update(ConsultantSession)
                .where(
                    ConsultantSession.ticket_hash == tokens.token_hash(ticket),
                    ConsultantSession.token_hash.is_(None),
                    ConsultantSession.revoked_at.is_(None),
                    ConsultantSession.created_at > now - TICKET_TTL,
                )
                .values(ticket_hash=None, token_hash=tokens.token_hash(value), last_seen_at=now)
            )
            return value if done.rowcount == 1 else None

    def resume(self, cookie: str, now: datetime | None = None) -> Resumed | None:
        """The live session the cookie names (and its consultant), or None."""
        if not tokens.is_well_formed(cookie):
            return None
        now = now or _now()
        token_hash = tokens.token_hash(cookie)
        if token_hash in self._unended.hashes:
            self._settle_if_back()
            return None  # signed out here while the database was away
        self._settle()
        with self._store.tx() as conn:
            row = conn.execute(
                select(
                    ConsultantSession.id,
                    ConsultantSession.consultant_id,
                    ConsultantSession.created_at,
                    ConsultantSession.last_seen_at,
                    ConsultantSession.revoked_at,
                    Consultant.display_name,
                )
                .join(Consultant, Consultant.id == ConsultantSession.consultant_id)
                .where(ConsultantSession.token_hash == token_hash)
            ).first()
        if row is None or row.id in self._unended.ids or not self._alive(row, now):
            return None
        return Resumed(int(row.id), int(row.consultant_id), str(row.display_name))

    def check(self, session_id: int, consultant_id: int, now: datetime | None = None) -> bool:
        """Whether a session still stands (run on every run of a signed-in page). Ends one that ran out."""
        now = now or _now()
        if session_id in self._unended.ids:
            self._settle_if_back()
            return False  # signed out here while the database was away
        self._settle()
        with self._store.tx() as conn:
            row = conn.execute(
                select(
                    ConsultantSession.id,
                    ConsultantSession.created_at,
                    ConsultantSession.last_seen_at,
                    ConsultantSession.revoked_at,
                ).where(ConsultantSession.id == session_id, ConsultantSession.consultant_id == consultant_id)
            ).first()
        return row is not None and self._alive(row, now)

    def end(self, session_id: int, now: datetime | None = None) -> None:
        """Sign out. With the database away this raises StorageUnavailable, and the process ends the session
        as soon as it can (see the module's docstring)."""
        self._end(self._unended.ids, session_id, self._revoke, now or _now())

    def end_cookie(self, cookie: str, now: datetime | None = None) -> None:
        if not tokens.is_well_formed(cookie):
            return
        self._end(self._unended.hashes, tokens.token_hash(cookie), self._revoke_hash, now or _now())

    def _end(
        self,
        pending: dict[Any, datetime],
        which: Any,
        revoke: Callable[[Connection, Any, datetime], None],
        now: datetime,
    ) -> None:
        """Revoke `which` (a session id or a cookie's hash); with the database away, keep it in `pending`
        for _settle and raise."""
        try:
            with self._store.tx(write=True) as conn:
                revoke(conn, which, now)
        except StorageUnavailable:
            with self._unended.lock:
                pending[which] = now
                self._unended.missed[which] = time.monotonic()
            self._keep_trying()
            raise

    def _keep_trying(self) -> None:
        """Start the thread that writes the missed sign-outs once the database is back, unless one runs: a
        request to this process would write them too (_settle), but none may come, and until they are
        written another replica would take the session's cookie."""
        unended = self._unended
        with unended.lock:
            if unended.retrying:
                return
            unended.retrying = True
        log.warning(
            "a sign-out could not be written (database unavailable): trying again every %ss", RETRY_EVERY
        )
        try:
            threading.Thread(target=self._retry, name=RETRY_THREAD, daemon=True).start()
        except BaseException:
            with unended.lock:
                unended.retrying = False  # the next missed sign-out tries to start one again
            raise

    def _retry(self) -> None:
        unended = self._unended
        failed = False  # an unforeseen error's traceback is logged once, not on every try
        try:
            while True:
                time.sleep(RETRY_EVERY)
                self._let_go()
                try:
                    self._settle()
                except StorageUnavailable:
                    pass  # still unavailable
                except Exception:  # never lose them to an unforeseen error: say so and try again
                    if not failed:
                        log.exception("writing the sign-outs the database missed failed; trying again")
                    failed = True
                # Under the lock _end adds under: a sign-out missed meanwhile keeps this thread running.
                with unended.lock:
                    if not (unended.ids or unended.hashes):
                        unended.retrying = False
                        unended.missed.clear()
                        break
        except BaseException:
            with unended.lock:
                unended.retrying = False  # the next missed sign-out starts a thread again
            raise
        log.warning("the sign-outs the database missed are written (or past their age)")

    def _let_go(self) -> None:
        """Forget sign-outs missed more than MAX_AGE ago: their sessions have ended by their age since."""
        unended = self._unended
        old = time.monotonic() - MAX_AGE.total_seconds()
        with unended.lock:
            for key in [k for k, at in unended.missed.items() if at < old]:
                del unended.missed[key]
                if isinstance(key, int):
                    unended.ids.pop(key, None)
                else:
                    unended.hashes.pop(key, None)

    def _settle_if_back(self) -> None:
        with contextlib.suppress(StorageUnavailable):  # still away: written on a later call
            self._settle()

    def _settle(self) -> None:
        """Write the sign-outs the database missed, before any session is resumed or checked; while it is
        still away this raises StorageUnavailable, as the read after it would. The lock is not held while
        writing: two runs may both write the same sign-outs, which is harmless (only a session not yet
        revoked is updated, with the time of its sign-out)."""
        unended = self._unended
        if not (unended.ids or unended.hashes):
            return  # the usual case: no lock taken on every signed-in page's run
        with unended.lock:
            ids, hashes = dict(unended.ids), dict(unended.hashes)
        if not (ids or hashes):
            return
        with self._store.tx(write=True) as conn:
            for session_id, at in ids.items():
                self._revoke(conn, session_id, at)
            for token_hash, at in hashes.items():
                self._revoke_hash(conn, token_hash, at)
        with unended.lock:
            for session_id in ids:
                unended.ids.pop(session_id, None)
            for token_hash in hashes:
                unended.hashes.pop(token_hash, None)

    def _alive(self, row: Any, now: datetime) -> bool:
        session_id: int = row.id
        if row.revoked_at is not None:
            return False
        idle = now - row.last_seen_at >= IDLE_TIMEOUT
        old = now - row.created_at >= MAX_AGE
        if idle or old:
            with self._store.tx(write=True) as conn:
                self._revoke(conn, session_id, now)
            return False
        if now - row.last_seen_at >= TOUCH_EVERY:
            with self._store.tx(write=True) as conn:
                conn.execute(
                    update(ConsultantSession)
                    .where(ConsultantSession.id == session_id, ConsultantSession.revoked_at.is_(None))
                    .values(last_seen_at=now)
                )
        return True

    @staticmethod
    def _revoke_hash(conn: Connection, token_hash: str, now: datetime) -> None:
        conn.execute(
            update(ConsultantSession)
            .where(ConsultantSession.token_hash == token_hash, ConsultantSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    @staticmethod
    def _revoke(conn: Connection, session_id: int, now: datetime) -> None:
        conn.execute(
            update(ConsultantSession)
            .where(ConsultantSession.id == session_id, ConsultantSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )
