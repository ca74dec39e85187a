"""The statements behind a consensus. Workspace calls them only after it has checked that the client, unit or
consensus is the signed-in consultant's: nothing here scopes by consultant, so nothing else may call it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, insert, select, update

from assessment.records import AgreedChange, ConsensusRecord, StoredAnswer

from . import queries, scores
from .models import Answer, Assessment, ConsensusChange, Consultant, Organization

# A consensus is an assessment of its own; its `section` is never shown (nobody walks it as a survey).
SECTION = "consensus"


def _record_query() -> Select[*tuple[Any, ...]]:
    return (
        select(
            Assessment.id,
            Assessment.organization_id,
            Assessment.unit_id,
            Organization.org_type,
            Assessment.started_at,
            Assessment.updated_at,
            Assessment.submitted_at,
            Assessment.bank_version,
        )
        .join(Organization, Organization.id == Assessment.organization_id)
        .where(Assessment.consensus.is_(True))
    )


def find(conn: Connection, org_id: int, unit_id: int | None) -> ConsensusRecord | None:
    row = conn.execute(
        _record_query()
        .where(Assessment.organization_id == org_id, Assessment.unit_id.is_not_distinct_from(unit_id))
        .order_by(Assessment.id.desc())
    ).first()
    return None if row is None else ConsensusRecord(**row._mapping)


def load(conn: Connection, consensus_id: int) -> ConsensusRecord:
    return ConsensusRecord(
        **conn.execute(_record_query().where(Assessment.id == consensus_id)).one()._mapping
    )


def create(
    conn: Connection, org_id: int, unit_id: int | None, language: str, bank_version: str, now: datetime
) -> ConsensusRecord:
    new_id = queries.insert_assessment(
        conn,
        org_id,
        unit_id,
        language=language,
        bank_version=bank_version,
        section=SECTION,
        now=now,
        consensus=True,
    )
    return load(conn, new_id)


def lock(conn: Connection, consensus_id: int, now: datetime) -> None:
    # The UPDATE takes the row lock on PostgreSQL (SQLite's writers already hold the database): two tabs
    # agreeing on one question one after the other each log the value the other left.
    conn.execute(update(Assessment).where(Assessment.id == consensus_id).values(updated_at=now))


def agreed(conn: Connection, consensus_id: int) -> dict[str, StoredAnswer]:
    rows = conn.execute(
        select(Answer.question_id, Answer.value, Answer.note, Answer.evidence, Answer.answered_at)
        .where(Answer.assessment_id == consensus_id, Answer.value.is_not(None))
        .order_by(Answer.question_id)
    )
    return {r.question_id: StoredAnswer(r.value, r.note, r.evidence, r.answered_at) for r in rows}


def write(
    conn: Connection,
    consensus_id: int,
    consultant_id: int,
    changes: Mapping[str, tuple[str, str | None]],
    now: datetime,
) -> set[str]:
    """Set each (value, reason); one log line per answer that changed. Returns the question ids written."""
    before = {
        qid: (answer.value, answer.note)
        for qid, answer in agreed(conn, consensus_id).items()
        if qid in changes
    }
    written: set[str] = set()
    for qid, (value, reason) in changes.items():
        old = before.get(qid)
        if old == (value, reason):
            continue
        if old is not None and reason is None:
            raise ValueError(f"changing the agreed answer to {qid} needs a reason")
        if old is None:
            conn.execute(
                insert(Answer).values(
                    assessment_id=consensus_id,
                    question_id=qid,
                    value=value,
                    note=reason,
                    answered_at=now,
                    saved_at=now,
                )
            )
        else:
            conn.execute(
                update(Answer)
                .where(Answer.assessment_id == consensus_id, Answer.question_id == qid)
                .values(value=value, note=reason, answered_at=now, saved_at=now)
            )
        conn.execute(
            insert(ConsensusChange).values(
                assessment_id=consensus_id,
                question_id=qid,
                old_value=None if old is None else old[0],
                new_value=value,
                reason=reason,
                consultant_id=consultant_id,
                changed_at=now,
            )
        )
        written.add(qid)
    return written


def store_result(
    conn: Connection, consensus_id: int, result_json: str, bank_version: str, now: datetime, submit: bool
) -> None:
    values: dict[str, Any] = {"result_json": result_json, "bank_version": bank_version, "updated_at": now}
    if submit:
        values["submitted_at"] = now
    conn.execute(update(Assessment).where(Assessment.id == consensus_id).values(**values))
    scores.write_frozen(conn, {consensus_id: result_json})


def log(conn: Connection, consensus_id: int) -> list[AgreedChange]:
    rows = conn.execute(
        select(
            ConsensusChange.question_id,
            ConsensusChange.old_value,
            ConsensusChange.new_value,
            ConsensusChange.reason,
            Consultant.display_name.label("consultant"),
            ConsensusChange.changed_at,
        )
        .join(Consultant, Consultant.id == ConsensusChange.consultant_id)
        .where(ConsensusChange.assessment_id == consensus_id)
        .order_by(ConsensusChange.changed_at, ConsensusChange.id)
    )
    return [AgreedChange(**r._mapping) for r in rows]
