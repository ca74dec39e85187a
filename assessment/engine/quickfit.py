"""How far the quick check can be trusted: how often the level from a few questions equals the level the whole
dimension gives, on answers generated from the bank itself (and on submitted full assessments, when there are
enough). The model and the figures are explained in docs/scoring.md ("The quick check").

The model, per simulated respondent: an organization type drawn uniformly from the bank's; per dimension a
true level drawn uniformly from 1–5 and a true score uniformly within that level's band; per question that
applies, N/A with probability `na` where the question allows it, else "don't know" with probability `dk`, else
the true score in steps (score / 25) plus normal scatter of `scatter` steps, rounded half up to a step 0–4.
Seeded (numpy's PCG64), so the same bank and settings give the same figures on every machine.

The levels are computed here on whole arrays, by the rule of engine.scoring (a test holds the two together
on these very profiles): a set of questions places a dimension when at least its share of the questions not
answered N/A are answered; its score is the weighted mean step × 25, rounded to 0.1; its level the highest
whose `min_score` it reaches.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assessment.bank import Bank
from assessment.bank.model import Question
from assessment.engine.scoring import DK, NA, AnswerValue

PROFILES = 20_000
SEED = 12
SCATTER = 1.0  # steps
DK_SHARE = 0.05
NA_SHARE = 0.10
MIN_SUBMITTED = 30  # submitted full assessments needed before their figure is worth printing

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Model:
    profiles: int = PROFILES
    seed: int = SEED
    scatter: float = SCATTER
    dk: float = DK_SHARE
    na: float = NA_SHARE


@dataclass(frozen=True)
class Answers:
    """Many respondents' answers as arrays, one column per question of the bank (in its order)."""

    questions: list[Question]
    steps: Floats  # the step (don't know = 0); NaN when unanswered, N/A or the question does not apply
    na: Bools
    applies: Bools

    @property
    def size(self) -> int:
        return int(self.steps.shape[0])


def simulate(bank: Bank, model: Model = Model()) -> Answers:
    rng = np.random.default_rng(model.seed)
    questions = list(bank.questions.values())
    n = model.profiles
    types = [t.id for t in bank.info.organization_types]
    drawn = rng.integers(0, len(types), n)
    applies = np.array([[q.applies(types[k]) for q in questions] for k in range(len(types))])[drawn]
    starts = np.array([lv.min_score for lv in bank.levels])
    ends = np.append(starts[1:], 100.0)
    steps = np.full((n, len(questions)), np.nan)
    na = np.zeros((n, len(questions)), dtype=bool)
    column = {q.id: j for j, q in enumerate(questions)}
    for dim_id in bank.dimensions:
        cols = [column[q.id] for q in bank.questions_by_dimension[dim_id]]
        level = rng.integers(0, len(starts), n)
        true = starts[level] + rng.random(n) * (ends[level] - starts[level])
        noisy = true[:, None] / 25 + rng.normal(0.0, model.scatter, (n, len(cols)))
        step = np.clip(np.floor(noisy + 0.5), 0, 4)
        unknown = rng.random((n, len(cols))) < model.dk
        not_applicable = rng.random((n, len(cols))) < model.na
        allow = np.array([questions[j].allow_na for j in cols])
        not_applicable &= allow[None, :]
        step[unknown] = 0.0
        step[not_applicable] = np.nan
        steps[:, cols] = step
        na[:, cols] = not_applicable
    applies_b = applies.astype(bool)
    steps[~applies_b] = np.nan
    na &= applies_b
    return Answers(questions, steps, na, applies_b)


def from_records(bank: Bank, records: Sequence[tuple[str, Mapping[str, AnswerValue]]]) -> Answers:
    """(organization type, answers) of real assessments as arrays."""
    questions = list(bank.questions.values())
    steps = np.full((len(records), len(questions)), np.nan)
    na = np.zeros(steps.shape, dtype=bool)
    applies = np.zeros(steps.shape, dtype=bool)
    for i, (org_type, answers) in enumerate(records):
        for j, q in enumerate(questions):
            applies[i, j] = q.applies(org_type)
            value = answers.get(q.id)
            if not applies[i, j] or value is None:
                continue
            if value == NA:
                na[i, j] = True
            else:
                steps[i, j] = 0.0 if value == DK else float(value)
    return Answers(questions, steps, na, applies)


def _levels(bank: Bank, scores: Floats) -> Ints:
    mins = np.array([lv.min_score for lv in bank.levels])
    out: Ints = np.searchsorted(mins, scores, side="right").astype(np.int64)
    return np.where(np.isnan(scores), 0, out)  # 0: not placed


def subset_scores(data: Answers, cols: Sequence[int], share: float) -> Floats:
    """Per respondent, the score from these questions alone, NaN where they do not place the dimension."""
    weights = np.array([data.questions[j].weight for j in cols])
    steps = data.steps[:, cols]
    answered = ~np.isnan(steps)
    applicable = data.applies[:, cols].sum(axis=1) - data.na[:, cols].sum(axis=1)
    count = answered.sum(axis=1)
    earned = np.where(answered, steps * weights, 0.0).sum(axis=1)
    possible = (answered * weights * 4).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        placed = (
            (applicable > 0) & (count / np.where(applicable > 0, applicable, 1) >= share) & (possible > 0)
        )
        raw = 100 * earned / np.where(possible > 0, possible, 1)
    return np.where(placed, np.round(raw, 1), np.nan)


