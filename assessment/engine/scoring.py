"""Answers → Result: a 0–100 score and a level per dimension, and an overall level capped by the weakest link.

The formula, with a worked example, is in docs/scoring.md. Everything here is a pure function of the bank
and the answers, so the CLI, the app and the tests agree by construction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any, Literal

from assessment.bank import Bank
from assessment.bank.model import FULL, QUICK, Dimension, Question
from assessment.engine import evidence

DK: Literal["dk"] = "dk"
NA: Literal["na"] = "na"
AnswerValue = int | Literal["dk", "na"]
Answers = Mapping[str, AnswerValue]


def parse_answer(raw: object) -> AnswerValue | None:
    """'3' → 3, 'dk' → 'dk', '' → None (unanswered). Raise ValueError for anything else."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError("not an answer")
    if isinstance(raw, int):
        if 0 <= raw <= 4:
            return raw
        raise ValueError("not an answer")
    text = str(raw).strip().lower()
    if text == "":
        return None
    if text in (DK, NA):
        return text
    if text in {"0", "1", "2", "3", "4"}:
        return int(text)
    raise ValueError("not an answer")


def answer_rank(value: AnswerValue | None) -> int | None:
    """The step an answer counts as: "don't know" counts as the lowest step."""
    if value is None or value == NA:
        return None
    return 0 if value == DK else int(value)


@dataclass(frozen=True)
class DimensionResult:
    dimension: str
    score: float | None  # None: not assessed
    level: int | None
    questions: int  # questions that apply to this organization
    answered: int  # answered with a step or "don't know"
    applicable: int  # questions minus those marked not applicable
    unknowns: list[str] = field(default_factory=list)  # answered "don't know"
    not_applicable: list[str] = field(default_factory=list)
    # Placed from the quick check's questions only: its own `min_answered` is not met yet. A snapshot
    # stored before forms existed lacks the key and reads as final.
    provisional: bool = False

    @property
    def assessed(self) -> bool:
        return self.score is not None

    @property
    def answered_share(self) -> float:
        return self.answered / self.applicable if self.applicable else 0.0


@dataclass(frozen=True)
class Result:
    bank_version: str
    org_type: str | None
    dimensions: dict[str, DimensionResult]
    overall_score: float | None
    overall_level: int | None
    uncapped_level: int | None  # the level the overall score alone would give
    answers: dict[str, AnswerValue]
    form: str = FULL  # the form it was answered in; a snapshot from before forms reads as the full survey
    # Answers whose dated evidence had expired on the day of scoring (engine.evidence.expired): question id
    # -> {dated, months, expires_months, given, counted}. `answers` holds the counted (capped) steps.
    expired: dict[str, dict[str, Any]] = field(default_factory=dict)

    @cached_property
    def provisional(self) -> bool:
        """Any dimension placed from the quick check alone makes the whole result provisional. Worked out
        once per result (it is frozen): the portfolio asks it of every entry several times a draw."""
        return any(r.provisional for r in self.dimensions.values())

    @property
    def capped(self) -> bool:
        return self.overall_level is not None and self.uncapped_level != self.overall_level

    @property
    def weakest(self) -> list[str]:
        levels = {d: r.level for d, r in self.dimensions.items() if r.level is not None}
        if not levels:
            return []
        low = min(levels.values())
        return [d for d, lv in levels.items() if lv == low]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        dims = {k: DimensionResult(**v) for k, v in data["dimensions"].items()}
        return cls(**{**data, "dimensions": dims})


