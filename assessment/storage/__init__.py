from __future__ import annotations

from .errors import AssessmentFrozen, AssessmentNotFound, StorageError, StorageUnavailable
from .migrate import upgrade
from .records import ALLOWED_VALUES, EVIDENCE_MAX, NOTE_MAX, AnswerInput, AssessmentRecord, StoredAnswer
from .store import Store

__all__ = [
    "ALLOWED_VALUES",
    "EVIDENCE_MAX",
    "NOTE_MAX",
    "AnswerInput",
    "AssessmentFrozen",
    "AssessmentNotFound",
    "AssessmentRecord",
    "StorageError",
    "StorageUnavailable",
    "Store",
    "StoredAnswer",
    "upgrade",
]
