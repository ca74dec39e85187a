"""Targets and projection: where the scores and levels would stand after the plan's "now" phase, after
"next" and after "later", and which plan items take each dimension to its target.

Each recommendation says in the bank which answers it moves when done (`moves: {question_id: step}`).
Doing it raises each of those answers to that step and never lowers one: the projected answer is the higher
of today's and the move's (a "don't know" counts as step 0, as in scoring). An answer marked not applicable
stays so, and an unanswered question stays unanswered (nobody knows where it stands). The projected answers
are scored by `scoring.score` itself, so the weakest-link cap and every other rule apply unchanged.

The phases are cumulative: "now" is today plus the items done already plus the "now" items; "next" adds the
"next" items; "later" adds the rest. Items marked done count as applied first, whatever their phase; items
dropped are left out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from assessment.bank import Bank
from assessment.bank.model import Recommendation
from assessment.engine.recommend import PHASES, Phase, Plan
from assessment.engine.scoring import NA, AnswerValue, Result, answer_rank, score

StageName = Literal["today", "now", "next", "later"]
STAGES: tuple[StageName, ...] = ("today", "now", "next", "later")


@dataclass(frozen=True)
class Stage:
    name: StageName
    result: Result  # the projected answers, scored (the weakest-link cap included)
    applied: tuple[str, ...]  # recommendation ids applied so far, done ones first, then in plan order

    def score(self, dimension: str) -> float | None:
        return self.result.dimensions[dimension].score

    def level(self, dimension: str) -> int | None:
        return self.result.dimensions[dimension].level


@dataclass(frozen=True)
class TargetReach:
    dimension: str
    target: int | None  # None: the dimension is not assessed, so there is nothing to aim from
    reached_at: StageName | None  # the first stage at which its level reaches the target; None: never
    # The plan items (not done already) up to that stage whose moves raise an answer of this dimension;
    # when the target is not reached, those of every phase.
    needed: tuple[str, ...]
    points_short: float | None  # after "later", the score points still missing; None once reached

    @property
    def reached(self) -> bool:
        return self.reached_at is not None


@dataclass(frozen=True)
class Projection:
    stages: tuple[Stage, ...]  # today, now, next, later
    targets: dict[str, int | None]
    reach: dict[str, TargetReach]
    done: tuple[str, ...]  # the done ids that were applied (known to the bank)

    def stage(self, name: StageName) -> Stage:
        return self.stages[STAGES.index(name)]

    @property
    def today(self) -> Stage:
        return self.stages[0]

    def after(self, phase: Phase) -> Stage:
        """The stage after a plan phase ('now', 'next', 'later')."""
        return self.stage(phase)

    def overall_levels(self) -> list[int | None]:
        return [s.result.overall_level for s in self.stages]


def default_targets(bank: Bank, result: Result) -> dict[str, int | None]:
    """One level above today's, at most the top level; None for a dimension not assessed."""
    top = len(bank.levels)
    return {d: (min(r.level + 1, top) if r.level is not None else None) for d, r in result.dimensions.items()}


def check_targets(bank: Bank, targets: Mapping[str, int | None]) -> dict[str, int | None]:
    """Targets as given, or ValueError naming the dimension and the value that is wrong."""
    top = len(bank.levels)
    for dim, level in targets.items():
        if dim not in bank.dimensions:
            raise ValueError(f"target for unknown dimension '{dim}'")
        if level is not None and (
            isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= top
        ):
            raise ValueError(f"target for {dim} must be a level from 1 to {top}, got {level!r}")
    return dict(targets)


def apply_moves(
    answers: Mapping[str, AnswerValue], moves: Mapping[str, int]
) -> tuple[dict[str, AnswerValue], list[str]]:
    """The answers after one recommendation is done, and the questions it raised.

    max(today, step): a move never lowers an answer; N/A and unanswered questions stay as they are."""
    out = dict(answers)
    raised: list[str] = []
    for qid, step in moves.items():
        current = out.get(qid)
        if current is None or current == NA:
            continue
        rank = answer_rank(current)
        assert rank is not None
        if step > rank:
            out[qid] = step
            raised.append(qid)
    return out, raised


def _recommendation(bank: Bank, plan: Plan, rid: str) -> Recommendation | None:
    for item in plan.items:
        if item.id == rid:
            return item.recommendation
    return bank.recommendations.get(rid)


def project(
    bank: Bank,
    result: Result,
    plan: Plan,
    targets: Mapping[str, int | None] | None = None,
    done: Collection[str] = (),
    dropped: Collection[str] = (),
) -> Projection:
    """Today's result and the plan → the projected results after each phase and the targets they reach.

    `targets` overrides `default_targets` per dimension; `done` and `dropped` are recommendation ids (from
    the plan's statuses, see records.ids_with_status). A done id the plan no longer holds still counts if
    the bank knows it; an unknown one is ignored."""
    aims = {**default_targets(bank, result), **check_targets(bank, targets or {})}
    question_dim = {qid: q.dimension for qid, q in bank.questions.items()}
    org_type = result.org_type

    # Today's answers scored again with this bank and in their form (a quick check stays one), so every
    # stage is measured by the same rules.
    answers: dict[str, AnswerValue] = dict(result.answers)
    stages = [Stage("today", score(bank, answers, org_type, result.form), ())]
    applied: list[str] = []
    raised_dims: dict[str, set[str]] = {}  # recommendation id -> dimensions whose answers it raised

    def apply(rids: Iterable[str]) -> None:
        nonlocal answers
        for rid in rids:
            rec = _recommendation(bank, plan, rid)
            if rec is None or rid in applied:
                continue
            answers, raised = apply_moves(answers, rec.moves)
            applied.append(rid)
            raised_dims[rid] = {question_dim[q] for q in raised if q in question_dim}

    done_known = [rid for rid in dict.fromkeys(done) if _recommendation(bank, plan, rid) is not None]
    apply(done_known)
    skip = set(dropped) | set(done_known)
    for phase in PHASES:
        apply(i.id for i in plan.items if i.phase == phase and i.id not in skip)
        stages.append(Stage(phase, score(bank, answers, org_type, result.form), tuple(applied)))

    phase_of = {i.id: i.phase for i in plan.items}
    reach: dict[str, TargetReach] = {}
    for dim in bank.dimensions:
        aim = aims.get(dim)
        if aim is None:
            reach[dim] = TargetReach(dim, None, None, (), None)
            continue
        at = next((s for s in stages if (s.level(dim) or 0) >= aim), None)
        upto = STAGES.index(at.name) if at is not None else len(STAGES) - 1
        wanted = set(STAGES[1 : upto + 1])
        needed = tuple(
            rid
            for rid in applied
            if rid not in done_known and phase_of.get(rid) in wanted and dim in raised_dims.get(rid, ())
        )
        last = stages[-1].score(dim)
        short = round(bank.level(aim).min_score - last, 1) if at is None and last is not None else None
        reach[dim] = TargetReach(dim, aim, at.name if at is not None else None, needed, short)
    return Projection(stages=tuple(stages), targets=aims, reach=reach, done=tuple(done_known))
