"""Plain data shared by the layers: the limits every layer enforces (the UI's widgets, imports, storage) and
the records storage returns. No I/O here."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal, NotRequired, TypeAlias, TypedDict, TypeGuard

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
OWNER_MAX = 200
PLAN_NOTE_MAX = NOTE_MAX
# The survey's forms (assessment.bank.model.FORMS says the same; a test holds them together).
FORM_VALUES: frozenset[str] = frozenset({"quick", "full"})
DEEP_MAX = 400  # the dimensions a person chose to go deeper into, as space-separated ids
_DIMENSION_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
# Ids are INTEGER columns: PostgreSQL's is 32-bit. An id beyond it is no row anyone has.
ID_MAX = 2**31 - 1


def is_id(value: object) -> TypeGuard[int]:
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
    evidence_date: date | None = None  # the date of the evidence (the last drill…)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


# An AnswerInput that does not name its evidence date leaves the stored one as it is (and writes to a
# schema from before evidence dates); None clears it.
UNSET = _Unset()
MaybeEvidenceDate: TypeAlias = date | None | _Unset  # a date, None (cleared), or UNSET (left as stored)
EVIDENCE_DATE_MIN = date(1990, 1, 1)


@dataclass(frozen=True, slots=True)
class AnswerInput:
    value: str | None
    answered_at: datetime
    note: str | None = None
    evidence: str | None = None
    evidence_date: MaybeEvidenceDate = UNSET


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


def check_form(form: str) -> str:
    if form not in FORM_VALUES:
        raise ValueError(f"form {form!r} is not one of {', '.join(sorted(FORM_VALUES))}")
    return form


def deep_text(dimensions: Collection[str]) -> str | None:
    """The chosen deep-dive dimensions as stored: sorted, space-separated ids; None for none."""
    ids = sorted(set(dimensions))
    for d in ids:
        if not isinstance(d, str) or not _DIMENSION_ID.match(d):
            raise ValueError(f"{d!r} is not a dimension id")
    text = " ".join(ids)
    if len(text) > DEEP_MAX:
        raise ValueError(f"the deep-dive dimensions take {len(text)} characters; the limit is {DEEP_MAX}")
    return text or None


def deep_ids(text: str | None) -> tuple[str, ...]:
    return tuple(text.split()) if text else ()


class CheckedAnswer(TypedDict):
    """An answer checked for storage: the columns it is written to."""

    question_id: str
    value: str | None
    note: str | None
    evidence: str | None
    answered_at: datetime
    evidence_date: NotRequired[date | None]  # only when the caller gave one (a form without the date input)


def check_answer(question_id: str, answer: AnswerInput) -> CheckedAnswer:
    qid = check_name("question_id", question_id, QUESTION_ID_MAX)
    if answer.value is not None and answer.value not in ALLOWED_VALUES:
        allowed = ", ".join(sorted(ALLOWED_VALUES))
        raise ValueError(f"answer {answer.value!r} to {qid} is not one of {allowed} or None")
    if not isinstance(answer.answered_at, datetime) or answer.answered_at.tzinfo is None:
        raise ValueError(f"answered_at for {qid} must be a timezone-aware datetime")
    row: CheckedAnswer = {
        "question_id": qid,
        "value": answer.value,
        "note": check_text("note", answer.note, NOTE_MAX),
        "evidence": check_text("evidence", answer.evidence, EVIDENCE_MAX),
        "answered_at": answer.answered_at,
    }
    if not isinstance(answer.evidence_date, _Unset):
        row["evidence_date"] = check_evidence_date(qid, answer.evidence_date, answer.answered_at)
    return row


def check_evidence_date(qid: str, value: object, answered_at: datetime) -> date | None:
    """A day (not a datetime) from 1990 to the day the answer was given: no evidence from the future."""
    if value is None:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError(f"evidence date of {qid} must be a date, got {type(value).__name__}")
    if value < EVIDENCE_DATE_MIN or value > answered_at.date() + timedelta(days=1):
        raise ValueError(f"evidence date of {qid} is {value.isoformat()}: it must be between 1990 and today")
    return value


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
    reassess_months: int | None = None  # the consultant's cadence for this client; None: the default, 12


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
    form: str = "full"
    deep_dive: str | None = None  # the dimensions chosen for a deep dive (deep_ids reads it)
    consensus: bool = False  # the answers the consultant agreed for a unit with several respondents
    bank_version: str | None = None  # the version it is stored under (read by the portfolio's rows)
    # Its scores as last computed (table assessment_scores), only when still those of its current state
    # (StoredScore.fresh); None: to be computed from result_json or the answers.
    score: StoredScore | None = None


@dataclass(frozen=True, slots=True)
class StoredScore:
    """An assessment's scores in the few figures the portfolio draws (table assessment_scores), with the
    state of the assessment they were computed from: its `updated_at` and `submitted_at` and the bank's stamp
    (`bank_version`). Trusted only while that is still the assessment's state (`fresh`): a saved answer, a
    submit, a carry-over or a new consensus score each move updated_at, and an edit of the bank that changes
    how it scores moves its scoring stamp (Bank.scoring_stamp) even when its version stays."""

    updated_at: datetime
    submitted_at: datetime | None  # set: the result frozen at submit; None: scored from the answers
    # Submitted: the version it was submitted under (its scores are its frozen result's, whatever the bank of
    # today). In progress: the scoring stamp of the bank that scored it (Bank.scoring_stamp), never a version.
    bank_version: str
    form: str
    overall_score: float | None
    overall_level: int | None
    uncapped_level: int | None
    dimensions: (
        str  # compact JSON: {dimension id: [score, level, questions, answered, applicable, provisional]}
    )
    expired: str | None = None  # JSON of the result's expired evidence (Result.expired), when there is any
    asked: int | None = None  # in progress: the questions its progress is counted over

    def fresh(self, updated_at: datetime, submitted_at: datetime | None, stamp: str) -> bool:
        """Whether these scores are still the assessment's: computed from the state it is in now, and (in
        progress) by the bank of today, `stamp` its scoring stamp (Bank.scoring_stamp); a submitted one
        with the version it is stored under, `stamp` that version."""
        return (
            self.updated_at == updated_at and self.submitted_at == submitted_at and self.bank_version == stamp
        )

    @classmethod
    def of(
        cls,
        result: Mapping[str, Any],
        updated_at: datetime,
        submitted_at: datetime | None,
        bank_version: str,
        asked: int | None = None,
    ) -> StoredScore:
        """From a result in its JSON shape (a stored snapshot's "result", Result.to_dict): dimensions, overall
        score and levels, form, expired. A snapshot from before forms reads as the full survey, and one from
        before the quick check as final, as Result.from_dict reads them."""
        dims = {
            d: [
                r["score"],
                r["level"],
                r["questions"],
                r["answered"],
                r["applicable"],
                int(bool(r.get("provisional"))),
            ]
            for d, r in result["dimensions"].items()
        }
        expired = result.get("expired") or None
        return cls(
            updated_at=updated_at,
            submitted_at=submitted_at,
            bank_version=bank_version,
            form=result.get("form") or "full",
            overall_score=result["overall_score"],
            overall_level=result["overall_level"],
            uncapped_level=result["uncapped_level"],
            dimensions=json.dumps(dims, separators=(",", ":")),
            expired=None if expired is None else json.dumps(expired, separators=(",", ":"), sort_keys=True),
            asked=asked,
        )


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One row of an import, already checked and scored by the core."""

    organization: str
    org_type: str
    unit: str | None
    answers: Mapping[str, str]  # question id -> '0'…'4', 'dk', 'na'
    result_json: str
    form: str = "full"  # "quick" when the file held only the quick check's columns


PlanStatusValue = Literal["todo", "doing", "done", "dropped"]
PLAN_STATUSES: tuple[PlanStatusValue, ...] = ("todo", "doing", "done", "dropped")


@dataclass(frozen=True, slots=True)
class PlanStatus:
    """What a team says about one plan item: who does it, by when, how far it got. Keyed by recommendation
    id in a plain mapping (`recommendation_id -> PlanStatus`) that the outputs, the projection and storage
    share."""

    owner: str | None = None
    due: date | None = None
    status: PlanStatusValue = "todo"
    note: str | None = None


def check_plan_status(recommendation_id: str, value: PlanStatus) -> PlanStatus:
    """The same status with blank texts as None; ValueError naming the item and the field otherwise."""
    rid = check_name("recommendation_id", recommendation_id, QUESTION_ID_MAX)
    if value.status not in PLAN_STATUSES:
        raise ValueError(f"status {value.status!r} of {rid} is not one of {', '.join(PLAN_STATUSES)}")
    # A datetime is a date too; a due date is a day, so refuse the ambiguity.
    if value.due is not None and (not isinstance(value.due, date) or isinstance(value.due, datetime)):
        raise ValueError(f"due date of {rid} must be a date, got {type(value.due).__name__}")
    owner = check_text(f"owner of {rid}", value.owner, OWNER_MAX)
    note = check_text(f"note of {rid}", value.note, PLAN_NOTE_MAX)
    return PlanStatus(owner.strip() if owner else None, value.due, value.status, note)


LEVEL_MAX = 5  # the bank's five levels (DESIGN.md); a target is one of them


@dataclass(frozen=True, slots=True)
class PlanEntry:
    """A plan item's status as given, with when it was given: the newer of two writes wins, as for answers."""

    status: PlanStatus
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class TargetEntry:
    """A dimension's target level as given (None: back to the default, one above today's), and when."""

    level: int | None
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class PlanState:
    """What a team set on one assessment's plan: statuses per recommendation id, targets per dimension."""

    statuses: Mapping[str, PlanEntry]
    targets: Mapping[str, TargetEntry]

    def plain_statuses(self) -> dict[str, PlanStatus]:
        return {rid: e.status for rid, e in self.statuses.items()}

    def plain_targets(self) -> dict[str, int | None]:
        """Only the targets someone set; the outputs fill the rest with the default."""
        return {d: e.level for d, e in self.targets.items() if e.level is not None}


def check_target(dimension: str, level: int | None) -> tuple[str, int | None]:
    """A target as stored: a dimension id and a level from 1 to LEVEL_MAX, or None for the default."""
    if not isinstance(dimension, str) or not _DIMENSION_ID.match(dimension):
        raise ValueError(f"{dimension!r} is not a dimension id")
    if level is not None and (
        isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= LEVEL_MAX
    ):
        raise ValueError(f"target for {dimension} must be a level from 1 to {LEVEL_MAX}, got {level!r}")
    return dimension, level


def check_changed_at(field: str, when: datetime) -> datetime:
    if not isinstance(when, datetime) or when.tzinfo is None:
        raise ValueError(f"{field} must be a timezone-aware datetime")
    return when


def ids_with_status(statuses: Mapping[str, PlanStatus], *wanted: PlanStatusValue) -> frozenset[str]:
    """The recommendation ids whose status is one of `wanted`: ids_with_status(s, "done")."""
    return frozenset(rid for rid, s in statuses.items() if s.status in wanted)


LABEL_MAX = 100
RESUME, SHARE = "resume", "share"  # a link's kind: the survey (`?a=`) or the read-only report (`?s=`)
ACTIVE, WITHDRAWN, EXPIRED = "active", "withdrawn", "expired"


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One link to an assessment as its owner sees it. The token itself is never stored, so never here."""

    id: int
    assessment_id: int
    kind: str  # RESUME or SHARE
    created_at: datetime
    expires_at: datetime | None
    last_opened_at: datetime | None
    withdrawn_at: datetime | None
    label: str | None
    unit_name: str | None
    respondent: str | None
    submitted: bool

    def state(self, now: datetime) -> str:
        """ACTIVE, WITHDRAWN or EXPIRED: when a link still opens (storage.links.opens is the same rule)."""
        if self.withdrawn_at is not None:
            return WITHDRAWN
        if self.expires_at is not None and self.expires_at <= now:
            return EXPIRED
        return ACTIVE


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
