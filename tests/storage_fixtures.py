"""The databases of the storage tests and their helpers: SQLite in a tmp folder and a throwaway PostgreSQL
database (`backend`, `db_url`, `fresh_url`, `pg_url`), registered in tests/conftest.py because tests/storage/
and tests/ui/ use them; the Store on top is in tests/storage/conftest.py.

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

from assessment.storage import AssessmentRecord, Store, upgrade
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


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    engine, reason = find_pg_admin()
    if engine is None:
        # CI must exercise PostgreSQL: a silent skip there would hide a broken backend.
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required when CI=true but is unreachable: {reason}")
        pytest.skip(f"PostgreSQL unreachable, skipping its tests: {reason}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_url(pg_admin: Engine) -> Iterator[str]:
    with temp_pg_database(pg_admin) as url:
        upgrade(url)
        yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    url = sqlite_url(tmp_path)
    upgrade(url)
    return url


@pytest.fixture
def fresh_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty, unmigrated database."""
    if backend == "postgresql":
        with temp_pg_database(request.getfixturevalue("pg_admin")) as url:
            yield url
    else:
        yield sqlite_url(tmp_path)
