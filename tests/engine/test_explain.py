"""Why this level: every expected number worked out by hand on the synthetic bank of helpers.py.

A question at step s with weight w costs its dimension 100 × w × (4 − s) / (4 × Σw) points and the overall
score a fifth of that (engine/explain.py)."""

from __future__ import annotations

import re

import pytest

from assessment.bank import Bank
from assessment.bank.model import LANGUAGES
from assessment.engine.explain import CapGap, dimension_text, explain, overall_text
from assessment.engine.scoring import score
from tests.helpers import all_answers, steps

FIFTY = {**steps("sf", [2] * 5), **steps("ho", [2] * 5), **steps("cs", [2] * 5), **steps("pi", [2] * 5)}


def test_the_answers_that_cost_most_points_per_dimension_and_overall(bank: Bank) -> None:
    # Crisis readiness 0, 1, dk, 2, 0, na, 4, 4: 7 counted (Σ4w = 28), 11 earned → 39.3, level 2.
    result = score(bank, {**FIFTY, **steps("cr", [0, 1, "dk", 2, 0, "na", 4, 4])})
    why = explain(bank, result)
    cr = why.dimensions["crisis_readiness"]
    assert (cr.score, cr.level) == (39.3, 2)
    # cr_q1, cr_q3 (dk) and cr_q5 each lose 100 × 4 / 28 = 14.3; cr_q2 10.7 and cr_q4 7.1 come after.
    assert [(h.question_id, h.step, h.unknown, h.points) for h in cr.held_down] == [
        ("cr_q1", 0, False, 14.3),
        ("cr_q3", 0, True, 14.3),
        ("cr_q5", 0, False, 14.3),
    ]
    assert (cr.next_level, cr.points_to_next) == (3, 0.7)  # 40 − 39.3
    # help_orientation: ho_q1 (weight 2 of Σw 5) at step 2 loses 100 × 2 × 2 / 20 = 20; ho_q2 10.
    ho = why.dimensions["help_orientation"]
    assert [(h.question_id, h.points) for h in ho.held_down] == [
        ("ho_q1", 20.0),
        ("ho_q2", 10.0),
        ("ho_q3", 10.0),
    ]

    # Overall (50 × 4 + 39.3) / 5 = 47.9, level 3; the weakest is level 2, so the cap (3) does not bite.
    overall = why.overall
    assert (overall.score, overall.level, overall.uncapped_level, overall.capped) == (47.9, 3, 3, False)
    # ho_q1 costs 20 / 5 = 4.0 overall points, the crisis zeros 14.29 / 5 = 2.9.
    assert [(h.question_id, h.overall_points) for h in overall.held_down] == [
        ("ho_q1", 4.0),
        ("cr_q1", 2.9),
        ("cr_q3", 2.9),
    ]


def test_the_losses_of_a_dimension_add_up_to_what_it_misses(bank: Bank) -> None:
    result = score(bank, {**FIFTY, **steps("cr", [0, 1, "dk", 2, 0, "na", 4, 4])})
    cr = explain(bank, result, top=99).dimensions["crisis_readiness"]
    # 14.3 + 10.7 + 14.3 + 7.1 + 14.3 = 60.7 = 100 − 39.3
    assert round(sum(h.points for h in cr.held_down), 1) == round(100 - 39.3, 1)
    assert len(cr.held_down) == 5  # cr_q6 is N/A and cr_q7, cr_q8 are at the top step


