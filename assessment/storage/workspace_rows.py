"""The errors a consultant's workspace raises; its records are plain core data (assessment.records)."""

from __future__ import annotations

from assessment.records import RESPONDENT_MAX, AssessmentRow, Client, ImportItem, UnitRow

from .errors import StorageError

__all__ = ["RESPONDENT_MAX", "AssessmentRow", "Client", "DuplicateName", "ImportItem", "NotFound", "UnitRow"]


class NotFound(StorageError, LookupError):
    # Not one of this consultant's: deliberately the same whether it is someone else's or does not exist.

    def __init__(self, what: str = "item") -> None:
        super().__init__(f"{what} not found")


class DuplicateName(StorageError, ValueError):
    pass
