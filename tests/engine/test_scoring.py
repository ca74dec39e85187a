"""Scoring against docs/scoring.md: every expected number below was worked out by hand from that page,
on the synthetic bank of helpers.py (see its table of questions and weights)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.bank import Bank
from assessment.engine.scoring import Result, parse_answer, progress, score
from tests.helpers import all_answers, answers_strategy, org_type_strategy, steps, synthetic_bank

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The docs' worked example: a town hall; crisis readiness 3, 2, dk, 1, 4, na, 0, 2 and the other four
# dimensions at 85.0, 72.5, 60.0 and 90.0.
OTHERS = {
    **steps("sf", [4, 4, 4, 4, 1]),  # 17 / 20 = 85.0
    **steps("ho", [4, 4, 2, 1, 0]),  # weights 2, 1, 1, .5, .5: (8 + 4 + 2 + 0.5) / 20 = 72.5
    **steps("cs", [4, 4, 2, 1, 1]),  # 12 / 20 = 60.0 (cs_q6 is for libraries only)
    **steps("pi", [4, 4, 4, 4, 2]),  # 18 / 20 = 90.0
}
WORKED = {**OTHERS, **steps("cr", [3, 2, "dk", 1, 4, "na", 0, 2])}


def scores_of(result: Result) -> dict[str, float | None]:
    return {d: r.score for d, r in result.dimensions.items()}


def levels_of(result: Result) -> dict[str, int | None]:
    return {d: r.level for d, r in result.dimensions.items()}


# --------------------------------------------------------------------------------------- worked example
def test_worked_example_of_the_docs(bank: Bank) -> None:
    result = score(bank, WORKED, "town_hall")
    cr = result.dimensions["crisis_readiness"]
    assert cr.score == 42.9  # 100 × 12 / 28
    assert cr.level == 3
    assert (cr.questions, cr.applicable, cr.answered) == (8, 7, 7)
    assert cr.unknowns == ["cr_q3"]
    assert cr.not_applicable == ["cr_q6"]
    assert cr.answered_share == 1.0
    assert scores_of(result) == {
        "strategic_focus": 85.0,
        "help_orientation": 72.5,
        "community_stewardship": 60.0,
        "platform_independence": 90.0,
        "crisis_readiness": 42.9,
    }
    assert levels_of(result) == {
        "strategic_focus": 5,
        "help_orientation": 4,
        "community_stewardship": 4,
        "platform_independence": 5,
        "crisis_readiness": 3,
    }
    assert result.overall_score == 70.1  # 350.4 / 5
    assert result.uncapped_level == 4
    assert result.overall_level == 4  # the cap is 3 + 1 = 4
    assert not result.capped
    assert result.weakest == ["crisis_readiness"]
    assert result.bank_version == "test.1"
    assert result.org_type == "town_hall"


def test_worked_example_variant_crisis_readiness_at_19(bank: Bank) -> None:
    # cr_q1 weighs 0.25 here, so 19.0 is reachable: (0.25·3 + 2 + 0 + 1 + 0 + 0 + 1) / (4 × 6.25) = 4.75 / 25.
    heavy = synthetic_bank(weights={"cr_q1": 0.25})
    answers = {**OTHERS, **steps("cr", [3, 2, "dk", 1, 0, "na", 0, 1])}
    result = score(heavy, answers, "town_hall")
    assert result.dimensions["crisis_readiness"].score == 19.0
    assert result.dimensions["crisis_readiness"].level == 1
    assert result.overall_score == 65.3  # 326.5 / 5
    assert result.uncapped_level == 4
    assert result.overall_level == 2  # the weakest link: 1 + 1
    assert result.capped


def test_a_strong_average_is_capped_by_the_weakest_dimension(bank: Bank) -> None:
    answers = {**all_answers(bank, 4), **steps("cr", [0] * 8)}
    result = score(bank, answers)
    assert result.dimensions["crisis_readiness"].score == 0.0
    assert result.overall_score == 80.0  # (4 × 100 + 0) / 5
    assert (result.uncapped_level, result.overall_level) == (5, 2)


# -------------------------------------------------------------------------------------------- the rules
@pytest.mark.parametrize(
    ("ho", "expected"),
    [
        ([4, 0, 0, 0, 0], 40.0),  # 2·4 / 20; unweighted it would be 20.0
        ([0, 4, 4, 4, 4], 60.0),  # (4 + 4 + 2 + 2) / 20
        ([0, 0, 0, 4, 4], 20.0),  # (2 + 2) / 20
        ([3, 3, 3, 3, 3], 75.0),
    ],
)
def test_weights(bank: Bank, ho: list[int], expected: float) -> None:
    assert score(bank, steps("ho", ho)).dimensions["help_orientation"].score == expected


def test_dont_know_counts_as_zero_and_is_reported(bank: Bank) -> None:
    dk = score(bank, steps("sf", ["dk", 4, 4, 4, 4])).dimensions["strategic_focus"]
    zero = score(bank, steps("sf", [0, 4, 4, 4, 4])).dimensions["strategic_focus"]
    assert dk.score == zero.score == 80.0  # 16 / 20
    assert dk.unknowns == ["sf_q1"]
    assert zero.unknowns == []
    assert dk.answered == 5
    all_dk = score(bank, steps("sf", ["dk"] * 5)).dimensions["strategic_focus"]
    assert (all_dk.score, all_dk.level) == (0.0, 1)
    assert all_dk.unknowns == ["sf_q1", "sf_q2", "sf_q3", "sf_q4", "sf_q5"]


def test_not_applicable_leaves_the_denominator(bank: Bank) -> None:
    na = score(bank, steps("cr", [4, 4, 4, 4, 4, "na", 4, 4])).dimensions["crisis_readiness"]
    assert na.score == 100.0  # 28 / 28
    assert (na.applicable, na.answered, na.not_applicable) == (7, 7, ["cr_q6"])
    zero = score(bank, steps("cr", [4, 4, 4, 4, 4, 0, 4, 4])).dimensions["crisis_readiness"]
    assert zero.score == 87.5  # 28 / 32
    half = score(bank, steps("cr", [2, 2, 2, 2, 2, "na", 2, 2])).dimensions["crisis_readiness"]
    assert half.score == 50.0


def test_a_dimension_answered_only_not_applicable_is_not_assessed(bank: Bank) -> None:
    result = score(bank, {**all_answers(bank, 3), **steps("pi", ["na"] * 5)})
    pi = result.dimensions["platform_independence"]
    assert (pi.score, pi.level, pi.assessed) == (None, None, False)
    assert (pi.applicable, pi.answered) == (0, 0)
    assert pi.not_applicable == ["pi_q1", "pi_q2", "pi_q3", "pi_q4", "pi_q5"]
    assert result.overall_score is None
    assert result.overall_level is None
    assert result.dimensions["strategic_focus"].score == 75.0


@pytest.mark.parametrize(
    ("answers", "dim", "expected"),
    [
        (steps("sf", [4, 4, None, None, None]), "strategic_focus", None),  # 2 / 5 = 40 %
        (steps("sf", [4, 4, 2, None, None]), "strategic_focus", 83.3),  # 3 / 5; 10 / 12 = 83.33
        (steps("cr", [4, 4, 4, None, None, None, None, None]), "crisis_readiness", None),  # 3 / 8
        (steps("cr", [4, 4, 4, 0, None, None, None, None]), "crisis_readiness", 75.0),  # 4 / 8 = 50 % exactly
        (steps("cr", [4, 4, 4, None, None, "na", None, None]), "crisis_readiness", None),  # 3 / 7
        (steps("cr", [4, 4, 4, 4, None, "na", None, None]), "crisis_readiness", 100.0),  # 4 / 7
    ],
)
def test_too_few_answers_means_not_assessed(
    bank: Bank, answers: dict[str, Any], dim: str, expected: Any
) -> None:
    others = {q.id: 4 for q in bank.questions.values() if q.dimension != dim}
    result = score(bank, {**others, **answers})
    assert result.dimensions[dim].score == expected
    if expected is None:
        assert result.dimensions[dim].level is None
        assert (result.overall_score, result.overall_level, result.uncapped_level) == (None, None, None)
    else:
        assert result.overall_score is not None


def test_nothing_answered(bank: Bank) -> None:
    result = score(bank, {})
    assert all(r.score is None and r.level is None for r in result.dimensions.values())
    assert result.overall_score is None
    assert result.weakest == []


def test_applies_to_leaves_out_questions_for_another_type(bank: Bank) -> None:
    answers = {**steps("cs", [4, 4, 4, 4, 4, 0])}  # cs_q6 is for libraries only
    town_hall = score(bank, answers, "town_hall").dimensions["community_stewardship"]
    library = score(bank, answers, "library").dimensions["community_stewardship"]
    anyone = score(bank, answers, None).dimensions["community_stewardship"]
    assert (town_hall.score, town_hall.questions) == (100.0, 5)
    assert (library.score, library.questions) == (83.3, 6)  # 20 / 24
    assert (anyone.score, anyone.questions) == (83.3, 6)
    assert "cs_q6" not in score(bank, answers, "town_hall").answers
    assert score(bank, answers, "library").answers["cs_q6"] == 0


# ----------------------------------------------------------------------------------------------- levels
@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0, 1),
        (19.9, 1),
        (20.0, 2),
        (39.9, 2),
        (40.0, 3),
        (59.9, 3),
        (60.0, 4),
        (79.9, 4),
        (80.0, 5),
        (100, 5),
    ],
)
def test_level_thresholds(bank: Bank, value: float, level: int) -> None:
    assert bank.level_for(value).level == level


@pytest.mark.parametrize(
    ("sf", "expected_score", "expected_level"),
    [
        ([1, 1, 1, 0, 0], 15.0, 1),
        ([1, 1, 1, 1, 0], 20.0, 2),
        ([2, 2, 2, 2, 0], 40.0, 3),
        ([3, 3, 3, 3, 0], 60.0, 4),
        ([4, 4, 4, 3, 0], 75.0, 4),
        ([4, 4, 4, 4, 0], 80.0, 5),
        ([2, 2, 3], 58.3, 3),  # docs/scoring.md: mixed answers land between (7 / 12, 3 of 5 answered)
        ([2, 3, 3], 66.7, 4),  # 8 / 12
    ],
)
def test_dimension_levels_at_the_boundaries(
    bank: Bank, sf: list[int], expected_score: float, expected_level: int
) -> None:
    dim = score(bank, steps("sf", sf)).dimensions["strategic_focus"]
    assert (dim.score, dim.level) == (expected_score, expected_level)


# ---------------------------------------------------------------------------------------------- answers
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0),
        ("1", 1),
        ("2", 2),
        ("3", 3),
        ("4", 4),
        (" 3 ", 3),
        ("dk", "dk"),
        (" DK ", "dk"),
        ("na", "na"),
        ("NA", "na"),
        ("", None),
        ("   ", None),
        (None, None),
        (0, 0),
        (4, 4),
    ],
)
def test_parse_answer_accepts(raw: object, expected: object) -> None:
    assert parse_answer(raw) == expected


@pytest.mark.parametrize("raw", ["5", "-1", "2.5", "yes", "d k", "n/a", True, False, 5, -1, 2.5])
def test_parse_answer_rejects(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_answer(raw)


def test_progress_counts_not_applicable_as_answered(bank: Bank) -> None:
    answers = {**steps("cr", [1, "dk", None, None, None, "na"]), **steps("cs", [None] * 5 + [3])}
    assert progress(bank, answers, "town_hall") == (3, 28)  # cs_q6 does not apply to a town hall
    assert progress(bank, answers, "library") == (4, 29)


def test_result_round_trips_through_json(bank: Bank) -> None:
    result = score(bank, {**WORKED, **steps("pi", ["na", 2, "dk", None, 4])}, "town_hall")
    again = Result.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again == result
    assert again.dimensions["crisis_readiness"].unknowns == ["cr_q3"]
    assert again.answers["cr_q6"] == "na"
    assert again.overall_score == result.overall_score


# ------------------------------------------------------------------------------------------- properties
def check_result(bank: Bank, result: Result) -> None:
    for dim in result.dimensions.values():
        if dim.score is None:
            assert dim.level is None
        else:
            assert 0.0 <= dim.score <= 100.0
            assert dim.level == bank.level_for(dim.score).level
            assert dim.answered_share >= bank.dimensions[dim.dimension].min_answered
    assessed = all(d.assessed for d in result.dimensions.values())
    assert (result.overall_score is not None) == assessed
    if result.overall_score is not None:
        assert 0.0 <= result.overall_score <= 100.0
        assert result.overall_level is not None and result.uncapped_level is not None
        assert 1 <= result.overall_level <= result.uncapped_level <= 5
        assert result.overall_level <= min(d.level or 0 for d in result.dimensions.values()) + 1


def raise_one(data: st.DataObject, answers: dict[str, Any]) -> dict[str, Any] | None:
    """The same answers with one of them raised (a step to a higher step, or dk to any step)."""
    raisable = [q for q, v in answers.items() if v == "dk" or (isinstance(v, int) and v < 4)]
    if not raisable:
        return None
    qid = data.draw(st.sampled_from(sorted(raisable)))
    old = answers[qid]
    new = data.draw(st.integers(min_value=0 if old == "dk" else old + 1, max_value=4))
    return {**answers, qid: new}


def not_lower(before: float | None, after: float | None) -> bool:
    # None (not assessed) counts as lowest; raising an answer keeps the answered set, so it stays None.
    return (-1 if after is None else after) >= (-1 if before is None else before)


def check_monotone(bank: Bank, data: st.DataObject, answers: dict[str, Any], org_type: str | None) -> None:
    raised = raise_one(data, answers)
    if raised is None:
        return
    before, after = score(bank, answers, org_type), score(bank, raised, org_type)
    for d in bank.dimensions:
        b, a = before.dimensions[d], after.dimensions[d]
        assert b.assessed == a.assessed
        assert not_lower(b.score, a.score), d
        assert not_lower(b.level, a.level), d
    assert (before.overall_score is None) == (after.overall_score is None)
    assert not_lower(before.overall_score, after.overall_score)
    assert not_lower(before.overall_level, after.overall_level)
    assert not_lower(before.uncapped_level, after.uncapped_level)


# The synthetic bank's strategies, built when hypothesis first draws from them, not at import; the tests
# score with the `bank` fixture (the same synthetic bank).
SYNTHETIC_ANSWERS = st.deferred(lambda: answers_strategy(synthetic_bank()))
SYNTHETIC_ORG_TYPES = st.deferred(lambda: org_type_strategy(synthetic_bank()))


@PROPERTY
@given(answers=SYNTHETIC_ANSWERS, org_type=SYNTHETIC_ORG_TYPES)
def test_property_synthetic_scores_stay_in_range(
    bank: Bank, answers: dict[str, Any], org_type: str | None
) -> None:
    check_result(bank, score(bank, answers, org_type))


@PROPERTY
@given(answers=SYNTHETIC_ANSWERS, org_type=SYNTHETIC_ORG_TYPES, data=st.data())
def test_property_synthetic_monotone(
    bank: Bank, answers: dict[str, Any], org_type: str | None, data: st.DataObject
) -> None:
    check_monotone(bank, data, answers, org_type)


@pytest.mark.real_bank
@PROPERTY
@given(data=st.data())
def test_property_real_bank_scores_stay_in_range(real_bank: Bank, data: st.DataObject) -> None:
    answers = data.draw(answers_strategy(real_bank))
    check_result(real_bank, score(real_bank, answers, data.draw(org_type_strategy(real_bank))))


@pytest.mark.real_bank
@PROPERTY
@given(data=st.data())
def test_property_real_bank_monotone(real_bank: Bank, data: st.DataObject) -> None:
    answers = data.draw(answers_strategy(real_bank))
    check_monotone(real_bank, data, answers, data.draw(org_type_strategy(real_bank)))


# Steps, scores and levels line up (docs/scoring.md): the option at step s describes the dimension's level
# s + 1, so answering step s everywhere scores 100 × s / 4 = 25·s whatever the weights, and 0, 25, 50, 75,
# 100 fall in levels 1 (from 0), 2 (from 20), 3 (from 40), 4 (from 60) and 5 (from 80). The overall score is
# the same mean and no dimension lags, so the weakest-link cap (level s + 2) never bites.
STEP_EVERYWHERE = [(0, 0.0, 1), (1, 25.0, 2), (2, 50.0, 3), (3, 75.0, 4), (4, 100.0, 5), ("dk", 0.0, 1)]


@pytest.mark.parametrize(("value", "expected_score", "expected_level"), STEP_EVERYWHERE)
def test_step_s_everywhere_is_level_s_plus_1(
    bank: Bank, value: int | str, expected_score: float, expected_level: int
) -> None:
    result = score(bank, all_answers(bank, value), "library")
    assert set(scores_of(result).values()) == {expected_score}
    assert set(levels_of(result).values()) == {expected_level}
    assert (result.overall_score, result.overall_level, result.capped) == (
        expected_score,
        expected_level,
        False,
    )


@pytest.mark.real_bank
@pytest.mark.parametrize(("value", "expected_score", "expected_level"), STEP_EVERYWHERE)
def test_real_bank_step_s_everywhere_is_level_s_plus_1(
    real_bank: Bank, value: int | str, expected_score: float, expected_level: int
) -> None:
    for org_type in (None, "library", "company"):
        result = score(real_bank, all_answers(real_bank, value), org_type)
        assert set(scores_of(result).values()) == {expected_score}
        assert set(levels_of(result).values()) == {expected_level}
        assert (result.overall_score, result.overall_level) == (expected_score, expected_level)