def test_the_dimension_that_caps_the_overall_level(bank: Bank) -> None:
    # Four dimensions at 50, crisis readiness at 0: the average 40.0 gives level 3, the cap 1 + 1 = 2.
    result = score(bank, {**FIFTY, **steps("cr", [0] * 8)})
    overall = explain(bank, result).overall
    assert (overall.score, overall.level, overall.uncapped_level) == (40.0, 2, 3)
    # To let the overall reach level 3, every dimension needs level 2 (20 points): crisis needs 20.0 more.
    assert overall.capped_by == [CapGap("crisis_readiness", 1, 0.0, 2, 20.0, 20.0)]
    # The overall score loses most to ho_q1 (100 × 2 × 2 / 20 / 5 = 4.0; a crisis zero costs 12.5 / 5 = 2.5)…
    assert [(h.question_id, h.overall_points) for h in overall.held_down][:2] == [
        ("ho_q1", 4.0),
        ("cr_q1", 2.5),
    ]
    # …but the level is held by the cap, so the text names the capping dimension's answers: 100 × 4 / 32.
    assert [(h.question_id, h.points) for h in overall.cap_held_down] == [
        ("cr_q1", 12.5),
        ("cr_q2", 12.5),
        ("cr_q3", 12.5),
    ]
    assert overall_text(bank, overall, "en") == (
        "The average, 40.0, would give level 3, but the overall level is 2: it can be at most one level "
        "above the weakest dimension. To lift this cap, Dimension crisis_readiness (level 1) would have to "
        "reach level 2, 20 points (20.0 more). What costs Dimension crisis_readiness the most points: "
        "“How is cr_q1 done?” (answered 0/4: −12.5 points); "
        "“How is cr_q2 done?” (answered 0/4: −12.5 points); "
        "“How is cr_q3 done?” (answered 0/4: −12.5 points)."
    )


def test_two_dimensions_hold_the_cap_and_both_must_rise(bank: Bank) -> None:
    # sf, ho, cs at 100; platform independence 1 × 5 = 25.0 (level 2); crisis readiness 0 (level 1).
    # Average (300 + 25) / 5 = 65.0 → level 4; cap 1 + 1 = 2. Level 4 needs every dimension at level 3 (40):
    # raising crisis readiness alone would leave the cap at 2 + 1 = 3.
    answers = {**all_answers(bank, 4), **steps("pi", [1] * 5), **steps("cr", [0] * 8)}
    del answers["cs_q6"]
    overall = explain(bank, score(bank, answers)).overall
    assert (overall.score, overall.level, overall.uncapped_level) == (65.0, 2, 4)
    assert overall.capped_by == [
        CapGap("crisis_readiness", 1, 0.0, 3, 40.0, 40.0),
        CapGap("platform_independence", 2, 25.0, 3, 40.0, 15.0),
    ]
    text = overall_text(bank, overall, "es")
    assert "cada una de estas tendría que subir" in text
    assert "(nivel 2) tendría que llegar al nivel 3, 40 puntos (15.0 más)" in text


def test_a_perfect_dimension_and_one_not_assessed(bank: Bank) -> None:
    answers = {**all_answers(bank, 4)}
    for qid in ("cr_q1", "cr_q2", "cr_q3", "cr_q4", "cr_q5"):
        del answers[qid]  # 3 of 8 answered: below the 50 % a dimension needs
    why = explain(bank, score(bank, answers))
    sf = why.dimensions["strategic_focus"]
    assert (sf.score, sf.held_down, sf.next_level, sf.points_to_next) == (100.0, [], None, None)
    assert dimension_text(bank, sf, "en") == (
        "Dimension strategic_focus: 100.0 of 100 (level 5, strategic_focus 5). "
        "No answer costs any points: every one is at the top step."
    )
    cr = why.dimensions["crisis_readiness"]
    assert (cr.score, cr.held_down) == (None, [])
    assert why.overall.not_assessed == ["crisis_readiness"]
    assert why.overall.held_down == [] and not why.overall.capped
    assert overall_text(bank, why.overall, "it") == (
        "Il livello complessivo arriva quando tutte le dimensioni sono valutate "
        "(mancano: Dimension crisis_readiness (italiano, città))."
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_is_in_the_language_asked(bank: Bank, lang: str) -> None:
    result = score(bank, {**FIFTY, **steps("cr", [0, "dk", 0, 0, 0, 0, 0, 0])})
    why = explain(bank, result)
    texts = [overall_text(bank, why.overall, lang)]
    texts += [dimension_text(bank, d, lang) for d in why.dimensions.values()]
    for text in texts:
        assert "{" not in text and "}" not in text
        if lang != "en":
            assert "(español, año)" in text if lang == "es" else "(italiano, città)" in text
            # The bank's texts carry the accents; the sentence around them must not be English.
            assert not re.search(r"\b(points|level|would)\b", text)
    assert "no se sabe, cuenta como 0" in " ".join(texts) if lang == "es" else True
