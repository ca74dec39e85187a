"""Plain data shared by the layers: the limits every layer enforces (the UI's widgets, imports, storage) and
the records storage returns. No I/O here."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

# The responses CSV's own columns, before one column per question id: no question may take these ids.
RESERVED_COLUMNS: tuple[str, ...] = ("organization", "unit", "organization_type")
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
# Ids are INTEGER columns: PostgreSQL's is 32-bit. An id beyond it is no row anyone has.
ID_MAX = 2**31 - 1


def is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= ID_MAX


def printable(text: str) -> str:
    """`text` safe to quote in a message on a terminal or a page: every character that is not printable
    (ESC and the other controls, NUL, line breaks, bidi overrides, lone surrogates) is written as its
    escape, `\\x1b`, `\\u202e`, so a file name or a cell cannot move the cursor, recolour or reorder a
    terminal, or break a message over several lines."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


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


# A name is one line of text: no C0 or C1 control character (tab included), no line or paragraph
# separator, no lone surrogate.
_NOT_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


class BadName(ValueError):
    """A name holding a control character or a line break."""


def name_flaw(value: str) -> str | None:
    """Why `value` (already trimmed) cannot name an organization or a unit, or None."""
    bad = _NOT_IN_NAMES.search(value)
    if bad is None:
        return None
    return f"a name cannot hold the control character or line break U+{ord(bad.group()):04X}"


def check_name(field: str, value: str, max_len: int) -> str:
    cleaned = check_text(field, value, max_len)
    if cleaned is None:
        raise ValueError(f"{field} must not be empty")
    flaw = name_flaw(cleaned.strip())
    if flaw:
        raise BadName(f"{field}: {flaw}")
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


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One row of an import, already checked and scored by the core."""

    organization: str
    org_type: str
    unit: str | None
    answers: Mapping[str, str]  # question id -> '0'…'4', 'dk', 'na'
    result_json: str
