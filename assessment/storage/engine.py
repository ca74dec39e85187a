from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from . import pg
from .gate import FairGate

REPO_ROOT = Path(__file__).resolve().parents[2]
# Another process writing the same SQLite file (a migration, a second app) is waited for this long; the
# threads of one process queue at the write gate instead, in order.
SQLITE_BUSY_TIMEOUT_MS = 5000
# Connections per process: sessions past this many queue at the gate, first come first served.
POOL_SIZE = 10
MAX_OVERFLOW = 10
# How long a transaction waits for its turn before the caller hears StorageUnavailable.
GATE_TIMEOUT_S = 5.0
# Engines from engine.execution_options(**WRITE) open SQLite transactions with BEGIN IMMEDIATE.
WRITE = {"foco_write": True}


def default_url() -> str:
    env = os.environ.get("DATABASE_URL", "").strip()
    if env:
        return env
    data = REPO_ROOT / "data"
    data.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data / 'foco.db'}"


def normalize_url(url: str) -> str:
    # Hosting platforms hand out postgres:// and postgresql:// URLs; we only ship psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass(frozen=True)
class Gates:
    """Every transaction passes `checkout` (as many at a time as the pool has connections); a write on
    SQLite first passes `write` (one at a time per database file: SQLite has one writer anyway)."""

    checkout: FairGate | None
    write: FairGate | None


_sqlite_write_gates: dict[str, FairGate] = {}
_sqlite_gates_lock = threading.Lock()


def make_gates(engine: Engine) -> Gates:
    pool_capacity = POOL_SIZE + MAX_OVERFLOW
    if engine.dialect.name != "sqlite":
        return Gates(FairGate(pool_capacity), None)
    database = engine.url.database or ""
    if database in ("", ":memory:") or "mode=memory" in database:
        return Gates(None, FairGate(1))
    # Two Stores of one process on one file (the app's and the health check's) share its write gate.
    key = database if database.startswith("file:") else str(Path(database).expanduser().resolve())
    with _sqlite_gates_lock:
        write = _sqlite_write_gates.setdefault(key, FairGate(1))
    return Gates(FairGate(pool_capacity), write)


def make_engine(url: str) -> Engine:
    sa_url = make_url(normalize_url(url))
    if sa_url.get_backend_name() == "sqlite":
        return _sqlite_engine(sa_url)
    kwargs: dict[str, Any] = {
        "pool_size": POOL_SIZE,
        "max_overflow": MAX_OVERFLOW,
        "pool_timeout": GATE_TIMEOUT_S,
    }
    if sa_url.get_backend_name() != "postgresql":
        return create_engine(sa_url, pool_pre_ping=True, **kwargs)
    # Without these, a black-holed host or a silent network hangs a save for as long as one waits.
    engine = create_engine(sa_url, connect_args=pg.connect_args(dict(sa_url.query)), **kwargs)

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: Any, record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
        record.info["fresh"] = True
        return pg.DeadlineConnection.connect(*cargs, **cparams)

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        # SQLAlchemy's pool_pre_ping, with a shorter deadline than a query's: a pooled connection
        # that went silent costs a moment, then a new one is opened (under its connect timeout).
        if record.info.pop("fresh", False):
            return
        dbapi_connection.deadline_s = pg.PING_DEADLINE_S
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # noqa: BLE001 - any failure means "not this connection"
            raise sa_exc.InvalidatePoolError(f"pooled connection did not answer: {exc}") from exc
        finally:
            dbapi_connection.deadline_s = pg.ROUND_TRIP_DEADLINE_S
        if not alive:
            raise sa_exc.InvalidatePoolError("pooled connection did not answer")

    return engine


def _sqlite_engine(sa_url: URL) -> Engine:
    database = sa_url.database or ""
    if database in ("", ":memory:") or "mode=memory" in database:
        # One shared connection, or every checkout would see its own empty database. Tests only.
        engine = create_engine(sa_url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif database.startswith("file:"):
        engine = create_engine(
            sa_url, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW, pool_timeout=GATE_TIMEOUT_S
        )
    else:
        # A folder we cannot create surfaces later as StorageUnavailable on first use.
        with contextlib.suppress(OSError):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            sa_url, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW, pool_timeout=GATE_TIMEOUT_S
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so _on_begin decides how BEGIN looks.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the lock up front: a deferred transaction that reads and then writes
        # fails with "database is locked" (no busy wait) when another writer got in between.
        if conn.get_execution_options().get("foco_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine
