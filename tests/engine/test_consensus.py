"""The consensus rules (assessment/engine/consensus.py) on the synthetic bank; every expected number is worked
out by hand in the comments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assessment.bank import Bank
from assessment.engine import snapshot
from assessment.engine.consensus import (
    candidates,
    choices,
    consensus_entry,
    missing,
    official,
    problem,
    reason_needed,
    snapshot_json,
    spread_of,
    spreads,
    unanimous_open,
)
from assessment.engine.portfolio import IN_PROGRESS, NOT_STARTED, SUBMITTED, Entry
from tests.helpers import Answers

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("values", "rng", "std", "dk", "na", "blank", "mixed", "unanimous"),
    [
        ([4, 0], 4, 2.0, 0, 0, 0, False, None),  # mean 2, deviations ±2
        ([3, "dk"], 0, 0.0, 1, 0, 0, True, None),  # one step only: no range, but a step against dk
        ([4, "dk", 3], 1, 0.5, 1, 0, 0, True, None),  # dk is not step 0: the range is 4 − 3, not 4 − 0
        ([2, 2, 2], 0, 0.0, 0, 0, 0, False, 2),
        ([0, 2, 4], 4, 1.63, 0, 0, 0, False, None),  # √((4 + 0 + 4) / 3) = √2.667 = 1.633
        (
            [0, 4, 4],
            4,
            1.89,
            0,
            0,
            0,
            False,
            None,
        ),  # mean 8/3: (7.111 + 1.778 + 1.778) / 3, √ 1.886
        ([1, None, 1], 0, 0.0, 0, 0, 1, False, None),  # a blank is no answer, and no agreement either
        (["na", "na"], 0, 0.0, 0, 2, 0, False, "na"),
        (["na", 3], 0, 0.0, 0, 1, 0, True, None),
        ([None, None], 0, 0.0, 0, 0, 2, False, None),
    ],
)
def test_spread_of_one_question(values, rng, std, dk, na, blank, mixed, unanimous) -> None:
    s = spread_of("q", values)
    assert (s.range, s.std, s.dk, s.na, s.blank, s.mixed) == (rng, std, dk, na, blank, mixed)
    assert s.unanimous == unanimous
    assert s.disagree is (rng > 0 or mixed)


def test_spreads_put_the_largest_disagreements_first(bank: Bank) -> None:
    chief: Answers = {"sf_q1": 4, "sf_q2": 3, "sf_q3": "dk", "ho_q1": 2, "cs_q1": 1, "pi_q1": 0, "pi_q2": 0}
    intern: Answers = {"sf_q1": 0, "sf_q2": 2, "sf_q3": 3, "ho_q1": 2, "cs_q1": 3, "pi_q1": 2, "pi_q2": 4}
    third: Answers = {"pi_q1": 4, "pi_q2": 4}
    out = spreads(bank, [chief, intern, third], "ngo")
    # Ranges: sf_q1 4 − 0 = 4; pi_q1 [0, 2, 4] = 4 with std 1.63; pi_q2 [0, 4, 4] = 4 with std 1.89, so
    # pi_q2 comes before pi_q1 and sf_q1 (std 2.0 of [4, 0]) before both; cs_q1 3 − 1 = 2; sf_q2 3 − 2 = 1;
    # sf_q3 has one step against a dk (range 0, mixed); then the rest, agreed or blank, in the bank's order.
    assert [s.question_id for s in out[:6]] == ["sf_q1", "pi_q2", "pi_q1", "cs_q1", "sf_q2", "sf_q3"]
    assert [s.question_id for s in out[6:9]] == ["sf_q4", "sf_q5", "ho_q1"]
    # ngo: 5 + 5 + 5 (cs_q6 is for libraries only) + 5 + 8 = 28 questions.
    assert len(out) == 28 and "cs_q6" not in {s.question_id for s in out}
    assert len(spreads(bank, [chief, intern], "library")) == 29
    assert out[0].values == (4, 0, None)


def test_choices_follow_the_question(bank: Bank) -> None:
    assert choices(bank.questions["sf_q1"]) == [0, 1, 2, 3, 4, "dk"]
    assert choices(bank.questions["pi_q1"]) == [0, 1, 2, 3, 4, "dk", "na"]  # pi_* allow "not applicable"


def test_what_may_be_agreed_and_when_a_reason_is_needed(bank: Bank) -> None:
    alike = spread_of("sf_q1", [3, 3])
    split = spread_of("sf_q1", [4, 0])
    assert problem(bank, "ngo", "nope", 3, "x") == "question"
    assert problem(bank, "ngo", "cs_q6", 3, "x") == "question", "cs_q6 applies to libraries only"
    assert problem(bank, "library", "cs_q6", 3, "x") is None
    for bad in ("na", 5, -1, None, True, "3"):
        assert problem(bank, "ngo", "sf_q1", bad, "because") == "value", bad  # type: ignore[arg-type]  # wrong on purpose: refused at run time
    assert problem(bank, "ngo", "pi_q1", "na", "no forum of our own") is None
    # What everyone said, agreed the first time: no reason needed. Anything else needs one.
    assert problem(bank, "ngo", "sf_q1", 3, None, spread=alike) is None
    assert problem(bank, "ngo", "sf_q1", 2, None, spread=alike) == "reason"
    assert problem(bank, "ngo", "sf_q1", 2, "   ", spread=split) == "reason"
    assert problem(bank, "ngo", "sf_q1", 2, "We checked the guide together", spread=split) is None
    # A change always says why, even back to what everyone said.
    assert problem(bank, "ngo", "sf_q1", 3, None, before=2, spread=alike) == "reason"
    assert problem(bank, "ngo", "sf_q1", 3, "x" * 2001, spread=split) == "reason_long"
    assert reason_needed(3, None, None) is True, "no respondents' answers to lean on"


def test_unanimous_open_and_missing(bank: Bank) -> None:
    sets: list[Answers] = [{"sf_q1": 3, "sf_q2": "dk", "sf_q3": 1}, {"sf_q1": 3, "sf_q2": "dk", "sf_q3": 2}]
    out = spreads(bank, sets, "ngo")
    assert unanimous_open(out, {}) == {"sf_q1": 3, "sf_q2": "dk"}
    assert unanimous_open(out, {"sf_q1": "4"}) == {"sf_q2": "dk"}, "an agreed answer is never overwritten"
    agreed = {q: "3" for q in bank.questions if q != "ho_q2"}
    assert missing(bank, "ngo", agreed) == ["ho_q2"]
    assert missing(bank, "library", agreed) == ["ho_q2"], "cs_q6 is in `agreed` already"
    del agreed["cs_q6"]
    assert missing(bank, "library", agreed) == ["ho_q2", "cs_q6"]
    assert missing(bank, "ngo", agreed) == ["ho_q2"]


def test_snapshot_json_scores_the_agreed_answers(bank: Bank) -> None:
    agreed = dict.fromkeys(bank.questions, "3")
    agreed["sf_q1"] = "dk"
    shown = snapshot.load(bank, snapshot_json(bank, agreed, "ngo"))
    # strategic_focus: 4 × 3 + 0 (dk counts as step 0) = 12 of 5 × 4 = 20 → 60.0; the others 3 of 4 → 75.0.
    assert shown.result.dimensions["strategic_focus"].score == 60.0
    assert shown.result.dimensions["strategic_focus"].unknowns == ["sf_q1"]
    assert {d: r.score for d, r in shown.result.dimensions.items() if d != "strategic_focus"} == {
        "help_orientation": 75.0,
        "community_stewardship": 75.0,
        "platform_independence": 75.0,
        "crisis_readiness": 75.0,
    }
    assert shown.result.overall_score == 72.0  # (60 + 4 × 75) / 5
    assert "rec_sf_goals" in {i.id for i in shown.plan.items}, "sf_q1 below 3 triggers it"


def entry(aid: int, unit: int | None, respondent: str = "", status: str = SUBMITTED, consensus: bool = False,
          client: int = 1, day: int = 0) -> Entry:  # fmt: skip
    return Entry(
        assessment_id=aid,
        client_id=client,
        client=f"Client {client}",
        unit_id=unit,
        unit="" if unit is None else f"Unit {unit}",
        respondent=respondent,
        org_type="ngo",
        status=status,
        percent=100.0 if status == SUBMITTED else 50.0,
        date=T0 + timedelta(days=day),
        result=None,
        plan=None,
        consensus=consensus,
    )


def test_an_official_consensus_stands_alone_for_its_unit() -> None:
    chief = entry(1, 10, "Chief")
    intern = entry(2, 10, "Intern", IN_PROGRESS)
    agreed = entry(3, 10, consensus=True, day=1)
    plain = entry(4, 11)
    draft = entry(5, 11, consensus=True, status=IN_PROGRESS, day=2)  # not official yet: changes nothing
    other = entry(6, 12, "Chief", client=2)
    older = entry(7, 10, consensus=True, day=-5)  # an older official consensus of unit 10 gives way
    got = official([chief, intern, agreed, plain, draft, other, older])
    assert [e.assessment_id for e in got] == [3, 4, 6]
    assert official([chief, intern]) == [chief, intern], "without a consensus every respondent stands"


def test_candidates_are_units_with_two_respondents_or_a_consensus() -> None:
    entries = [
        entry(1, 10, "Chief"),
        entry(2, 10, "Intern", IN_PROGRESS),
        entry(3, 11, "Chief"),
        entry(4, 11, "Intern", NOT_STARTED),  # has not answered: one respondent only
        entry(5, 12, "Chief"),
        entry(6, 12, consensus=True),  # begun: stays a candidate
        entry(7, 10, "Chief", day=-3),  # Chief's older assessment of unit 10: the newer one stands
    ]
    found = candidates(entries)
    assert set(found) == {(1, 10), (1, 12)}
    assert [e.assessment_id for e in found[(1, 10)]] == [1, 2]
    assert [e.assessment_id for e in found[(1, 12)]] == [5], "the consensus is not a respondent"
    assert consensus_entry(entries, (1, 12)) == entries[5]
    assert consensus_entry(entries, (1, 10)) is None
