from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Insert, Select, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from assessment.records import (
    BANK_VERSION_MAX,
    LANGUAGE_MAX,
    SECTION_MAX,
    AssessmentRecord,
    check_form,
    check_name,
)

from . import tokens
from .errors import AssessmentNotFound
from .models import ID_MAX, AccessToken, Answer, Assessment, Organization, Unit

_ANSWER_FIELDS = ("value", "note", "evidence", "answered_at", "saved_at")
_COPIED_FIELDS = ("question_id", "value", "note", "evidence", "answered_at", "evidence_date")


def record_query() -> Select[*tuple[Any, ...]]:
    return (
        select(
            Assessment.id,
            Assessment.organization_id,
            Organization.name.label("organization_name"),
            Organization.org_type,
            Assessment.unit_id,
            Unit.name.label("unit_name"),
            Assessment.language,
            Assessment.bank_version,
            Assessment.section,
            Assessment.started_at,
            Assessment.updated_at,
            Assessment.submitted_at,
            Assessment.result_json,
            Assessment.previous_id,
        )
        .join(Organization, Organization.id == Assessment.organization_id)
        .outerjoin(Unit, Unit.id == Assessment.unit_id)
    )


def to_record(row: Any) -> AssessmentRecord:
    fields = dict(row._mapping)
    return AssessmentRecord(**fields, submitted=fields["submitted_at"] is not None)


def is_row_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= ID_MAX


def check_assessment_id(assessment_id: object) -> int:
    """The id, if it can name an assessment at all; else the same "not found" as an unknown one."""
    if not is_row_id(assessment_id):
        raise AssessmentNotFound(f"no assessment {assessment_id!r}")
    assert isinstance(assessment_id, int)
    return assessment_id


def load_record(conn: Connection, assessment_id: int) -> AssessmentRecord:
    row = conn.execute(record_query().where(Assessment.id == assessment_id)).first()
    if row is None:
        raise AssessmentNotFound(f"no assessment {assessment_id}")
    return to_record(row)


def resolve_owner(
    conn: Connection,
    previous_id: int | None,
    new_owner: tuple[str, str, str | None] | None,
    now: datetime,
    benchmark_opt_in: bool = False,
) -> tuple[int, int | None, str | None]:
    """(organization id, unit id, respondent): the previous assessment's, or a newly created organization's
    (with no respondent). A re-assessment is answered by the same person as the one it follows."""
    if previous_id is not None:
        row = conn.execute(
            select(Assessment.organization_id, Assessment.unit_id, Assessment.respondent).where(
                Assessment.id == previous_id
            )
        ).first()
        if row is None:
            raise AssessmentNotFound(f"no assessment {previous_id} to re-assess")
        return row.organization_id, row.unit_id, row.respondent
    if new_owner is None:
        raise ValueError("a new assessment needs an organization")
    name, org_type, unit = new_owner
    values: dict[str, Any] = {"name": name, "org_type": org_type, "created_at": now}
    if benchmark_opt_in:  # named only when set, so a store still writes to a schema from before 0008
        values["benchmark_opt_in"] = True
    org_id = conn.execute(insert(Organization).values(**values).returning(Organization.id)).scalar_one()
    if unit is None:
        return org_id, None, None
    unit_id = conn.execute(
        insert(Unit).values(organization_id=org_id, name=unit, created_at=now).returning(Unit.id)
    ).scalar_one()
    return org_id, unit_id, None


def insert_assessment(
    conn: Connection,
    organization_id: int,
    unit_id: int | None,
    *,
    language: str,
    bank_version: str,
    section: str,
    now: datetime,
    previous_id: int | None = None,
    respondent: str | None = None,
    submitted_at: datetime | None = None,
    result_json: str | None = None,
    form: str = "full",
    consensus: bool = False,
) -> int:
    """The one INSERT of an assessment (a self-assessment, a consultant's link, an imported row)."""
    values: dict[str, Any] = {
        "organization_id": organization_id,
        "unit_id": unit_id,
        "language": check_name("language", language, LANGUAGE_MAX),
        "bank_version": check_name("bank_version", bank_version, BANK_VERSION_MAX),
        "section": check_name("section", section, SECTION_MAX),
        "started_at": now,
        "updated_at": now,
        "previous_id": previous_id,
        "submitted_at": submitted_at,
        "result_json": result_json,
    }
    if respondent is not None:
        # Named only when set, so a store still writes to a schema from before respondents (0002).
        values["respondent"] = respondent
    if check_form(form) != "full":
        # Likewise: the full survey is the column's default, so a schema from before forms (0006) still works.
        values["form"] = form
    if consensus:
        values["consensus"] = True
    return int(conn.execute(insert(Assessment).values(**values).returning(Assessment.id)).scalar_one())


def copy_answers(conn: Connection, source_id: int, target_id: int, now: datetime) -> None:
    # answered_at is copied as is, so anything the person answers from now on is newer.
    source = select(
        literal(target_id, Answer.assessment_id.type).label("assessment_id"),
        *(getattr(Answer, name) for name in _COPIED_FIELDS),
        literal(now, Answer.saved_at.type).label("saved_at"),
    ).where(Answer.assessment_id == source_id)
    conn.execute(insert(Answer).from_select(["assessment_id", *_COPIED_FIELDS, "saved_at"], source))


def add_token(conn: Connection, assessment_id: int, token: str, now: datetime) -> None:
    conn.execute(
        insert(AccessToken).values(
            assessment_id=assessment_id, token_hash=tokens.token_hash(token), created_at=now
        )
    )


def upsert_answer(dialect_name: str, with_date: bool = False) -> Insert:
    """`with_date`: the rows name their evidence date (written, or cleared with None); without it, the
    stored date stays and the statement names no column from after 0007."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(Answer)
    fields = (*_ANSWER_FIELDS, "evidence_date") if with_date else _ANSWER_FIELDS
    # Newer wins: a stale tab or a late retry never overwrites an answer given after it. The
    # comparison runs inside the statement, so two replicas racing on one answer cannot both win.
    return stmt.on_conflict_do_update(
        index_elements=[Answer.assessment_id, Answer.question_id],
        set_={name: stmt.excluded[name] for name in fields},
        where=Answer.answered_at <= stmt.excluded.answered_at,
    ).returning(Answer.question_id)
