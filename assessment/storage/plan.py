"""The plan as a team keeps it, per assessment: each item's owner, due date, status and note, and the target
level per dimension. Written like answers: one upsert per row that only replaces an older one (the newer
`changed_at` wins, inside the statement, so two tabs or two replicas racing cannot both win). Unlike answers,
a plan stays writable after submit: it is carried out once the survey is done.

On a re-assessment the earlier assessment's statuses are copied to the new one with their times, so anything
set from then on is newer. Targets are not copied: the new default is one above the new levels."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Insert, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from assessment.records import (
    PlanEntry,
    PlanState,
    PlanStatus,
    TargetEntry,
    check_changed_at,
    check_plan_status,
    check_target,
)

from .models import PlanItem, PlanTarget

_ITEM_FIELDS = ("owner", "due", "status", "note", "changed_at", "saved_at")
_TARGET_FIELDS = ("level", "changed_at", "saved_at")
_COPIED = ("recommendation_id", "owner", "due", "status", "note", "changed_at")


def _upsert(dialect_name: str, model: Any, keys: list[Any], fields: tuple[str, ...]) -> Insert:
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(model)
    return stmt.on_conflict_do_update(
        index_elements=keys,
        set_={name: stmt.excluded[name] for name in fields},
        where=model.changed_at <= stmt.excluded.changed_at,
    ).returning(keys[1])


def upsert_item(dialect_name: str) -> Insert:
    return _upsert(dialect_name, PlanItem, [PlanItem.assessment_id, PlanItem.recommendation_id], _ITEM_FIELDS)


def upsert_target(dialect_name: str) -> Insert:
    return _upsert(dialect_name, PlanTarget, [PlanTarget.assessment_id, PlanTarget.dimension], _TARGET_FIELDS)


def item_rows(statuses: Mapping[str, PlanEntry]) -> list[dict[str, object]]:
    """Checked rows (records.check_plan_status), or ValueError naming the item and the field."""
    rows: list[dict[str, object]] = []
    for rid, entry in statuses.items():
        clean = check_plan_status(rid, entry.status)
        rows.append(
            {
                "recommendation_id": rid.strip(),
                "owner": clean.owner,
                "due": clean.due,
                "status": clean.status,
                "note": clean.note,
                "changed_at": check_changed_at(f"changed_at of {rid}", entry.changed_at),
            }
        )
    return rows


def target_rows(targets: Mapping[str, TargetEntry]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for dim, entry in targets.items():
        dimension, level = check_target(dim, entry.level)
        rows.append(
            {
                "dimension": dimension,
                "level": level,
                "changed_at": check_changed_at(f"changed_at of the target for {dim}", entry.changed_at),
            }
        )
    return rows


def write(
    conn: Connection,
    assessment_id: int,
    items: list[dict[str, object]],
    targets: list[dict[str, object]],
    now: datetime,
) -> set[str]:
    """The recommendation ids and dimension ids written; the others lost to a row set later."""
    written: set[str] = set()
    dialect = conn.dialect.name
    for stmt, rows in ((upsert_item(dialect), items), (upsert_target(dialect), targets)):
        for row in rows:
            hit = conn.execute(stmt, {**row, "assessment_id": assessment_id, "saved_at": now}).first()
            if hit is not None:
                written.add(hit[0])
    return written


def read(conn: Connection, assessment_id: int) -> PlanState:
    items = conn.execute(
        select(
            PlanItem.recommendation_id,
            PlanItem.owner,
            PlanItem.due,
            PlanItem.status,
            PlanItem.note,
            PlanItem.changed_at,
        )
        .where(PlanItem.assessment_id == assessment_id)
        .order_by(PlanItem.recommendation_id)
    )
    targets = conn.execute(
        select(PlanTarget.dimension, PlanTarget.level, PlanTarget.changed_at)
        .where(PlanTarget.assessment_id == assessment_id)
        .order_by(PlanTarget.dimension)
    )
    return PlanState(
        statuses={
            r.recommendation_id: PlanEntry(PlanStatus(r.owner, r.due, r.status, r.note), r.changed_at)
            for r in items
        },
        targets={r.dimension: TargetEntry(r.level, r.changed_at) for r in targets},
    )


def copy_statuses(conn: Connection, source_id: int, target_id: int, now: datetime) -> None:
    """The earlier assessment's statuses onto a re-assessment (times kept, so later changes are newer)."""
    source = select(
        literal(target_id, PlanItem.assessment_id.type).label("assessment_id"),
        *(getattr(PlanItem, name) for name in _COPIED),
        literal(now, PlanItem.saved_at.type).label("saved_at"),
    ).where(PlanItem.assessment_id == source_id)
    conn.execute(insert(PlanItem).from_select(["assessment_id", *_COPIED, "saved_at"], source))
