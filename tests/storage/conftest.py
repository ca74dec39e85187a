"""Fixtures of the storage tests: a migrated Store on SQLite and on a throwaway PostgreSQL database.

The databases under them (`backend`, `db_url`, `fresh_url`, `pg_url`) are fixtures of
tests/storage_fixtures.py, registered in tests/conftest.py because the AppTest modules of tests/ui/ use them
too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assessment.storage import Store


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
