"""Crisis drills on a calendar (principle P22): which "what if…" scenarios to rehearse, in which order and
when, built from the gaps in the crisis-readiness answers.

A scenario whose answers show a gap comes first (the largest gap first); when the answers say drills do not
yet run on a yearly calendar, every scenario is rehearsed once in the coming year. Drills fall on the first
Tuesday of a month, starting the month after the plan is made, every `every_months` months.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from assessment.bank import Bank
from assessment.engine.scoring import NA, Result, answer_rank


@dataclass(frozen=True)
class DrillScenario:
    id: str  # its name and description are the i18n keys drill.<id> and drill.<id>.what
    questions: tuple[str, ...]  # the answers that say how ready the organization is for it


@dataclass(frozen=True)
class DrillConfig:
    dimension: str
    question: str  # the answer that says whether drills already run on a calendar
    scenarios: tuple[DrillScenario, ...]
    every_months: int


# TODO(bank): the scenarios and the cadence belong in the bank, beside P22 and rec_cr_drill_calendar; they
# live here, under this one name, until the bank carries them. The cadence follows the bank's texts:
# rec_cr_drill_calendar asks for "at least four scenarios on a yearly calendar" and the top step of
# cr_drill_calendar for a yearly calendar of all five, so five drills two months apart fit in one year.
DRILLS = DrillConfig(
    dimension="crisis_readiness",
    question="cr_drill_calendar",
    scenarios=(
        DrillScenario("hacked_account", ("cr_account_security",)),
        DrillScenario("lost_phone", ("cr_access_continuity",)),
        DrillScenario("mass_attack", ("cr_response_under_scrutiny",)),
        DrillScenario("troll", ("cs_member_protection", "cs_participation_rules")),
        DrillScenario("emergency", ("cr_real_world_antennas", "cr_written_manual")),
    ),
    every_months=2,
)
TUESDAY = 1


@dataclass(frozen=True)
class Drill:
    scenario: str
    day: date
    gap: float | None  # 0–1 over its answers ("don't know" counts as step 0); None: none answered
    weak: tuple[str, ...] = field(default_factory=tuple)  # its questions answered below the top step


def _gap(bank: Bank, result: Result, qids: tuple[str, ...]) -> tuple[float | None, tuple[str, ...]]:
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


def drill_plan(bank: Bank, result: Result, start: date, config: DrillConfig = DRILLS) -> list[Drill]:
    """The drills to put on the calendar, in date order; [] when the answers show nothing to rehearse or
    the crisis-readiness dimension is not assessed."""
    dim = result.dimensions.get(config.dimension)
    if dim is None or dim.score is None:
        return []
    calendar_gap, _ = _gap(bank, result, (config.question,))
    if config.question not in bank.questions:
        # A bank without the drill question: rehearse everything until the dimension is at the top level.
        calendar_gap = 1.0 if dim.level is not None and dim.level < len(bank.levels) else 0.0
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
