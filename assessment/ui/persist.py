"""Between the session and the database: every answer is written as it is given; when the database cannot
be reached, answers wait in the session (`pending`) and are written on a later run — nothing is lost.

The resume link carries a random token in the `a` query parameter; the database keeps only its hash."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import streamlit as st

from assessment.bank import Bank
from assessment.bank.model import FULL
from assessment.engine import snapshot
from assessment.engine.migrate import Changes
from assessment.engine.recommend import Plan
from assessment.engine.scoring import AnswerValue, Result, parse_answer
from assessment.records import PlanEntry, PlanStatus, TargetEntry, check_plan_status, check_target
from assessment.storage import (
    AnswerInput,
    AssessmentFrozen,
    AssessmentRecord,
    BankVersionChanged,
    StorageError,
    StorageUnavailable,
    Store,
)
from assessment.ui import state

log = logging.getLogger("foco")
TOKEN_PARAM = "a"
SHARE_PARAM = "s"
# How often an open session checks that its link was not withdrawn or did not expire meanwhile.
RECHECK_EVERY = timedelta(seconds=10)


@dataclass
class Meta:
    """What the session knows of one answer besides its value."""

    at: datetime
    note: str | None = None
    evidence: str | None = None
    evidence_date: date | None = None  # the date of the evidence (the last drill…): the bank may expire it


@dataclass
class Session:
    assessment_id: int | None = None
    token: str | None = None
    frozen: bool = False
    submitted_at: datetime | None = None
    stored_result: str | None = None  # the frozen snapshot (assessment.engine.snapshot), as stored
    previous_id: int | None = None
    meta: dict[str, Meta] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)  # question ids not yet written
    offline: bool = False
    just_opened: bool = False  # restored from a link in this run: take the person back where they were
    revision: dict[str, int] = field(default_factory=dict)  # bumped when another tab changed an answer
    bank_version: str | None = None  # the version the stored assessment is on; answers are written for it
    bank_changed: bool = False  # another replica carried it to another version: this page must reload
    notices: list[Changes] = field(default_factory=list)  # carry-overs to tell the person about
    review: set[str] = field(default_factory=set)  # questions the person should look at again
    checked_at: datetime | None = None  # when the link was last found still open
    form: str = FULL  # "quick" or "full", stored with the assessment
    deep: set[str] = field(default_factory=set)  # dimensions the person chose to go deeper into
    deep_pending: bool = False  # the choice is not written yet (the database was away)
    benchmark_opt_in: bool = False  # chosen at Start: count this organization in the peer benchmark
    # The plan as the team keeps it (owners, dates, statuses, notes; targets), with when each was given.
    plan: dict[str, PlanEntry] = field(default_factory=dict)
    targets: dict[str, TargetEntry] = field(default_factory=dict)
    plan_pending: set[str] = field(default_factory=set)  # recommendation ids not yet written
    targets_pending: set[str] = field(default_factory=set)  # dimension ids not yet written
    plan_revision: dict[str, int] = field(default_factory=dict)  # bumped when another tab changed one

    def carried(self, notices: list[Changes]) -> None:
        self.notices = notices
        self.review = {q for n in notices for q in n.review}


@st.cache_resource(show_spinner=False)
def _store(url: str | None) -> Store:
    # One engine (and pool) per process and database, shared by every session.
    return Store(url)


@st.cache_resource(show_spinner=False)
def _migrated(url: str | None) -> bool:
    # Raises (and so is not cached) while the database is down; tried again on the next run.
    _store(url).migrate()
    return True


def store() -> Store:
    url = os.environ.get("DATABASE_URL") or None
    _migrated(url)
    return _store(url)


def session() -> Session:
    value = st.session_state.get("_foco_persist")
    if not isinstance(value, Session):
        value = Session()
        st.session_state["_foco_persist"] = value
    return value


def _now() -> datetime:
    return datetime.now(UTC)


# --- the link ---------------------------------------------------------------------------------


class BadLink(Exception):
    """The link's token is unknown, malformed or withdrawn. Deliberately says nothing more."""


def restore_from_link() -> None:
    """Load the assessment named by the link, once per session (or when the link changes); after that, check
    now and then that the link still opens (not withdrawn nor expired since)."""
    token = st.query_params.get(TOKEN_PARAM)
    s = session()
    if not token:
        return
    if token == s.token:
        _recheck(s, token)
        return
    record = store().open(token)  # StorageUnavailable propagates: the router shows a retry page
    if record is None:
        raise BadLink
    _load(record, token)


