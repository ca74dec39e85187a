"""The peer benchmark's rules (assessment.engine.benchmark), figures worked out by hand: quartiles by the
"inclusive" method (over 5 sorted scores they are the 2nd, 3rd and 4th), then rounded to the nearest 5 and
suppressed when exactly one organization's score rounds to the same figure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assessment.engine.benchmark import (
    ABOVE_Q3,
    AT_MEDIAN,
    BELOW_Q1,
    MEDIAN_Q3,
    OVERALL,
    Q1_MEDIAN,
    Entry,
    Figure,
    check_min,
    counted,
    figures,
    position,
    rounded,
)

T0 = datetime(2026, 11, 1, tzinfo=UTC)
DIMS = ["crisis_readiness"]


def entry(org: int, value: float | None, *, opted_in: bool = True, full: bool = True, days: int = 0) -> Entry:
    return Entry(
        organization=org,
        org_type="library",
        submitted_at=T0 + timedelta(days=days),
        scores={"crisis_readiness": value, OVERALL: value},
        full=full,
        opted_in=opted_in,
    )


def crisis(found: list[Figure]) -> Figure | None:
    return next((f for f in found if f.dimension == "crisis_readiness"), None)


# Five libraries in pairs: 40, 40, 60, 60 and 80. Quartiles 40, 60, 60; each band holds two scores.
PAIRS = [40.0, 41.0, 59.0, 61.0, 80.0]


def test_four_organizations_show_nothing_five_show_the_quartiles() -> None:
    assert figures([entry(i, v) for i, v in enumerate(PAIRS[:4])], DIMS) == []
    found = crisis(figures([entry(i, v) for i, v in enumerate(PAIRS)], DIMS))
    # Sorted 40, 41, 59, 61, 80: q1 = 41 → 40 (40 and 41 share its band), median = 59 → 60 (59 and 61),
    # q3 = 61 → 60. The 80 is nobody's quartile and never shown; there is no min or max.
    assert found == Figure("library", "crisis_readiness", 5, 40, 60, 60)


def test_the_minimum_is_configurable_but_never_below_three() -> None:
    five = [entry(i, v) for i, v in enumerate(PAIRS)]
    assert figures(five, DIMS, min_orgs=6) == []
    assert check_min(3) == 3
    for bad in (2, 0, -1, True):
        with pytest.raises(ValueError):
            check_min(bad)


def test_opted_out_organizations_are_never_counted() -> None:
    # Four who opted in and one who did not: below the minimum, so nothing. If the opted-out one counted,
    # the five would show the figures of the test above.
    entries = [entry(i, v) for i, v in enumerate(PAIRS[:4])] + [entry(9, 80.0, opted_in=False)]
    assert figures(entries, DIMS) == []
    # With a fifth who opted in, the opted-out one's extreme score moves nothing: compare with and without.
    five = [entry(i, v) for i, v in enumerate(PAIRS)]
    with_out = [*five, entry(9, 0.0, opted_in=False), entry(10, 1.0, opted_in=False)]
    assert figures(with_out, DIMS) == figures(five, DIMS)
    found = crisis(figures(with_out, DIMS))
    assert found is not None and found.organizations == 5


def test_quick_or_provisional_assessments_do_not_count() -> None:
    entries = [entry(i, v) for i, v in enumerate(PAIRS[:4])] + [entry(9, 80.0, full=False)]
    assert figures(entries, DIMS) == []


def test_each_organization_counts_once_by_its_latest_assessment() -> None:
    # Organization 0 submitted three times; only its latest (day 10, score 80) counts, so five assessments
    # of four organizations show nothing.
    entries = [entry(0, 10.0), entry(0, 20.0, days=5), entry(0, 80.0, days=10)]
    entries += [entry(i, v) for i, v in zip((1, 2, 3), PAIRS[1:4], strict=True)]
    assert counted(entries)[0].scores["crisis_readiness"] == 80.0
    assert figures(entries, DIMS) == []


def test_no_shown_value_is_one_organizations_score() -> None:
    # Five spread scores: every quartile is one organization's score exactly (the 2nd, 3rd, 4th), alone in
    # its band, so each is suppressed and the count is all that is shown.
    spread = [entry(i, v) for i, v in enumerate([10.0, 30.0, 50.0, 70.0, 90.0])]
    assert crisis(figures(spread, DIMS)) == Figure("library", "crisis_readiness", 5, None, None, None)


def test_identical_but_one_never_reveals_the_one() -> None:
    # The differencing case: four organizations at 50 and one at 87.5. Every quartile is 50, shared by four;
    # the odd one out appears nowhere.
    found = crisis(figures([entry(i, 50.0) for i in range(4)] + [entry(4, 87.5)], DIMS))
    assert found == Figure("library", "crisis_readiness", 5, 50, 50, 50)
    # And with the odd one out low instead: the same.
    found = crisis(figures([entry(i, 50.0) for i in range(4)] + [entry(4, 12.5)], DIMS))
    assert found == Figure("library", "crisis_readiness", 5, 50, 50, 50)


def test_every_shown_figure_stands_for_two_scores_or_none() -> None:
    # Property over many small sets: a shown figure is never the rounded score of exactly one organization.
    import random

    rng = random.Random(14)
    for _ in range(500):
        n = rng.randint(5, 9)
        values = [round(rng.uniform(0, 100), 1) for _ in range(n)]
        found = crisis(figures([entry(i, v) for i, v in enumerate(values)], DIMS))
        assert found is not None and found.organizations == n
        for shown in (found.q1, found.median, found.q3):
            if shown is not None:
                assert sum(1 for v in values if rounded(v) == shown) != 1


def test_rounding_is_half_up_to_fives() -> None:
    assert [rounded(v) for v in (0.0, 2.4, 2.5, 57.5, 62.4, 62.5, 100.0)] == [0, 0, 5, 60, 60, 65, 100]


def test_position_against_the_shown_quartiles() -> None:
    figure = Figure("library", "crisis_readiness", 5, 40, 60, 60)
    assert position(figure, 20.0) == BELOW_Q1
    assert position(figure, 85.0) == ABOVE_Q3
    assert position(figure, 44.0) == Q1_MEDIAN  # 45
    assert position(figure, 40.0) == Q1_MEDIAN  # on the first quartile
    assert position(figure, 59.0) == AT_MEDIAN  # 60, the median (and here the third quartile too)
    assert position(Figure("library", "crisis_readiness", 5, 40, 50, 70), 65.0) == MEDIAN_Q3
    assert position(figure, None) is None
    assert position(Figure("library", "crisis_readiness", 5, None, 60, 60), 85.0) is None
