"""Fixtures of the storage tests: a migrated Store on SQLite and on a throwaway PostgreSQL database.

Loaded by the storage test modules through ``pytest_plugins`` (tests/conftest.py belongs to the core tests).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from assessment.storage import Store, upgrade
from tests.storage_fixtures import BACKENDS, find_pg_admin, sqlite_url, temp_pg_database


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


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def other_store(db_url: str) -> Iterator[Store]:
    """A second Store on the same database, as a second app process would have."""
    s = Store(db_url)
    yield s
    s.close()