def _carry_over(record: AssessmentRecord) -> tuple[AssessmentRecord, list[Changes]]:
    """An assessment in progress on an older bank version is carried to this one as it is opened (the
    rules are engine/migrate.py's); returns it as it now is, with what the person has not been told yet."""
    bank = state.bank()
    if record.submitted or not isinstance(bank, Bank):
        return record, []
    if record.bank_version != bank.version and store().carry_over(record.id, bank) is not None:
        record = store().get(record.id)
    return record, store().take_notices(record.id)


def _recheck(s: Session, token: str) -> None:
    # At most every RECHECK_EVERY: one indexed read, not one on every click.
    now = _now()
    if s.checked_at is not None and now - s.checked_at < RECHECK_EVERY:
        return
    try:
        still = store().still_open(token)
    except StorageUnavailable:
        return  # offline: the person carries on, answers wait in the session
    s.checked_at = now
    if not still:
        s.token = None
        raise BadLink


def _load(record: AssessmentRecord, token: str, *, with_language: bool = True) -> None:
    record, notices = _carry_over(record)
    s = Session(
        assessment_id=record.id,
        token=token,
        frozen=record.submitted,
        submitted_at=record.submitted_at,
        previous_id=record.previous_id,
        just_opened=True,
        bank_version=record.bank_version,
        checked_at=_now(),
    )
    s.carried(notices)
    s.stored_result = record.result_json
    s.form, chosen = store().form_state(record.id)
    s.deep = set(chosen)
    answers: dict[str, AnswerValue] = {}
    for qid, stored in store().answers(record.id, dated=True).items():
        s.meta[qid] = Meta(stored.answered_at, stored.note, stored.evidence, stored.evidence_date)
        value = parse_answer(stored.value) if stored.value is not None else None
        if value is not None:
            answers[qid] = value
    st.session_state["_foco_persist"] = s
    st.session_state.answers = answers
    if with_language:  # only before the language picker is drawn
        st.session_state.lang = record.language
    state.set_profile(state.Profile(record.organization_name, record.org_type, record.unit_name or ""))
    try:
        state.set_section(int(record.section or 0))
    except ValueError:
        state.set_section(0)


def keep_link_in_url() -> None:
    """The top navigation drops the query string: put the token back so a reload finds the assessment."""
    s = session()
    if s.token and st.query_params.get(TOKEN_PARAM) != s.token:
        st.query_params[TOKEN_PARAM] = s.token


def _base() -> str:
    base = (st.context.url or "").split("?")[0]
    for suffix in ("/survey", "/results", "/start", "/workspace"):
        base = base.removesuffix(suffix)
    return base.rstrip("/")


def link_for(token: str) -> str:
    """The resume link, from the page the person is on: a survey page, or the consultant's Clients page."""
    return f"{_base()}/survey?{TOKEN_PARAM}={token}"


def share_link_for(token: str) -> str:
    """The read-only link to a submitted assessment's report (assessment.ui.pages.shared). It names the app's
    root: while a share link is open the report is the app's only page, which Streamlit serves there."""
    return f"{_base()}/?{SHARE_PARAM}={token}"


# --- starting, saving, syncing ----------------------------------------------------------------


def start(
    bank: Bank,
    profile: state.Profile,
    lang: str,
    form: str | None = None,
    benchmark_opt_in: bool | None = None,
) -> None:
    """Begin a stored assessment for this profile in `form` (else the session's); if the database is down,
    carry on in the session. `benchmark_opt_in`: the person's choice at Start (else the session's)."""
    s = session()
    if form is not None:
        s.form = form
    if benchmark_opt_in is not None:
        s.benchmark_opt_in = bool(benchmark_opt_in)
    try:
        record, token = store().start(
            profile.organization,
            profile.org_type,
            profile.unit or None,
            lang,
            bank.version,
            str(state.section()),
            form=s.form,
            benchmark_opt_in=s.benchmark_opt_in,
        )
    except StorageUnavailable:
        log.warning("database unavailable when starting an assessment; keeping answers in the session")
        s.offline = True
        s.pending.update(state.answers())
        return
    s.assessment_id, s.token, s.offline = record.id, token, False
    s.bank_version = record.bank_version
    s.pending.update(state.answers())
    s.deep_pending = bool(s.deep)
    st.query_params[TOKEN_PARAM] = token
    flush()


def go_deeper(dimensions: list[str]) -> None:
    """Add dimensions to the deep dive: their remaining questions join the survey. The choice is stored, so
    a resume link reopens the same survey."""
    s = session()
    s.deep.update(dimensions)
    s.deep_pending = True
    flush()


def record_answer(qid: str, value: AnswerValue | None) -> None:
    s = session()
    meta = s.meta.get(qid) or Meta(_now())
    s.meta[qid] = Meta(_now(), meta.note, meta.evidence, meta.evidence_date)
    state.set_answer(qid, value)
    s.pending.add(qid)
    flush()


