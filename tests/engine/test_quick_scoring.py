"""The quick check in the core: its thresholds, provisional marking, the deep dive turning a dimension final,
the deep-dive suggestion and the short plan. Expected numbers worked out by hand on the synthetic bank of
helpers.py, given this quick check (min_answered 1.0: both quick questions of a dimension answered):

    strategic_focus  sf_q1, sf_q2        help_orientation  ho_q1 (weight 2), ho_q4 (weight 0.5)
    community_stew.  cs_q1, cs_q2        platform_indep.   pi_q1, pi_q2 (both allow N/A)
    crisis_readiness cr_q1, cr_q2
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.engine import snapshot
from assessment.engine.forms import asked, deep_dimensions, deep_dive_order, form_of, progress
from assessment.engine.recommend import SHORT_PLAN, plan_from_dict, plan_to_dict, recommend
from assessment.engine.scoring import Result, score
from tests.helpers import (
    QB,
    QUICK,
    QUICK_ANSWERS,
    answers_strategy,
    org_type_strategy,
    quick_bank,
    steps,
    synthetic_bank,
)


def test_the_quick_check_places_every_dimension_provisionally() -> None:
    r = score(QB, QUICK_ANSWERS, None, "quick")
    d = r.dimensions
    # sf: (3 + 2) / 8 = 62.5 → level 4; 2 of 5 answered (40 %) is short of its own 50 %: provisional.
    assert (d["strategic_focus"].score, d["strategic_focus"].level) == (62.5, 4)
    # ho: (2 × 4 + 0.5 × 0) / (4 × 2.5) = 8 / 10 = 80.0 → level 5.
    assert (d["help_orientation"].score, d["help_orientation"].level) == (80.0, 5)
    # cs: "don't know" counts as 0: (0 + 1) / 8 = 12.5 → level 1, one unknown.
    assert (d["community_stewardship"].score, d["community_stewardship"].level) == (12.5, 1)
    assert d["community_stewardship"].unknowns == ["cs_q1"]
    # pi: N/A leaves the quick check's denominator too: 1 of 1 answered, 4 / 4 = 100.0.
    assert (d["platform_independence"].score, d["platform_independence"].applicable) == (100.0, 4)
    assert (d["crisis_readiness"].score, d["crisis_readiness"].level) == (50.0, 3)
    assert all(x.provisional for x in d.values())
    # Overall (62.5 + 80 + 12.5 + 100 + 50) / 5 = 61.0 → level 4, capped at the weakest (1) + 1 = 2.
    assert (r.overall_score, r.uncapped_level, r.overall_level) == (61.0, 4, 2)
    assert r.provisional and r.form == "quick"


def test_the_same_answers_in_the_full_survey_place_nothing() -> None:
    r = score(QB, QUICK_ANSWERS, None, "full")
    assert all(not x.assessed and not x.provisional for x in r.dimensions.values())
    assert r.overall_level is None and not r.provisional and r.form == "full"
    assert score(QB, QUICK_ANSWERS) == r, "the full survey is the default"


def test_one_quick_question_short_leaves_the_dimension_unplaced() -> None:
    answers = {k: v for k, v in QUICK_ANSWERS.items() if k != "sf_q2"}
    r = score(QB, answers, None, "quick")
    sf = r.dimensions["strategic_focus"]
    assert (sf.score, sf.level, sf.provisional) == (None, None, False)
    assert r.overall_level is None


def test_the_quick_threshold_is_a_share_of_the_dimensions_quick_questions() -> None:
    answers = {k: v for k, v in QUICK_ANSWERS.items() if k != "sf_q2"}
    # At 0.5, one of the two quick questions places the dimension: 3 / 4 = 75.0.
    sf = score(quick_bank(0.5), answers, None, "quick").dimensions["strategic_focus"]
    assert (sf.score, sf.level, sf.provisional) == (75.0, 4, True)
    # Both quick questions of platform independence N/A: nothing applicable, nothing placed.
    both_na = {**QUICK_ANSWERS, "pi_q2": "na"}
    pi = score(QB, both_na, None, "quick").dimensions["platform_independence"]
    assert (pi.score, pi.provisional, pi.applicable) == (None, False, 3)


def test_the_deep_dive_turns_a_dimension_final() -> None:
    # sf_q3 answered too: 3 of 5 (60 %) meets strategic focus's own 50 %; (3 + 2 + 4) / 12 = 75.0.
    r = score(QB, {**QUICK_ANSWERS, "sf_q3": 4}, None, "quick")
    sf = r.dimensions["strategic_focus"]
    assert (sf.score, sf.level, sf.provisional) == (75.0, 4, False)
    assert r.dimensions["crisis_readiness"].provisional, "the others stay provisional"
    assert r.provisional
    # Every dimension past its own threshold: the result is final, though it began as a quick check.
    full = {
        **QUICK_ANSWERS,
        **steps("sf", [3, 2, 4]),
        **steps("ho", [4, 1, 1, 0]),
        **steps("cs", ["dk", 1, 1]),
        **steps("pi", ["na", 4, 2, 2]),
        **steps("cr", [2, 2, 2, 2]),
    }
    r = score(QB, full, None, "quick")
    assert not r.provisional and r.form == "quick"
    assert r == dataclasses.replace(score(QB, full, None, "full"), form="quick")


def test_deep_dimensions_are_chosen_or_derived_from_the_answers() -> None:
    assert deep_dimensions(QB, QUICK_ANSWERS) == set()
    assert deep_dimensions(QB, {**QUICK_ANSWERS, "cr_q5": "na"}) == {"crisis_readiness"}
    assert deep_dimensions(QB, QUICK_ANSWERS, ["help_orientation", "no_such"]) == {"help_orientation"}
    assert deep_dimensions(QB, {}, form="full") == set(QB.dimensions)


def test_the_survey_asks_the_quick_questions_and_every_question_of_a_deep_dimension() -> None:
    quick = asked(QB, "town_hall", "quick")
    assert [q.id for q in quick["help_orientation"]] == ["ho_q1", "ho_q4"]
    assert sum(len(qs) for qs in quick.values()) == 10
    deep = asked(QB, "library", "quick", {"community_stewardship"})
    assert [q.id for q in deep["community_stewardship"]] == [f"cs_q{n}" for n in range(1, 7)]
    # cs_q6 applies to libraries only: a town hall's deep dive has five questions there.
    assert len(asked(QB, "town_hall", "quick", {"community_stewardship"})["community_stewardship"]) == 5
    assert sum(len(qs) for qs in asked(QB, "town_hall", "full").values()) == 28
    assert progress(QB, QUICK_ANSWERS, quick) == (10, 10)
    assert progress(QB, QUICK_ANSWERS, deep) == (10, 14)


def test_the_weakest_link_is_suggested_first_then_the_least_certain() -> None:
    r = score(QB, QUICK_ANSWERS, None, "quick")
    order = deep_dive_order(QB, r)
    # cs (level 1) caps the overall level: first. Then by spread of the answers: ho 4 − 0 = 4, sf 3 − 2 = 1;
    # cr (2, 2) and pi (4; N/A has no step) spread 0: cr's 50.0 lies 10 points from a boundary, pi's 100.0 20.
    # (ho's 80.0 sits on a boundary: margin 0.)
    assert [x.dimension for x in order] == [
        "community_stewardship",
        "help_orientation",
        "strategic_focus",
        "crisis_readiness",
        "platform_independence",
    ]
    assert [x.reason for x in order] == ["weakest", "uncertain", "uncertain", "uncertain", "uncertain"]
    assert [(x.spread, x.margin) for x in order] == [(1, 7.5), (4, 0.0), (1, 2.5), (0, 10.0), (0, 20.0)]


def test_without_a_cap_the_least_certain_comes_first_and_final_dimensions_are_not_suggested() -> None:
    # Every dimension at level 3 or above: nothing caps the overall level. sf is final after its deep dive.
    answers = {**QUICK_ANSWERS, "cs_q1": 3, "cs_q2": 2, **steps("sf", [3, 2, 4])}
    r = score(QB, answers, None, "quick")
    assert not r.capped
    order = [x.dimension for x in deep_dive_order(QB, r)]
    assert "strategic_focus" not in order
    assert order[0] == "help_orientation", "its answers 4 and 0 say least"
    assert all(x.reason == "uncertain" for x in deep_dive_order(QB, r))


def test_a_provisional_result_gets_a_short_plan() -> None:
    zeros = dict.fromkeys(QUICK, 0)
    r = score(QB, zeros, "town_hall", "quick")
    plan = recommend(QB, r)
    # Eight recommendations apply (every rule on a quick question, and help orientation's level 1 < 3).
    # In rank order (docs/scoring.md): now: cr_audit 3.0, cs_welcome 2.0, sf_goals (raised to 2.0),
    # sf_guide 2.0; next: cr_drills 1.5, pi_own, ho_listen, ho_answer (1.0 each). The first five stay.
    assert [i.id for i in plan.items] == [
        "rec_cr_audit",
        "rec_cs_welcome",
        "rec_sf_goals",
        "rec_sf_guide",
        "rec_cr_drills",
    ]
    assert len(plan.items) == SHORT_PLAN
    assert plan.provisional and plan.left_out == 3
    assert plan.keep_doing == [], "nothing placed from two questions earns a keep-doing yet"
    # A final dimension with nothing to do keeps its keep-doing beside provisional ones.
    deeper = score(
        QB, {**dict.fromkeys(QUICK, 0), **dict.fromkeys(["sf_q1", "sf_q2", "sf_q3"], 4)}, None, "quick"
    )
    assert not deeper.dimensions["strategic_focus"].provisional
    assert recommend(QB, deeper).keep_doing == ["strategic_focus"]
    # A final result with the same answers gets all eight.
    final = dataclasses.replace(
        r,
        dimensions={d: dataclasses.replace(x, provisional=False) for d, x in r.dimensions.items()},
    )
    full_plan = recommend(QB, final)
    assert len(full_plan.items) == 8 and not full_plan.provisional and full_plan.left_out == 0
    assert full_plan.items[:SHORT_PLAN] == plan.items


def test_provisional_marks_survive_the_stored_snapshot() -> None:
    r = score(QB, dict.fromkeys(QUICK, 0), None, "quick")
    shown = snapshot.load(QB, snapshot.dumps(r, recommend(QB, r)))
    assert shown.result == r and shown.result.provisional
    assert shown.plan.provisional and shown.plan.left_out == 3


def test_a_snapshot_stored_before_forms_reads_as_final_and_full() -> None:
    r = score(QB, {**QUICK_ANSWERS, **steps("sf", [3, 2, 4])}, None, "full")
    old = r.to_dict()
    old.pop("form")
    for dim in old["dimensions"].values():
        dim.pop("provisional")
    again = Result.from_dict(json.loads(json.dumps(old)))
    assert again == r and again.form == "full" and not again.provisional
    plan = plan_to_dict(recommend(QB, r))
    plan.pop("provisional")
    plan.pop("left_out")
    restored, gone = plan_from_dict(QB, plan)
    assert gone == [] and not restored.provisional and restored.left_out == 0


def test_an_unknown_form_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown form 'short'"):
        score(QB, {}, None, "short")


def test_a_bank_without_a_quick_check_scores_a_quick_form_as_full() -> None:
    plain = synthetic_bank()
    r = score(plain, QUICK_ANSWERS, None, "quick")
    assert not r.provisional and r.overall_level is None
    assert sum(len(qs) for qs in asked(plain, None, "quick").values()) == len(plain.questions)


def test_the_form_of_a_set_of_columns() -> None:
    assert form_of(QB, QUICK) == "quick"
    assert form_of(QB, QUICK[:3]) == "quick", "a subset of the quick check's columns"
    assert form_of(QB, [*QUICK, "sf_q3"]) == "full"
    assert form_of(QB, []) == "full", "no question column at all: nothing to call quick"
    assert form_of(synthetic_bank(), QUICK) == "full"


def raise_one(data: st.DataObject, answers: dict[str, Any]) -> dict[str, Any] | None:
    raisable = sorted(q for q, v in answers.items() if v == "dk" or (isinstance(v, int) and v < 4))
    if not raisable:
        return None
    qid = data.draw(st.sampled_from(raisable))
    low = 0 if answers[qid] == "dk" else answers[qid]
    return {**answers, qid: data.draw(st.integers(low if answers[qid] == "dk" else low + 1, 4))}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answers_strategy(QB), org_type=org_type_strategy(QB), data=st.data())
def test_property_quick_scores_are_monotone_and_provisional_only_below_the_full_threshold(
    answers: dict[str, Any], org_type: str | None, data: st.DataObject
) -> None:
    quick, full = score(QB, answers, org_type, "quick"), score(QB, answers, org_type, "full")
    for d, r in quick.dimensions.items():
        if full.dimensions[d].assessed:
            # What the full survey places, the quick check places the same way, and finally.
            assert r == full.dimensions[d]
        else:
            assert r.provisional == r.assessed
    raised = raise_one(data, answers)
    if raised is None:
        return
    after = score(QB, raised, org_type, "quick")
    for d in QB.dimensions:
        b, a = quick.dimensions[d], after.dimensions[d]
        assert b.assessed == a.assessed and b.provisional == a.provisional
        assert b.score is None or a.score is not None and a.score >= b.score


def test_a_quick_checks_projection_is_scored_as_a_quick_check() -> None:
    from assessment.engine.projection import project
    from assessment.engine.recommend import Plan, PlanItem

    result = score(QB, QUICK_ANSWERS, None, "quick")
    plan = Plan(
        items=[PlanItem(1, QB.recommendations["rec_cr_audit"], 1.0, 1.0, "now")],
        keep_doing=[],
        not_assessed=[],
    )
    today, now = project(QB, result, plan).stages[:2]
    # Today is the result itself: every dimension placed, provisionally (as a full survey, 2 of 8 crisis
    # questions answered would place nothing).
    assert today.result.dimensions == result.dimensions
    assert (today.score("crisis_readiness"), today.level("crisis_readiness")) == (50.0, 3)
    # The audit moves cr_q1 from 2 to 3: (3 + 2) / 8 = 62.5, level 4, still provisional (2 of 8 answered).
    assert (now.score("crisis_readiness"), now.level("crisis_readiness")) == (62.5, 4)
    assert now.result.dimensions["crisis_readiness"].provisional and now.result.form == "quick"
