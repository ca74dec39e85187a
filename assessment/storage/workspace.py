"""A consultant's clients, units and assessment links. Every query here is scoped by the consultant's id: this
is the one place where one consultant is kept out of another's clients. An id that is not theirs gets the
same "not found" as an id that does not exist, so nothing leaks about other people's clients."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from assessment.records import NAME_MAX, ORG_TYPE_MAX, AssessmentRecord, check_name, check_text

from . import queries, tokens, workspace_import
from .models import Answer, Assessment, Organization, Unit
from .store import Store
from .workspace_rows import (
    RESPONDENT_MAX,
    AssessmentRow,
    Client,
    DuplicateName,
    ImportItem,
    NotFound,
    UnitRow,
)

__all__ = ["AssessmentRow", "Client", "DuplicateName", "ImportItem", "NotFound", "UnitRow", "Workspace"]


def _now() -> datetime:
    return datetime.now(UTC)


class Workspace:
    def __init__(self, store: Store, consultant_id: int) -> None:
        if not isinstance(consultant_id, int) or isinstance(consultant_id, bool):
            raise TypeError("consultant_id must be an int")
        self._store = store
        self.consultant_id = consultant_id

    # --- clients and units ------------------------------------------------------------------------

    def clients(self, include_archived: bool = False) -> list[Client]:
        with self._store.tx() as conn:
            orgs = conn.execute(self._orgs(include_archived).order_by(func.lower(Organization.name))).all()
            units = conn.execute(
                select(Unit.id, Unit.organization_id, Unit.name, Unit.archived_at)
                .join(Organization, Organization.id == Unit.organization_id)
                .where(Organization.consultant_id == self.consultant_id)
                .order_by(func.lower(Unit.name))
            ).all()
        by_org: dict[int, list[UnitRow]] = {}
        for u in units:
            if include_archived or u.archived_at is None:
                by_org.setdefault(u.organization_id, []).append(
                    UnitRow(u.id, u.organization_id, u.name, u.archived_at is not None)
                )
        return [
            Client(
                o.id, o.name, o.org_type, o.created_at, o.archived_at is not None, tuple(by_org.get(o.id, []))
            )
            for o in orgs
        ]

    def client(self, org_id: int) -> Client:
        for c in self.clients(include_archived=True):
            if c.id == org_id:
                return c
        raise NotFound("client")

    def create_client(self, name: str, org_type: str) -> Client:
        clean = check_name("name", name, NAME_MAX)
        kind = check_name("org_type", org_type, ORG_TYPE_MAX)
        now = _now()
        with self._store.tx(write=True) as conn:
            self._no_client_named(conn, clean)
            org_id = conn.execute(
                insert(Organization)
                .values(name=clean, org_type=kind, created_at=now, consultant_id=self.consultant_id)
                .returning(Organization.id)
            ).scalar_one()
        return Client(int(org_id), clean, kind, now, False, ())

    def rename_client(self, org_id: int, name: str) -> None:
        clean = check_name("name", name, NAME_MAX)
        with self._store.tx(write=True) as conn:
            self._own_org(conn, org_id)
            self._no_client_named(conn, clean, but=org_id)
            conn.execute(update(Organization).where(Organization.id == org_id).values(name=clean))

    def archive_client(self, org_id: int, archived: bool = True) -> None:
        with self._store.tx(write=True) as conn:
            self._own_org(conn, org_id)
            conn.execute(
                update(Organization)
                .where(Organization.id == org_id)
                .values(archived_at=_now() if archived else None)
            )

    def create_unit(self, org_id: int, name: str) -> UnitRow:
        clean = check_name("name", name, NAME_MAX)
        with self._store.tx(write=True) as conn:
            self._own_org(conn, org_id)
            unit_id = self._insert_unit(conn, org_id, clean)
        return UnitRow(unit_id, org_id, clean, False)

    def rename_unit(self, unit_id: int, name: str) -> None:
        clean = check_name("name", name, NAME_MAX)
        with self._store.tx(write=True) as conn:
            org_id = self._own_unit(conn, unit_id)
            self._no_unit_named(conn, org_id, clean, but=unit_id)
            conn.execute(update(Unit).where(Unit.id == unit_id).values(name=clean))

    def archive_unit(self, unit_id: int, archived: bool = True) -> None:
        with self._store.tx(write=True) as conn:
            self._own_unit(conn, unit_id)
            conn.execute(
                update(Unit).where(Unit.id == unit_id).values(archived_at=_now() if archived else None)
            )

    # --- links and assessments -------------------------------------------------------------------

    def issue_link(
        self,
        org_id: int,
        unit_id: int | None,
        language: str,
        bank_version: str,
        respondent: str | None = None,
    ) -> tuple[AssessmentRecord, str]:
        label = check_text("respondent", respondent, RESPONDENT_MAX)
        token = tokens.new_token()
        now = _now()
        with self._store.tx(write=True) as conn:
            self._own_org(conn, org_id)
            if unit_id is not None and self._own_unit(conn, unit_id) != org_id:
                raise NotFound("unit")
            assessment_id = queries.insert_assessment(
                conn,
                org_id,
                unit_id,
                language=language,
                bank_version=bank_version,
                section="0",
                now=now,
                respondent=label.strip() if label else None,
            )
            queries.add_token(conn, assessment_id, token, now)
            return queries.load_record(conn, assessment_id), token

    def new_link(self, assessment_id: int) -> str:
        """Another link to an assessment (the first one is only shown once: we keep its hash)."""
        token = tokens.new_token()
        with self._store.tx(write=True) as conn:
            self._own_assessment(conn, assessment_id)
            queries.add_token(conn, assessment_id, token, _now())
        return token

    def assessments(self, org_id: int | None = None, include_archived: bool = False) -> list[AssessmentRow]:
        # Counted per listed assessment (on the answers' primary key), not over the whole answers table.
        answered = (
            select(func.count())
            .where(Answer.assessment_id == Assessment.id, Answer.value.is_not(None))
            .correlate(Assessment)
            .scalar_subquery()
        )
        stmt = (
            select(
                Assessment.id,
                Assessment.organization_id,
                Organization.name.label("organization_name"),
                Organization.org_type,
                Assessment.unit_id,
                Unit.name.label("unit_name"),
                Assessment.respondent,
                Assessment.started_at,
                Assessment.updated_at,
                Assessment.submitted_at,
                answered.label("answered"),
                Assessment.result_json,
            )
            .join(Organization, Organization.id == Assessment.organization_id)
            .outerjoin(Unit, Unit.id == Assessment.unit_id)
            .where(Organization.consultant_id == self.consultant_id)
            .order_by(Assessment.organization_id, Assessment.unit_id, Assessment.started_at, Assessment.id)
        )
        if org_id is not None:
            stmt = stmt.where(Assessment.organization_id == org_id)
        if not include_archived:
            stmt = stmt.where(Organization.archived_at.is_(None), Unit.archived_at.is_(None))
        with self._store.tx() as conn:
            if org_id is not None:
                self._own_org(conn, org_id)
            return [AssessmentRow(**row._mapping) for row in conn.execute(stmt)]

    def answers_of(self, assessment_ids: Sequence[int]) -> dict[int, dict[str, str]]:
        """Stored answer values per assessment; ids that are not this consultant's are left out."""
        out: dict[int, dict[str, str]] = {}
        ids = [i for i in dict.fromkeys(assessment_ids) if queries.is_row_id(i)]
        with self._store.tx() as conn:
            for start in range(0, len(ids), 500):  # keep under every backend's bound-parameter limit
                rows = conn.execute(
                    select(Answer.assessment_id, Answer.question_id, Answer.value)
                    .join(Assessment, Assessment.id == Answer.assessment_id)
                    .join(Organization, Organization.id == Assessment.organization_id)
                    .where(
                        Organization.consultant_id == self.consultant_id,
                        Answer.assessment_id.in_(ids[start : start + 500]),
                        Answer.value.is_not(None),
                    )
                )
                for r in rows:
                    out.setdefault(r.assessment_id, {})[r.question_id] = r.value
        return out

    def apply_import(self, items: Sequence[ImportItem], language: str, bank_version: str) -> dict[str, int]:
        """Create or update many assessments in one transaction: all of them, or none if anything fails."""
        return workspace_import.apply_import(self, items, language, bank_version)

    # --- internals --------------------------------------------------------------------------------

    def _orgs(self, include_archived: bool) -> Any:
        stmt = select(
            Organization.id,
            Organization.name,
            Organization.org_type,
            Organization.created_at,
            Organization.archived_at,
        ).where(Organization.consultant_id == self.consultant_id)
        return stmt if include_archived else stmt.where(Organization.archived_at.is_(None))

    def _own_org(self, conn: Connection, org_id: object) -> None:
        if not queries.is_row_id(org_id):
            raise NotFound("client")
        found = conn.execute(
            select(Organization.id).where(
                Organization.id == org_id, Organization.consultant_id == self.consultant_id
            )
        ).first()
        if found is None:
            raise NotFound("client")

    def _own_unit(self, conn: Connection, unit_id: object) -> int:
        if not queries.is_row_id(unit_id):
            raise NotFound("unit")
        org_id = conn.execute(
            select(Unit.organization_id)
            .join(Organization, Organization.id == Unit.organization_id)
            .where(Unit.id == unit_id, Organization.consultant_id == self.consultant_id)
        ).scalar()
        if org_id is None:
            raise NotFound("unit")
        return int(org_id)

    def _own_assessment(self, conn: Connection, assessment_id: object) -> None:
        if not queries.is_row_id(assessment_id):
            raise NotFound("assessment")
        found = conn.execute(
            select(Assessment.id)
            .join(Organization, Organization.id == Assessment.organization_id)
            .where(Assessment.id == assessment_id, Organization.consultant_id == self.consultant_id)
        ).first()
        if found is None:
            raise NotFound("assessment")

    def _no_client_named(self, conn: Connection, name: str, but: int | None = None) -> None:
        stmt = self._orgs(True).where(func.lower(Organization.name) == name.lower())
        if but is not None:
            stmt = stmt.where(Organization.id != but)
        if conn.execute(stmt).first() is not None:
            raise DuplicateName(f"a client named {name!r} already exists")

    def _no_unit_named(self, conn: Connection, org_id: int, name: str, but: int | None = None) -> None:
        stmt = select(Unit.id).where(Unit.organization_id == org_id, func.lower(Unit.name) == name.lower())
        if but is not None:
            stmt = stmt.where(Unit.id != but)
        if conn.execute(stmt).first() is not None:
            raise DuplicateName(f"a unit named {name!r} already exists")

    def _insert_unit(self, conn: Connection, org_id: int, name: str) -> int:
        self._no_unit_named(conn, org_id, name)
        return int(
            conn.execute(
                insert(Unit).values(organization_id=org_id, name=name, created_at=_now()).returning(Unit.id)
            ).scalar_one()
        )
