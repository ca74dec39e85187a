"""A read-only report opened by a share link (`/?s=<token>`): the results of one submitted assessment
and its PDF. Nothing on it changes anything (no answers, no submit, no re-assessment, no plan editing), and
while a session shows it the router registers no other page, so no other assessment, survey or workspace
is reachable from it. The person's notes stay out, as in the PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import streamlit as st

from assessment.bank import Bank
from assessment.engine import snapshot
from assessment.engine.scoring import AnswerValue, parse_answer
from assessment.i18n import t
from assessment.outputs.export import Scored
from assessment.records import SHARE
from assessment.storage import AssessmentRecord, StorageUnavailable
from assessment.ui import persist, state
from assessment.ui.pages import results, results_benchmark, results_plan

KEY = "_foco_shared"


@dataclass
class Shared:
    token: str
    record: AssessmentRecord
    checked_at: datetime


def current() -> Shared | None:
    value = st.session_state.get(KEY)
    return value if isinstance(value, Shared) else None


def restore() -> bool:
    """Whether this run shows a shared report. Raises persist.BadLink for a share link that opens nothing:
    unknown, withdrawn or expired (also when it was withdrawn or expired while open)."""
    token = st.query_params.get(persist.SHARE_PARAM)
    if not token:
        st.session_state.pop(KEY, None)
        return False
    now = datetime.now(UTC)
    shown = current()
    if shown is not None and shown.token == token:
        if now - shown.checked_at >= persist.RECHECK_EVERY:
            try:
                still = persist.store().still_open(token, SHARE)
            except StorageUnavailable:
                return True  # what is on screen was read already
            if not still:
                st.session_state.pop(KEY, None)
                raise persist.BadLink
            shown.checked_at = now
        return True
    st.session_state.pop(KEY, None)
    record = persist.store().open_shared(token)  # StorageUnavailable propagates: the router's retry page
    if record is None:
        raise persist.BadLink
    st.session_state[KEY] = Shared(token, record, now)
    st.session_state.lang = record.language  # before the language picker is drawn
    return True


def show() -> None:
    shown = current()
    bank = state.bank()
    if shown is None or not isinstance(bank, Bank):
        return
    lang = state.lang()
    record = shown.record
    answers: dict[str, AnswerValue] = {}
    if not record.result_json:  # every submitted assessment stores one; scored from its answers otherwise
        for qid, stored in persist.store().answers(record.id).items():
            value = parse_answer(stored.value) if stored.value is not None else None
            if value is not None:
                answers[qid] = value
    view = snapshot.current(bank, answers, record.org_type, submitted=True, stored=record.result_json)
    result, plan = view.result, view.plan
    who = record.organization_name + (f" · {record.unit_name}" if record.unit_name else "")
    submitted = record.submitted_at.astimezone() if record.submitted_at else None
    st.header(t("results.header", lang, org=state.md(who)), anchor=False)
    st.info(
        t("share.view.banner", lang, date=submitted.strftime("%Y-%m-%d") if submitted else "—"),
        icon=":material/visibility:",
    )
    results._overall(bank, result, lang)
    results._charts(bank, result, lang, who)
    results._cards(bank, result, lang, None)
    results_benchmark.expired(bank, result.expired, lang)
    results._plan(plan, lang)
    if plan.items:
        st.markdown(results_plan.items_table(plan, None, lang))
    results_plan.details(bank, plan, lang, lazy=False)
    results._next_steps(bank, result, lang)
    st.subheader(t("results.downloads", lang))
    # The plan as the team keeps it (done items first, dropped ones out, their targets): the PDF's
    # projection is the one the team's own PDF shows.
    try:
        kept = persist.store().plan(record.id)
        statuses = kept.plain_statuses()
        targets = {d: level for d, level in kept.plain_targets().items() if level is not None}
    except StorageUnavailable:
        statuses, targets = {}, {}
    entry = Scored(
        record.organization_name, record.unit_name or "", result, plan, record.org_type, statuses, targets
    )
    results._report_download(bank, lambda: entry, lang, results.file_stem(who), submitted)
