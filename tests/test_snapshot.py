"""The frozen snapshot: a submitted assessment shows what it showed when it was submitted, with the bank of
that day; anything not submitted is scored now. Expected scores worked out by hand from helpers.py's bank."""

from __future__ import annotations

import dataclasses
import json

import pytest

from assessment.bank import Bank
from assessment.engine import snapshot
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from tests.helpers import steps, synthetic_bank

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
