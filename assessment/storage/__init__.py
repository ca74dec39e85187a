from __future__ import annotations

from assessment.records import (
    ALLOWED_VALUES,
    EVIDENCE_MAX,
    NOTE_MAX,
    AnswerInput,
    AssessmentRecord,
    StoredAnswer,
)

from .errors import (
    AssessmentFrozen,
    AssessmentNotFound,
    BankVersionChanged,
    StorageError,
    StorageUnavailable,
)
from .migrate import upgrade
from .store import Store

__all__ = [
    "ALLOWED_VALUES",
    "EVIDENCE_MAX",
    "NOTE_MAX",
    "AnswerInput",
    "AssessmentFrozen",
    "AssessmentNotFound",
    "AssessmentRecord",
    "BankVersionChanged",
    "StorageError",
    "StorageUnavailable",
    "Store",
    "StoredAnswer",
    "upgrade",
]
