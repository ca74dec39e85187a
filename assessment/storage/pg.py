"""PostgreSQL connections that never wait forever.

Server side, every session runs with a statement timeout, a lock timeout and an idle-in-transaction timeout
(a replica cut off mid-transaction would otherwise keep its row locks until the server's TCP gives up, hours
later). Client side, libpq's TCP keepalives and `tcp_user_timeout` drop a connection whose packets go
unanswered, and `DeadlineConnection` bounds every round trip: a server that still accepts our packets but
never answers (a frozen host behind a proxy, a stuck pooler) ends the call with an OperationalError, which
the Store turns into StorageUnavailable like any other outage.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.rows import TupleRow
from sqlalchemy import Connection

CONNECT_TIMEOUT_S = 3
STATEMENT_TIMEOUT_MS = 4000
LOCK_TIMEOUT_MS = 2000
IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000
# Longer than the statement timeout, so that a slow but living server answers with its own clean
# "canceling statement" first; this one is for a server that does not answer at all.
ROUND_TRIP_DEADLINE_S = 5.0
# The check of a pooled connection before use: a few round trips' worth on any network.
PING_DEADLINE_S = 2.0
TCP_USER_TIMEOUT_MS = 5000
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 2}

# psycopg raises this private subclass of OperationalError when Connection.wait's timeout runs out.
_WaitTimeout = pg_errors._WaitTimeout


class DeadlineConnection(psycopg.Connection[TupleRow]):
    """A psycopg connection whose every round trip (query, commit, rollback, ping) has a deadline."""

    deadline_s: float | None = ROUND_TRIP_DEADLINE_S

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        if timeout is None:
            timeout = self.deadline_s
        try:
            return super().wait(gen, interval=interval, timeout=timeout)
        except _WaitTimeout as exc:
            # Mid-protocol, the connection cannot be used again: close it, so that SQLAlchemy sees a
            # disconnect and the pool drops it instead of handing it to the next caller.
            self.pgconn.finish()
            raise psycopg.OperationalError(
                f"the database did not answer within {timeout:g} s (connection closed)"
            ) from exc


def connect_args(query: dict[str, Any]) -> dict[str, Any]:
    """libpq parameters for a URL whose own query string is `query`: the URL's values win."""
    args: dict[str, Any] = {}
    defaults = {"connect_timeout": CONNECT_TIMEOUT_S, "tcp_user_timeout": TCP_USER_TIMEOUT_MS, **KEEPALIVES}
    for key, value in defaults.items():
        if key not in query:
            args[key] = value
    # Ours first: for a setting given twice in `options`, PostgreSQL keeps the last, the operator's.
    options = (
        f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS} "
        f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_TIMEOUT_MS}"
    )
    given = query.get("options")
    args["options"] = f"{options} {given}" if given else options
    return args


@contextmanager
def unbounded(conn: Connection) -> Iterator[None]:
    """No timeouts for this transaction: migrations wait for each other's lock and may rewrite a big table."""
    if conn.dialect.name != "postgresql":
        yield
        return
    conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
    conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
    raw = conn.connection.driver_connection
    previous = getattr(raw, "deadline_s", None)
    if isinstance(raw, DeadlineConnection):
        raw.deadline_s = None
    try:
        yield
    finally:
        if isinstance(raw, DeadlineConnection):
            raw.deadline_s = previous
