"""Targets and projection, on the synthetic bank of helpers.py (its `moves` are listed there). Expected
numbers worked out by hand; the properties (never lower, a done item never lowers the level) by hypothesis."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.bank import Bank
from assessment.bank.model import Recommendation
from assessment.engine.projection import apply_moves, check_targets, default_targets, project
from assessment.engine.recommend import recommend
from assessment.engine.scoring import AnswerValue, score
from assessment.records import PlanStatus, ids_with_status
from tests.helpers import all_answers, answers_strategy, cap_case, org_type_strategy

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_cap_lifts_only_after_next(bank: Bank) -> None:
    result, plan = cap_case(bank)
    p = project(bank, result, plan)
    cr = [s.score("crisis_readiness") for s in p.stages]
    # now: cr_q1 → 3: 3 / 32 = 9.4 (level 1); next: cr_q2, cr_q3 → 3: 9 / 32 = 28.1 (level 2).
    assert cr == [0.0, 9.4, 28.1, 28.1]
    assert [s.level("crisis_readiness") for s in p.stages] == [1, 1, 2, 2]
    # later: pi_q1 → 4, pi_q2 → 3: (4 + 3 + 2 + 2 + 2) / 20 = 65.0 (level 4).
    assert [s.score("platform_independence") for s in p.stages] == [50.0, 50.0, 50.0, 65.0]
    # Overall: 40.0, (200 + 9.4) / 5 = 41.9, (200 + 28.1) / 5 = 45.6, (150 + 65 + 28.1) / 5 = 48.6 — all
    # level 3 by the mean; the cap (weakest + 1) is 2, 2, 3, 3.
    assert [s.result.overall_score for s in p.stages] == [40.0, 41.9, 45.6, 48.6]
    assert [s.result.uncapped_level for s in p.stages] == [3, 3, 3, 3]
    assert p.overall_levels() == [2, 2, 3, 3]
    assert [s.result.capped for s in p.stages] == [True, True, False, False]
    assert [s.applied for s in p.stages] == [
        (),
        ("rec_cr_audit",),
        ("rec_cr_audit", "rec_cr_drills"),
        ("rec_cr_audit", "rec_cr_drills", "rec_pi_own"),
    ]


def test_which_items_reach_each_target(bank: Bank) -> None:
    result, plan = cap_case(bank)
    p = project(bank, result, plan)
    # Default: one level above today's.
    assert p.targets == {
        "strategic_focus": 4,
        "help_orientation": 4,
        "community_stewardship": 4,
        "platform_independence": 4,
        "crisis_readiness": 2,
    }
    cr = p.reach["crisis_readiness"]
    # The drills alone (6 / 32 = 18.8) would not reach level 2: both items are needed.
    assert (cr.reached_at, cr.needed, cr.points_short) == ("next", ("rec_cr_audit", "rec_cr_drills"), None)
    pi = p.reach["platform_independence"]
    assert (pi.reached_at, pi.needed) == ("later", ("rec_pi_own",))
    sf = p.reach["strategic_focus"]
    # Nothing in the plan moves strategic focus: 60 − 50 = 10 points short after "later".
    assert (sf.reached_at, sf.needed, sf.points_short, sf.reached) == (None, (), 10.0, False)


def test_targets_set_by_hand(bank: Bank) -> None:
    result, plan = cap_case(bank)
    p = project(bank, result, plan, targets={"crisis_readiness": 1, "platform_independence": 5})
    assert p.reach["crisis_readiness"].reached_at == "today"
    assert p.reach["crisis_readiness"].needed == ()
    pi = p.reach["platform_independence"]
    assert (pi.reached_at, pi.needed, pi.points_short) == (None, ("rec_pi_own",), 15.0)  # 80 − 65
    assert p.targets["strategic_focus"] == 4  # the others keep their default


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ({"crisis_readiness": 6}, "target for crisis_readiness must be a level from 1 to 5, got 6"),
        ({"crisis_readiness": 0}, "target for crisis_readiness must be a level from 1 to 5, got 0"),
        ({"crisis_readiness": "3"}, "target for crisis_readiness must be a level from 1 to 5, got '3'"),
        ({"nope": 3}, "target for unknown dimension 'nope'"),
    ],
)
def test_wrong_targets_are_refused_by_name(bank: Bank, targets: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as err:
        check_targets(bank, targets)
    assert str(err.value) == message


def test_default_targets_stop_at_the_top_and_skip_what_is_not_assessed(bank: Bank) -> None:
    answers = all_answers(bank, 4)
    for n in range(1, 6):
        del answers[f"cr_q{n}"]
    assert default_targets(bank, score(bank, answers)) == {
        "strategic_focus": 5,
        "help_orientation": 5,
        "community_stewardship": 5,
        "platform_independence": 5,
        "crisis_readiness": None,
    }


def test_a_done_item_counts_first_and_moves_the_lift_earlier(bank: Bank) -> None:
    result, plan = cap_case(bank)
    statuses = {"rec_cr_drills": PlanStatus(status="done"), "rec_pi_own": PlanStatus(status="doing")}
    p = project(bank, result, plan, done=ids_with_status(statuses, "done"))
    # now = today + drills (done) + audit: 28.1, level 2, and the overall level 3 already.
    assert [s.score("crisis_readiness") for s in p.stages] == [0.0, 28.1, 28.1, 28.1]
    assert p.overall_levels() == [2, 3, 3, 3]
    assert p.stage("now").applied == ("rec_cr_drills", "rec_cr_audit")
    assert p.done == ("rec_cr_drills",)
    # The done item is no longer "needed": only the audit is left to do.
    assert p.reach["crisis_readiness"].reached_at == "now"
    assert p.reach["crisis_readiness"].needed == ("rec_cr_audit",)


def test_a_done_item_outside_the_plan_still_counts_and_an_unknown_one_is_ignored(bank: Bank) -> None:
    result, plan = cap_case(bank)
    p = project(bank, result, plan, done=["rec_ho_answer", "rec_gone"])
    # ho_q1 (weight 2) and ho_q2 → 4, the rest at 2: (2×4 + 4 + 2 + 0.5×2 + 0.5×2) / 20 = 80.0
    assert [s.score("help_orientation") for s in p.stages] == [50.0, 80.0, 80.0, 80.0]
    assert p.done == ("rec_ho_answer",)


def test_a_dropped_item_is_left_out(bank: Bank) -> None:
    result, plan = cap_case(bank)
    p = project(bank, result, plan, dropped={"rec_cr_drills"})
    assert [s.score("crisis_readiness") for s in p.stages] == [0.0, 9.4, 9.4, 9.4]
    assert p.overall_levels() == [2, 2, 2, 2]
    cr = p.reach["crisis_readiness"]
    assert (cr.reached_at, cr.needed, cr.points_short) == (None, ("rec_cr_audit",), 10.6)  # 20 − 9.4


def test_a_move_never_lowers_and_leaves_na_and_unanswered_alone(bank: Bank) -> None:
    answers: dict[str, AnswerValue] = {"cr_q1": 4, "cr_q2": "dk", "cr_q6": "na", "cr_q3": 1}
    moved, raised = apply_moves(answers, {"cr_q1": 3, "cr_q2": 3, "cr_q6": 4, "cr_q3": 1, "cr_q4": 4})
    # cr_q1 stays 4 (max), dk → 3, N/A stays N/A, cr_q3 is already at 1, cr_q4 is unanswered and stays so.
    assert moved == {"cr_q1": 4, "cr_q2": 3, "cr_q6": "na", "cr_q3": 1}
    assert raised == ["cr_q2"]


def test_the_projection_of_the_recommended_plan(bank: Bank) -> None:
    # The docs' plan example: cr_q1 at 1 and cr_q2 "don't know"; the rest at the top step.
    answers = {**all_answers(bank, 4), "cr_q1": 1, "cr_q2": "dk"}
    del answers["cs_q6"]
    result = score(bank, answers)
    plan = recommend(bank, result)
    assert [(i.id, i.phase) for i in plan.items] == [("rec_cr_audit", "now"), ("rec_cr_drills", "now")]
    p = project(bank, result, plan)
    # Today (1 + 0 + 6 × 4) / 32 = 78.1 (level 4); after "now": cr_q1 → 3, cr_q2 → 3, cr_q3 stays 4:
    # (3 + 3 + 24) / 32 = 93.8 (level 5).
    assert [s.score("crisis_readiness") for s in p.stages] == [78.1, 93.8, 93.8, 93.8]
    assert p.reach["crisis_readiness"].reached_at == "now"
    assert p.stage("now").result.dimensions["crisis_readiness"].unknowns == []


# ----------------------------------------------------------------------------------------------- properties
def _with_moves(bank: Bank, moves: dict[str, dict[str, int]]) -> Bank:
    recs: dict[str, Recommendation] = {
        rid: rec.model_copy(update={"moves": moves.get(rid, rec.moves)})
        for rid, rec in bank.recommendations.items()
    }
    return dataclasses.replace(bank, recommendations=recs)


def moves_strategy(bank: Bank) -> st.SearchStrategy[dict[str, dict[str, int]]]:
    qids = sorted(bank.questions)
    one = st.dictionaries(st.sampled_from(qids), st.integers(0, 4), max_size=4)
    return st.fixed_dictionaries(dict.fromkeys(bank.recommendations, one))


def _never_below(before: Any, after: Any) -> None:
    for d, r in before.dimensions.items():
        a = after.dimensions[d]
        if r.score is None:
            continue
        assert a.score is not None and a.score >= r.score, d
        assert a.level is not None and r.level is not None and a.level >= r.level, d
    if before.overall_level is not None:
        assert after.overall_level is not None and after.overall_level >= before.overall_level
        assert after.overall_score is not None and before.overall_score is not None
        assert after.overall_score >= before.overall_score


@PROPERTY
@given(data=st.data())
def test_the_projection_never_lowers_any_score(bank: Bank, data: st.DataObject) -> None:
    moved = _with_moves(bank, data.draw(moves_strategy(bank)))
    answers = data.draw(answers_strategy(moved))
    result = score(moved, answers, data.draw(org_type_strategy(moved)))
    p = project(moved, result, recommend(moved, result))
    for before, after in zip(p.stages, p.stages[1:], strict=False):
        _never_below(before.result, after.result)


@PROPERTY
@given(data=st.data())
def test_marking_an_item_done_never_lowers_the_projected_level(bank: Bank, data: st.DataObject) -> None:
    moved = _with_moves(bank, data.draw(moves_strategy(bank)))
    answers = data.draw(answers_strategy(moved))
    result = score(moved, answers, data.draw(org_type_strategy(moved)))
    plan = recommend(moved, result)
    done = data.draw(st.sets(st.sampled_from(sorted(moved.recommendations))))
    extra = data.draw(st.sampled_from(sorted(moved.recommendations)))
    without = project(moved, result, plan, done=done)
    with_one = project(moved, result, plan, done=done | {extra})
    for a, b in zip(without.stages, with_one.stages, strict=True):
        _never_below(a.result, b.result)
