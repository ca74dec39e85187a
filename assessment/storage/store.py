from __future__ import annotations

import contextlib
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, text, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import InstrumentedAttribute

from assessment.bank import Bank
from assessment.engine import benchmark
from assessment.engine.benchmark import Figure, check_min
from assessment.engine.migrate import Changes
from assessment.records import (
    BANK_VERSION_MAX,
    LANGUAGE_MAX,
    NAME_MAX,
    ORG_TYPE_MAX,
    RESUME,
    SECTION_MAX,
    SHARE,
    UNSET,
    AnswerInput,
    AssessmentRecord,
    CheckedAnswer,
    MaybeEvidenceDate,
    PlanEntry,
    PlanState,
    StoredAnswer,
    TargetEntry,
    check_answer,
    check_form,
    check_name,
    check_text,
    deep_ids,
    deep_text,
)

from . import benchmark as storage_benchmark
from . import carry, links, queries, scores, tokens
from . import plan as plan_rows
from .breaker import Breaker
from .combine import Combiner
from .engine import GATE_TIMEOUT_S, WRITE, default_url, make_engine, make_gates, normalize_url
from .errors import AssessmentFrozen, AssessmentNotFound, BankVersionChanged, StorageUnavailable
from .gate import GateTimeout
from .migrate import upgrade_engine
from .models import AccessToken, Answer, Assessment, Organization

