"""Plain data shared by the layers: the limits every layer enforces (the UI's widgets, imports, storage) and
the records storage returns. No I/O here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

ALLOWED_VALUES: frozenset[str] = frozenset({"0", "1", "2", "3", "4", "dk", "na"})
NOTE_MAX = 2000
EVIDENCE_MAX = 500
QUESTION_ID_MAX = 100
NAME_MAX = 200
ORG_TYPE_MAX = 50
LANGUAGE_MAX = 16
BANK_VERSION_MAX = 64
SECTION_MAX = 100
RESPONDENT_MAX = 100


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    id: int
    organization_id: int
    organization_name: str
    org_type: str
    unit_id: int | None
    unit_name: str | None
    language: str
    bank_version: str
    section: str
    started_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    submitted: bool
    result_json: str | None
    previous_id: int | None


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    value: str | None
    note: str | None
    evidence: str | None
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class AnswerInput:
    value: str | None
    answered_at: datetime
    note: str | None = None
    evidence: str | None = None


def check_name(field: str, value: str, max_len: int) -> str:
    cleaned = check_text(field, value, max_len)
    if cleaned is None:
        raise ValueError(f"{field} must not be empty")
    return cleaned.strip()


def check_text(field: str, value: str | None, max_len: int) -> str | None:
    # Blank text (an untouched text area) is stored as absent; NUL is refused because
    # PostgreSQL cannot store it and SQLite can, which would make the backends disagree.
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{field} must be a string, got {type(value).__name__}")
    if "\x00" in value:
        raise ValueError(f"{field} must not contain NUL characters")
    if not value.strip():
        return None
    if len(value) > max_len:
        raise ValueError(f"{field} is {len(value)} characters long; the limit is {max_len}")
    return value


def check_answer(question_id: str, answer: AnswerInput) -> dict[str, object]:
    qid = check_name("question_id", question_id, QUESTION_ID_MAX)
    if answer.value is not None and answer.value not in ALLOWED_VALUES:
        allowed = ", ".join(sorted(ALLOWED_VALUES))
        raise ValueError(f"answer {answer.value!r} to {qid} is not one of {allowed} or None")
    if not isinstance(answer.answered_at, datetime) or answer.answered_at.tzinfo is None:
        raise ValueError(f"answered_at for {qid} must be a timezone-aware datetime")
    return {
        "question_id": qid,
        "value": answer.value,
        "note": check_text("note", answer.note, NOTE_MAX),
        "evidence": check_text("evidence", answer.evidence, EVIDENCE_MAX),
        "answered_at": answer.answered_at,
    }


@dataclass(frozen=True, slots=True)
class UnitRow:
    id: int
    organization_id: int
    name: str
    archived: bool


@dataclass(frozen=True, slots=True)
class Client:
    id: int
    name: str
    org_type: str
    created_at: datetime
    archived: bool
    units: tuple[UnitRow, ...]


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    id: int
    organization_id: int
    organization_name: str
    org_type: str
    unit_id: int | None
    unit_name: str | None
    respondent: str | None
    started_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    answered: int  # answers with a value (a step, dk or na)
    result_json: str | None
    consensus: bool = False  # the answers the consultant agreed for a unit with several respondents


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One row of an import, already checked and scored by the core."""

    organization: str
    org_type: str
    unit: str | None
    answers: Mapping[str, str]  # question id -> '0'…'4', 'dk', 'na'
    result_json: str


@dataclass(frozen=True, slots=True)
class Agreed:
    """An answer the consultant agreed for a unit, and why."""

    value: str  # '0'…'4', 'dk', 'na'
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ConsensusRecord:
    id: int  # the consensus is an assessment of its own: its answers are the agreed ones
    organization_id: int
    unit_id: int | None
    org_type: str
    started_at: datetime
    updated_at: datetime
    submitted_at: datetime | None  # made the unit's official assessment
    bank_version: str


@dataclass(frozen=True, slots=True)
class AgreedChange:
    """One line of a consensus's log: who set or changed an agreed answer, when, from what, to what, why."""

    question_id: str
    old_value: str | None  # None: the first time it was agreed
    new_value: str
    reason: str | None
    consultant: str  # the display name of who did it
    changed_at: datetime
