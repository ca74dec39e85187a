"""The frozen result of a submitted assessment: written once at submit (or import), read by Results, the
portfolio and history. "A submitted assessment shows what it showed the day it was submitted, scored with the
bank of that day" is decided here and nowhere else."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from assessment.bank import Bank
from assessment.bank.model import FULL
from assessment.engine.migrate import Given, carry
from assessment.engine.recommend import Plan, plan_from_dict, plan_to_dict, recommend
from assessment.engine.scoring import AnswerValue, Result, score


@dataclass(frozen=True)
class Snapshot:
    result: Result
    plan: Plan
    frozen: bool  # True: read from what was stored at submit; False: scored now from the answers
    gone: list[str] = field(default_factory=list)  # plan items whose recommendation the bank no longer has


def dumps(result: Result, plan: Plan) -> str:
    """The JSON stored with a submitted assessment: what the person saw when they submitted."""
    return json.dumps({"result": result.to_dict(), "plan": plan_to_dict(plan)})


def result_of(stored: str) -> Result:
    """Only the scores of a stored snapshot (history, trends): no bank needed."""
    return Result.from_dict(json.loads(stored)["result"])


def load(bank: Bank, stored: str) -> Snapshot:
    """A stored snapshot, with today's texts for its plan items. A snapshot stored before plans were frozen
    gets today's plan for its frozen scores."""
    data = json.loads(stored)
    result = Result.from_dict(data["result"])
    if "plan" in data:
        plan, gone = plan_from_dict(bank, data["plan"])
    else:
        plan, gone = recommend(bank, result), []
    return Snapshot(result=result, plan=plan, frozen=True, gone=gone)


def current(
    bank: Bank,
    answers: Mapping[str, AnswerValue],
    org_type: str,
    *,
    submitted: bool,
    stored: str | None,
    form: str = FULL,
    dated: Mapping[str, date] | None = None,
) -> Snapshot:
    """What an assessment shows: its frozen snapshot once submitted, else its answers scored now (in the
    form it is answered in, with each answer's evidence date: an expired one counts at its capped step)."""
    if submitted and stored:
        return load(bank, stored)
    result = score(bank, answers, org_type, form, dated=dated)
    return Snapshot(result=result, plan=recommend(bank, result), frozen=False)


def in_todays_terms(
    bank: Bank, result: Result, notes: Mapping[str, Given]
) -> tuple[Result, dict[str, Given]]:
    """A result's answers and notes as today's questions read them, for what names questions and options
    (next steps, the answers file, the report's lowest answers). The scores, levels and counts stay frozen.
    Scored with this bank: as they are. With an older one: carried through the bank's mapping files, so no
    option text of today is paired with a step of yesterday; with a version no mapping leads from: the
    answers to questions this bank still has."""
    if result.bank_version == bank.version:
        return result, dict(notes)
    given = {q: Given(v) for q, v in result.answers.items()}
    for q, n in notes.items():
        given[q] = Given(result.answers.get(q), n.note, n.evidence, n.answered_at)
    path = bank.migration_path(result.bank_version)
    carried = (
        carry(bank, path, given).answers if path else {q: g for q, g in given.items() if q in bank.questions}
    )
    answers = {q: g.value for q, g in carried.items() if g.value is not None}
    return replace(result, answers=answers), carried
