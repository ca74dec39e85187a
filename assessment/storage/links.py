"""Links to one assessment: resume links (`?a=`, the survey) and read-only share links (`?s=`, the report of a
submitted assessment). A link opens while it is neither withdrawn nor past its expiry; the database keeps only
its token's hash, so the raw link is shown once, when it is made.

The queries here take their scope from the caller: the consultant's (assessment.storage.workspace, the one
place that scopes by consultant) or the self-assessing person's, reached only through their own resume link
(SelfLinks below)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, exists, insert, or_, select, update

from assessment.records import LABEL_MAX, RESUME, SHARE, LinkRow, check_text

from . import tokens
from .errors import NotSubmitted
from .models import AccessToken, Assessment, Organization, Unit

if TYPE_CHECKING:
    from .store import Store


def _now() -> datetime:
    return datetime.now(UTC)


def opens(now: datetime) -> Any:
    """The condition under which a link still opens (the same rule as LinkRow.state)."""
    return and_(
        AccessToken.revoked_at.is_(None),
        or_(AccessToken.expires_at.is_(None), AccessToken.expires_at > now),
    )


def check_expiry(expires_at: datetime | None, now: datetime) -> datetime | None:
    if expires_at is None:
        return None
    if not isinstance(expires_at, datetime) or expires_at.tzinfo is None:
        raise ValueError("expires_at must be a timezone-aware datetime")
    if expires_at <= now:
        raise ValueError("expires_at must be later than now: a link cannot be made already expired")
    return expires_at


def add(
    conn: Connection,
    assessment_id: int,
    now: datetime,
    *,
    kind: str = RESUME,
    expires_at: datetime | None = None,
    label: str | None = None,
) -> str:
    """A new link's token; only its hash is written."""
    if kind not in (RESUME, SHARE):
        raise ValueError(f"a link is a {RESUME!r} or a {SHARE!r} link, not {kind!r}")
    if kind == SHARE:
        submitted = conn.execute(
            select(Assessment.submitted_at).where(Assessment.id == assessment_id)
        ).scalar_one()
        if submitted is None:
            raise NotSubmitted("only a submitted assessment can be shared read-only")
    clean = check_text("label", label, LABEL_MAX)
    token = tokens.new_token()
    conn.execute(
        insert(AccessToken).values(
            assessment_id=assessment_id,
            token_hash=tokens.token_hash(token),
            created_at=now,
            kind=kind,
            expires_at=check_expiry(expires_at, now),
            label=clean.strip() if clean else None,
        )
    )
    return token


def find(conn: Connection, token: str, kind: str, now: datetime) -> tuple[int, int] | None:
    """(link id, assessment id) of an open link of that kind, or None."""
    if not tokens.is_well_formed(token):
        return None
    row = conn.execute(
        select(AccessToken.id, AccessToken.assessment_id).where(
            AccessToken.token_hash == tokens.token_hash(token), AccessToken.kind == kind, opens(now)
        )
    ).first()
    return None if row is None else (int(row.id), int(row.assessment_id))


def touch(conn: Connection, link_id: int, now: datetime) -> None:
    conn.execute(update(AccessToken).where(AccessToken.id == link_id).values(last_opened_at=now))


def withdraw(conn: Connection, where: Sequence[Any], now: datetime) -> int:
    """Withdraw the open links that match `where`; how many were."""
    result = conn.execute(
        update(AccessToken).where(AccessToken.revoked_at.is_(None), *where).values(revoked_at=now)
    )
    return int(result.rowcount)


def rows(conn: Connection, where: Sequence[Any]) -> list[LinkRow]:
    stmt = (
        select(
            AccessToken.id,
            AccessToken.assessment_id,
            AccessToken.kind,
            AccessToken.created_at,
            AccessToken.expires_at,
            AccessToken.last_opened_at,
            AccessToken.revoked_at.label("withdrawn_at"),
            AccessToken.label,
            Unit.name.label("unit_name"),
            Assessment.respondent,
            Assessment.submitted_at.is_not(None).label("submitted"),
        )
        .join(Assessment, Assessment.id == AccessToken.assessment_id)
        .join(Organization, Organization.id == Assessment.organization_id)
        .outerjoin(Unit, Unit.id == Assessment.unit_id)
        .where(*where)
        .order_by(AccessToken.created_at.desc(), AccessToken.id.desc())
    )
    return [LinkRow(**{**r._mapping, "submitted": bool(r.submitted)}) for r in conn.execute(stmt)]


class SelfLinks:
    """The share links of a self-assessment, reached only through its own open resume link. An assessment a
    consultant owns is the consultant's to share (from the workspace): here it looks like no assessment."""

    def __init__(self, store: Store, resume_token: str) -> None:
        self._store = store
        self._token = resume_token

    def _own(self, conn: Connection, now: datetime) -> int | None:
        found = find(conn, self._token, RESUME, now)
        if found is None:
            return None
        assessment_id = found[1]
        is_self = conn.execute(
            select(
                exists().where(
                    Assessment.id == assessment_id,
                    Organization.id == Assessment.organization_id,
                    Organization.consultant_id.is_(None),
                )
            )
        ).scalar()
        return assessment_id if is_self else None

    def available(self) -> bool:
        with self._store.tx() as conn:
            return self._own(conn, _now()) is not None

    def links(self) -> list[LinkRow]:
        now = _now()
        with self._store.tx() as conn:
            assessment_id = self._own(conn, now)
            if assessment_id is None:
                return []
            return rows(conn, [AccessToken.assessment_id == assessment_id, AccessToken.kind == SHARE])

    def share(self, expires_at: datetime | None = None, label: str | None = None) -> str | None:
        """A new read-only link, or None when this is not the person's own open self-assessment."""
        now = _now()
        with self._store.tx(write=True) as conn:
            assessment_id = self._own(conn, now)
            if assessment_id is None:
                return None
            return add(conn, assessment_id, now, kind=SHARE, expires_at=expires_at, label=label)

    def withdraw(self, link_id: int) -> bool:
        now = _now()
        with self._store.tx(write=True) as conn:
            assessment_id = self._own(conn, now)
            if assessment_id is None or not isinstance(link_id, int):
                return False
            where = [
                AccessToken.id == link_id,
                AccessToken.assessment_id == assessment_id,
                AccessToken.kind == SHARE,
            ]
            return withdraw(conn, where, now) == 1
