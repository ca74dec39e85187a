"""The quick check and the deep dive: which questions a form asks, which dimensions a person has gone deeper
into, and which one to suggest next. Plain functions of the bank, the answers and a few ids, so the app, the
workspace and the tests agree.

- The full survey asks every question that applies; the quick check asks the bank's `forms.quick` questions,
  and every question that applies in a dimension the person has gone deeper into.
- A dimension is deep when the person chose to go deeper into it, or when any of its questions outside the
  quick check is answered (so the deep dive survives a reload even if the choice itself was lost).
- The suggestion: among the provisional dimensions, first the one that holds the overall level down (the
  weakest link, when it caps the overall level), then the least certain one: the widest spread between its
  answers ("don't know" counting as step 0), then the score nearest a level boundary, then the bank's order.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

from assessment.bank import Bank
from assessment.bank.model import FULL, QUICK, Question
from assessment.engine.scoring import AnswerValue, DimensionResult, Result, answer_rank, applying


def asked(
    bank: Bank, org_type: str | None, form: str, deep: Collection[str] = ()
) -> dict[str, list[Question]]:
    """Per dimension, in the bank's order, the questions the survey shows."""
    per_dim = applying(bank, org_type)
    if form != QUICK or bank.quick is None:
        return {d: list(qs) for d, qs in per_dim.items()}
    quick = bank.quick_ids
    return {d: list(qs) if d in deep else [q for q in qs if q.id in quick] for d, qs in per_dim.items()}


def deep_dimensions(
    bank: Bank, answers: Mapping[str, AnswerValue], chosen: Collection[str] = (), form: str = QUICK
) -> set[str]:
    """The dimensions whose every question is asked: all of them in the full survey; in the quick check,
    those chosen and those with an answer outside the quick check."""
    if form != QUICK or bank.quick is None:
        return set(bank.dimensions)
    deep = {d for d in chosen if d in bank.dimensions}
    for qid, value in answers.items():
        q = bank.questions.get(qid)
        if q is not None and value is not None and qid not in bank.quick_ids:
            deep.add(q.dimension)
    return deep


def progress(
    bank: Bank, answers: Mapping[str, AnswerValue], questions: Mapping[str, list[Question]]
) -> tuple[int, int]:
    """(answered, asked) over the questions a form shows; N/A counts as answered (the person did answer)."""
    shown = [q for qs in questions.values() for q in qs]
    return sum(answers.get(q.id) is not None for q in shown), len(shown)


def answers_to_final(bank: Bank, r: DimensionResult) -> int:
    """How many more answers (a step or "don't know") a provisional dimension needs to meet its own
    `min_answered` share of the questions that apply, as things stand; 0 once it is final."""
    if not r.provisional:
        return 0
    need = math.ceil(bank.dimensions[r.dimension].min_answered * r.applicable - 1e-9)
    return max(0, need - r.answered)


def remaining(bank: Bank, result: Result, org_type: str | None, dims: Collection[str]) -> int:
    """How many questions a deep dive into `dims` adds: those that apply and are still unanswered."""
    per_dim = applying(bank, org_type)
    return sum(1 for d in dims for q in per_dim[d] if q.id not in result.answers)


Reason = Literal["weakest", "uncertain"]


@dataclass(frozen=True)
class DeepDive:
    dimension: str
    reason: Reason  # "weakest": it holds the overall level down; "uncertain": its answers say least
    spread: int  # highest step minus lowest among its answers
    margin: float  # points between its score and the nearest level boundary


def _margin(bank: Bank, score: float) -> float:
    bounds = [lv.min_score for lv in bank.levels[1:]]
    return round(min(abs(score - b) for b in bounds), 1) if bounds else 100.0


def deep_dive_order(bank: Bank, result: Result) -> list[DeepDive]:
    """The provisional dimensions, the one to go deeper into first at the head."""
    order = {d: i for i, d in enumerate(bank.dimensions)}
    lowest = min((r.level for r in result.dimensions.values() if r.level is not None), default=None)
    out: list[tuple[tuple[int, int, float, int], DeepDive]] = []
    for dim_id, r in result.dimensions.items():
        if not r.provisional or r.score is None:
            continue
        ranks = [
            rank
            for q in bank.questions_by_dimension[dim_id]
            if (rank := answer_rank(result.answers.get(q.id))) is not None
        ]
        spread = max(ranks) - min(ranks) if ranks else 0
        margin = _margin(bank, r.score)
        weakest = result.capped and r.level == lowest
        item = DeepDive(dim_id, "weakest" if weakest else "uncertain", spread, margin)
        out.append(((0 if weakest else 1, -spread, margin, order[dim_id]), item))
    return [item for _, item in sorted(out, key=lambda pair: pair[0])]


def form_of(bank: Bank, question_ids: Collection[str]) -> str:
    """The form a set of question columns belongs to: "quick" when it names only quick-check questions (at
    least one), else "full"."""
    ids = [q for q in question_ids if q in bank.questions]
    if bank.quick is not None and ids and all(q in bank.quick_ids for q in ids):
        return QUICK
    return FULL
