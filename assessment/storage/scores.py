"""Each assessment's scores in the few figures the portfolio draws (models.AssessmentScore,
records.StoredScore): written where a result is stored (submit, import, a consensus scored) and, for an
assessment in progress, by the portfolio once it has scored it. Whoever reads one checks it against its
assessment's current state first (StoredScore.fresh): a row is a shortcut, never the truth."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite

from assessment.records import StoredScore

from .models import Assessment, AssessmentScore

log = logging.getLogger("foco")

# StoredScore's fields after its stamps and bank version, in its order.
PAYLOAD = ("form", "overall_score", "overall_level", "uncapped_level", "dimensions", "expired", "asked")
_COLUMNS = (
    "updated_at",
    "submitted_at",
    "bank_version",
    "form",
    "overall_score",
    "overall_level",
    "uncapped_level",
    "dimensions",
    "expired",
    "asked",
)


def upsert(conn: Connection, scores: Mapping[int, StoredScore]) -> None:
    """Write (or replace) these scores. A row computed from an older state of its assessment than the one
    stored does not replace it (a late portfolio write after a submit): it would only be stale."""
    if not scores:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(AssessmentScore)
    stmt = stmt.on_conflict_do_update(
        index_elements=[AssessmentScore.assessment_id],
        set_={c: stmt.excluded[c] for c in _COLUMNS},
        where=AssessmentScore.updated_at <= stmt.excluded.updated_at,
    )
    rows = [{"assessment_id": i, **{c: getattr(s, c) for c in _COLUMNS}} for i, s in scores.items()]
    for start in range(0, len(rows), 1000):
        conn.execute(stmt, rows[start : start + 1000])


def write_frozen(conn: Connection, results: Mapping[int, str]) -> None:
    """The scores of results just stored with their assessments (id -> the snapshot's JSON), with the
    stamps the assessments now have, inside the caller's transaction. Plain JSON: no bank needed. A snapshot
    this release cannot read, or a database without the table yet (before 0010), leaves the row unwritten:
    the portfolio then scores it the old way."""
    if not results:
        return
    try:
        with conn.begin_nested():
            upsert(conn, _frozen(conn, results))
    except sa_exc.SQLAlchemyError as exc:
        log.warning("scores not stored for %d assessments: %s", len(results), exc.__class__.__name__)


def _frozen(conn: Connection, results: Mapping[int, str]) -> dict[int, StoredScore]:
    ids: Sequence[int] = list(results)
    out: dict[int, StoredScore] = {}
    for start in range(0, len(ids), 500):
        stamps = conn.execute(
            select(
                Assessment.id, Assessment.updated_at, Assessment.submitted_at, Assessment.bank_version
            ).where(Assessment.id.in_(ids[start : start + 500]), Assessment.submitted_at.is_not(None))
        )
        for r in stamps:
            try:
                result = json.loads(results[r.id])["result"]
                out[r.id] = StoredScore.of(result, r.updated_at, r.submitted_at, r.bank_version)
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
    return out
