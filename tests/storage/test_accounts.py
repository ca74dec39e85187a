"""Consultant accounts: argon2 hashes, one answer for every failed sign-in, lock-out, OIDC, the CLI."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import assessment.storage.accounts
import assessment.storage.engine
from assessment.cli.main import main
from assessment.storage import Store, upgrade
from assessment.storage.accounts import LOCK_FOR, MAX_FAILURES, AccountError, Accounts

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    url = f"sqlite:///{tmp_path / 'foco.db'}"
    upgrade(url)
    return Accounts(Store(url))


def stored_hash(accounts: Accounts, username: str) -> str:
    with accounts._store._engine.connect() as conn:
        return str(
            conn.execute(
                text("SELECT password_hash FROM consultants WHERE username = :u"), {"u": username}
            ).scalar_one()
        )


def test_hash_is_argon2id_and_never_the_password(accounts: Accounts) -> None:
    cid = accounts.create("ana", PASSWORD, "Ana Ruiz")
    hashed = stored_hash(accounts, "ana")
    assert hashed != PASSWORD and PASSWORD not in hashed
    assert hashed.startswith("$argon2id$")
    accounts.create("bea", PASSWORD)
    assert stored_hash(accounts, "bea") != hashed, "a salt per account"
    assert accounts.verify("ana", PASSWORD) == cid
    assert accounts.verify(" ana ", PASSWORD) == cid
    assert accounts.verify("ana", PASSWORD + " ") is None
    assert accounts.verify("ana", "") is None
    assert [c.display_name for c in accounts.list()] == ["Ana Ruiz", "bea"]


class CountingHasher:
    """The module's PasswordHasher, writing down each hash a password is verified against."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.verified: list[str] = []

    def verify(self, hashed: str, password: str) -> bool:
        self.verified.append(hashed)
        return bool(self.real.verify(hashed, password))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_unknown_user_and_wrong_password_look_alike(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.create("ana", PASSWORD)
    assert accounts.verify("nobody", PASSWORD) is None
    assert accounts.verify("ana", "wrong password here") is None
    assert accounts.verify(None, PASSWORD) is None  # type: ignore[arg-type]  # wrong on purpose: refused at run time
    assert accounts.verify("ana", "x" * 5000) is None

    # Alike in the work too, not only in the answer: an unknown user, a locked account and an account that
    # signs in through OIDC alone each cost one argon2 verification with the same algorithm and parameters
    # as a wrong password (the dummy hash), so the time a refusal takes names no username.
    accounts.create("bea", PASSWORD)
    for _ in range(MAX_FAILURES):
        accounts.verify("bea", "wrong password here")
    oidc_only = accounts.get(accounts.from_oidc("sub-carla", "Carla"))
    assert oidc_only is not None and not oidc_only.has_password
    spy = CountingHasher(assessment.storage.accounts._hasher)
    monkeypatch.setattr(assessment.storage.accounts, "_hasher", spy)

    def work(username: str) -> list[str]:
        spy.verified.clear()
        assert accounts.verify(username, PASSWORD if username != "ana" else "wrong password here") is None
        # "$argon2id$v=19$m=…,t=…,p=…$salt$hash": what it costs is all before the salt.
        return [hashed.rsplit("$", 2)[0] for hashed in spy.verified]

    wrong_password = work("ana")
    assert len(wrong_password) == 1 and wrong_password[0].startswith("$argon2id$"), wrong_password
    assert work("nobody") == wrong_password, "an unknown user"
    assert work("bea") == wrong_password, "a locked account"
    assert work(oidc_only.username) == wrong_password, "an account without a password"


def test_rules_for_new_accounts(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match="at least 12"):
        accounts.create("ana", "eleven char")
    accounts.create("ana", PASSWORD)
    with pytest.raises(AccountError, match="taken"):
        accounts.create("ana", PASSWORD)
    with pytest.raises(AccountError, match="username"):
        accounts.create("a b", PASSWORD)


def test_lock_out_after_five_failures_for_fifteen_minutes(accounts: Accounts) -> None:
    cid = accounts.create("ana", PASSWORD)
    t0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    for i in range(MAX_FAILURES - 1):
        assert accounts.verify("ana", f"guess number {i}", now=t0) is None
    assert accounts.verify("ana", PASSWORD, now=t0) == cid, "four failures do not lock"
    # A success starts the count again: four more failures still do not lock.
    for i in range(MAX_FAILURES - 1):
        assert accounts.verify("ana", f"guess number {i}", now=t0) is None
    assert accounts.verify("ana", PASSWORD, now=t0) == cid, "a success starts the count again"
    for i in range(MAX_FAILURES):
        assert accounts.verify("ana", f"guess number {i}", now=t0) is None
    assert accounts.verify("ana", PASSWORD, now=t0 + timedelta(minutes=1)) is None, "locked: even right"
    assert accounts.verify("ana", PASSWORD, now=t0 + LOCK_FOR - timedelta(seconds=1)) is None
    assert accounts.verify("ana", PASSWORD, now=t0 + LOCK_FOR + timedelta(seconds=1)) == cid


def test_a_sign_in_holds_no_lock_while_the_password_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # argon2 takes ~0.1 s; a survey's save from another process must not wait for it (nor fail).
    monkeypatch.setattr(assessment.storage.engine, "SQLITE_BUSY_TIMEOUT_MS", 200)
    url = f"sqlite:///{tmp_path / 'foco.db'}"
    upgrade(url)
    survey = Store(url)
    accounts = Accounts(Store(url))
    cid = accounts.create("ana", PASSWORD)
    record, _ = survey.start("Acme", "ngo", None, "en", "2025.1", "strategy")
    saved: list[bool] = []
    real_check = assessment.storage.accounts._check

    def check_while_a_survey_saves(hashed: str, password: str) -> bool:
        saved.append(survey.save_answer(record.id, f"q{len(saved)}", "3", datetime.now(UTC)))
        return real_check(hashed, password)

    monkeypatch.setattr(assessment.storage.accounts, "_check", check_while_a_survey_saves)
    assert accounts.verify("ana", "wrong password here") is None
    assert accounts.verify("ana", PASSWORD) == cid
    assert accounts.verify("nobody", PASSWORD) is None
    assert saved == [True, True, True]


def test_a_lock_taken_during_a_sign_in_stands(accounts: Accounts, monkeypatch: pytest.MonkeyPatch) -> None:
    # The hash is checked outside the transactions: a lock that lands meanwhile still wins.
    accounts.create("ana", PASSWORD)
    t0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    real_check = assessment.storage.accounts._check

    def check_while_locked_elsewhere(hashed: str, password: str) -> bool:
        for i in range(MAX_FAILURES):
            with monkeypatch.context() as m:
                m.setattr(assessment.storage.accounts, "_check", real_check)
                assert accounts.verify("ana", f"guess number {i}", now=t0) is None
        return real_check(hashed, password)

    with monkeypatch.context() as m:
        m.setattr(assessment.storage.accounts, "_check", check_while_locked_elsewhere)
        assert accounts.verify("ana", PASSWORD, now=t0) is None, "the right password, but locked meanwhile"
    locked = accounts.list()[0].locked_until
    assert locked == t0 + LOCK_FOR
    assert accounts.verify("ana", PASSWORD, now=t0 + timedelta(minutes=1)) is None


def test_oidc_subject_maps_to_one_consultant(accounts: Accounts) -> None:
    accounts.create("ana.ruiz-example.org", PASSWORD)
    first = accounts.from_oidc("sub-123", "Ana Ruiz", "ana.ruiz@example.org")
    assert accounts.from_oidc("sub-123", "Ana R.", "other@example.org") == first
    assert accounts.from_oidc("sub-456", None, None) != first
    row = accounts.get(first)
    assert row is not None and row.oidc and not row.has_password
    assert accounts.verify(row.username, "") is None, "an OIDC-only account has no password to guess"
    with pytest.raises(AccountError):
        accounts.from_oidc("   ")


def test_cli_add_and_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["consultant", "add", "ana", "--name", "Ana Ruiz", "--password-stdin"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["consultant", "add", "bea", "--password-stdin"]) == 1
    assert "at least 12" in capsys.readouterr().err
    prompts = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(prompts))
    assert main(["consultant", "add", "cai"]) == 1, "the two typed passwords differ"
    assert main(["consultant", "list"]) == 0
    out = capsys.readouterr().out
    assert "ana\tAna Ruiz\tpassword" in out and "bea" not in out and "cai" not in out
    assert PASSWORD not in out


def test_cli_list_never_prints_an_identity_providers_escape_sequences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    # Issue 11, item 8's neighbour: a display name comes from the provider's `name` claim, as sent.
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    store = Store(url)
    store.migrate()
    Accounts(store).from_oidc("sub-1", "Eve\x1b]0;owned\x07\x1b[2J", None)
    store.close()
    assert main(["consultant", "list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Eve\\x1b]0;owned\\x07\\x1b[2J\toidc" in out
