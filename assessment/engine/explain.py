"""Why this level: per dimension and overall, the answers that hold the score down most, and, when the
weakest-link rule caps the overall level, which dimensions cap it and how far they would have to rise.

A dimension's score is 100 × Σ wᵢ·sᵢ / (4 × Σ wᵢ) (docs/scoring.md), so an answer at step sᵢ costs its
dimension 100 × wᵢ·(4 − sᵢ) / (4 × Σ wᵢ) points ("don't know" counts as step 0), and the overall score, the
mean of the dimensions, one fifth of that. Those points lost are what `explain` ranks; over a dimension
they add up to 100 minus its (unrounded) score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.bank import Bank
from assessment.engine.scoring import DK, Result, answer_rank
from assessment.i18n import t

TOP = 3  # answers named per explanation: a short paragraph, not the whole survey again


@dataclass(frozen=True)
class HeldDown:
    """One answer short of the top step and what it costs."""

    question_id: str
    dimension: str
    step: int  # the step it counts as ("don't know" counts as 0)
    unknown: bool  # answered "don't know"
    points: float  # score points its dimension loses to it (0–100 scale, one decimal)
    overall_points: float  # points the overall score loses to it


@dataclass(frozen=True)
class DimensionWhy:
    dimension: str
    score: float | None  # None: not assessed
    level: int | None
    held_down: list[HeldDown]  # most points lost first, at most `top`
    next_level: int | None  # the level above today's, None at level 5 or when not assessed
    points_to_next: float | None  # score points still missing to reach it


@dataclass(frozen=True)
class CapGap:
    """A dimension that keeps the weakest-link cap below the level the average alone would give."""

    dimension: str
    level: int
    score: float
    needed_level: int  # every dimension at this level or above lets the overall reach its uncapped level
    needed_score: float  # that level's threshold
    points_needed: float  # needed_score − score


@dataclass(frozen=True)
class OverallWhy:
    score: float | None  # None until every dimension is assessed
    level: int | None
    uncapped_level: int | None
    held_down: list[HeldDown]  # across dimensions, most overall points lost first
    capped_by: list[CapGap] = field(default_factory=list)  # weakest first; empty when the cap does not bite
    # When capped: the answers of the capping dimensions that cost them the most (in their own points),
    # since raising those, not the overall mean, is what lifts the level.
    cap_held_down: list[HeldDown] = field(default_factory=list)
    not_assessed: list[str] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return bool(self.capped_by)


@dataclass(frozen=True)
class Explanation:
    overall: OverallWhy
    dimensions: dict[str, DimensionWhy]


def _losses(bank: Bank, result: Result) -> dict[str, list[tuple[float, int, HeldDown]]]:
    """Per dimension, (unrounded points lost, bank order, HeldDown) for every counted answer below 4."""
    order = {qid: i for i, qid in enumerate(bank.questions)}
    n_dims = len(bank.dimensions) or 1
    out: dict[str, list[tuple[float, int, HeldDown]]] = {}
    for dim_id, questions in bank.questions_by_dimension.items():
        counted = [
            (q, step)
            for q in questions
            if q.applies(result.org_type) and (step := answer_rank(result.answers.get(q.id))) is not None
        ]
        possible = sum(4 * q.weight for q, _ in counted)
        rows = []
        for q, step in counted:
            if step >= 4 or not possible:
                continue
            lost = 100 * q.weight * (4 - step) / possible
            held = HeldDown(
                question_id=q.id,
                dimension=dim_id,
                step=step,
                unknown=result.answers.get(q.id) == DK,
                points=round(lost, 1),
                overall_points=round(lost / n_dims, 1),
            )
            rows.append((lost, order[q.id], held))
        out[dim_id] = rows
    return out


def _top(rows: list[tuple[float, int, HeldDown]], top: int) -> list[HeldDown]:
    # Most points lost first; ties in the bank's order, so two runs always name the same answers.
    return [h for _, _, h in sorted(rows, key=lambda r: (-r[0], r[1]))[:top]]


def explain(bank: Bank, result: Result, top: int = TOP) -> Explanation:
    losses = _losses(bank, result)
    dims: dict[str, DimensionWhy] = {}
    for dim_id in bank.dimensions:
        r = result.dimensions[dim_id]
        assessed = r.score is not None and r.level is not None
        next_level = r.level + 1 if assessed and r.level is not None and r.level < len(bank.levels) else None
        to_next = None
        if next_level is not None and r.score is not None:
            to_next = round(bank.level(next_level).min_score - r.score, 1)
        dims[dim_id] = DimensionWhy(
            dimension=dim_id,
            score=r.score,
            level=r.level,
            held_down=_top(losses[dim_id], top) if assessed else [],
            next_level=next_level,
            points_to_next=to_next,
        )

    missing = [d for d, r in result.dimensions.items() if not r.assessed]
    capped_by: list[CapGap] = []
    held: list[HeldDown] = []
    cap_held: list[HeldDown] = []
    if result.overall_level is not None and result.uncapped_level is not None:
        held = _top([row for rows in losses.values() for row in rows], top)
        # The overall level is min(uncapped, weakest + 1): it reaches the uncapped level once every
        # dimension stands at uncapped − 1 or above. Those below it are what holds the cap down.
        needed = result.uncapped_level - 1
        if result.overall_level < result.uncapped_level:
            threshold = bank.level(needed).min_score
            below = [
                (r.level, i, d)
                for i, (d, r) in enumerate(result.dimensions.items())
                if r.level is not None and r.level < needed
            ]
            for level, _, d in sorted(below):
                score = result.dimensions[d].score
                assert score is not None
                capped_by.append(CapGap(d, level, score, needed, threshold, round(threshold - score, 1)))
            cap_held = _top([row for g in capped_by for row in losses[g.dimension]], top)
    overall = OverallWhy(
        score=result.overall_score,
        level=result.overall_level,
        uncapped_level=result.uncapped_level,
        held_down=held,
        capped_by=capped_by,
        cap_held_down=cap_held,
        not_assessed=missing,
    )
    return Explanation(overall=overall, dimensions=dims)


def _points(value: float, lang: str) -> str:
    # One decimal with a point, as the app and the PDF show every score.
    return f"{value:.1f}"


def _answers(bank: Bank, held: list[HeldDown], lang: str, overall: bool) -> str:
    parts = []
    for h in held:
        question = bank.questions[h.question_id].text(lang)
        points = _points(h.overall_points if overall else h.points, lang)
        if h.unknown:
            parts.append(t("why.answer_dk", lang, question=question, points=points))
        else:
            parts.append(t("why.answer_step", lang, question=question, step=h.step, points=points))
    return t("why.list_separator", lang).join(parts)


def dimension_text(bank: Bank, why: DimensionWhy, lang: str) -> str:
    """A short paragraph: the dimension's score and level, what holds it down, how far the next level is."""
    name = bank.dimensions[why.dimension].name(lang)
    if why.score is None or why.level is None:
        return t("why.dim_not_assessed", lang, dimension=name)
    # A dimension's level in its own words (its summary), never the overall narrative name (DESIGN.md).
    dim = bank.dimensions[why.dimension]
    level = dim.level(why.level).summary(lang)
    out = [t("why.dim_score", lang, dimension=name, score=_points(why.score, lang), n=why.level, level=level)]
    if why.held_down:
        out.append(t("why.held_down", lang, answers=_answers(bank, why.held_down, lang, overall=False)))
    else:
        out.append(t("why.nothing_holds", lang))
    if why.next_level is not None and why.points_to_next is not None:
        out.append(
            t(
                "why.to_next",
                lang,
                points=_points(why.points_to_next, lang),
                n=why.next_level,
                level=dim.level(why.next_level).summary(lang),
            )
        )
    return " ".join(out)


