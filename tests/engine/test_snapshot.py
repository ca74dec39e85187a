"""The frozen snapshot: a submitted assessment shows what it showed when it was submitted, with the bank of
that day; anything not submitted is scored now. Expected scores worked out by hand from helpers.py's bank."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import pytest

from assessment.bank import Bank, load_bank
from assessment.engine import snapshot
from assessment.engine.migrate import Given
from assessment.engine.recommend import recommend
from assessment.engine.scoring import AnswerValue, score
from assessment.outputs.export import Scored
from assessment.outputs.report_html import document
from tests.helpers import next_bank_files, steps, synthetic_bank, valid_bank_files, write_bank

T = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)

# sf_q1 at step 0, the other four at the top: (0 + 4 + 4 + 4 + 4) / (5 * 4) = 80 with equal weights.
ANSWERS = steps("sf", [0, 4, 4, 4, 4])


def _newer_bank() -> Bank:
    # The next version weighs sf_q1 three times and no longer has the recommendation it triggered:
    # (0 * 3 + 16) / (7 * 4) = 57.14…, kept as 57.1.
    newer = synthetic_bank(weights={"sf_q1": 3}, version="test.2")
    recs = {k: v for k, v in newer.recommendations.items() if k != "rec_sf_goals"}
    recs["rec_sf_guide"] = recs["rec_sf_guide"].model_copy(update={"depends_on": []})
    return dataclasses.replace(newer, recommendations=recs)


@pytest.fixture(scope="module")
def stored() -> str:
    old = synthetic_bank()
    result = score(old, ANSWERS, "library")
    return snapshot.dumps(result, recommend(old, result))


def test_a_submitted_assessment_shows_its_frozen_scores_and_bank(stored: str) -> None:
    shown = snapshot.current(_newer_bank(), ANSWERS, "library", submitted=True, stored=stored)
    assert shown.frozen
    assert shown.result.dimensions["strategic_focus"].score == pytest.approx(80.0)
    assert shown.result.bank_version == "test.1"
    # The frozen plan had rec_sf_goals; the newer bank has no text for it, so it is reported as gone.
    assert shown.gone == ["rec_sf_goals"]
    assert "rec_sf_goals" not in [item.id for item in shown.plan.items]


def test_anything_not_submitted_is_scored_now_with_todays_bank(stored: str) -> None:
    shown = snapshot.current(_newer_bank(), ANSWERS, "library", submitted=False, stored=stored)
    assert not shown.frozen
    assert shown.result.dimensions["strategic_focus"].score == 57.1  # scores are kept to one decimal
    assert shown.result.bank_version == "test.2"


def test_submitted_without_a_stored_snapshot_is_scored_now() -> None:
    shown = snapshot.current(synthetic_bank(), ANSWERS, "library", submitted=True, stored=None)
    assert not shown.frozen
    assert shown.result.dimensions["strategic_focus"].score == pytest.approx(80.0)


def test_a_snapshot_stored_before_plans_were_frozen_gets_todays_plan_for_its_scores(stored: str) -> None:
    data = json.loads(stored)
    del data["plan"]
    shown = snapshot.load(synthetic_bank(), json.dumps(data))
    # sf_q1 at 0 is below 3, so rec_sf_goals applies to the frozen scores.
    assert "rec_sf_goals" in [item.id for item in shown.plan.items]
    assert shown.gone == []


def test_history_reads_only_the_scores(stored: str) -> None:
    assert snapshot.result_of(stored).dimensions["strategic_focus"].score == pytest.approx(80.0)


# --- across a version change: helpers.py's bank N (valid_bank_files) and N+1 (next_bank_files) ----------


@pytest.fixture(scope="module")
def banks_n_n1(tmp_path_factory: pytest.TempPathFactory) -> tuple[Bank, Bank]:
    root = tmp_path_factory.mktemp("versions")
    return (
        load_bank(write_bank(root / "n" / "questions", valid_bank_files())),
        load_bank(write_bank(root / "n1" / "questions", next_bank_files())),
    )


def _submitted_on_n(bank_n: Bank) -> tuple[str, dict[str, AnswerValue]]:
    # Every question at 3, but sf_q1 (renamed in N+1) at 1, cr_q3 (dropped) "don't know", cr_q1 at 2
    # (its step 2 is step 1 in N+1) and a note on sf_q1.
    answers: dict[str, AnswerValue] = dict.fromkeys(bank_n.questions, 3)
    answers.update(sf_q1=1, cr_q3="dk", cr_q1=2)
    result = score(bank_n, answers, "library")
    return snapshot.dumps(result, recommend(bank_n, result)), answers


def test_a_result_frozen_on_n_shows_the_same_scores_and_plan_on_n_plus_1(
    banks_n_n1: tuple[Bank, Bank],
) -> None:
    bank_n, bank_n1 = banks_n_n1
    stored, answers = _submitted_on_n(bank_n)
    then = snapshot.current(bank_n, answers, "library", submitted=True, stored=stored)
    now = snapshot.current(bank_n1, {}, "library", submitted=True, stored=stored)
    assert now.frozen and now.result == then.result, "scores, levels, unknowns: exactly as frozen"
    assert [(i.rank, i.id, i.phase) for i in now.plan.items] == [
        (i.rank, i.id, i.phase) for i in then.plan.items
    ]
    # By hand: strategic_focus on N = (1 + 3·3 + 2·3 + 3 + 3) / (8 · 4) = 22 / 32 = 68.75 -> 68.8 (sf_q5
    # weighs 2), and it is still that on N+1, whose own scoring would differ.
    assert now.result.dimensions["strategic_focus"].score == 68.8
    assert now.result.bank_version == "2026.test.1"


def test_a_frozen_result_names_questions_and_options_in_todays_terms(banks_n_n1: tuple[Bank, Bank]) -> None:
    bank_n, bank_n1 = banks_n_n1
    stored, _ = _submitted_on_n(bank_n)
    frozen = snapshot.load(bank_n1, stored).result
    notes = {"sf_q1": Given(None, "Goals drafted", None, None)}
    detail, given = snapshot.in_todays_terms(bank_n1, frozen, notes)
    assert detail.dimensions == frozen.dimensions, "the scores stay frozen"
    # Carried through the mapping: sf_q1 at 1 is sf_goals at 1; cr_q1's old step 2 is step 1; cr_q3 is gone.
    assert detail.answers["sf_goals"] == 1 and "sf_q1" not in detail.answers
    assert detail.answers["cr_q1"] == 1 and "cr_q3" not in detail.answers
    assert given["sf_goals"].note == "Goals drafted"
    # The report names no question today's bank lacks (the frozen dk on cr_q3 is counted, not named).
    html = document(
        bank_n1, Scored("Comune di Lucca", "", detail, snapshot.load(bank_n1, stored).plan), "en", T
    )
    assert "How is sf_goals done?" in html and "cr_q3" not in html
    # Scored with today's bank: nothing to translate.
    same, _ = snapshot.in_todays_terms(bank_n, frozen, {})
    assert same is frozen
