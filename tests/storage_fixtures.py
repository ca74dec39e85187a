"""Helpers of the storage tests; their fixtures live in conftest_storage.py.

The PostgreSQL server is found at FOCO_TEST_PG_ADMIN_URL, else 127.0.0.1:5432 database ``test`` as user
postgres or root.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.exc import OperationalError

from assessment.storage import AssessmentRecord, Store
from assessment.storage.engine import normalize_url
from assessment.storage.models import Base

T0 = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
_PG_ADMIN_CANDIDATES = [
    "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    "postgresql+psycopg://root@127.0.0.1:5432/test",
]


def find_pg_admin() -> tuple[Engine | None, str]:
    override = os.environ.get("FOCO_TEST_PG_ADMIN_URL")
    problems = []
    for url in [override] if override else _PG_ADMIN_CANDIDATES:
        engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except OperationalError as exc:
            engine.dispose()
            problems.append(f"{engine.url.render_as_string()}: {exc.orig}")
            continue
        return engine, ""
    return None, "; ".join(problems)


@contextmanager
def temp_pg_database(admin: Engine) -> Iterator[str]:
    name = f"foco_test_{secrets.token_hex(8)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def start(
    store: Store,
    org: str = "Acme",
    unit: str | None = "Comms",
    previous_id: int | None = None,
    prefill: bool = False,
) -> tuple[AssessmentRecord, str]:
    return store.start(org, "ngo", unit, "en", "2025.1", "strategy", previous_id=previous_id, prefill=prefill)


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'foco.db'}"


def dump_database(url: str) -> str:
    """Every row of every table, in order: two dumps are equal when nothing was written."""
    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as conn:
            return "\n".join(
                repr(tuple(row))
                for table in Base.metadata.sorted_tables
                for row in conn.execute(select(table))
            )
    finally:
        engine.dispose()
