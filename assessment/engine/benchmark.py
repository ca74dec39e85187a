"""Peer benchmark: per organization type and dimension, the quartiles of the scores of organizations that
agreed to be counted, and where one organization sits among them. Pure: it takes plain records (storage
gathers them, aggregate only) and returns figures that can be shown to anyone.

How it keeps any one organization from being revealed (README, "Peer benchmark"):
- only submitted, full (never provisional, never quick-check) assessments of organizations that opted in
  count, and each organization once: its latest submitted assessment;
- a figure exists only when at least `min_orgs` distinct organizations (default 5, never below 3) have a
  score in that dimension; below that nothing is shown, not even how many there are;
- no minimum, no maximum, no mean, no names: the first quartile, the median and the third quartile only;
- each figure is rounded to the nearest 5 points, and suppressed when exactly one organization's score
  lies in that figure's 5-point band: a shown figure then stands for two or more organizations' scores
  (they agree at that precision) or for nobody's (it falls between scores). Over 5 organizations the
  quartiles are the 2nd, 3rd and 4th scores themselves, so this is what stops a median from being one
  organization's score to the point.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

MIN_ORGS = 5
MIN_ORGS_FLOOR = 3
STEP = 5  # figures are multiples of 5 points
OVERALL = "overall"


@dataclass(frozen=True, slots=True)
class Entry:
    """One submitted assessment as the benchmark sees it: no name, an opaque organization key."""

    organization: int
    org_type: str
    submitted_at: datetime
    scores: Mapping[str, float | None]  # dimension id -> score; OVERALL -> the overall score
    full: bool  # answered in the full survey and not provisional
    opted_in: bool


@dataclass(frozen=True, slots=True)
class Figure:
    """One organization type and dimension: the organizations counted and the quartiles that can be shown
    (None: suppressed by the band rule)."""

    org_type: str
    dimension: str
    organizations: int
    q1: int | None
    median: int | None
    q3: int | None


ENV_MIN = "FOCO_BENCHMARK_MIN"


def configured_min(environ: Mapping[str, str]) -> int:
    """The deployment's minimum (`FOCO_BENCHMARK_MIN`, default 5); a value that is not a whole number of
    at least 3 is refused, never silently lowered."""
    raw = environ.get(ENV_MIN, "").strip()
    if not raw:
        return MIN_ORGS
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{ENV_MIN}={raw!r} is not a whole number") from None
    return check_min(value)


def check_min(min_orgs: int) -> int:
    if isinstance(min_orgs, bool) or not isinstance(min_orgs, int) or min_orgs < MIN_ORGS_FLOOR:
        raise ValueError(
            f"the benchmark's minimum of organizations must be a whole number ≥ {MIN_ORGS_FLOOR}"
        )
    return min_orgs


def counted(entries: Iterable[Entry]) -> dict[int, Entry]:
    """Organization -> its latest submitted full assessment, among those that opted in."""
    latest: dict[int, Entry] = {}
    for e in entries:
        if not (e.opted_in and e.full):
            continue
        kept = latest.get(e.organization)
        if kept is None or e.submitted_at > kept.submitted_at:
            latest[e.organization] = e
    return latest


def rounded(value: float) -> int:
    # Half away from zero, never Python's banker's rounding: 62.5 → 65, 57.5 → 60.
    return int((value + STEP / 2) // STEP * STEP)


def shown(value: float, scores: list[float]) -> int | None:
    figure = rounded(value)
    near = sum(1 for s in scores if rounded(s) == figure)
    return None if near == 1 else figure


def figures(entries: Iterable[Entry], dimensions: Iterable[str], min_orgs: int = MIN_ORGS) -> list[Figure]:
    """Every (type, dimension) that meets the minimum, in type then dimension order; OVERALL is last."""
    check_min(min_orgs)
    by_type: dict[str, list[Entry]] = {}
    for e in counted(entries).values():
        by_type.setdefault(e.org_type, []).append(e)
    dims = [*dimensions, OVERALL]
    out: list[Figure] = []
    for org_type in sorted(by_type):
        for dim in dims:
            scores = sorted(s for e in by_type[org_type] if (s := e.scores.get(dim)) is not None)
            if len(scores) < min_orgs:
                continue
            q1, median, q3 = statistics.quantiles(scores, n=4, method="inclusive")
            out.append(
                Figure(
                    org_type, dim, len(scores), shown(q1, scores), shown(median, scores), shown(q3, scores)
                )
            )
    return out


BELOW_Q1, Q1_MEDIAN, AT_MEDIAN, MEDIAN_Q3, ABOVE_Q3 = (
    "below_q1",
    "q1_median",
    "at_median",
    "median_q3",
    "above_q3",
)


def position(figure: Figure, own: float | None) -> str | None:
    """Where a score (rounded like the figures) sits against the shown quartiles: below the first, from the
    first up to the median, at the median, above it up to the third, above the third; None when the score
    or a figure it would be read against is missing."""
    if own is None or figure.q1 is None or figure.median is None or figure.q3 is None:
        return None
    value = rounded(own)
    if value < figure.q1:
        return BELOW_Q1
    if value > figure.q3:
        return ABOVE_Q3
    if value == figure.median:
        return AT_MEDIAN
    return Q1_MEDIAN if value < figure.median else MEDIAN_Q3


def for_type(found: Iterable[Figure], org_type: str) -> dict[str, Figure]:
    return {f.dimension: f for f in found if f.org_type == org_type}


def scores_of(result_scores: Mapping[str, float | None], overall: float | None) -> dict[str, float | None]:
    return {**result_scores, OVERALL: overall}
