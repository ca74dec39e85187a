"""The records a consultant's workspace returns and its errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from .errors import StorageError

RESPONDENT_MAX = 100


class NotFound(StorageError, LookupError):
    # Not one of this consultant's: deliberately the same whether it is someone else's or does not exist.

    def __init__(self, what: str = "item") -> None:
        super().__init__(f"{what} not found")


class DuplicateName(StorageError, ValueError):
    pass


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
