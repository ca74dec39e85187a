"""Crisis drills on a calendar (principle P22): which "what if…" scenarios to rehearse, in which order and
when, built from the gaps in the crisis-readiness answers.

A scenario whose answers show a gap comes first (the largest gap first); when the answers say drills do not
yet run on a yearly calendar, every scenario is rehearsed once in the coming year. Drills fall on the first
Tuesday of a month, starting the month after the plan is made, every `every_months` months.

The scenarios, the question that says whether drills run on a calendar and the cadence are the bank's
(questions/drills.yaml, `Bank.drills`); a bank without them gives no drill calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from assessment.bank import Bank
from assessment.engine.scoring import NA, Result, answer_rank

TUESDAY = 1


@dataclass(frozen=True)
class Drill:
    scenario: str
    day: date
    gap: float | None  # 0–1 over its answers ("don't know" counts as step 0); None: none answered
    weak: tuple[str, ...] = field(default_factory=tuple)  # its questions answered below the top step


def _gap(bank: Bank, result: Result, qids: Sequence[str]) -> tuple[float | None, tuple[str, ...]]:
    gap: float | None = None
    weak: list[str] = []
    for qid in qids:
        question = bank.questions.get(qid)
        value = result.answers.get(qid)
        if question is None or value is None or value == NA or not question.applies(result.org_type):
            continue
        step = answer_rank(value)
        assert step is not None
        gap = max(gap or 0.0, (4 - step) / 4)
        if step < 4:
            weak.append(qid)
    return gap, tuple(weak)


def first_tuesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(TUESDAY - first.weekday()) % 7)


def _month_after(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def drill_plan(bank: Bank, result: Result, start: date) -> list[Drill]:
    """The drills to put on the calendar, in date order; [] when the bank has no drills, the answers show
    nothing to rehearse or the drills' dimension is not assessed."""
    config = bank.drills
    if config is None:
        return []
    dim = result.dimensions.get(config.dimension)
    if dim is None or dim.score is None:
        return []
    calendar_gap, _ = _gap(bank, result, (config.question,))
    no_calendar = calendar_gap is None or calendar_gap > 0
    chosen = []
    for order, scenario in enumerate(config.scenarios):
        gap, weak = _gap(bank, result, scenario.questions)
        if no_calendar or (gap or 0) > 0:
            chosen.append((-(gap or 0.0), order, scenario, gap, weak))
    chosen.sort(key=lambda c: (c[0], c[1]))
    drills = []
    for n, (_, _, scenario, gap, weak) in enumerate(chosen):
        year, month = _month_after(start, 1 + n * config.every_months)
        drills.append(Drill(scenario.id, first_tuesday(year, month), gap, weak))
    return drills
