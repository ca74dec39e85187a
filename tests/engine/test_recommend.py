"""The plan against docs/scoring.md ("The plan"): numbers worked out by hand on the synthetic bank.

Recommendations of the synthetic bank (effort, impact; cost S = 1, M = 2, L = 3):
  rec_sf_goals (L, 1) on sf_q1 <- rec_sf_guide (S, 2) on sf_q2 below 4 <- rec_sf_rehearse (M, 2) on sf_q3
  rec_ho_listen (M, 2) level below 3 · rec_ho_answer (S, 1) on ho_q1, ho_q2 below 4
  rec_cs_welcome (S, 2) on cs_q1, cs_q6 · rec_pi_own (L, 3) on pi_q1
  rec_cr_audit (S, 3) on cr_q1 <- rec_cr_drills (M, 3) on cr_q2
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.bank import Bank
from assessment.bank.model import DIMENSION_IDS
from assessment.engine.recommend import PHASES, Plan, recommend
from assessment.engine.scoring import Result, score
from tests.helpers import all_answers, answers_strategy, org_type_strategy, steps, synthetic_bank

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plan_for(bank: Bank, answers: dict[str, Any], org_type: str | None = None) -> Plan:
    return recommend(bank, score(bank, answers, org_type))


def perfect_but(bank: Bank, **changes: Any) -> dict[str, Any]:
    """Every answer 4, except the ones given."""
    return {**all_answers(bank, 4), **changes}


def table(plan: Plan) -> list[tuple[int, str, float, str]]:
    return [(i.rank, i.id, i.priority, i.phase) for i in plan.items]


def test_plan_example_of_the_docs(bank: Bank) -> None:
    plan = plan_for(bank, perfect_but(bank, cr_q1=1, cr_q2="dk"))
    audit, drills = plan.items
    assert (audit.rank, audit.id, audit.gap, audit.priority) == (1, "rec_cr_audit", 0.75, 2.25)
    assert (drills.rank, drills.id, drills.gap, drills.priority) == (2, "rec_cr_drills", 1.0, 1.5)
    assert (audit.phase, drills.phase) == ("now", "now")
    assert (audit.quick_win, drills.quick_win) == (True, False)
    assert (audit.triggered_by, drills.triggered_by) == (["cr_q1"], ["cr_q2"])
    assert (audit.waits_for, drills.waits_for) == ([], ["rec_cr_audit"])
    assert plan.keep_doing == [
        "strategic_focus",
        "help_orientation",
        "community_stewardship",
        "platform_independence",
    ]
    assert plan.not_assessed == []
    assert not plan.perfect


def test_a_dependency_is_pulled_before_its_urgent_dependent(bank: Bank) -> None:
    # goals: 1.0 × 1 / 3 = 0.333 on its own, raised to guide's 1.0 × 2 / 1 = 2.0;
    # audit: 0.5 × 3 / 1 = 1.5; pi_own: 1.0 × 3 / 3 = 1.0. Unraised, goals would come last.
    # Effort budget of `now` (6 points): goals L 3 + guide S 1 + audit S 1 = 5, so pi_own (L, 3) moves on.
    plan = plan_for(bank, perfect_but(bank, sf_q1=0, sf_q2=0, cr_q1=2, pi_q1=0))
    assert table(plan) == [
        (1, "rec_sf_goals", 2.0, "now"),
        (2, "rec_sf_guide", 2.0, "now"),
        (3, "rec_cr_audit", 1.5, "now"),
        (4, "rec_pi_own", 1.0, "next"),
    ]
    assert plan.items[0].gap == 1.0


def test_a_chain_of_three_is_raised_all_the_way(bank: Bank) -> None:
    # rehearse 1.0 × 2 / 2 = 1.0 raises guide (0.25 × 2 / 1 = 0.5) and through it goals (1.0 × 1 / 3).
    plan = plan_for(bank, perfect_but(bank, sf_q1=0, sf_q2=3, sf_q3=0))
    assert table(plan) == [
        (1, "rec_sf_goals", 1.0, "now"),
        (2, "rec_sf_guide", 1.0, "now"),
        (3, "rec_sf_rehearse", 1.0, "now"),
    ]
    assert [i.gap for i in plan.items] == [1.0, 0.25, 1.0]


def test_phases_ties_and_dependencies(bank: Bank) -> None:
    # drills 0.5 × 3 / 2 = 0.75 (now, at the mark); pi_own 0.5 × 3 / 3 = 0.5 (next);
    # goals 0.5 × 1 / 3 raised to guide's 0.25 × 2 / 1 = 0.5 (next); guide is a quick win (now) but waits for
    # goals, so next; ho_answer 0.25 × 1 / 1 = 0.25 (later). pi_own and goals tie at 0.5: higher impact first.
    plan = plan_for(bank, perfect_but(bank, cr_q2=2, pi_q1=2, sf_q1=2, sf_q2=3, ho_q1=3))
    assert table(plan) == [
        (1, "rec_cr_drills", 0.75, "now"),
        (2, "rec_pi_own", 0.5, "next"),
        (3, "rec_sf_goals", 0.5, "next"),
        (4, "rec_sf_guide", 0.5, "next"),
        (5, "rec_ho_answer", 0.25, "later"),
    ]
    assert [i.quick_win for i in plan.items] == [False, False, False, True, False]


def test_level_rule_and_largest_gap(bank: Bank) -> None:
    # help_orientation 0, 0, 0, 4, 4 with weights 2, 1, 1, .5, .5 scores 20.0 (level 2 < 3):
    # listen's gap is (100 − 20) / 100 = 0.8, priority 0.8 × 2 / 2 = 0.8; answer 1.0 × 1 / 1 = 1.0.
    plan = plan_for(bank, perfect_but(bank, ho_q1=0, ho_q2=0, ho_q3=0))
    assert table(plan) == [(1, "rec_ho_answer", 1.0, "now"), (2, "rec_ho_listen", 0.8, "now")]
    assert plan.items[0].triggered_by == ["ho_q1", "ho_q2"]
    assert plan.items[1].triggered_by == ["help_orientation"]
    assert plan.items[1].gap == 0.8
    # ho_q1 = 3 and ho_q2 = 1: gaps 0.25 and 0.75, the largest counts; the level (4) triggers nothing.
    plan = plan_for(bank, perfect_but(bank, ho_q1=3, ho_q2=1))
    assert table(plan) == [(1, "rec_ho_answer", 0.75, "now")]


def test_below_is_strict(bank: Bank) -> None:
    # goals uses the default `below: 3`; guide uses `below: 4`.
    assert [i.id for i in plan_for(bank, perfect_but(bank, sf_q1=3)).items] == []
    assert [i.id for i in plan_for(bank, perfect_but(bank, sf_q1=2)).items] == ["rec_sf_goals"]
    assert [i.id for i in plan_for(bank, perfect_but(bank, sf_q2=3)).items] == ["rec_sf_guide"]


def test_a_question_that_does_not_apply_triggers_nothing(bank: Bank) -> None:
    answers = perfect_but(bank, cs_q6=0)  # cs_q6 is for libraries only
    assert plan_for(bank, answers, "town_hall").items == []
    assert table(plan_for(bank, answers, "library")) == [(1, "rec_cs_welcome", 2.0, "now")]


def test_unassessed_dimensions_give_no_recommendations(bank: Bank) -> None:
    plan = plan_for(bank, steps("cr", [0] * 8))
    assert table(plan) == [(1, "rec_cr_audit", 3.0, "now"), (2, "rec_cr_drills", 1.5, "now")]
    assert plan.not_assessed == [
        "strategic_focus",
        "help_orientation",
        "community_stewardship",
        "platform_independence",
    ]
    assert plan.keep_doing == []
    assert not plan.perfect


def test_a_perfect_score_keeps_doing_everything(bank: Bank) -> None:
    plan = plan_for(bank, all_answers(bank, 4))
    assert plan.items == []
    assert plan.keep_doing == list(DIMENSION_IDS)
    assert plan.not_assessed == []
    assert plan.perfect


def test_perfect_answers_with_a_dimension_not_assessed_is_not_perfect(bank: Bank) -> None:
    plan = plan_for(bank, perfect_but(bank, **steps("pi", ["na"] * 5)))
    assert plan.items == []
    assert plan.not_assessed == ["platform_independence"]
    assert "platform_independence" not in plan.keep_doing
    assert not plan.perfect


def test_all_zeros_triggers_every_recommendation(bank: Bank) -> None:
    plan = plan_for(bank, all_answers(bank, 0))
    assert sorted(i.id for i in plan.items) == sorted(bank.recommendations)
    assert plan.keep_doing == []


def test_all_zeros_skips_only_the_dimension_not_assessed(bank: Bank) -> None:
    plan = plan_for(bank, {**all_answers(bank, 0), **steps("pi", ["na"] * 5)})
    assert sorted(i.id for i in plan.items) == sorted(set(bank.recommendations) - {"rec_pi_own"})
    assert plan.not_assessed == ["platform_independence"]


# ------------------------------------------------------------------------------------------- properties
def check_plan(bank: Bank, result: Result, plan: Plan) -> None:
    ranks = {item.id: item.rank for item in plan.items}
    phase = {item.id: PHASES.index(item.phase) for item in plan.items}
    assert [i.rank for i in plan.items] == list(range(1, len(plan.items) + 1))
    assert list(phase.values()) == sorted(phase.values()), (
        "the rank is the order to do things in: phase first"
    )
    assert len(ranks) == len(plan.items)
    for item in plan.items:
        rec = item.recommendation
        assert result.dimensions[rec.dimension].assessed
        assert 0 < item.gap <= 1
        assert item.quick_win == (rec.effort == "S" and rec.impact >= 2)
        assert sorted(item.waits_for) == sorted(d for d in rec.depends_on if d in ranks)
        for dep in item.waits_for:
            assert ranks[dep] < item.rank, f"{item.id} ranks before {dep}, which it depends on"
            assert phase[dep] <= phase[item.id], f"{item.id} is in an earlier phase than {dep}"
            assert plan.items[ranks[dep] - 1].priority >= item.priority
    with_items = {i.recommendation.dimension for i in plan.items}
    assessed = {d for d, r in result.dimensions.items() if r.assessed}
    assert set(plan.not_assessed) == set(bank.dimensions) - assessed
    assert set(plan.keep_doing) == assessed - with_items
    assert plan.perfect == (not plan.items and not plan.not_assessed)


# The synthetic bank's strategies, built when hypothesis first draws from them, not at import; the tests
# score with the `bank` fixture (the same synthetic bank).
SYNTHETIC_ANSWERS = st.deferred(lambda: answers_strategy(synthetic_bank()))
SYNTHETIC_ORG_TYPES = st.deferred(lambda: org_type_strategy(synthetic_bank()))


@PROPERTY
@given(answers=SYNTHETIC_ANSWERS, org_type=SYNTHETIC_ORG_TYPES)
def test_property_synthetic_plan_respects_dependencies(
    bank: Bank, answers: dict[str, Any], org_type: str | None
) -> None:
    result = score(bank, answers, org_type)
    check_plan(bank, result, recommend(bank, result))


@pytest.mark.real_bank
@PROPERTY
@given(data=st.data())
def test_property_real_bank_plan_respects_dependencies(real_bank: Bank, data: st.DataObject) -> None:
    result = score(real_bank, data.draw(answers_strategy(real_bank)), data.draw(org_type_strategy(real_bank)))
    check_plan(real_bank, result, recommend(real_bank, result))


@pytest.mark.real_bank
def test_real_bank_all_zeros_triggers_every_question_based_recommendation(real_bank: Bank) -> None:
    result = score(real_bank, all_answers(real_bank, 0))
    plan = recommend(real_bank, result)
    ids = {i.id for i in plan.items}
    question_based = {r.id for r in real_bank.recommendations.values() if r.when.questions}
    assert question_based <= ids
    assert plan.keep_doing == []
    check_plan(real_bank, result, plan)


@pytest.mark.real_bank
def test_real_bank_perfect_score(real_bank: Bank) -> None:
    plan = recommend(real_bank, score(real_bank, all_answers(real_bank, 4)))
    assert plan.items == []
    assert plan.keep_doing == list(DIMENSION_IDS)
    assert plan.perfect


@pytest.mark.real_bank
def test_now_holds_what_a_team_can_take_on(real_bank: Bank) -> None:
    # Everything at step 0: every question-based recommendation applies. By the budget, `now` holds at most
    # 6 effort points and `next` at most 10 (S = 1, M = 2, L = 3), and nothing is earlier than its dependency.
    plan = recommend(real_bank, score(real_bank, dict.fromkeys(real_bank.questions, 0)))
    cost = {"S": 1, "M": 2, "L": 3}
    spent = {p: sum(cost[i.recommendation.effort] for i in plan.items if i.phase == p) for p in PHASES}
    assert 0 < spent["now"] <= 6
    assert 0 < spent["next"] <= 10
    assert spent["later"] > 0
    rank = {i.id: PHASES.index(i.phase) for i in plan.items}
    assert all(rank[w] <= rank[i.id] for i in plan.items for w in i.waits_for)
