"""Bulk import into a consultant's workspace: many assessments written in one transaction, or none."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, insert, update

from assessment.records import NAME_MAX, check_name

from . import plan as plan_rows
from . import queries, scores
from .models import Answer, Assessment
from .workspace_rows import ImportItem


@dataclass
class ImportScope:
    """What one consultant's import may see and create, handed over by Workspace (the one place that scopes
    by consultant): their clients by name, their units by (client, name), the last shared assessment of each
    client and unit, and how to create a client or a unit of theirs."""

    orgs: dict[str, int]  # casefolded name -> id
    units: dict[tuple[int, str], int]  # (client id, casefolded name) -> id
    last: dict[tuple[int, int | None], tuple[int, bool]]  # (client, unit) -> (assessment id, submitted)
    new_org: Callable[[Connection, str, str], int]  # (conn, name, org_type) -> id
    new_unit: Callable[[Connection, int, str], int]  # (conn, client id, name) -> id


def write_items(
    conn: Connection, scope: ImportScope, items: Sequence[ImportItem], language: str, bank_version: str
) -> dict[str, int]:
    """Create or update many assessments inside the caller's transaction.

    A row finds its client by name (else creates it) and its unit by name (else creates it); an open
    assessment there is filled and submitted, otherwise a new one follows the last (a re-assessment)."""
    counts = {"clients": 0, "units": 0, "updated": 0, "created": 0}
    now = datetime.now(UTC)
    answer_rows: list[dict[str, object]] = []
    results: dict[int, str] = {}
    orgs, units, last = scope.orgs, scope.units, scope.last
    for item in items:
        org_id = orgs.get(item.organization.casefold())
        if org_id is None:
            name = check_name("organization", item.organization, NAME_MAX)
            org_id = scope.new_org(conn, name, item.org_type)
            orgs[item.organization.casefold()] = org_id
            counts["clients"] += 1
        unit_id = None
        if item.unit:
            unit_id = units.get((org_id, item.unit.casefold()))
            if unit_id is None:
                unit_id = scope.new_unit(conn, org_id, check_name("unit", item.unit, NAME_MAX))
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
            if target is not None:
                # A new round after a submitted one: the earlier plan's statuses go on, as on Re-assess.
                plan_rows.copy_statuses(conn, target[0], assessment_id, now)
            counts["created"] += 1
        last[(org_id, unit_id)] = (assessment_id, True)
        results[assessment_id] = item.result_json
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
    scores.write_frozen(conn, results)
    return counts
