from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, text, update
from sqlalchemy import exc as sa_exc

from assessment.records import (
    BANK_VERSION_MAX,
    LANGUAGE_MAX,
    NAME_MAX,
    ORG_TYPE_MAX,
    SECTION_MAX,
    AnswerInput,
    AssessmentRecord,
    StoredAnswer,
    check_answer,
    check_name,
    check_text,
)

from . import queries, tokens
from .engine import WRITE, default_url, make_engine, normalize_url
from .errors import AssessmentFrozen, AssessmentNotFound, StorageUnavailable
from .migrate import upgrade_engine
from .models import AccessToken, Answer, Assessment

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
        self._upsert = queries.upsert_answer(self._engine.dialect.name)

    @property
    def backend(self) -> str:
        return self._engine.dialect.name

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
    ) -> tuple[AssessmentRecord, str]:
        if prefill and previous_id is None:
            raise ValueError("prefill needs previous_id")
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
            org_id, unit_id, respondent = queries.resolve_owner(conn, previous_id, new_owner, now)
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
            )
            if prefill and previous_id is not None:
                queries.copy_answers(conn, previous_id, assessment_id, now)
            queries.add_token(conn, assessment_id, token, now)
            return queries.load_record(conn, assessment_id), token

    def get(self, assessment_id: int) -> AssessmentRecord:
        with self.tx() as conn:
            return queries.load_record(conn, assessment_id)

    def set_section(self, assessment_id: int, section: str) -> None:
        self._set(assessment_id, section=check_name("section", section, SECTION_MAX))

    def set_language(self, assessment_id: int, language: str) -> None:
        self._set(assessment_id, language=check_name("language", language, LANGUAGE_MAX))

    def submit(self, assessment_id: int, result_json: str, bank_version: str) -> AssessmentRecord:
        if not isinstance(result_json, str) or "\x00" in result_json:
            raise ValueError("result_json must be JSON text")
        version = check_name("bank_version", bank_version, BANK_VERSION_MAX)
        now = _now()
        with self.tx(write=True) as conn:
            self._touch_open(
                conn, assessment_id, now, submitted_at=now, result_json=result_json, bank_version=version
            )
            return queries.load_record(conn, assessment_id)

    def history(self, assessment_id: int) -> list[AssessmentRecord]:
        """The submitted assessments of the same organization, unit and respondent, oldest first: another
        person answering for the same unit never sees this one's results, nor this one theirs."""
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
        if not tokens.is_well_formed(token):
            return None
        with self.tx() as conn:
            row = conn.execute(
                queries.record_query()
                .join(AccessToken, AccessToken.assessment_id == Assessment.id)
                .where(AccessToken.token_hash == tokens.token_hash(token), AccessToken.revoked_at.is_(None))
            ).first()
            return None if row is None else queries.to_record(row)

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
    ) -> bool:
        return question_id in self.save_answers(
            assessment_id, {question_id: AnswerInput(value, answered_at, note, evidence)}
        )

    def save_answers(self, assessment_id: int, answers: Mapping[str, AnswerInput]) -> set[str]:
        """Returns the question ids written; the others lost to a stored answer given later."""
        rows = [check_answer(qid, answer) for qid, answer in answers.items()]
        now = _now()
        written: set[str] = set()
        with self.tx(write=True) as conn:
            # The UPDATE locks the assessment row, so a concurrent submit waits for us or we see it.
            self._touch_open(conn, assessment_id, now)
            for row in rows:
                params = {**row, "assessment_id": assessment_id, "saved_at": now}
                if conn.execute(self._upsert, params).first() is not None:
                    written.add(row["question_id"])  # type: ignore[arg-type]
        return written

    def answers(self, assessment_id: int) -> dict[str, StoredAnswer]:
        with self.tx() as conn:
            queries.load_record(conn, assessment_id)
            rows = conn.execute(
                select(Answer.question_id, Answer.value, Answer.note, Answer.evidence, Answer.answered_at)
                .where(Answer.assessment_id == assessment_id)
                .order_by(Answer.question_id)
            )
            return {r.question_id: StoredAnswer(r.value, r.note, r.evidence, r.answered_at) for r in rows}

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
        with self._guard(), engine.begin() as conn:
            yield conn

    def _set(self, assessment_id: int, **values: str) -> None:
        # Language and section are viewing state, not content: allowed after submission.
        with self.tx(write=True) as conn:
            result = conn.execute(
                update(Assessment).where(Assessment.id == assessment_id).values(updated_at=_now(), **values)
            )
            if result.rowcount != 1:
                raise AssessmentNotFound(f"no assessment {assessment_id}")

    def _touch_open(self, conn: Connection, assessment_id: int, now: datetime, **values: Any) -> None:
        result = conn.execute(
            update(Assessment)
            .where(Assessment.id == assessment_id, Assessment.submitted_at.is_(None))
            .values(updated_at=now, **values)
        )
        if result.rowcount != 1:
            # No row matched: load_record raises if there is no such assessment, else it was submitted.
            queries.load_record(conn, assessment_id)
            raise AssessmentFrozen(f"assessment {assessment_id} was submitted and can no longer change")