_KEEP = object()


def record_note(qid: str, note: str | None, evidence: str | None, evidence_date: object = _KEEP) -> None:
    """`evidence_date`: a date, None to clear it, or left out to keep the one the session has."""
    s = session()
    meta = s.meta.get(qid)
    dated = meta.evidence_date if meta else None
    if evidence_date is not _KEEP:
        dated = evidence_date if isinstance(evidence_date, date) else None
    s.meta[qid] = Meta(_now(), (note or "").strip() or None, (evidence or "").strip() or None, dated)
    s.pending.add(qid)
    flush()


def evidence_dates() -> dict[str, date]:
    """Question id -> the date of its evidence, for scoring (an expired one counts at its capped step)."""
    return {q: m.evidence_date for q, m in session().meta.items() if m.evidence_date is not None}


def flush() -> None:
    """Write what is pending. Quietly keeps it pending while the database is away."""
    s = session()
    if s.frozen or s.bank_changed or not (s.pending or s.deep_pending):
        return
    if s.assessment_id is None:
        profile = state.profile()
        bank = state.bank()
        if profile is None or not isinstance(bank, Bank):
            return
        start(bank, profile, state.lang())
        return
    if s.deep_pending:
        try:
            store().set_deep(s.assessment_id, sorted(s.deep))
        except StorageUnavailable:
            s.offline = True
            return
        except AssessmentFrozen:
            s.frozen = True
            return
        s.deep_pending = False
    if not s.pending:
        s.offline = False
        return
    answers = state.answers()
    batch = {
        qid: AnswerInput(
            value=str(answers[qid]) if qid in answers else None,
            answered_at=s.meta[qid].at if qid in s.meta else _now(),
            note=s.meta[qid].note if qid in s.meta else None,
            evidence=s.meta[qid].evidence if qid in s.meta else None,
            evidence_date=s.meta[qid].evidence_date if qid in s.meta else None,
        )
        for qid in s.pending
    }
    try:
        if len(batch) == 1:
            qid, one = next(iter(batch.items()))
            store().save_answer(
                s.assessment_id,
                qid,
                one.value,
                one.answered_at,
                one.note,
                one.evidence,
                s.bank_version,
                evidence_date=one.evidence_date,
            )
        else:
            store().save_answers(s.assessment_id, batch, s.bank_version)
    except StorageUnavailable:
        s.offline = True
        return
    except AssessmentFrozen:
        s.frozen = True
        return
    except BankVersionChanged:
        # A replica with another bank carried it while this page was open: its answers are of the old
        # version and are not mixed in. The person is asked to reload (status_banner).
        log.warning("assessment %s was carried to another bank version; not writing", s.assessment_id)
        s.bank_changed = True
        return
    s.pending.clear()
    s.offline = False


def pull() -> bool:
    """Take answers another tab or device wrote later than ours (newer wins, as in the database). True when
    one came in: the widgets on the page then no longer show what is stored."""
    s = session()
    if s.assessment_id is None or s.pending:
        return False
    try:
        stored = store().answers(s.assessment_id, dated=True)
    except StorageUnavailable:
        s.offline = True
        return False
    answers = state.answers()
    came = False
    for qid, row in stored.items():
        mine = s.meta.get(qid)
        if mine is None or row.answered_at > mine.at:
            changed = mine is not None or row.value is not None
            came = came or changed
            s.meta[qid] = Meta(row.answered_at, row.note, row.evidence, row.evidence_date)
            if changed:
                # A widget keeps its own state; a new key draws a fresh one from the stored answer.
                s.revision[qid] = s.revision.get(qid, 0) + 1
            value = parse_answer(row.value) if row.value is not None else None
            if value is None:
                answers.pop(qid, None)
            else:
                answers[qid] = value
    return came


def page_stale() -> bool:
    """In a fragment's own run (the page's code does not run): what the page's run does first on every run —
    check now and then that the link still opens, write the answers waiting, take answers saved elsewhere.
    True when the page must then rerun whole: the link no longer opens, or what the page drew from (the
    answers, the banner's offline line and count of answers waiting) has changed."""
    s = session()
    before = (s.offline, len(s.pending))
    try:
        restore_from_link()
    except BadLink:
        return True  # the page's run shows why
    except StorageUnavailable:
        s.offline = True
    flush()
    came = pull()
    return came or (s.offline, len(s.pending)) != before


def save_position(section: int) -> None:
    s = session()
    if s.assessment_id is None or s.frozen:
        return
    try:
        store().set_section(s.assessment_id, str(section))
    except StorageError:
        log.info("could not save the section; it is only a convenience")


