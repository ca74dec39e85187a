"""quick-fit in the core: the agreement figure on a tiny hand-made case, the choice of the best pair, the
model's reproducibility, and its array arithmetic held to engine.scoring on the very profiles it generates.

The hand-made case uses the quick bank of test_quick_scoring.py (strategic focus: sf_q1..sf_q5, weight 1, its
own threshold 50 %; the quick check sf_q1 + sf_q2, both to be answered)."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from assessment.bank import Bank
from assessment.engine import quickfit
from assessment.engine.scoring import score
from tests.helpers import QB, steps, synthetic_bank

# Strategic focus of four respondents (other dimensions left empty: their full level is not placed).
#   R1 4 4 0 0 0 → full 8/20 = 40.0, level 3     R2 2 2 2 2 2 → 50.0, level 3
#   R3 3 dk 3 3 3 → 12/20 = 60.0, level 4        R4 1 1 – – – → 2 of 5 answered (< 50 %): not placed, left out
HAND: list[tuple[str, dict[str, Any]]] = [
    ("ngo", steps("sf", [4, 4, 0, 0, 0])),
    ("ngo", steps("sf", [2, 2, 2, 2, 2])),
    ("library", steps("sf", [3, "dk", 3, 3, 3])),
    ("ngo", steps("sf", [1, 1])),
]


def test_the_agreement_figure_on_a_hand_made_case() -> None:
    fit = quickfit.fit(QB, quickfit.from_records(QB, HAND))
    sf = fit.dimensions["strategic_focus"]
    assert sf.compared == 3, "R4's full dimension is not placed"
    # The quick check sf_q1 + sf_q2: R1 (4 + 4) / 8 = 100.0 → level 5 against 3; R2 50.0 → 3 = 3;
    # R3 (3 + 0) / 8 = 37.5 → 2 against 4. One of three equal, none of the other two within one level.
    assert sf.chosen is not None and sf.chosen.questions == ("sf_q1", "sf_q2")
    assert sf.chosen.agree == pytest.approx(1 / 3)
    assert sf.chosen.within_one == pytest.approx(1 / 3)
    pairs = {p.questions: p for p in sf.pairs}
    assert len(pairs) == 10, "5 eligible questions, 10 pairs"
    # sf_q3 + sf_q4: R1 0 → level 1 (off by 2), R2 equal, R3 (3 + 3) / 8 = 75.0 → 4 equal: two of three.
    assert pairs[("sf_q3", "sf_q4")].agree == pytest.approx(2 / 3)
    # R1 needs one 4 and one 0 (50.0 → 3), R3 a pair without its "don't know": sf_q1 with sf_q3, q4 or q5
    # agree on all three.
    perfect = sorted(q for q, p in pairs.items() if p.agree == 1.0)
    assert perfect == [("sf_q1", "sf_q3"), ("sf_q1", "sf_q4"), ("sf_q1", "sf_q5")]
    # All three tie (with three respondents and agreement 1, chance allows no difference); sf_q1 + sf_q3 feeds
    # two recommendations (rec_sf_goals on sf_q1, rec_sf_rehearse on sf_q3), the others one: it is the best.
    assert sf.best is not None and sf.best.questions == ("sf_q1", "sf_q3")
    assert sf.best.recommendations == 2


def test_the_overall_level_of_the_quick_check_on_a_hand_made_case() -> None:
    every_two = dict.fromkeys(QB.questions, 2)
    high_quick = {**every_two, "sf_q1": 4, "sf_q2": 4}
    fit = quickfit.fit(QB, quickfit.from_records(QB, [("ngo", every_two), ("ngo", high_quick)]))
    # Every dimension at 50.0 (level 3) both ways for the first: overall 50.0, level 3 = 3.
    # The second: full strategic focus (4 + 4 + 2 + 2 + 2) / 20 = 70.0 (level 4), overall (70 + 4 × 50) / 5
    # = 54.0 → level 3; quick 100.0 (level 5), overall (100 + 200) / 5 = 60.0 → level 4 (the cap, 3 + 1,
    # allows it). Equal for one of two, within one level for both.
    assert fit.overall_compared == 2
    assert fit.overall_agree == pytest.approx(0.5)
    assert fit.overall_within_one == pytest.approx(1.0)
    chosen = fit.dimensions["strategic_focus"].chosen
    assert chosen is not None and chosen.agree == pytest.approx(0.5)


def test_chance_ties_go_to_the_pair_that_feeds_more_recommendations() -> None:
    a = quickfit.PairFit(("a", "b"), 0.60, 0.9, 0)
    b = quickfit.PairFit(("a", "c"), 0.59, 0.9, 2)
    c = quickfit.PairFit(("b", "c"), 0.50, 0.99, 5)
    # On 1,000 respondents two standard errors of 0.60 are 2 × √(0.24 / 1000) = 0.031: a and b tie, not c.
    assert quickfit.tolerance(0.60, 1000) == pytest.approx(0.03098, abs=1e-5)
    assert [p.questions for p in quickfit.best_of([a, b, c], 1000)] == [("a", "c"), ("a", "b"), ("b", "c")]
    # On 100,000 the tolerance is 0.003: a wins on agreement alone.
    assert [p.questions for p in quickfit.best_of([a, b, c], 100_000)] == [("a", "b"), ("a", "c"), ("b", "c")]


def test_the_model_is_reproducible_and_follows_its_settings() -> None:
    model = quickfit.Model(profiles=2_000, seed=5)
    one, two = quickfit.simulate(QB, model), quickfit.simulate(QB, model)
    assert np.array_equal(one.steps, two.steps, equal_nan=True)
    other = quickfit.simulate(QB, dataclasses.replace(model, seed=6))
    assert not np.array_equal(one.steps, other.steps, equal_nan=True)
    # Only questions that allow N/A get it, about `na` of them (pi_* and cr_q6 allow it).
    allow = np.array([q.allow_na for q in one.questions])
    assert not one.na[:, ~allow].any()
    assert 0.08 < one.na[:, allow].mean() < 0.12
    # cs_q6 applies to libraries only: unanswered for the other seven types (about 7 of 8 respondents).
    cs_q6 = [q.id for q in one.questions].index("cs_q6")
    assert 0.83 < np.isnan(one.steps[:, cs_q6]).mean() < 0.92
    # No scatter, no "don't know": every answer is the true score in steps, so a dimension's answers agree.
    exact = quickfit.simulate(QB, quickfit.Model(profiles=500, seed=1, scatter=0.0, dk=0.0, na=0.0))
    sf = [q.id.startswith("sf_") for q in exact.questions]
    assert (np.nanmax(exact.steps[:, sf], axis=1) == np.nanmin(exact.steps[:, sf], axis=1)).all()


def answers_of(data: quickfit.Answers, i: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for j, q in enumerate(data.questions):
        if data.na[i, j]:
            out[q.id] = "na"
        elif not np.isnan(data.steps[i, j]):
            out[q.id] = int(data.steps[i, j])
    return out


def check_against_scoring(bank: Bank, n: int) -> None:
    data = quickfit.simulate(bank, quickfit.Model(profiles=n, seed=3))
    column = {q.id: j for j, q in enumerate(data.questions)}
    assert bank.quick is not None
    for dim_id, dim in bank.dimensions.items():
        cols = [column[q.id] for q in bank.questions_by_dimension[dim_id]]
        full = quickfit.subset_scores(data, cols, dim.min_answered)
        quick_cols = [column[q] for q in bank.quick_ids if bank.questions[q].dimension == dim_id]
        quick = quickfit.subset_scores(data, quick_cols, bank.quick.min_answered)
        for i in range(n):
            answers = answers_of(data, i)
            want = score(bank, answers, _type_of(bank, data, i)).dimensions[dim_id].score
            assert (np.isnan(full[i]) and want is None) or full[i] == want, (dim_id, i)
            only_quick = {q: v for q, v in answers.items() if q in bank.quick_ids}
            got_quick = score(bank, only_quick, _type_of(bank, data, i), "quick").dimensions[dim_id].score
            assert (np.isnan(quick[i]) and got_quick is None) or quick[i] == got_quick, (dim_id, i)


def _type_of(bank: Bank, data: quickfit.Answers, i: int) -> str:
    for t in bank.info.organization_types:
        if all(q.applies(t.id) == bool(data.applies[i, j]) for j, q in enumerate(data.questions)):
            return t.id
    raise AssertionError("no type matches")


def test_the_array_arithmetic_is_engine_scorings_on_the_synthetic_bank() -> None:
    check_against_scoring(QB, 400)


def test_the_array_arithmetic_is_engine_scorings_on_the_real_bank(real_bank: Bank) -> None:
    if real_bank.quick is None:
        pytest.fail("questions/bank.yaml has no quick check")
    check_against_scoring(real_bank, 300)


def test_the_overall_level_is_engine_scorings() -> None:
    data = quickfit.simulate(QB, quickfit.Model(profiles=300, seed=8))
    records = [(_type_of(QB, data, i), answers_of(data, i)) for i in range(data.size)]
    fit = quickfit.fit(QB, data)
    equal = within = 0
    for kind, answers in records:
        full = score(QB, answers, kind)
        quick = score(QB, {q: v for q, v in answers.items() if q in QB.quick_ids}, kind, "quick")
        assert full.overall_level is not None
        equal += full.overall_level == quick.overall_level
        within += quick.overall_level is not None and abs(full.overall_level - quick.overall_level) <= 1
    assert fit.overall_agree == pytest.approx(equal / len(records))
    assert fit.overall_within_one == pytest.approx(within / len(records))


def test_a_bank_without_a_quick_check_still_ranks_its_pairs() -> None:
    fit = quickfit.fit(synthetic_bank(), quickfit.simulate(synthetic_bank(), quickfit.Model(profiles=500)))
    cs = fit.dimensions["community_stewardship"]
    assert "cs_q6" not in cs.eligible, "it applies to libraries only"
    assert len(cs.pairs) == 10 and cs.chosen is None
    assert fit.overall_agree is None and fit.mean_agree is None