def _overall(bank: Bank, dim_scores: list[Floats]) -> Ints:
    stacked = np.vstack(dim_scores)
    mean = np.round(stacked.mean(axis=0), 1)
    uncapped = _levels(bank, mean)
    weakest = _levels(bank, stacked).min(axis=0)
    level = np.minimum(uncapped, weakest + 1)
    return np.where(np.isnan(stacked).any(axis=0), 0, level)


@dataclass(frozen=True)
class PairFit:
    questions: tuple[str, ...]
    agree: float  # share of respondents whose level from these questions equals the full dimension level
    within_one: float  # … is at most one level off (not placed counts as off)
    recommendations: (
        int  # recommendations that look at these questions (so a short plan has something to say)
    )


@dataclass(frozen=True)
class DimensionFit:
    dimension: str
    compared: int  # respondents whose full dimension is placed
    eligible: list[str]  # questions that apply to every organization type
    pairs: list[PairFit]  # every pair of eligible questions, best first
    best: PairFit | None
    chosen: PairFit | None  # the bank's quick-check questions of this dimension


@dataclass(frozen=True)
class Fit:
    respondents: int
    dimensions: dict[str, DimensionFit]
    overall_compared: int
    overall_agree: float | None  # the bank's quick check: overall level equal to the full survey's
    overall_within_one: float | None

    @property
    def mean_agree(self) -> float | None:
        got = [d.chosen.agree for d in self.dimensions.values() if d.chosen is not None]
        return sum(got) / len(got) if got else None

    @property
    def mean_within_one(self) -> float | None:
        got = [d.chosen.within_one for d in self.dimensions.values() if d.chosen is not None]
        return sum(got) / len(got) if got else None


def _fit(
    bank: Bank,
    data: Answers,
    ids: tuple[str, ...],
    cols: Sequence[int],
    share: float,
    full: Ints,
    mask: Bools,
) -> PairFit:
    level = _levels(bank, subset_scores(data, cols, share))[mask]
    target = full[mask]
    n = max(int(mask.sum()), 1)
    looked = sum(1 for r in bank.recommendations.values() if set(r.when.questions) & set(ids))
    return PairFit(
        ids,
        float((level == target).sum()) / n,
        float(((level > 0) & (np.abs(level - target) <= 1)).sum()) / n,
        looked,
    )


def tolerance(agree: float, n: int) -> float:
    """Two standard errors of a share measured on n respondents: pairs closer to the best than this are
    told apart by chance, not by the questions."""
    return 2 * math.sqrt(max(agree * (1 - agree), 0.0) / max(n, 1))


def best_of(pairs: list[PairFit], n: int) -> list[PairFit]:
    """Best first: the highest agreement; among the pairs within `tolerance` of it, those whose questions feed
    more recommendations, then the higher share within one level, then the bank's order (the input's)."""
    if not pairs:
        return []
    top = max(p.agree for p in pairs)
    close = top - tolerance(top, n)
    index = {p.questions: i for i, p in enumerate(pairs)}

    def key(p: PairFit) -> tuple[int, float, float, float, int]:
        if p.agree >= close:
            return (0, -p.recommendations, -p.within_one, -p.agree, index[p.questions])
        return (1, -p.agree, -p.within_one, 0, index[p.questions])

    return sorted(pairs, key=key)


def fit(bank: Bank, data: Answers) -> Fit:
    column = {q.id: j for j, q in enumerate(data.questions)}
    share = bank.quick.min_answered if bank.quick is not None else 1.0
    dims: dict[str, DimensionFit] = {}
    full_scores: list[Floats] = []
    quick_scores: list[Floats] = []
    for dim_id, dim in bank.dimensions.items():
        mine = bank.questions_by_dimension[dim_id]
        full_score = subset_scores(data, [column[q.id] for q in mine], dim.min_answered)
        full = _levels(bank, full_score)
        mask = full > 0
        eligible = [q.id for q in mine if q.applies_to is None]
        pairs = [
            _fit(bank, data, (a, b), [column[a], column[b]], share, full, mask)
            for a, b in itertools.combinations(eligible, 2)
        ]
        ranked = best_of(pairs, int(mask.sum()))
        quick_ids = [q.id for q in mine if q.id in bank.quick_ids]
        chosen = None
        if quick_ids:
            chosen = _fit(bank, data, tuple(quick_ids), [column[q] for q in quick_ids], share, full, mask)
            quick_scores.append(subset_scores(data, [column[q] for q in quick_ids], share))
        full_scores.append(full_score)
        dims[dim_id] = DimensionFit(
            dim_id, int(mask.sum()), eligible, ranked, ranked[0] if ranked else None, chosen
        )
    overall_agree = within = None
    compared = 0
    if bank.quick is not None and len(quick_scores) == len(bank.dimensions):
        full_overall = _overall(bank, full_scores)
        quick_overall = _overall(bank, quick_scores)
        mask = full_overall > 0
        compared = int(mask.sum())
        if compared:
            f, q = full_overall[mask], quick_overall[mask]
            overall_agree = float((f == q).sum()) / compared
            within = float(((q > 0) & (np.abs(f - q) <= 1)).sum()) / compared
    return Fit(data.size, dims, compared, overall_agree, within)


def model_fit(bank: Bank, model: Model = Model()) -> Fit:
    """The figures on the bank's own simulated respondents, computed once per bank and model."""
    result: Fit = bank.memo(("quick-fit", model), lambda: fit(bank, simulate(bank, model)))
    return result
