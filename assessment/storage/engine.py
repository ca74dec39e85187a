from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

REPO_ROOT = Path(__file__).resolve().parents[2]
SQLITE_BUSY_TIMEOUT_MS = 5000
PG_CONNECT_TIMEOUT_S = 5
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


def make_engine(url: str) -> Engine:
    sa_url = make_url(normalize_url(url))
    if sa_url.get_backend_name() == "sqlite":
        return _sqlite_engine(sa_url)
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    # Without a connect timeout a black-holed host hangs every rerun of the app.
    if sa_url.get_backend_name() == "postgresql" and "connect_timeout" not in sa_url.query:
        kwargs["connect_args"] = {"connect_timeout": PG_CONNECT_TIMEOUT_S}
    return create_engine(sa_url, **kwargs)


def _sqlite_engine(sa_url: URL) -> Engine:
    database = sa_url.database or ""
    if database in ("", ":memory:") or "mode=memory" in database:
        # One shared connection, or every checkout would see its own empty database. Tests only.
        engine = create_engine(sa_url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif database.startswith("file:"):
        engine = create_engine(sa_url)
    else:
        # A folder we cannot create surfaces later as StorageUnavailable on first use.
        with contextlib.suppress(OSError):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(sa_url)

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
