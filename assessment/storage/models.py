from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
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

# Row ids are INTEGER columns: on PostgreSQL 32-bit. A larger number names no row (and must not reach the
# driver, which would refuse it with its own error).
ID_MAX = 2**31 - 1
VALUE_CHECK = "value IS NULL OR value IN ('0', '1', '2', '3', '4', 'dk', 'na')"
KIND_CHECK = "kind IN ('resume', 'share')"
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
    # The consultant agreed that their clients' submitted assessments count in the peer benchmark.
    benchmark_opt_in: Mapped[bool] = mapped_column(server_default=false())


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    org_type: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime]
    # NULL: a self-assessment, which no consultant sees.
    consultant_id: Mapped[int | None] = mapped_column(ForeignKey("consultants.id"), index=True)
    archived_at: Mapped[datetime | None]
    # A self-assessment counts in the peer benchmark only if the person opted in at Start (a consultant's
    # client: if the consultant opted in, Consultant.benchmark_opt_in). No Python-side default, so an INSERT
    # names the column only when set and still works on a schema from before 0008.
    benchmark_opt_in: Mapped[bool] = mapped_column(server_default=false())
    # Months between a client's assessments, set by the consultant; NULL: the default (12).
    reassess_months: Mapped[int | None]


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
    # The form it is answered in ("quick" or "full"), and the dimensions the person chose to go deeper into
    # (space-separated ids): what a resume link must reopen and cannot derive from the answers.
    form: Mapped[str] = mapped_column(String(16), server_default="full")
    deep_dive: Mapped[str | None] = mapped_column(Text)
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
    # The date of the evidence (the last drill, the last review of the guide): the bank can say it expires.
    evidence_date: Mapped[date | None] = mapped_column(Date)


class AccessToken(Base):
    """A link to one assessment: a resume link (`?a=`, the survey) or a read-only share link (`?s=`)."""

    __tablename__ = "access_tokens"
    __table_args__ = (CheckConstraint(KIND_CHECK, name="kind_allowed"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    # sha256 hex of the token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    # Withdrawn: the link opens nothing from then on.
    revoked_at: Mapped[datetime | None]
    # A server default only: an insert that does not name the column still works on a schema before 0004.
    kind: Mapped[str] = mapped_column(String(10), server_default="resume")
    expires_at: Mapped[datetime | None]
    last_opened_at: Mapped[datetime | None]
    label: Mapped[str | None] = mapped_column(String(100))


class ConsultantSession(Base):
    """A built-in sign-in that outlives the browser tab: the cookie holds a random id, this row its hash."""

    __tablename__ = "consultant_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultant_id: Mapped[int] = mapped_column(ForeignKey("consultants.id", ondelete="CASCADE"), index=True)
    # sha256 hex of the cookie's value; NULL until the browser has taken the cookie.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # sha256 hex of the one-time ticket the page trades for the cookie; NULL once traded.
    ticket_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class Carryover(Base):
    """An in-progress assessment carried to a newer bank version (assessment.engine.migrate)."""

    __tablename__ = "carryovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    from_version: Mapped[str] = mapped_column(String(64))
    to_version: Mapped[str] = mapped_column(String(64))
    carried_at: Mapped[datetime]
    # engine.migrate.Changes as JSON: what the person is told, even if the mapping files change later.
    changes_json: Mapped[str] = mapped_column(Text)
    # NULL until the person has been told (the survey page shows the notice once per opening).
    seen_at: Mapped[datetime | None]


class ArchivedAnswer(Base):
    """An answer as it was before a carry-over, with the bank version it was given under: nothing is lost."""

    __tablename__ = "answer_archive"
    __table_args__ = (CheckConstraint(VALUE_CHECK, name="value_allowed"),)

    carryover_id: Mapped[int] = mapped_column(
        ForeignKey("carryovers.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    bank_version: Mapped[str] = mapped_column(String(64))
    value: Mapped[str | None] = mapped_column(String(2))
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime]
    saved_at: Mapped[datetime]


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


STATUS_CHECK = "status IN ('todo', 'doing', 'done', 'dropped')"
TARGET_CHECK = "level IS NULL OR (level >= 1 AND level <= 5)"


class PlanItem(Base):
    """What a team says about one plan item of one assessment: owner, due date, status, note. Written like an
    answer (newer `changed_at` wins), and still writable once the assessment is submitted: the plan is
    carried out after the survey is done."""

    __tablename__ = "plan_items"
    __table_args__ = (CheckConstraint(STATUS_CHECK, name="status_allowed"),)

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    recommendation_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(200))
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime]
    saved_at: Mapped[datetime]


class PlanTarget(Base):
    """A dimension's target level on one assessment, as someone set it (NULL: back to the default)."""

    __tablename__ = "plan_targets"
    __table_args__ = (CheckConstraint(TARGET_CHECK, name="level_allowed"),)

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    dimension: Mapped[str] = mapped_column(String(64), primary_key=True)
    level: Mapped[int | None]
    changed_at: Mapped[datetime]
    saved_at: Mapped[datetime]


class AssessmentScore(Base):
    """An assessment's scores in the few figures the portfolio draws (records.StoredScore), so that a cold
    portfolio of thousands of clients reads small rows instead of parsing every snapshot and scoring every
    assessment in progress. Written at submit (and by everything else that stores a result) and, for an
    assessment in progress, by the portfolio once it has scored it; `updated_at`, `submitted_at` and
    `bank_version` say what it was computed from, and a row that no longer matches its assessment is never
    read as its scores (Workspace.portfolio_rows). `bank_version` holds, for a submitted one, the version it
    was submitted under; for one in progress, the scoring stamp of the bank that scored it
    (Bank.scoring_stamp)."""

    __tablename__ = "assessment_scores"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    bank_version: Mapped[str] = mapped_column(String(64))
    form: Mapped[str] = mapped_column(String(16))
    overall_score: Mapped[float | None] = mapped_column(Float)
    overall_level: Mapped[int | None]
    uncapped_level: Mapped[int | None]
    # {dimension id: [score, level, questions, answered, applicable, provisional 0/1]}, compact JSON.
    dimensions: Mapped[str] = mapped_column(Text)
    expired: Mapped[str | None] = mapped_column(Text)  # Result.expired as JSON, when there is any
    asked: Mapped[int | None]  # in progress: the questions its progress is counted over
