"""The records a consultant's workspace returns, its errors, and its transaction helper."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine
from sqlalchemy import exc as sa_exc

from .engine import WRITE
from .errors import StorageError, StorageUnavailable
from .store import Store

RESPONDENT_MAX = 100
_UNAVAILABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    sa_exc.DisconnectionError,
)


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


@contextmanager
def transaction(source: Store | Engine, write: bool = False) -> Iterator[Connection]:
    engine: Engine = source._engine if isinstance(source, Store) else source  # noqa: SLF001 - same package
    if write:
        engine = engine.execution_options(**WRITE)
    try:
        with engine.begin() as conn:
            yield conn
    except _UNAVAILABLE as exc:
        raise StorageUnavailable(f"database unavailable: {getattr(exc, 'orig', None) or exc}") from exc
