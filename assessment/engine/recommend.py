"""Result → Plan: the recommendations that apply, ranked by the gap they close, impact and effort,
never before one they depend on, each with a phase (now / next / later) and a quick-win flag."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Literal, NotRequired, TypedDict

from assessment.bank import Bank
from assessment.bank.model import Recommendation
from assessment.engine.scoring import DK, NA, Result, answer_rank

Phase = Literal["now", "next", "later"]
PHASES: tuple[Phase, ...] = ("now", "next", "later")
EFFORT_COST: dict[str, int] = {"S": 1, "M": 2, "L": 3}
# Priority bands for the phase, before dependencies push an item later (see docs/scoring.md).
NOW_FROM = 0.75
NEXT_FROM = 0.3
# What a team can take on per phase, in effort points (S = 1, M = 2, L = 3): a plan with sixteen
# things to do "now" is not a plan. `later` has no limit.
PHASE_BUDGET: tuple[int, ...] = (6, 10)
# A provisional result (the quick check) gets a short plan: its first steps, from what it knows.
SHORT_PLAN = 5


@dataclass(frozen=True)
class PlanItem:
    rank: int
    recommendation: Recommendation
    gap: float  # 0–1: how far the answers behind it are from the top step
    priority: float  # gap × impact ÷ effort cost, raised to that of anything waiting on it
    phase: Phase
    triggered_by: list[str] = field(
        default_factory=list
    )  # question ids (or the dimension id, for a level rule)
    waits_for: list[str] = field(default_factory=list)  # applicable recommendations it depends on

    @property
    def id(self) -> str:
        return self.recommendation.id

    @property
    def quick_win(self) -> bool:
        return self.recommendation.quick_win


@dataclass(frozen=True)
class Plan:
    items: list[PlanItem]
    keep_doing: list[str]  # assessed dimensions where nothing applies
    not_assessed: list[str]
    # From a provisional result: at most SHORT_PLAN items; `left_out` more would apply from its answers.
    provisional: bool = False
    left_out: int = 0

    @property
    def perfect(self) -> bool:
        return not self.items and not self.not_assessed


@dataclass(frozen=True)
class _Rule:
    rec: Recommendation
    questions: tuple[tuple[str, frozenset[str] | None], ...]  # (question id, the org types it applies to)
    below: int
    level_below: int | None


def _rules(bank: Bank) -> list[_Rule]:
    # What each recommendation looks at, resolved once per bank: this runs for every organization scored.
    def build() -> list[_Rule]:
        rules = []
        for rec in bank.recommendations.values():
            qs = []
            for qid in rec.when.questions:
                applies = bank.questions[qid].applies_to
                qs.append((qid, frozenset(applies) if applies is not None else None))
            rules.append(_Rule(rec, tuple(qs), rec.when.below, rec.when.level_below))
        return rules

    rules: list[_Rule] = bank.memo("recommendation-rules", build)
    return rules


def _trigger(rule: _Rule, result: Result) -> tuple[float, list[str]] | None:
    dim = result.dimensions.get(rule.rec.dimension)
    if dim is None or dim.score is None:
        return None
    answers, org_type = result.answers, result.org_type
    gap = -1.0
    because: list[str] = []
    for qid, applies in rule.questions:
        value = answers.get(qid)
        if (
            value is None
            or value == NA
            or (applies is not None and org_type is not None and org_type not in applies)
        ):
            continue
        # "Don't know" counts as the lowest step.
        step = 0 if value == DK else int(value)
        if step < rule.below:
            gap = max(gap, (4 - step) / 4)
            because.append(qid)
    if rule.level_below is not None and dim.level is not None and dim.level < rule.level_below:
        gap = max(gap, (100 - dim.score) / 100)
        because.append(rule.rec.dimension)
    return (gap, because) if because else None


def _dependents_first(bank: Bank) -> list[str]:
    # A fixed order of the bank's recommendations in which everything that depends on an item comes
    # before it; one pass in this order carries priorities down every dependency chain.
    def build() -> list[str]:
        placed: list[str] = []
        seen: set[str] = set()

        def visit(rid: str) -> None:
            if rid in seen:
                return
            seen.add(rid)
            for dep in bank.recommendations[rid].depends_on:
                visit(dep)
            placed.append(rid)

        for rid in bank.recommendations:
            visit(rid)
        return placed[::-1]

    order: list[str] = bank.memo("dependents-first", build)
    return order


def recommend(bank: Bank, result: Result) -> Plan:
    triggered: dict[str, tuple[float, list[str]]] = {}
    for rule in _rules(bank):
        hit = _trigger(rule, result)
        if hit is not None:
            triggered[rule.rec.id] = hit

    recs = {rid: bank.recommendations[rid] for rid in triggered}
    deps = {rid: [d for d in r.depends_on if d in recs] for rid, r in recs.items()}

    # A dependency is pulled forward to the priority of the most urgent item waiting on it.
    effective = {rid: triggered[rid][0] * r.impact / EFFORT_COST[r.effort] for rid, r in recs.items()}
    for rid in _dependents_first(bank):
        if rid in recs:
            for dep in deps[rid]:
                if effective[dep] < effective[rid]:
                    effective[dep] = effective[rid]

    dim_order: dict[str, int] = bank.memo(
        "dimension-order", lambda: {d: i for i, d in enumerate(bank.dimensions)}
    )

    def key(rid: str) -> tuple[float, int, int, str]:
        r = recs[rid]
        return (-round(effective[rid], 9), -r.impact, dim_order.get(r.dimension, 99), rid)

    # Kahn's algorithm with a priority queue: the most urgent item whose dependencies are placed goes next.
    waiting = {rid: len(needs) for rid, needs in deps.items()}
    dependents: dict[str, list[str]] = {rid: [] for rid in recs}
    for rid, needs in deps.items():
        for dep in needs:
            dependents[dep].append(rid)
    ready = [key(rid) for rid, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        rid = heapq.heappop(ready)[3]
        order.append(rid)
        for nxt in dependents[rid]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(ready, key(nxt))

    phase_index: dict[str, int] = {}
    used = [0] * len(PHASE_BUDGET)
    for rid in order:
        rec = recs[rid]
        band = 0 if effective[rid] >= NOW_FROM or rec.quick_win else 1 if effective[rid] >= NEXT_FROM else 2
        # Never in an earlier phase than something it depends on, nor in a phase already full.
        phase = max([band, *(phase_index[d] for d in deps[rid])])
        cost = EFFORT_COST[rec.effort]
        while phase < len(PHASE_BUDGET) and used[phase] + cost > PHASE_BUDGET[phase]:
            phase += 1
        if phase < len(PHASE_BUDGET):
            used[phase] += cost
        phase_index[rid] = phase

    # The rank is the order to do things in: phase first, then urgency. A dependency is never in a later
    # phase than what waits for it, and within a phase the order above already put it first.
    in_order = sorted(order, key=lambda rid: phase_index[rid])  # stable: keeps urgency within a phase
    items = [
        PlanItem(
            rank=rank,
            recommendation=recs[rid],
            gap=round(triggered[rid][0], 4),
            priority=round(effective[rid], 4),
            phase=PHASES[phase_index[rid]],
            triggered_by=triggered[rid][1],
            waits_for=deps[rid],
        )
        for rank, rid in enumerate(in_order, start=1)
    ]

    with_items = {r.dimension for r in recs.values()}
    # "Keep doing" is for what is known: a dimension placed from two questions has not earned it yet.
    keep = [
        d for d, r in result.dimensions.items() if r.assessed and not r.provisional and d not in with_items
    ]
    missing = [d for d, r in result.dimensions.items() if not r.assessed]
    if result.provisional:
        # The first steps in rank order: everything an item waits for ranks before it, so it stays in.
        short = items[:SHORT_PLAN]
        return Plan(short, keep, missing, provisional=True, left_out=len(items) - len(short))
    return Plan(items=items, keep_doing=keep, not_assessed=missing)


class PlanItemDict(TypedDict):
    """One plan item as stored in a frozen snapshot (JSON)."""

    id: str
    rank: int
    phase: Phase
    gap: float
    priority: float
    triggered_by: list[str]
    waits_for: list[str]


class PlanDict(TypedDict):
    """A plan as stored in a frozen snapshot (JSON). Plans stored before forms existed have neither
    `provisional` nor `left_out`."""

    items: list[PlanItemDict]
    keep_doing: list[str]
    not_assessed: list[str]
    provisional: NotRequired[bool]
    left_out: NotRequired[int]


def plan_to_dict(plan: Plan) -> PlanDict:
    return {
        "items": [
            {
                "id": i.id,
                "rank": i.rank,
                "phase": i.phase,
                "gap": i.gap,
                "priority": i.priority,
                "triggered_by": i.triggered_by,
                "waits_for": i.waits_for,
            }
            for i in plan.items
        ],
        "keep_doing": plan.keep_doing,
        "not_assessed": plan.not_assessed,
        "provisional": plan.provisional,
        "left_out": plan.left_out,
    }


def plan_from_dict(bank: Bank, data: PlanDict) -> tuple[Plan, list[str]]:
    """A frozen plan, with today's texts for its recommendations. Returns the ids the bank no longer has."""
    items: list[PlanItem] = []
    gone: list[str] = []
    for raw in data.get("items", []):
        rec = bank.recommendations.get(raw["id"])
        if rec is None:
            gone.append(raw["id"])
            continue
        items.append(
            PlanItem(
                rank=raw["rank"],
                recommendation=rec,
                gap=raw["gap"],
                priority=raw["priority"],
                phase=raw["phase"],
                triggered_by=list(raw["triggered_by"]),
                waits_for=[w for w in raw["waits_for"] if w in bank.recommendations],
            )
        )
    keep = [d for d in data.get("keep_doing", []) if d in bank.dimensions]
    missing = [d for d in data.get("not_assessed", []) if d in bank.dimensions]
    # A plan stored before forms existed has neither key: a full plan.
    provisional = bool(data.get("provisional", False))
    left_out = int(data.get("left_out", 0))
    return Plan(items, keep, missing, provisional=provisional, left_out=left_out), gone


@dataclass(frozen=True)
class NextStep:
    question_id: str
    dimension: str
    step: int  # the step answered ("don't know" counts as 0)
    unknown: bool


def next_steps(bank: Bank, result: Result) -> list[NextStep]:
    """For every question answered short of the top step, the step above it: the bank's option texts
    describe it concretely, so even a dimension with nothing left to recommend shows the way up."""
    steps: list[NextStep] = []
    for qid, value in result.answers.items():
        question = bank.questions.get(qid)
        step = answer_rank(value)
        if question is None or step is None or not question.applies(result.org_type):
            continue
        if step < 4:
            steps.append(NextStep(qid, question.dimension, step, value == DK))
    order = {q: i for i, q in enumerate(bank.questions)}
    return sorted(steps, key=lambda s: (s.step, order[s.question_id]))