def save_language(lang: str) -> None:
    s = session()
    if s.assessment_id is None:
        return
    try:
        store().set_language(s.assessment_id, lang)
    except StorageError:
        log.info("could not save the language; it is only a convenience")


# --- submit, history, re-assessment --------------------------------------------------------------


def submit(bank: Bank, result: Result, plan: Plan) -> bool:
    s = session()
    flush()
    if s.assessment_id is None or s.pending:
        return False
    payload = snapshot.dumps(result, plan)
    try:
        record = store().submit(s.assessment_id, payload, bank.version)
    except StorageUnavailable:
        s.offline = True
        return False
    except AssessmentFrozen:
        record = store().get(s.assessment_id)
    s.frozen, s.submitted_at, s.stored_result = True, record.submitted_at, payload
    return True


def history() -> list[AssessmentRecord]:
    s = session()
    if s.assessment_id is None:
        return []
    try:
        return store().history(s.assessment_id)
    except StorageUnavailable:
        return []


def reassess(bank: Bank, prefill: bool) -> None:
    s = session()
    profile = state.profile()
    if s.assessment_id is None or profile is None:
        return
    # Pre-filled from answers of an older version: the copy starts on that version and is carried to
    # this one as it is opened (below, in _load), like any assessment in progress.
    version = bank.version
    if prefill:
        then = store().get(s.assessment_id).bank_version
        if then != bank.version and bank.migration_path(then):
            version = then
    record, token = store().start(
        profile.organization,
        profile.org_type,
        profile.unit or None,
        state.lang(),
        version,
        "0",
        previous_id=s.assessment_id,
        prefill=prefill,
        form=s.form,  # a re-assessment is answered in the same form
    )
    st.query_params[TOKEN_PARAM] = token
    st.session_state.answers = {}
    state.set_section(0)
    _load(record, token, with_language=False)
    session().just_opened = False


# --- the plan: owners, dates, statuses, targets ------------------------------------------------------


def plan_statuses() -> dict[str, PlanStatus]:
    return {rid: e.status for rid, e in session().plan.items()}


def plan_targets() -> dict[str, int | None]:
    """The targets someone set (None entries dropped: the default applies)."""
    return {d: e.level for d, e in session().targets.items() if e.level is not None}


def set_status(rid: str, value: PlanStatus) -> None:
    """Keep one item's status (ValueError if it is not valid) and write it; it waits if the database is away.
    Unlike answers, a plan changes after submit too."""
    s = session()
    s.plan[rid] = PlanEntry(check_plan_status(rid, value), _now())
    s.plan_pending.add(rid)
    flush_plan()


def set_target(dimension: str, level: int | None) -> None:
    s = session()
    check_target(dimension, level)
    s.targets[dimension] = TargetEntry(level, _now())
    s.targets_pending.add(dimension)
    flush_plan()


def flush_plan() -> None:
    """Write the plan changes still pending, with the time each was given (the newer wins in the database)."""
    s = session()
    if s.assessment_id is None or not (s.plan_pending or s.targets_pending):
        return
    statuses = {rid: s.plan[rid] for rid in s.plan_pending if rid in s.plan}
    targets = {d: s.targets[d] for d in s.targets_pending if d in s.targets}
    try:
        store().save_plan(s.assessment_id, statuses, targets)
    except StorageUnavailable:
        s.offline = True
        return
    # Written, or lost to a change given later elsewhere, which pull_plan brings in.
    s.plan_pending.clear()
    s.targets_pending.clear()


def pull_plan() -> None:
    """Write what waits, then take what another tab or device set later than this one (newer wins)."""
    s = session()
    flush_plan()
    if s.assessment_id is None:
        return
    try:
        stored = store().plan(s.assessment_id)
    except StorageUnavailable:
        s.offline = True
        return
    for rid, entry in stored.statuses.items():
        mine = s.plan.get(rid)
        if rid in s.plan_pending or (mine is not None and mine.changed_at >= entry.changed_at):
            continue
        if mine is not None and mine.status != entry.status:
            # A widget keeps its own state; a new key draws a fresh one from the stored status.
            s.plan_revision[rid] = s.plan_revision.get(rid, 0) + 1
        s.plan[rid] = entry
    for dim, target in stored.targets.items():
        mine_target = s.targets.get(dim)
        if dim in s.targets_pending or (
            mine_target is not None and mine_target.changed_at >= target.changed_at
        ):
            continue
        if mine_target is not None and mine_target.level != target.level:
            s.plan_revision[f"target:{dim}"] = s.plan_revision.get(f"target:{dim}", 0) + 1
        s.targets[dim] = target
