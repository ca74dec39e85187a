from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import event

from assessment.storage import AnswerInput, StorageUnavailable, Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.engine import default_url, normalize_url
from assessment.storage.links import SelfLinks
from assessment.storage.sessions import Sessions
from assessment.storage.workspace import ImportItem, Workspace

DOWN_PG = "postgresql://127.0.0.1:1/x?connect_timeout=2"
NOW = datetime(2025, 1, 1, tzinfo=UTC)

CALLS: dict[str, Callable[[Store], object]] = {
    "migrate": lambda s: s.migrate(),
    "start": lambda s: s.start("Org", "ngo", None, "en", "v", "s"),
    "open": lambda s: s.open("A" * 32),
    "revoke": lambda s: s.revoke("A" * 32),
    "new_token": lambda s: s.new_token(1),
    "get": lambda s: s.get(1),
    "save_answer": lambda s: s.save_answer(1, "q", "1", NOW),
    "save_answers": lambda s: s.save_answers(1, {"q": AnswerInput("1", NOW)}),
    "set_section": lambda s: s.set_section(1, "x"),
    "set_language": lambda s: s.set_language(1, "es"),
    "answers": lambda s: s.answers(1),
    "submit": lambda s: s.submit(1, "{}", "v"),
    "history": lambda s: s.history(1),
    "open_shared": lambda s: s.open_shared("A" * 32),
    "still_open": lambda s: s.still_open("A" * 32),
    "self_links": lambda s: SelfLinks(s, "A" * 32).links(),
    "self_share": lambda s: SelfLinks(s, "A" * 32).share(),
    "session_begin": lambda s: Sessions(s).begin(1),
    "session_resume": lambda s: Sessions(s).resume("A" * 32),
    "session_check": lambda s: Sessions(s).check(1, 1),
}


def unreachable_sqlite(tmp_path: Path) -> str:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    return f"sqlite:///{blocker / 'foco.db'}"


@pytest.fixture(params=["postgresql", "sqlite"])
def down_store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    return Store(DOWN_PG if request.param == "postgresql" else unreachable_sqlite(tmp_path))


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_method_raises_storage_unavailable(down_store: Store, name: str) -> None:
    started = time.monotonic()
    with pytest.raises(StorageUnavailable) as info:
        CALLS[name](down_store)
    assert info.value.__cause__ is not None
    assert time.monotonic() - started < 10


def test_ping_reports_a_down_database(down_store: Store, tmp_path: Path) -> None:
    assert down_store.ping() is False
    assert Store(f"sqlite:///{tmp_path / 'up.db'}").ping() is True


def test_construction_does_not_connect() -> None:
    assert Store(DOWN_PG).backend == "postgresql"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
        ("postgres://u@h/db?sslmode=require", "postgresql+psycopg://u@h/db?sslmode=require"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///data/foco.db", "sqlite:///data/foco.db"),
    ],
)
def test_postgres_urls_use_psycopg_3(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


def test_default_url_is_a_sqlite_file_under_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("assessment.storage.engine.REPO_ROOT", tmp_path)
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'foco.db'}"
    assert (tmp_path / "data").is_dir()


def test_database_url_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "env" / "chosen.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{target}")
    store = Store()
    try:
        store.migrate()
        record, token = store.start("Env Org", "ngo", None, "en", "v", "s")
        assert store.open(token) == record
    finally:
        store.close()
    assert target.is_file()


@pytest.mark.parametrize(("ci", "outcome"), [("true", "1 error"), ("", "1 skipped")])
def test_an_unreachable_postgresql_fails_in_ci_and_skips_elsewhere(ci: str, outcome: str) -> None:
    env = {**os.environ, "CI": ci, "FOCO_TEST_PG_ADMIN_URL": "postgresql+psycopg://x@127.0.0.1:1/test"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rs",
            "tests/storage/test_storage.py::test_open_rejects_an_unknown_token[postgresql]",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert outcome in run.stdout, run.stdout
    assert run.returncode == (1 if ci else 0)
    assert ("required when CI=true" in run.stdout) == bool(ci)


def test_workspace_and_accounts_map_a_lost_connection_like_the_store(tmp_path: Path) -> None:
    # They share the Store's transaction helper: a driver error that came with a dropped connection is
    # "the database is not there", not a bug or bad input, wherever it is raised.
    stores = []
    try:
        for name in ("ws", "accounts"):
            url = f"sqlite:///{tmp_path / name}.db"
            upgrade(url)
            stores.append(Store(url))
        ws_store, accounts_store = stores
        ws = Workspace(ws_store, Accounts(ws_store).create("ana", "correct horse battery"))
        accounts = Accounts(accounts_store)
        accounts.create("ana", "correct horse battery")
        for store in stores:
            event.listen(store._engine, "handle_error", lambda ctx: setattr(ctx, "is_disconnect", True))
        # A value the CHECK constraint refuses, then a taken username: IntegrityErrors, here with the
        # connection gone.
        with pytest.raises(StorageUnavailable, match="connection lost"):
            ws.apply_import([ImportItem("Org", "ngo", None, {"q1": "9"}, "{}")], "en", "v")
        with pytest.raises(StorageUnavailable, match="connection lost"):
            accounts.create("ana", "correct horse battery")
    finally:
        for store in stores:
            store.close()
