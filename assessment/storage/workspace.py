"""A consultant's clients, units and assessment links. Every query here is scoped by the consultant's id: this
is the one place where one consultant is kept out of another's clients. An id that is not theirs gets the
same "not found" as an id that does not exist, so nothing leaks about other people's clients."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Integer,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    insert,
    or_,
    select,
    update,
)

from assessment.bank import Bank
from assessment.engine.benchmark import MIN_ORGS, Figure
from assessment.records import (
    ALLOWED_VALUES,
    BANK_VERSION_MAX,
    NAME_MAX,
    NOTE_MAX,
    ORG_TYPE_MAX,
    QUESTION_ID_MAX,
    RESUME,
    SHARE,
    Agreed,
    AgreedChange,
    AssessmentRecord,
    ConsensusRecord,
    LinkRow,
    PlanState,
    StoredAnswer,
    StoredScore,
    check_name,
    check_text,
    is_id,
)

from . import benchmark as storage_benchmark
from . import carry, links, queries, scores, workspace_consensus, workspace_import
from . import plan as plan_rows
from .models import AccessToken, Answer, Assessment, AssessmentScore, Consultant, Organization, Unit
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

__all__ = [
    "Agreed",
    "AgreedChange",
    "AssessmentRow",
    "Client",
    "ConsensusRecord",
    "DuplicateName",
    "ImportItem",
    "NotFound",
    "UnitRow",
    "Workspace",
]

# Scores the agreed answers (question id -> value) with the bank of the day: (result JSON, bank version).
# The core does it (engine.consensus.snapshot_json); storage only calls it inside the write's transaction.
Rescore = Callable[[Mapping[str, str]], tuple[str, str]]


# Workspace.portfolio_rows's statement, per backend: its values are parameters.
_PORTFOLIO: dict[str, Any] = {}


def _now() -> datetime:
    return datetime.now(UTC)


class Workspace:
    def __init__(self, store: Store, consultant_id: int) -> None:
        if not isinstance(consultant_id, int) or isinstance(consultant_id, bool):
            raise TypeError("consultant_id must be an int")
        self._store = store
        self.consultant_id = consultant_id

    # --- the peer benchmark and the re-assessment cadence ---------------------------------------------

    def benchmark_opt_in(self) -> bool:
        """Whether this consultant's clients count in the peer benchmark (off until they opt in)."""
        with self._store.tx() as conn:
            found = conn.execute(
                select(Consultant.benchmark_opt_in).where(Consultant.id == self.consultant_id)
            ).scalar_one_or_none()
        return bool(found)

    def set_benchmark_opt_in(self, on: bool) -> None:
        with self._store.tx(write=True) as conn:
            conn.execute(
                update(Consultant)
                .where(Consultant.id == self.consultant_id)
                .values(benchmark_opt_in=bool(on))
            )

    def benchmark(self, dimensions: Iterable[str], min_orgs: int = MIN_ORGS) -> list[Figure]:
        """The same figures as Store.benchmark, over every organization that agreed: aggregates only, so no
        client of anyone is reachable through them."""
        return self._store.benchmark(dimensions, min_orgs)

    def set_reassess_months(self, org_id: int, months: int | None) -> None:
        """How many months after its last submitted assessment a client is due again (None: 12)."""
        value = storage_benchmark.check_months(months)
        with self._store.tx(write=True) as conn:
            self._own_org(conn, org_id)
            conn.execute(update(Organization).where(Organization.id == org_id).values(reassess_months=value))

    def cadences(self) -> list[tuple[int, str, int | None]]:
        """(id, name, months between assessments or None for the default) of every client not archived, by
        name: what the portfolio's follow-up needs of them, without their units and dates (clients())."""
        stmt = (
            select(Organization.id, Organization.name, Organization.reassess_months)
            .where(Organization.consultant_id == self.consultant_id, Organization.archived_at.is_(None))
            .order_by(func.lower(Organization.name))
        )
        with self._store.tx() as conn:
            return [(i, name, months) for i, name, months in conn.execute(stmt)]

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
                o.id,
                o.name,
                o.org_type,
                o.created_at,
                o.archived_at is not None,
                tuple(by_org.get(o.id, [])),
                o.reassess_months,
            )
            for o in orgs
        ]

    def client(self, org_id: int) -> Client:
        if not is_id(org_id):  # True == 1 and 1.0 == 1 in Python: neither is an id
            raise NotFound("client")
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
        expires_at: datetime | None = None,
        form: str = "full",
    ) -> tuple[AssessmentRecord, str]:
        """A link for a client or unit: to the full survey, or (`form="quick"`) to the quick check."""
        label = check_text("respondent", respondent, RESPONDENT_MAX)
        now = _now()
        links.check_expiry(expires_at, now)
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
                form=form,
            )
            earlier = self._last_submitted(conn, org_id, unit_id, label.strip() if label else None)
            if earlier is not None:
                # A new round for the same unit and respondent: the earlier plan's statuses go on.
                plan_rows.copy_statuses(conn, earlier, assessment_id, now)
            token = links.add(conn, assessment_id, now, expires_at=expires_at)
            return queries.load_record(conn, assessment_id), token

    def new_link(
        self,
        assessment_id: int,
        withdraw_old: bool = False,
        expires_at: datetime | None = None,
        label: str | None = None,
    ) -> str:
        """Another resume link to an assessment (a link is shown once: only its hash is kept), optionally
        withdrawing every earlier resume link of it in the same transaction."""
        now = _now()
        with self._store.tx(write=True) as conn:
            # A consensus has no resume link: its answers change only through agree(), which logs each.
            self._own_assessment(conn, assessment_id, consensus=False)
            if withdraw_old:
                where = [AccessToken.assessment_id == assessment_id, AccessToken.kind == RESUME]
                links.withdraw(conn, where, now)
            return links.add(conn, assessment_id, now, expires_at=expires_at, label=label)

    def share_link(
        self, assessment_id: int, expires_at: datetime | None = None, label: str | None = None
    ) -> str:
        """A read-only link to a submitted assessment's report (NotSubmitted for an open one)."""
        now = _now()
        with self._store.tx(write=True) as conn:
            self._own_assessment(conn, assessment_id)
            return links.add(conn, assessment_id, now, kind=SHARE, expires_at=expires_at, label=label)

    def links(self, org_id: int) -> list[LinkRow]:
        """Every link of every assessment of one client, newest first."""
        with self._store.tx() as conn:
            self._own_org(conn, org_id)
            return links.rows(
                conn,
                [Organization.consultant_id == self.consultant_id, Assessment.organization_id == org_id],
            )

    def withdraw_link(self, link_id: int) -> bool:
        """Withdraw one of this consultant's links; False when it was already withdrawn."""
        if not is_id(link_id):  # not an int, or beyond the INTEGER column: no row has it
            raise NotFound("link")
        now = _now()
        with self._store.tx(write=True) as conn:
            owner = conn.execute(
                select(AccessToken.revoked_at)
                .join(Assessment, Assessment.id == AccessToken.assessment_id)
                .join(Organization, Organization.id == Assessment.organization_id)
                .where(AccessToken.id == link_id, Organization.consultant_id == self.consultant_id)
            ).first()
            if owner is None:
                raise NotFound("link")
            return links.withdraw(conn, [AccessToken.id == link_id], now) == 1

    def assessments(
        self, org_id: int | None = None, include_archived: bool = False, results_only: bool = False
    ) -> list[AssessmentRow]:
        """`results_only`: each stored snapshot's plan left out by the database (`{"result": …}` only, read
        by snapshot.result_of): the portfolio reads ten thousand results and no plan, and the plan is most
        of each snapshot's text."""
        stored = self._result_only() if results_only else Assessment.result_json
        stmt = self._listing(stored.label("result_json"), org_id, include_archived)
        with self._store.tx() as conn:
            if org_id is not None:
                self._own_org(conn, org_id)
            return [AssessmentRow(**row._mapping) for row in conn.execute(stmt)]

    def portfolio_rows(self, scoring_stamp: str) -> list[AssessmentRow]:
        """What the portfolio reads: every listed assessment with its stored scores (AssessmentRow.score)
        where they are still those of the assessment's current state — computed from its present
        updated_at and submitted_at, and (in progress) by the bank whose scoring stamp is `scoring_stamp`
        (Bank.scoring_stamp: its version and every value scoring reads), (submitted) under the version it
        is stored under. The result of a submitted one comes along (as with `results_only`) only when it has
        no such scores: a cold portfolio of thousands parses no snapshot."""
        stmt = _PORTFOLIO.get(self._store.backend)
        if stmt is None:
            stmt = _PORTFOLIO[self._store.backend] = self._portfolio_statement()
        params = {"consultant_id": self.consultant_id, "scoring_stamp": scoring_stamp}
        out = []
        with self._store.tx() as conn:
            # Unpacked by position: reading 1,000 rows' columns by name cost as much as the query.
            for (
                id_,
                org_id,
                org_name,
                org_type,
                unit_id,
                unit_name,
                respondent,
                started_at,
                updated_at,
                submitted_at,
                answered,
                result_json,
                form,
                deep_dive,
                consensus,
                stored_version,
                is_fresh,
                *payload,
            ) in conn.execute(stmt, params):
                kept = None
                if is_fresh:
                    stamp = scoring_stamp if submitted_at is None else stored_version
                    kept = StoredScore(updated_at, submitted_at, stamp, *payload)
                out.append(
                    AssessmentRow(
                        id_,
                        org_id,
                        org_name,
                        org_type,
                        unit_id,
                        unit_name,
                        respondent,
                        started_at,
                        updated_at,
                        submitted_at,
                        answered,
                        result_json,
                        form,
                        deep_dive,
                        consensus,
                        stored_version,
                        kept,
                    )
                )
        return out

    def _portfolio_statement(self) -> Any:
        # Built once per backend (the consultant and the bank's scoring stamp are parameters): putting this
        # statement together took a fifth of the time of running it.
        s = AssessmentScore
        # Compared by the database, value for value: equal there is the same state (an older release's
        # time format that differs only in writing costs a recomputation, never a stale score). In progress
        # the row's stamp is the scoring stamp of the bank that scored it: a row a release before it wrote
        # holds a version there, never equal to a stamp, so it is scored again once.
        fresh = and_(
            s.updated_at == Assessment.updated_at,
            or_(
                s.submitted_at == Assessment.submitted_at,
                and_(s.submitted_at.is_(None), Assessment.submitted_at.is_(None)),
            ),
            s.bank_version
            == case(
                (Assessment.submitted_at.is_(None), bindparam("scoring_stamp", type_=String)),
                else_=Assessment.bank_version,
            ),
        )
        return self._listing(
            case((fresh, None), else_=self._result_only()).label("result_json"),
            None,
            False,
            Assessment.bank_version,
            case((fresh, 1), else_=0).label("fresh"),
            *(getattr(s, c) for c in scores.PAYLOAD),
            consultant=bindparam("consultant_id", type_=Integer),
        ).outerjoin(s, s.assessment_id == Assessment.id)

    def save_scores(self, computed: Mapping[int, StoredScore]) -> int:
        """Keep the scores the portfolio computed (assessment id -> its scores, stamped with the state they
        were computed from) for its next cold look; ids that are not this consultant's are left out. Returns
        how many were written."""
        ids = [i for i in computed if is_id(i)]
        with self._store.tx(write=True) as conn:
            mine: set[int] = set()
            for start in range(0, len(ids), 500):
                mine.update(
                    conn.execute(
                        select(Assessment.id)
                        .join(Organization, Organization.id == Assessment.organization_id)
                        .where(
                            Organization.consultant_id == self.consultant_id,
                            Assessment.id.in_(ids[start : start + 500]),
                        )
                    ).scalars()
                )
            scores.upsert(conn, {i: computed[i] for i in ids if i in mine})
        return len(mine)

    def _listing(
        self, stored: Any, org_id: int | None, include_archived: bool, *extra: Any, consultant: Any = None
    ) -> Any:
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
                stored,
                Assessment.form,
                Assessment.deep_dive,
                Assessment.consensus,
                *extra,
            )
            .join(Organization, Organization.id == Assessment.organization_id)
            .outerjoin(Unit, Unit.id == Assessment.unit_id)
            .where(Organization.consultant_id == (self.consultant_id if consultant is None else consultant))
            .order_by(Assessment.organization_id, Assessment.unit_id, Assessment.started_at, Assessment.id)
        )
        if org_id is not None:
            stmt = stmt.where(Assessment.organization_id == org_id)
        if not include_archived:
            stmt = stmt.where(Organization.archived_at.is_(None), Unit.archived_at.is_(None))
        return stmt

    def _result_only(self) -> Any:
        stored = Assessment.result_json
        if self._store.backend == "postgresql":
            part = func.json_build_object("result", cast(stored, JSON)["result"])
        else:
            part = func.json_object("result", func.json(func.json_extract(stored, "$.result")))
        return case((stored.is_(None), None), else_=cast(part, Text))

    def carry_over_stale(self, bank: Bank) -> int:
        """Carry this consultant's in-progress assessments on older bank versions to `bank`'s, each in its
        own transaction, as opening its link would; the respondent is told when they next open it."""
        mine = (
            select(Assessment.id)
            .join(Organization, Organization.id == Assessment.organization_id)
            .where(Organization.consultant_id == self.consultant_id)
        )
        with self._store.tx() as conn:
            ids = carry.stale(conn, mine, bank)
        return sum(self._store.carry_over(i, bank) is not None for i in ids)

    def answers_of(self, assessment_ids: Sequence[int]) -> dict[int, dict[str, str]]:
        """Stored answer values per assessment; ids that are not this consultant's are left out. Only the
        values are read (no notes, no times): the portfolio scores thousands of assessments from them."""
        out: dict[int, dict[str, str]] = {}
        ids = [i for i in dict.fromkeys(assessment_ids) if is_id(i)]
        with self._store.tx() as conn:
            for start in range(0, len(ids), 500):
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
                for aid, qid, value in rows:
                    if value is not None:  # the query leaves the empty ones out; this tells mypy so
                        out.setdefault(aid, {})[qid] = value
        return out

    def version(self) -> tuple[object, ...]:
        """What this consultant's portfolio is computed from, in one read: it changes with any write that
        changes what the portfolio shows — an assessment started, answered (a save moves updated_at),
        submitted, carried, deleted; a client or unit created, renamed, archived or restored — whichever
        replica wrote it. The workspace pages cache their computations under it (ui/workspace/data.py)."""
        mine = Organization.consultant_id == self.consultant_id
        assessments = (
            select(
                func.count(Assessment.id),
                func.coalesce(func.sum(Assessment.id), 0),
                func.max(Assessment.updated_at),
                func.count(Assessment.submitted_at),
                func.max(Assessment.submitted_at),
            )
            .join(Organization, Organization.id == Assessment.organization_id)
            .where(mine)
        )
        # Names and archiving have no time of change to compare: the database joins them into one text
        # (a row order it changes would only cost a recomputation, never a stale page).
        concat = func.string_agg if self._store.backend == "postgresql" else func.group_concat

        def names(id_: Any, name: Any, archived: Any) -> Any:
            row = cast(id_, String) + "\x1f" + name + "\x1f" + func.coalesce(cast(archived, String), "-")
            return concat(row, "\x1e")

        orgs = select(
            names(Organization.id, Organization.name, Organization.archived_at),
        ).where(mine)
        units = (
            select(names(Unit.id, Unit.name, Unit.archived_at))
            .join(Organization, Organization.id == Unit.organization_id)
            .where(mine)
        )
        with self._store.tx() as conn:
            head = tuple(conn.execute(assessments).one())
            org_text, unit_text = conn.execute(orgs).scalar(), conn.execute(units).scalar()
        return (*head, hash(org_text), hash(unit_text))

    def answer_details_of(self, assessment_ids: Sequence[int]) -> dict[int, dict[str, StoredAnswer]]:
        """Answers with their notes and evidence per assessment; ids that are not this consultant's are left
        out."""
        out: dict[int, dict[str, StoredAnswer]] = {}
        # An id no row can have is left out here, before a driver turns it into an error of its own.
        ids = [i for i in dict.fromkeys(assessment_ids) if is_id(i)]
        with self._store.tx() as conn:
            for start in range(0, len(ids), 500):
                rows = conn.execute(
                    select(
                        Answer.assessment_id,
                        Answer.question_id,
                        Answer.value,
                        Answer.note,
                        Answer.evidence,
                        Answer.answered_at,
                        Answer.evidence_date,
                    )
                    .join(Assessment, Assessment.id == Answer.assessment_id)
                    .join(Organization, Organization.id == Assessment.organization_id)
                    .where(
                        Organization.consultant_id == self.consultant_id,
                        Answer.assessment_id.in_(ids[start : start + 500]),
                        Answer.value.is_not(None),
                    )
                )
                for r in rows:
                    out.setdefault(r.assessment_id, {})[r.question_id] = StoredAnswer(
                        r.value, r.note, r.evidence, r.answered_at, r.evidence_date
                    )
        return out

    def plan_of(self, assessment_id: int) -> PlanState:
        """The saved statuses and targets of one of this consultant's assessments (NotFound otherwise)."""
        with self._store.tx() as conn:
            self._own_assessment(conn, assessment_id)
            return plan_rows.read(conn, assessment_id)

    def apply_import(self, items: Sequence[ImportItem], language: str, bank_version: str) -> dict[str, int]:
        """Create or update many assessments in one transaction: all of them, or none if anything fails."""
        with self._store.tx(write=True) as conn:
            return workspace_import.write_items(conn, self._import_scope(conn), items, language, bank_version)

    # --- consensus --------------------------------------------------------------------------------
    # A unit with several respondents gets one consensus: an assessment of its own whose answers are the
    # ones the consultant agreed (each note the reason). The rules — what may be agreed, when it stands for
    # the unit — are the core's (engine/consensus.py); here they are kept apart per consultant and logged.

    def consensus_of(self, org_id: int, unit_id: int | None) -> ConsensusRecord | None:
        with self._store.tx() as conn:
            self._own_target(conn, org_id, unit_id)
            return workspace_consensus.find(conn, org_id, unit_id)

    def start_consensus(
        self, org_id: int, unit_id: int | None, language: str, bank_version: str
    ) -> ConsensusRecord:
        """The unit's consensus, begun now if it has none (two tabs starting it at once get the same one)."""
        with self._store.tx(write=True) as conn:
            self._own_target(conn, org_id, unit_id, lock=True)
            found = workspace_consensus.find(conn, org_id, unit_id)
            if found is not None:
                return found
            return workspace_consensus.create(conn, org_id, unit_id, language, bank_version, _now())

    def agreed(self, consensus_id: int) -> dict[str, StoredAnswer]:
        """The agreed answers; each one's note is its reason."""
        with self._store.tx() as conn:
            self._own_consensus(conn, consensus_id)
            return workspace_consensus.agreed(conn, consensus_id)

    def agree(
        self, consensus_id: int, changes: Mapping[str, Agreed], rescore: Rescore | None = None
    ) -> set[str]:
        """Set agreed answers, all or none, each change logged with who, when, from, to and why. A change of
        an answer already agreed needs a reason. An official consensus is scored again (`rescore`) in the
        same transaction. Returns the question ids that changed."""
        checked = {
            check_name("question_id", qid, QUESTION_ID_MAX): (
                _agreed_value(qid, a.value),
                None if (r := check_text("reason", a.reason, NOTE_MAX)) is None else r.strip(),
            )
            for qid, a in changes.items()
        }
        now = _now()
        with self._store.tx(write=True) as conn:
            record = self._own_consensus(conn, consensus_id)
            workspace_consensus.lock(conn, consensus_id, now)
            written = workspace_consensus.write(conn, consensus_id, self.consultant_id, checked, now)
            if written and record.submitted_at is not None:
                if rescore is None:
                    raise ValueError("an official consensus is scored again on every change: pass rescore")
                self._rescore(conn, consensus_id, rescore, now, submit=False)
        return written

    def make_official(self, consensus_id: int, rescore: Rescore) -> ConsensusRecord:
        """The agreed answers become the unit's official assessment, scored now (again, if it already was)."""
        now = _now()
        with self._store.tx(write=True) as conn:
            record = self._own_consensus(conn, consensus_id)
            workspace_consensus.lock(conn, consensus_id, now)
            self._rescore(conn, consensus_id, rescore, now, submit=record.submitted_at is None)
            return workspace_consensus.load(conn, consensus_id)

    def consensus_log(self, consensus_id: int) -> list[AgreedChange]:
        """Every agreed answer set or changed, oldest first."""
        with self._store.tx() as conn:
            self._own_consensus(conn, consensus_id)
            return workspace_consensus.log(conn, consensus_id)

    # --- internals --------------------------------------------------------------------------------

    def _import_scope(self, conn: Connection) -> workspace_import.ImportScope:
        # Everything an import row looks up is read once up front: 2,000 rows must not mean 10,000 queries.
        orgs = {r.name.casefold(): r.id for r in conn.execute(self._orgs(True))}
        units = {
            (r.organization_id, r.name.casefold()): r.id
            for r in conn.execute(
                select(Unit.id, Unit.organization_id, Unit.name)
                .join(Organization, Organization.id == Unit.organization_id)
                .where(Organization.consultant_id == self.consultant_id)
            )
        }
        last: dict[tuple[int, int | None], tuple[int, bool]] = {}
        for r in conn.execute(
            select(Assessment.id, Assessment.organization_id, Assessment.unit_id, Assessment.submitted_at)
            .join(Organization, Organization.id == Assessment.organization_id)
            .where(
                Organization.consultant_id == self.consultant_id,
                Assessment.respondent.is_(None),
                Assessment.consensus.is_(False),  # an import never writes over agreed answers
            )
            .order_by(Assessment.started_at, Assessment.id)
        ):
            last[(r.organization_id, r.unit_id)] = (r.id, r.submitted_at is not None)
        return workspace_import.ImportScope(orgs, units, last, self._insert_org, self._insert_unit)

    def _insert_org(self, conn: Connection, name: str, org_type: str) -> int:
        return int(
            conn.execute(
                insert(Organization)
                .values(name=name, org_type=org_type, created_at=_now(), consultant_id=self.consultant_id)
                .returning(Organization.id)
            ).scalar_one()
        )

    def _orgs(self, include_archived: bool) -> Any:
        stmt = select(
            Organization.id,
            Organization.name,
            Organization.org_type,
            Organization.created_at,
            Organization.archived_at,
            Organization.reassess_months,
        ).where(Organization.consultant_id == self.consultant_id)
        return stmt if include_archived else stmt.where(Organization.archived_at.is_(None))

    def _own_org(self, conn: Connection, org_id: object) -> None:
        if not is_id(org_id):  # not an int, or beyond the INTEGER column: no row has it
            raise NotFound("client")
        found = conn.execute(
            select(Organization.id).where(
                Organization.id == org_id, Organization.consultant_id == self.consultant_id
            )
        ).first()
        if found is None:
            raise NotFound("client")

    def _own_unit(self, conn: Connection, unit_id: object) -> int:
        if not is_id(unit_id):  # not an int, or beyond the INTEGER column: no row has it
            raise NotFound("unit")
        org_id = conn.execute(
            select(Unit.organization_id)
            .join(Organization, Organization.id == Unit.organization_id)
            .where(Unit.id == unit_id, Organization.consultant_id == self.consultant_id)
        ).scalar()
        if org_id is None:
            raise NotFound("unit")
        return int(org_id)

    def _own_assessment(self, conn: Connection, assessment_id: object, consensus: bool | None = None) -> int:
        if not is_id(assessment_id):  # not an int, or beyond the INTEGER column: no row has it
            raise NotFound("assessment")
        stmt = (
            select(Assessment.id)
            .join(Organization, Organization.id == Assessment.organization_id)
            .where(Assessment.id == assessment_id, Organization.consultant_id == self.consultant_id)
        )
        if consensus is not None:
            stmt = stmt.where(Assessment.consensus.is_(consensus))
        if conn.execute(stmt).first() is None:
            raise NotFound("assessment")
        return assessment_id

    def _last_submitted(
        self, conn: Connection, org_id: int, unit_id: int | None, respondent: str | None
    ) -> int | None:
        """The latest submitted assessment of this unit and respondent (history's rule, no consensus)."""
        return conn.execute(
            select(Assessment.id)
            .where(
                Assessment.organization_id == org_id,
                Assessment.unit_id.is_not_distinct_from(unit_id),
                Assessment.respondent.is_not_distinct_from(respondent),
                Assessment.consensus.is_(False),
                Assessment.submitted_at.is_not(None),
            )
            .order_by(Assessment.submitted_at.desc(), Assessment.id.desc())
            .limit(1)
        ).scalar()

    def _own_consensus(self, conn: Connection, consensus_id: object) -> ConsensusRecord:
        try:
            checked = self._own_assessment(conn, consensus_id, consensus=True)
        except NotFound:
            raise NotFound("consensus") from None
        return workspace_consensus.load(conn, checked)

    def _own_target(self, conn: Connection, org_id: object, unit_id: object, lock: bool = False) -> None:
        self._own_org(conn, org_id)
        if unit_id is not None and self._own_unit(conn, unit_id) != org_id:
            raise NotFound("unit")
        if lock:
            # One consensus per unit: a second start waits here for the first to commit (PostgreSQL; on
            # SQLite a writer holds the whole database already).
            conn.execute(select(Organization.id).where(Organization.id == org_id).with_for_update())

    def _rescore(
        self, conn: Connection, consensus_id: int, rescore: Rescore, now: datetime, submit: bool
    ) -> None:
        values = {
            qid: a.value for qid, a in workspace_consensus.agreed(conn, consensus_id).items() if a.value
        }
        result_json, bank_version = rescore(values)
        if not isinstance(result_json, str) or "\x00" in result_json:
            raise ValueError("result_json must be JSON text")
        version = check_name("bank_version", bank_version, BANK_VERSION_MAX)
        workspace_consensus.store_result(conn, consensus_id, result_json, version, now, submit)

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


def _agreed_value(question_id: str, value: object) -> str:
    if not isinstance(value, str) or value not in ALLOWED_VALUES:
        allowed = ", ".join(sorted(ALLOWED_VALUES))
        raise ValueError(f"agreed answer {value!r} to {question_id} is not one of {allowed}")
    return value
