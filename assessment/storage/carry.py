"""Carry an in-progress assessment to the running bank's version, in one transaction: the old answers are
archived with their version, the carried ones replace them, and what changed is kept for the person to be
told. The rules are the core's (assessment.engine.migrate); this module only reads and writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Select, delete, insert, literal, select, update

from assessment.bank import Bank
from assessment.engine.migrate import Changes, Given, carry
from assessment.engine.scoring import parse_answer

from .models import Answer, ArchivedAnswer, Assessment, Carryover

_ARCHIVED = ("question_id", "value", "note", "evidence", "answered_at", "saved_at")


@dataclass(frozen=True, slots=True)
class Notice:
    carryover_id: int
    changes: Changes


@dataclass(frozen=True, slots=True)
class ArchivedRow:
    bank_version: str
    question_id: str
    value: str | None
    note: str | None
    evidence: str | None
    answered_at: datetime


def carry_over(conn: Connection, assessment_id: int, bank: Bank, now: datetime) -> Changes | None:
    """Carry one assessment if it is in progress on an older version with a way here; None otherwise
    (already carried, submitted, on this version, or on a version no mapping file leads from)."""
    row = conn.execute(
        select(Assessment.bank_version, Assessment.submitted_at).where(Assessment.id == assessment_id)
    ).first()
    if row is None or row.submitted_at is not None or row.bank_version == bank.version:
        return None
    path = bank.migration_path(row.bank_version)
    if not path:
        return None
    # Compare-and-set: of two sessions (or replicas) opening it at once, one carries it; the other finds
    # the new version and does nothing. On PostgreSQL the UPDATE also locks the row until commit.
    claimed = conn.execute(
        update(Assessment)
        .where(
            Assessment.id == assessment_id,
            Assessment.bank_version == row.bank_version,
            Assessment.submitted_at.is_(None),
        )
        .values(bank_version=bank.version, updated_at=now)
    )
    if claimed.rowcount != 1:
        return None
    stored = conn.execute(
        select(Answer.question_id, Answer.value, Answer.note, Answer.evidence, Answer.answered_at).where(
            Answer.assessment_id == assessment_id
        )
    ).all()
    given = {
        r.question_id: Given(
            parse_answer(r.value) if r.value is not None else None, r.note, r.evidence, r.answered_at
        )
        for r in stored
    }
    carried = carry(bank, path, given)
    carryover_id = conn.execute(
        insert(Carryover)
        .values(
            assessment_id=assessment_id,
            from_version=row.bank_version,
            to_version=bank.version,
            carried_at=now,
            changes_json=json.dumps(carried.changes.to_dict()),
        )
        .returning(Carryover.id)
    ).scalar_one()
    archived = select(
        literal(carryover_id, ArchivedAnswer.carryover_id.type),
        literal(assessment_id, ArchivedAnswer.assessment_id.type),
        literal(row.bank_version, ArchivedAnswer.bank_version.type),
        *(getattr(Answer, name) for name in _ARCHIVED),
    ).where(Answer.assessment_id == assessment_id)
    conn.execute(
        insert(ArchivedAnswer).from_select(
            ["carryover_id", "assessment_id", "bank_version", *_ARCHIVED], archived
        )
    )
    # Evidence dates stay with the questions that keep their id (the archive keeps the answers as given).
    dated = {
        r.question_id: r.evidence_date
        for r in conn.execute(
            select(Answer.question_id, Answer.evidence_date).where(
                Answer.assessment_id == assessment_id, Answer.evidence_date.is_not(None)
            )
        )
    }
    conn.execute(delete(Answer).where(Answer.assessment_id == assessment_id))
    if carried.answers:
        conn.execute(
            insert(Answer),
            [
                {
                    **({"evidence_date": dated.get(qid)} if dated else {}),
                    "assessment_id": assessment_id,
                    "question_id": qid,
                    "value": None if a.value is None else str(a.value),
                    "note": a.note,
                    "evidence": a.evidence,
                    # The time the person gave the answer, so a later answer still wins over it.
                    "answered_at": a.answered_at or now,
                    "saved_at": now,
                }
                for qid, a in carried.answers.items()
            ],
        )
    return carried.changes


def unseen(conn: Connection, assessment_id: int) -> list[Notice]:
    rows = conn.execute(
        select(Carryover.id, Carryover.changes_json)
        .where(Carryover.assessment_id == assessment_id, Carryover.seen_at.is_(None))
        .order_by(Carryover.carried_at, Carryover.id)
    )
    return [Notice(r.id, Changes.from_dict(json.loads(r.changes_json))) for r in rows]


def mark_seen(conn: Connection, assessment_id: int, carryover_ids: list[int], now: datetime) -> None:
    if carryover_ids:
        conn.execute(
            update(Carryover)
            .where(Carryover.assessment_id == assessment_id, Carryover.id.in_(carryover_ids))
            .values(seen_at=now)
        )


def archived(conn: Connection, assessment_id: int) -> list[ArchivedRow]:
    rows = conn.execute(
        select(
            ArchivedAnswer.bank_version,
            ArchivedAnswer.question_id,
            ArchivedAnswer.value,
            ArchivedAnswer.note,
            ArchivedAnswer.evidence,
            ArchivedAnswer.answered_at,
        )
        .where(ArchivedAnswer.assessment_id == assessment_id)
        .order_by(ArchivedAnswer.carryover_id, ArchivedAnswer.question_id)
    )
    return [ArchivedRow(*r) for r in rows]


def stale(conn: Connection, ids_query: Select[int], bank: Bank) -> list[int]:
    """Of the assessments `ids_query` selects, those in progress on a version a mapping leads here from."""
    versions = [v for v in bank.migrations if bank.migration_path(v)]
    if not versions:
        return []
    return list(
        conn.execute(
            ids_query.where(Assessment.submitted_at.is_(None), Assessment.bank_version.in_(versions))
        ).scalars()
    )
