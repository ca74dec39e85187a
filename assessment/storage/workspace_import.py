"""Bulk import into a consultant's workspace: many assessments written in one transaction, or none."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select, update

from assessment.records import NAME_MAX, check_name

from . import queries
from .models import Answer, Assessment, Organization, Unit
from .workspace_rows import ImportItem

if TYPE_CHECKING:
    from .workspace import Workspace


def apply_import(
    ws: Workspace, items: Sequence[ImportItem], language: str, bank_version: str
) -> dict[str, int]:
    """Create or update many assessments in one transaction: all of them, or none if anything fails.

    A row finds its client by name (else creates it) and its unit by name (else creates it); an open
    assessment there is filled and submitted, otherwise a new one follows the last (a re-assessment)."""
    counts = {"clients": 0, "units": 0, "updated": 0, "created": 0}
    now = datetime.now(UTC)
    answer_rows: list[dict[str, object]] = []
    with ws._store.tx(write=True) as conn:
        # Everything a row looks up is read once up front: 2,000 rows must not mean 10,000 queries.
        orgs = {r.name.casefold(): r.id for r in conn.execute(ws._orgs(True))}
        units = {
            (r.organization_id, r.name.casefold()): r.id
            for r in conn.execute(
                select(Unit.id, Unit.organization_id, Unit.name)
                .join(Organization, Organization.id == Unit.organization_id)
                .where(Organization.consultant_id == ws.consultant_id)
            )
        }
        last: dict[tuple[int, int | None], tuple[int, bool]] = {}
        for r in conn.execute(
            select(Assessment.id, Assessment.organization_id, Assessment.unit_id, Assessment.submitted_at)
            .join(Organization, Organization.id == Assessment.organization_id)
            .where(Organization.consultant_id == ws.consultant_id, Assessment.respondent.is_(None))
            .order_by(Assessment.started_at, Assessment.id)
        ):
            last[(r.organization_id, r.unit_id)] = (r.id, r.submitted_at is not None)
        for item in items:
            org_id = orgs.get(item.organization.casefold())
            if org_id is None:
                org_id = conn.execute(
                    insert(Organization)
                    .values(
                        name=check_name("organization", item.organization, NAME_MAX),
                        org_type=item.org_type,
                        created_at=now,
                        consultant_id=ws.consultant_id,
                    )
                    .returning(Organization.id)
                ).scalar_one()
                orgs[item.organization.casefold()] = org_id
                counts["clients"] += 1
            unit_id = None
            if item.unit:
                unit_id = units.get((org_id, item.unit.casefold()))
                if unit_id is None:
                    unit_id = ws._insert_unit(conn, org_id, check_name("unit", item.unit, NAME_MAX))
                    units[(org_id, item.unit.casefold())] = unit_id
                    counts["units"] += 1
            target = last.get((org_id, unit_id))
            if target is not None and not target[1]:
                # An open assessment (a link sent, not yet submitted): the file's answers replace its own.
                assessment_id = target[0]
                conn.execute(delete(Answer).where(Answer.assessment_id == assessment_id))
                conn.execute(
                    update(Assessment)
                    .where(Assessment.id == assessment_id)
                    .values(
                        submitted_at=now,
                        updated_at=now,
                        result_json=item.result_json,
                        bank_version=bank_version,
                        form=item.form,
                    )
                )
                counts["updated"] += 1
            else:
                assessment_id = queries.insert_assessment(
                    conn,
                    org_id,
                    unit_id,
                    language=language,
                    bank_version=bank_version,
                    section="0",
                    now=now,
                    previous_id=target[0] if target is not None else None,
                    submitted_at=now,
                    result_json=item.result_json,
                    form=item.form,
                )
                counts["created"] += 1
            last[(org_id, unit_id)] = (assessment_id, True)
            answer_rows += [
                {
                    "assessment_id": assessment_id,
                    "question_id": q,
                    "value": v,
                    "answered_at": now,
                    "saved_at": now,
                }
                for q, v in item.answers.items()
            ]
        for start in range(0, len(answer_rows), 5000):
            conn.execute(insert(Answer), answer_rows[start : start + 5000])
    return counts