# Errors that mean "the database is not there right now", as opposed to a bug or bad data.
_UNAVAILABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    sa_exc.DisconnectionError,
)


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    def __init__(self, url: str | None = None) -> None:
        self._engine = make_engine(normalize_url(url or default_url()))
        self._write_engine = self._engine.execution_options(**WRITE)
        self._gates = make_gates(self._engine)
        self._breaker = Breaker()
        self._combiner = Combiner(self._save_batch) if self._gates.write is not None else None
        self._upsert = queries.upsert_answer(self._engine.dialect.name)
        self._upsert_dated = queries.upsert_answer(self._engine.dialect.name, with_date=True)

    @property
    def backend(self) -> str:
        return self._engine.dialect.name

    @property
    def database(self) -> str:
        """Which database this is (its URL, the password masked): two stores of one process on the same
        database share what is kept per database (sessions._UNENDED)."""
        return str(self._engine.url)

    def close(self) -> None:
        self._engine.dispose()

    def migrate(self) -> None:
        with self._guard():
            upgrade_engine(self._engine)

    def ping(self) -> bool:
        try:
            with self.tx() as conn:
                conn.execute(text("SELECT 1"))
        except StorageUnavailable:
            return False
        return True

    # --- assessments ---------------------------------------------------------------------------

    def start(
        self,
        org_name: str,
        org_type: str,
        unit_name: str | None,
        language: str,
        bank_version: str,
        section: str,
        previous_id: int | None = None,
        prefill: bool = False,
        form: str = "full",
        benchmark_opt_in: bool = False,
    ) -> tuple[AssessmentRecord, str]:
        """`form`: "full" (every question) or "quick" (the quick check, with deep dives later).
        `benchmark_opt_in`: the person agreed that this organization's submitted full surveys count in the
        peer benchmark (a new organization only; a re-assessment keeps its organization's choice)."""
        check_form(form)
        if prefill and previous_id is None:
            raise ValueError("prefill needs previous_id")
        if previous_id is not None:
            queries.check_assessment_id(previous_id)
        # A re-assessment belongs to the organization and unit of the one it follows;
        # org_name, org_type and unit_name are then ignored.
        new_owner = None
        if previous_id is None:
            unit = check_text("unit_name", unit_name, NAME_MAX)
            new_owner = (
                check_name("org_name", org_name, NAME_MAX),
                check_name("org_type", org_type, ORG_TYPE_MAX),
                None if unit is None else unit.strip(),
            )
        token = tokens.new_token()
        now = _now()
        with self.tx(write=True) as conn:
            org_id, unit_id, respondent = queries.resolve_owner(
                conn, previous_id, new_owner, now, benchmark_opt_in=bool(benchmark_opt_in)
            )
            assessment_id = queries.insert_assessment(
                conn,
                org_id,
                unit_id,
                language=language,
                bank_version=bank_version,
                section=section,
                now=now,
                previous_id=previous_id,
                respondent=respondent,
                form=form,
            )
            if prefill and previous_id is not None:
                queries.copy_answers(conn, previous_id, assessment_id, now)
            if previous_id is not None:
                # The earlier plan's statuses go on, pre-filled answers or not: what was done stays done.
                plan_rows.copy_statuses(conn, previous_id, assessment_id, now)
            queries.add_token(conn, assessment_id, token, now)
            return queries.load_record(conn, assessment_id), token

    def get(self, assessment_id: int) -> AssessmentRecord:
        queries.check_assessment_id(assessment_id)
        with self.tx() as conn:
            return queries.load_record(conn, assessment_id)

    def form_state(self, assessment_id: int) -> tuple[str, tuple[str, ...]]:
        """(form, the dimensions chosen for a deep dive): what a resume link reopens."""
        with self.tx() as conn:
            row = conn.execute(
                select(Assessment.form, Assessment.deep_dive).where(Assessment.id == assessment_id)
            ).first()
        if row is None:
            raise AssessmentNotFound(f"no assessment {assessment_id}")
        return row.form, deep_ids(row.deep_dive)

    def set_deep(self, assessment_id: int, dimensions: Collection[str]) -> None:
        """The dimensions the person chose to go deeper into (all of them, replacing what was stored)."""
        text_value = deep_text(dimensions)
        with self.tx(write=True) as conn:
            self._touch_open(conn, assessment_id, _now(), deep_dive=text_value)

    def submitted_full(self) -> list[tuple[str, str, dict[str, str]]]:
        """(organization type, bank version, answer values) of every submitted full survey: quick-fit's real
        respondents, their answers as given under that version. Not scoped to a consultant: an operator's
        command, not a page."""
        with self.tx() as conn:
            rows = conn.execute(
                select(
                    Organization.org_type,
                    Assessment.bank_version,
                    Answer.assessment_id,
                    Answer.question_id,
                    Answer.value,
                )
                .join(Assessment, Assessment.id == Answer.assessment_id)
                .join(Organization, Organization.id == Assessment.organization_id)
                .where(
                    Assessment.submitted_at.is_not(None),
                    Assessment.form == "full",
                    Answer.value.is_not(None),
                )
                .order_by(Answer.assessment_id)
            )
            out: dict[int, tuple[str, str, dict[str, str]]] = {}
            for r in rows:
                out.setdefault(r.assessment_id, (r.org_type, r.bank_version, {}))[2][r.question_id] = r.value
        return list(out.values())

    def benchmark(self, dimensions: Iterable[str], min_orgs: int = benchmark.MIN_ORGS) -> list[Figure]:
        """The peer benchmark's figures over every organization that agreed to be counted: aggregates only
        (assessment.engine.benchmark decides what may be shown)."""
        check_min(min_orgs)
        with self.tx() as conn:
            return storage_benchmark.compute(conn, dimensions, min_orgs)

    def benchmark_opt_in(self, assessment_id: int) -> bool:
        """Whether this assessment's organization counts in the benchmark (a self-assessment's own choice)."""
        queries.check_assessment_id(assessment_id)
        with self.tx() as conn:
            found = conn.execute(
                select(Organization.benchmark_opt_in)
                .join(Assessment, Assessment.organization_id == Organization.id)
                .where(Assessment.id == assessment_id)
            ).scalar_one_or_none()
        if found is None:
            raise AssessmentNotFound(f"no assessment {assessment_id}")
        return bool(found)

    def benchmark_choice(self, assessment_id: int) -> bool | None:
        """The organization's current choice for a self-assessment (True: counted in the benchmark); None for
        a consultant's client, whose counting the consultant decides (Workspace.benchmark_opt_in)."""
        queries.check_assessment_id(assessment_id)
        with self.tx() as conn:
            row = conn.execute(
                select(Organization.benchmark_opt_in, Organization.consultant_id)
                .join(Assessment, Assessment.organization_id == Organization.id)
                .where(Assessment.id == assessment_id)
            ).first()
        if row is None:
            raise AssessmentNotFound(f"no assessment {assessment_id}")
        return None if row.consultant_id is not None else bool(row.benchmark_opt_in)

    def set_benchmark_opt_in(self, assessment_id: int, on: bool) -> None:
        """A self-assessing person's choice, changed later (a consultant's client is left as it is)."""
        queries.check_assessment_id(assessment_id)
        with self.tx(write=True) as conn:
            queries.load_record(conn, assessment_id)
            storage_benchmark.set_self_opt_in(conn, assessment_id, on)

    def set_section(self, assessment_id: int, section: str) -> None:
        self._set(assessment_id, section=check_name("section", section, SECTION_MAX))

    def set_language(self, assessment_id: int, language: str) -> None:
        self._set(assessment_id, language=check_name("language", language, LANGUAGE_MAX))

    def submit(self, assessment_id: int, result_json: str, bank_version: str) -> AssessmentRecord:
        if not isinstance(result_json, str) or "\x00" in result_json:
            raise ValueError("result_json must be JSON text")
        version = check_name("bank_version", bank_version, BANK_VERSION_MAX)
        queries.check_assessment_id(assessment_id)
        now = _now()
        with self.tx(write=True) as conn:
            self._touch_open(
                conn, assessment_id, now, submitted_at=now, result_json=result_json, bank_version=version
            )
            scores.write_frozen(conn, {assessment_id: result_json})
            return queries.load_record(conn, assessment_id)

    def history(self, assessment_id: int) -> list[AssessmentRecord]:
        """The submitted assessments of the same organization, unit and respondent, oldest first: another
        person answering for the same unit never sees this one's results, nor this one theirs."""
        queries.check_assessment_id(assessment_id)
        with self.tx() as conn:
            current = queries.load_record(conn, assessment_id)
            respondent = conn.execute(
                select(Assessment.respondent).where(Assessment.id == assessment_id)
            ).scalar_one()
            rows = conn.execute(
                queries.record_query()
                .where(
                    Assessment.organization_id == current.organization_id,
                    Assessment.unit_id.is_not_distinct_from(current.unit_id),
                    Assessment.respondent.is_not_distinct_from(respondent),
                    Assessment.consensus.is_(False),  # a consultant's agreed answers are nobody's history
                )
                .where(Assessment.submitted_at.is_not(None))
                .order_by(Assessment.submitted_at, Assessment.id)
            )
            return [queries.to_record(row) for row in rows]

    # --- tokens --------------------------------------------------------------------------------

    def open(self, token: str) -> AssessmentRecord | None:
        """The assessment behind an open resume link (neither withdrawn nor expired); notes the opening."""
        return self._open(token, RESUME)

    def open_shared(self, token: str) -> AssessmentRecord | None:
        """The submitted assessment behind an open read-only share link, noting when it was opened."""
        record = self._open(token, SHARE)
        return record if record is not None and record.submitted else None

    def still_open(self, token: str, kind: str = RESUME) -> bool:
        """Whether a link opened earlier in a session still opens: withdrawn or expired since, it does not."""
        with self.tx() as conn:
            return links.find(conn, token, kind, _now()) is not None

    def _open(self, token: str, kind: str) -> AssessmentRecord | None:
        if not tokens.is_well_formed(token):
            return None
        now = _now()
        with self.tx(write=True) as conn:
            found = links.find(conn, token, kind, now)
            if found is None:
                return None
            links.touch(conn, found[0], now)
            return queries.load_record(conn, found[1])

    def revoke(self, token: str) -> bool:
        if not tokens.is_well_formed(token):
            return False
        with self.tx(write=True) as conn:
            result = conn.execute(
                update(AccessToken)
                .where(AccessToken.token_hash == tokens.token_hash(token), AccessToken.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
            return result.rowcount == 1

    def new_token(self, assessment_id: int) -> str:
        queries.check_assessment_id(assessment_id)
        token = tokens.new_token()
        with self.tx(write=True) as conn:
            queries.load_record(conn, assessment_id)
            queries.add_token(conn, assessment_id, token, _now())
        return token

    # --- answers -------------------------------------------------------------------------------

    def save_answer(
        self,
        assessment_id: int,
        question_id: str,
        value: str | None,
        answered_at: datetime,
        note: str | None = None,
        evidence: str | None = None,
        bank_version: str | None = None,
        evidence_date: MaybeEvidenceDate = UNSET,
    ) -> bool:
        """`evidence_date`: the date of the evidence, or None to clear it; not given, the stored one stays."""
        answer = AnswerInput(value, answered_at, note, evidence, evidence_date)
        return question_id in self.save_answers(assessment_id, {question_id: answer}, bank_version)

    def save_answers(
        self, assessment_id: int, answers: Mapping[str, AnswerInput], bank_version: str | None = None
    ) -> set[str]:
        """Returns the question ids written; the others lost to a stored answer given later. With
        `bank_version`, raises BankVersionChanged if the assessment is no longer on that version."""
        rows = [check_answer(qid, answer) for qid, answer in answers.items()]
        queries.check_assessment_id(assessment_id)
        now = _now()
        write_gate = self._gates.write
        if self._combiner is not None and write_gate is not None and not write_gate.held():
            return set(self._combiner.submit((assessment_id, rows, now, bank_version)))
        with self.tx(write=True) as conn:
            return self._write_answers(conn, assessment_id, rows, now, bank_version)

    def _write_answers(
        self,
        conn: Connection,
        assessment_id: int,
        rows: list[CheckedAnswer],
        now: datetime,
        bank_version: str | None = None,
    ) -> set[str]:
        written: set[str] = set()
        # The UPDATE locks the assessment row, so a concurrent submit waits for us or we see it.
        self._touch_open(conn, assessment_id, now, expect_version=bank_version)
        for row in rows:
            params = {**row, "assessment_id": assessment_id, "saved_at": now}
            stmt = self._upsert_dated if "evidence_date" in row else self._upsert
            if conn.execute(stmt, params).first() is not None:
                written.add(row["question_id"])
        return written

    def _save_batch(
        self, jobs: Sequence[tuple[int, list[CheckedAnswer], datetime, str | None]]
    ) -> list[object]:
        # SQLite: saves that queued together, in one transaction, each in a savepoint (see combine.py).
        outcomes: list[object] = []
        with self.tx(write=True) as conn:
            for assessment_id, rows, now, bank_version in jobs:
                try:
                    with conn.begin_nested():
                        outcomes.append(self._write_answers(conn, assessment_id, rows, now, bank_version))
                except (AssessmentFrozen, AssessmentNotFound, BankVersionChanged) as exc:
                    outcomes.append(exc)
        return outcomes

    def answers(self, assessment_id: int, dated: bool = False) -> dict[str, StoredAnswer]:
        """`dated`: with each answer's evidence date (a column from 0008 on; without it the query names only
        what older schemas have, and evidence_date reads None)."""
        queries.check_assessment_id(assessment_id)
        columns: list[InstrumentedAttribute[Any]] = [
            Answer.question_id,
            Answer.value,
            Answer.note,
            Answer.evidence,
            Answer.answered_at,
        ]
        if dated:
            columns.append(Answer.evidence_date)
        with self.tx() as conn:
            rows = conn.execute(
                select(*columns).where(Answer.assessment_id == assessment_id).order_by(Answer.question_id)
            ).all()
            if not rows:
                # Answers exist only for an assessment that does (a foreign key): asked only when none came,
                # the record's query is not paid on every page run (persist.pull).
                queries.load_record(conn, assessment_id)
            return {
                r.question_id: StoredAnswer(
                    r.value, r.note, r.evidence, r.answered_at, r.evidence_date if dated else None
                )
                for r in rows
            }

    # --- the plan ------------------------------------------------------------------------------

    def plan(self, assessment_id: int) -> PlanState:
        """The plan's statuses and targets as given, with when each was given."""
        queries.check_assessment_id(assessment_id)
        with self.tx() as conn:
            state = plan_rows.read(conn, assessment_id)
            if not state.statuses and not state.targets:
                queries.load_record(conn, assessment_id)  # as in answers(): asked only when nothing came
            return state

    def save_plan(
        self,
        assessment_id: int,
        statuses: Mapping[str, PlanEntry] | None = None,
        targets: Mapping[str, TargetEntry] | None = None,
    ) -> set[str]:
        """Write statuses (records.check_plan_status) and targets; the newer of two writes wins. Returns the
        recommendation and dimension ids written. Allowed after submit: a plan is carried out afterwards."""
        items = plan_rows.item_rows(statuses or {})
        aims = plan_rows.target_rows(targets or {})
        queries.check_assessment_id(assessment_id)
        now = _now()
        with self.tx(write=True) as conn:
            queries.load_record(conn, assessment_id)
            return plan_rows.write(conn, assessment_id, items, aims, now)

    # --- bank versions -----------------------------------------------------------------------------

    def carry_over(self, assessment_id: int, bank: Bank) -> Changes | None:
        """Carry an in-progress assessment on an older bank version to `bank`'s, in one transaction (see
        carry.py); None when there was nothing to carry."""
        with self.tx(write=True) as conn:
            queries.load_record(conn, assessment_id)
            return carry.carry_over(conn, assessment_id, bank, _now())

    def take_notices(self, assessment_id: int) -> list[Changes]:
        """The carry-overs the person has not been told of yet, oldest first; now they count as told."""
        with self.tx() as conn:
            notices = carry.unseen(conn, assessment_id)
        if notices:  # the usual case has none: no write lock taken just to open an assessment
            with self.tx(write=True) as conn:
                carry.mark_seen(conn, assessment_id, [n.carryover_id for n in notices], _now())
        return [n.changes for n in notices]

    def archived_answers(self, assessment_id: int) -> list[carry.ArchivedRow]:
        """Every answer as it was before each carry-over, with the version it was given under."""
        with self.tx() as conn:
            queries.load_record(conn, assessment_id)
            return carry.archived(conn, assessment_id)

    # --- internals -----------------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except _UNAVAILABLE as exc:
            # The driver's message only: SQLAlchemy's would repeat the statement and its parameters.
            raise StorageUnavailable(f"database unavailable: {getattr(exc, 'orig', None) or exc}") from exc
        except sa_exc.DBAPIError as exc:
            if exc.connection_invalidated:
                raise StorageUnavailable(f"database connection lost: {exc.orig}") from exc
            raise

    @contextmanager
    def tx(self, write: bool = False) -> Iterator[Connection]:
        engine = self._write_engine if write else self._engine
        self._breaker.check()
        started = time.monotonic()
        try:
            with self._guard(), self._turn(write), engine.begin() as conn:
                yield conn
        except StorageUnavailable as exc:
            self._breaker.failed(exc, time.monotonic() - started)
            raise

    @contextmanager
    def _turn(self, write: bool) -> Iterator[None]:
        # A writer queues for SQLite's one write lock before it takes a connection from the pool, so
        # waiting writers do not hold connections that readers could use.
        gates = [g for g in (self._gates.write if write else None, self._gates.checkout) if g is not None]
        try:
            with contextlib.ExitStack() as stack:
                for gate in gates:
                    stack.enter_context(gate.enter(GATE_TIMEOUT_S))
                yield
        except GateTimeout as exc:
            raise StorageUnavailable(f"database busy: {exc}") from exc

    def _set(self, assessment_id: int, **values: str) -> None:
        # Language and section are viewing state, not content: allowed after submission.
        queries.check_assessment_id(assessment_id)
        with self.tx(write=True) as conn:
            result = conn.execute(
                update(Assessment).where(Assessment.id == assessment_id).values(updated_at=_now(), **values)
            )
            if result.rowcount != 1:
                raise AssessmentNotFound(f"no assessment {assessment_id}")

    def _touch_open(
        self,
        conn: Connection,
        assessment_id: int,
        now: datetime,
        expect_version: str | None = None,
        **values: Any,
    ) -> None:
        stmt = update(Assessment).where(Assessment.id == assessment_id, Assessment.submitted_at.is_(None))
        if expect_version is not None:
            stmt = stmt.where(Assessment.bank_version == expect_version)
        result = conn.execute(stmt.values(updated_at=now, **values))
        if result.rowcount != 1:
            # No row matched: load_record raises if there is no such assessment, else it was submitted
            # or carried to another bank version.
            record = queries.load_record(conn, assessment_id)
            if not record.submitted and expect_version is not None and record.bank_version != expect_version:
                raise BankVersionChanged(
                    f"assessment {assessment_id} is on bank {record.bank_version}, not {expect_version}"
                )
            raise AssessmentFrozen(f"assessment {assessment_id} was submitted and can no longer change")
