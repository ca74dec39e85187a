"""Consultant accounts: the built-in store (argon2id password hashes, created from the command line) and the
mapping of an OIDC identity (`st.login`) onto a consultant row.

`verify` answers the same way for an unknown user, a wrong password and a locked account, so a sign-in
form tells an attacker nothing about which usernames exist."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import case, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError

from assessment.storage import Store
from assessment.storage.models import Consultant

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # argon2 takes any length; a cap keeps a megabyte "password" from costing a request
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,99}$")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the username is unknown, so that path takes as long as a real check.
_DUMMY_HASH = _hasher.hash("not a password of anyone's")


class AccountError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ConsultantRow:
    id: int
    username: str
    display_name: str
    has_password: bool
    oidc: bool
    created_at: datetime
    locked_until: datetime | None


def _now() -> datetime:
    return datetime.now(UTC)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must be at least {MIN_PASSWORD} characters long")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the password must be at most {MAX_PASSWORD} characters long")


class Accounts:
    def __init__(self, store: Store) -> None:
        self._store = store

    def create(self, username: str, password: str, display_name: str | None = None) -> int:
        name = username.strip()
        if not USERNAME_RE.match(name):
            raise AccountError(
                "the username must be 2–100 characters: letters, digits and . _ @ - (starting with one "
                "letter or digit)"
            )
        check_password(password)
        hashed = _hasher.hash(password)
        try:
            with self._store.tx(write=True) as conn:
                return int(
                    conn.execute(
                        insert(Consultant)
                        .values(
                            username=name,
                            password_hash=hashed,
                            display_name=(display_name or name).strip()[:200],
                            created_at=_now(),
                        )
                        .returning(Consultant.id)
                    ).scalar_one()
                )
        except IntegrityError as exc:
            raise AccountError(f"the username {name!r} is taken") from exc

    def verify(self, username: str, password: str, now: datetime | None = None) -> int | None:
        """The consultant's id, or None: unknown user, wrong password and locked account look alike."""
        now = now or _now()
        if not isinstance(username, str) or not isinstance(password, str) or len(password) > MAX_PASSWORD:
            return None
        with self._store.tx() as conn:
            row = conn.execute(
                select(Consultant.id, Consultant.password_hash, Consultant.locked_until).where(
                    Consultant.username == username.strip()
                )
            ).first()
        # argon2 takes ~0.1 s: it runs outside any transaction, so a sign-in never holds up a survey's saves.
        if (
            row is None
            or row.password_hash is None
            or (row.locked_until is not None and row.locked_until > now)
        ):
            _check(_DUMMY_HASH, password)
            return None
        ok = _check(row.password_hash, password)
        # The writes below apply only while the account is not locked: a lock taken by a concurrent attempt
        # since the read above stands (no success clears it, no failure restarts its count).
        unlocked = or_(Consultant.locked_until.is_(None), Consultant.locked_until <= now)
        if ok:
            values: dict[str, object] = {"failed_logins": 0, "locked_until": None}
            if _hasher.check_needs_rehash(row.password_hash):
                values["password_hash"] = _hasher.hash(password)
            with self._store.tx(write=True) as conn:
                done = conn.execute(
                    update(Consultant).where(Consultant.id == row.id, unlocked).values(**values)
                )
            return int(row.id) if done.rowcount == 1 else None
        # A lock that has run out starts a fresh count.
        failures = case((Consultant.locked_until.is_(None), Consultant.failed_logins), else_=0) + 1
        locks = failures >= MAX_FAILURES
        with self._store.tx(write=True) as conn:
            conn.execute(
                update(Consultant)
                .where(Consultant.id == row.id, unlocked)
                .values(
                    failed_logins=case((locks, 0), else_=failures),
                    locked_until=case(
                        (locks, literal(now + LOCK_FOR, Consultant.locked_until.type)), else_=None
                    ),
                )
            )
        return None

    def from_oidc(self, subject: str, name: str | None = None, email: str | None = None) -> int:
        """The consultant for an OIDC identity (its `sub`), created on the first sign-in."""
        if not isinstance(subject, str) or not subject.strip() or len(subject) > 255:
            raise AccountError("the identity provider gave no usable subject (sub)")
        with self._store.tx(write=True) as conn:
            found = conn.execute(select(Consultant.id).where(Consultant.oidc_subject == subject)).scalar()
            if found is not None:
                return int(found)
            base = re.sub(r"[^A-Za-z0-9._@-]", "-", (email or name or "oidc").strip())[:80] or "oidc"
            username = base if base[0].isalnum() else f"u{base}"
            taken = conn.execute(
                select(func.count()).select_from(Consultant).where(Consultant.username.like(f"{username}%"))
            ).scalar_one()
            if taken:
                username = f"{username}-{taken + 1}"
            return int(
                conn.execute(
                    insert(Consultant)
                    .values(
                        username=username,
                        oidc_subject=subject,
                        display_name=(name or email or username)[:200],
                        created_at=_now(),
                    )
                    .returning(Consultant.id)
                ).scalar_one()
            )

    def get(self, consultant_id: int) -> ConsultantRow | None:
        return next((c for c in self.list() if c.id == consultant_id), None)

    def list(self) -> list[ConsultantRow]:
        with self._store.tx() as conn:
            rows = conn.execute(
                select(
                    Consultant.id,
                    Consultant.username,
                    Consultant.display_name,
                    Consultant.password_hash.is_not(None).label("has_password"),
                    Consultant.oidc_subject.is_not(None).label("oidc"),
                    Consultant.created_at,
                    Consultant.locked_until,
                ).order_by(Consultant.username)
            )
            return [ConsultantRow(**r._mapping) for r in rows]


def _check(hashed: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(hashed, password))
    except (VerificationError, InvalidHashError):
        return False
