"""The peer benchmark's data, aggregate only: the submitted assessments of organizations that agreed to be
counted, read as the core's plain `benchmark.Entry` records (no name, an opaque organization key) and
handed straight to `benchmark.figures`. Nothing here returns an organization's own row to a caller: the
Store and Workspace methods built on it return figures only.

Who agreed: a self-assessment (an organization of no consultant) when the person opted in at Start
(organizations.benchmark_opt_in); a consultant's client when the consultant opted in for the workspace
(consultants.benchmark_opt_in). Archived clients are left out."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import ColumnElement, Connection, and_, or_, select, update

from assessment.engine.benchmark import MIN_ORGS, Entry, Figure, figures
from assessment.engine.scoring import Result

from .models import Assessment, Consultant, Organization

REASSESS_DEFAULT = 12
REASSESS_MAX = 60


def opted_in() -> ColumnElement[bool]:
    """The SQL condition: this organization's assessments may be counted."""
    return or_(
        and_(Organization.consultant_id.is_(None), Organization.benchmark_opt_in.is_(True)),
        and_(Organization.consultant_id.is_not(None), Consultant.benchmark_opt_in.is_(True)),
    )


def entries(conn: Connection) -> list[Entry]:
    rows = conn.execute(
        select(
            Assessment.organization_id,
            Organization.org_type,
            Assessment.submitted_at,
            Assessment.form,
            Assessment.result_json,
        )
        .join(Organization, Organization.id == Assessment.organization_id)
        .outerjoin(Consultant, Consultant.id == Organization.consultant_id)
        .where(
            Assessment.submitted_at.is_not(None),
            Assessment.result_json.is_not(None),
            Organization.archived_at.is_(None),
            opted_in(),
        )
    )
    out: list[Entry] = []
    for r in rows:
        try:
            result = Result.from_dict(json.loads(r.result_json)["result"])
        except (ValueError, KeyError, TypeError):
            continue  # a snapshot no one can read counts for nothing
        scores: dict[str, float | None] = {d: dim.score for d, dim in result.dimensions.items()}
        scores["overall"] = result.overall_score
        full = r.form == "full" and result.form == "full" and not result.provisional
        # Every row here passed the opt-in condition; the core checks the flag again.
        out.append(Entry(r.organization_id, r.org_type, r.submitted_at, scores, full, opted_in=True))
    return out


def compute(conn: Connection, dimensions: Iterable[str], min_orgs: int = MIN_ORGS) -> list[Figure]:
    return figures(entries(conn), dimensions, min_orgs)


def set_self_opt_in(conn: Connection, assessment_id: int, on: bool) -> None:
    """A self-assessment's choice, on its organization (a consultant's client is never changed here)."""
    org_id = select(Assessment.organization_id).where(Assessment.id == assessment_id).scalar_subquery()
    conn.execute(
        update(Organization)
        .where(Organization.id == org_id, Organization.consultant_id.is_(None))
        .values(benchmark_opt_in=bool(on))
    )


def check_months(months: object) -> int | None:
    if months is None:
        return None
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= REASSESS_MAX:
        raise ValueError(f"the re-assessment cadence must be 1 to {REASSESS_MAX} months")
    return months