def _dimension(
    bank: Bank, dimension: Dimension, questions: list[Question], answers: Answers, quick_share: float | None
) -> tuple[DimensionResult, dict[str, AnswerValue]]:
    """One dimension from the questions that apply. `quick_share`: the quick check's threshold, when the
    assessment is a quick one (a dimension short of its own threshold may then be placed provisionally)."""
    earned = possible = 0.0
    answered = quick_answered = quick_na = quick_asked = 0
    unknowns: list[str] = []
    not_applicable: list[str] = []
    kept: dict[str, AnswerValue] = {}
    quick_ids = bank.quick_ids
    for q in questions:
        in_quick = q.id in quick_ids
        quick_asked += in_quick
        value = answers.get(q.id)
        if value is None:
            continue
        kept[q.id] = value
        if value == NA:
            not_applicable.append(q.id)
            quick_na += in_quick
            continue
        step = answer_rank(value)
        assert step is not None
        if value == DK:
            unknowns.append(q.id)
        answered += 1
        quick_answered += in_quick
        earned += q.weight * step
        possible += q.weight * 4
    applicable = len(questions) - len(not_applicable)
    enough = applicable > 0 and answered / applicable >= dimension.min_answered
    provisional = False
    if not enough and quick_share is not None:
        # The quick check places the dimension from its quick questions; every answer given counts.
        quick_applicable = quick_asked - quick_na
        enough = provisional = quick_applicable > 0 and quick_answered / quick_applicable >= quick_share
    value_score = round(100 * earned / possible, 1) if enough and possible else None
    result = DimensionResult(
        dimension=dimension.id,
        score=value_score,
        level=bank.level_for(value_score).level if value_score is not None else None,
        questions=len(questions),
        answered=answered,
        applicable=applicable,
        unknowns=unknowns,
        not_applicable=not_applicable,
        provisional=provisional and value_score is not None,
    )
    return result, kept


def applying(bank: Bank, org_type: str | None) -> dict[str, list[Question]]:
    """Per dimension, the questions that apply to this type of organization (worked out once per bank)."""
    found: dict[str, list[Question]] = bank.memo(
        ("applicable", org_type),
        lambda: {d: [q for q in qs if q.applies(org_type)] for d, qs in bank.questions_by_dimension.items()},
    )
    return found


def score(
    bank: Bank,
    answers: Answers,
    org_type: str | None = None,
    form: str = FULL,
    *,
    dated: Mapping[str, date] | None = None,
    today: date | None = None,
) -> Result:
    """`form`: "full" (a dimension is placed once its own `min_answered` is met) or "quick" (a dimension is
    also placed, provisionally, once the quick check's share of its quick questions is answered).
    `dated`: the date of each answer's evidence; an answer whose evidence expired by `today` (by default the
    day in UTC) counts at most the bank's `evidence_cap_step` (engine.evidence)."""
    if form not in (FULL, QUICK):
        raise ValueError(f"unknown form {form!r}; use {QUICK!r} or {FULL!r}")
    stale: dict[str, dict[str, Any]] = {}
    if dated:
        stale = evidence.expired(bank, answers, dated, today or datetime.now(UTC).date())
        answers = evidence.capped(answers, stale)
    quick_share = bank.quick.min_answered if form == QUICK and bank.quick is not None else None
    dims: dict[str, DimensionResult] = {}
    kept: dict[str, AnswerValue] = {}
    per_dim = applying(bank, org_type)
    for dim_id, dimension in bank.dimensions.items():
        dims[dim_id], mine = _dimension(bank, dimension, per_dim[dim_id], answers, quick_share)
        kept.update(mine)

    overall_score = overall_level = uncapped = None
    if dims and all(r.assessed for r in dims.values()):
        overall_score = round(sum(r.score or 0.0 for r in dims.values()) / len(dims), 1)
        uncapped = bank.level_for(overall_score).level
        # The weakest link: a strong megaphone does not make up for having no crisis plan.
        cap = min(r.level or 1 for r in dims.values()) + 1
        overall_level = min(uncapped, cap)
    return Result(
        bank_version=bank.version,
        org_type=org_type,
        dimensions=dims,
        overall_score=overall_score,
        overall_level=overall_level,
        uncapped_level=uncapped,
        answers=kept,
        form=form,
        expired=stale,
    )


def progress(bank: Bank, answers: Answers, org_type: str | None = None) -> tuple[int, int]:
    """(answered, total) over the questions that apply; N/A counts as answered (the person did answer)."""
    total = done = 0
    for q in bank.questions.values():
        if q.applies(org_type):
            total += 1
            done += answers.get(q.id) is not None
    return done, total
