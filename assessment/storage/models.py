from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Named constraints let Alembic's batch mode find and alter them on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

VALUE_CHECK = "value IS NULL OR value IN ('0', '1', '2', '3', '4', 'dk', 'na')"
VALUES = "('0', '1', '2', '3', '4', 'dk', 'na')"


class UTCDateTime(TypeDecorator[datetime]):
    # SQLite keeps no time zone, so values are stored as naive UTC there (its fixed-width text
    # format then sorts and compares correctly) and always come back as aware UTC datetimes.
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass a timezone-aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


class Consultant(Base):
    __tablename__ = "consultants"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    # argon2id hash; NULL for an account that only signs in through OIDC.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    org_type: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime]
    # NULL: a self-assessment, which no consultant sees.
    consultant_id: Mapped[int | None] = mapped_column(ForeignKey("consultants.id"), index=True)
    archived_at: Mapped[datetime | None]


class Unit(Base):
    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    archived_at: Mapped[datetime | None]


class Assessment(Base):
    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_org_unit", "organization_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(16))
    bank_version: Mapped[str] = mapped_column(String(64))
    section: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    result_json: Mapped[str | None] = mapped_column(Text)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    # A short label when several people answer for one unit ("head of comms", "intern").
    respondent: Mapped[str | None] = mapped_column(String(100))
    # The answers a consultant agreed for a unit with several respondents (its answers are the agreed ones,
    # each answer's note the reason); written only through Workspace, which logs every change.
    # No Python-side default, so an INSERT names the column only when set (see queries.insert_assessment).
    consensus: Mapped[bool] = mapped_column(server_default=false())


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (CheckConstraint(VALUE_CHECK, name="value_allowed"),)

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    # NULL value = the person cleared the answer; kept so a clear can win over an older value.
    value: Mapped[str | None] = mapped_column(String(2))
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime]
    saved_at: Mapped[datetime]


class AccessToken(Base):
    __tablename__ = "access_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    # sha256 hex of the token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class ConsensusChange(Base):
    """Every time an agreed answer is set or changed: who, when, from, to, why."""

    __tablename__ = "consensus_changes"
    __table_args__ = (
        CheckConstraint(f"old_value IS NULL OR old_value IN {VALUES}", name="old_value_allowed"),
        CheckConstraint(f"new_value IN {VALUES}", name="new_value_allowed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(100))
    old_value: Mapped[str | None] = mapped_column(String(2))
    new_value: Mapped[str] = mapped_column(String(2))
    reason: Mapped[str | None] = mapped_column(Text)
    consultant_id: Mapped[int] = mapped_column(ForeignKey("consultants.id"))
    changed_at: Mapped[datetime]