def overall_text(bank: Bank, why: OverallWhy, lang: str) -> str:
    """A short paragraph on the overall level: when the weakest-link cap bites, which dimensions cap it,
    how far they must rise and their costliest answers; otherwise the answers costing most overall points."""
    if why.score is None or why.level is None or why.uncapped_level is None:
        dims = ", ".join(bank.dimensions[d].name(lang) for d in why.not_assessed)
        return t("why.overall_missing", lang, dims=dims)
    score = _points(why.score, lang)
    out: list[str] = []
    if why.capped_by:
        out.append(t("why.capped", lang, score=score, uncapped=why.uncapped_level, level=why.level))
        gaps = [
            t(
                "why.cap_gap",
                lang,
                dimension=bank.dimensions[g.dimension].name(lang),
                n=g.level,
                needed=g.needed_level,
                threshold=f"{g.needed_score:g}",
                points=_points(g.points_needed, lang),
            )
            for g in why.capped_by
        ]
        joined = t("why.list_separator", lang).join(gaps)
        if len(gaps) == 1:
            out.append(t("why.cap_lift_one", lang, gaps=joined))
        else:
            out.append(t("why.cap_lift_many", lang, gaps=joined))
        if why.cap_held_down:
            dims = ", ".join(bank.dimensions[g.dimension].name(lang) for g in why.capped_by)
            answers = _answers(bank, why.cap_held_down, lang, overall=False)
            out.append(t("why.cap_held_down", lang, dims=dims, answers=answers))
        return " ".join(out)
    level = bank.level(why.level).name(lang)
    out.append(t("why.overall_score", lang, score=score, n=why.level, level=level))
    if why.held_down:
        out.append(t("why.held_down", lang, answers=_answers(bank, why.held_down, lang, overall=True)))
    return " ".join(out)
