"""The portfolio computations on the synthetic bank (tests/helpers.py), every expected number worked out by
hand in the comments."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from assessment.bank import Bank
from assessment.engine.portfolio import (
    IN_PROGRESS,
    NOT_STARTED,
    SUBMITTED,
    Entry,
    build_entries,
    coherence,
    combine,
    combined_result,
    disagreements,
    latest,
    one_per_unit,
    portfolio_table,
    question_total,
    status_of,
    summary,
    trend,
)
from assessment.engine.recommend import plan_to_dict, recommend
from assessment.engine.scoring import score
from assessment.records import StoredScore
from assessment.storage.workspace import AssessmentRow
from tests.helpers import Answers, all_answers

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def row(aid: int, answered: int = 0, submitted: datetime | None = None, result_json: str | None = None,
        unit: str | None = None, org_type: str = "ngo") -> AssessmentRow:  # fmt: skip
    return AssessmentRow(
        id=aid,
        organization_id=1,
        organization_name="Town",
        org_type=org_type,
        unit_id=None if unit is None else hash(unit) % 1000,
        unit_name=unit,
        respondent=None,
        started_at=T0,
        updated_at=T0 + timedelta(days=aid),
        submitted_at=submitted,
        answered=answered,
        result_json=result_json,
    )


def test_question_total_and_status(bank: Bank) -> None:
    # 5 + 5 + 5 + 5 + 8 = 28 questions; cs_q6 applies to libraries only, so a library has 29.
    assert question_total(bank, "ngo") == 28
    assert question_total(bank, "library") == 29
    assert status_of(row(1), 28) == (NOT_STARTED, 0.0)
    assert status_of(row(1, answered=7), 28) == (IN_PROGRESS, 25.0)  # 7 / 28
    assert status_of(row(1, answered=40), 28) == (IN_PROGRESS, 100.0), "an old bank's extras do not pass 100"
    assert status_of(row(1, answered=3, submitted=T0), 28) == (SUBMITTED, 100.0)


def entry(bank: Bank, label: str, answers: dict, aid: int = 1) -> Entry:
    result = score(bank, answers, "ngo")
    return Entry(aid, 1, "Town", aid, label, "", "ngo", SUBMITTED, 100.0, T0, result, recommend(bank, result))


def four_units(bank: Bank) -> list[Entry]:
    every = dict.fromkeys(bank.questions, 3)
    return [
        entry(bank, "A", all_answers(bank, 4), 1),  # every dimension 100
        entry(bank, "B", all_answers(bank, 2), 2),  # every dimension 50
        entry(bank, "C", all_answers(bank, 3), 3),  # every dimension 75
        entry(bank, "D", {**every, **{f"sf_q{n}": 0 for n in range(1, 6)}}, 4),  # sf 0, the rest 75
    ]


def test_coherence_spread_lagging_and_shared(bank: Bank) -> None:
    c = coherence(bank, four_units(bank))
    assert c.units == 4
    sf = c.spread.loc["strategic_focus"]
    # 100, 50, 75, 0: median (50 + 75) / 2 = 62.5, range 100, mean 56.25,
    # population sd = sqrt((43.75² + 6.25² + 18.75² + 56.25²) / 4) = sqrt(1367.1875) = 36.98
    assert (sf["min"], sf["max"], sf["median"], sf["range"], sf["std"]) == (0, 100, 62.5, 100, 37.0)
    # 100, 50, 75, 75: median 75, range 50, sd = sqrt((25² + 25²) / 4) = 17.68
    ho = c.spread.loc["help_orientation"]
    assert (ho["median"], ho["range"], ho["std"]) == (75, 50, 17.7)
    # Lagging: more than 15 below the median. In sf the line is 47.5: D (0) lags, B (50) does not.
    # Elsewhere the line is 60: B (50) lags in each of the four other dimensions.
    lags = {(lag.unit, lag.dimension) for lag in c.lagging}
    assert ("Town · D", "strategic_focus") in lags and ("Town · B", "strategic_focus") not in lags
    assert {d for u, d in lags if u == "Town · B"} == set(bank.dimensions) - {"strategic_focus"}
    assert len(lags) == 5
    # Plans: A none; B (all 2) sf_goals, sf_guide, sf_rehearse, ho_answer, cs_welcome, pi_own, cr_audit,
    # cr_drills; C (all 3) sf_guide and ho_answer (their `below: 4`); D sf_goals, sf_guide, sf_rehearse,
    # ho_answer. Shared by ≥ 2 of 4: sf_guide 3, ho_answer 3, sf_goals 2, sf_rehearse 2.
    assert c.shared == [
        ("rec_sf_guide", 3),
        ("rec_ho_answer", 3),
        ("rec_sf_goals", 2),
        ("rec_sf_rehearse", 2),
    ]


def test_coherence_with_nothing_scored(bank: Bank) -> None:
    c = coherence(bank, [])
    assert c.units == 0 and c.lagging == [] and c.shared == []
    assert c.spread["n"].tolist() == [0] * 5


def test_combined_respondents(bank: Bank) -> None:
    a: Answers = {"sf_q1": 4, "sf_q2": "dk", "sf_q3": "na", "sf_q4": 1, "pi_q1": "na", "ho_q1": 0}
    b: Answers = {"sf_q1": 1, "sf_q2": 2, "sf_q3": "na", "sf_q4": 2, "pi_q1": "na", "ho_q1": 3}
    c: Answers = {"sf_q1": 2, "sf_q3": 3, "sf_q4": "na", "ho_q1": 3}
    combined = combine([a, b, c])
    # sf_q1 (4+1+2)/3 = 2.33 → 2; sf_q2 dk=0 and 2 → 1; sf_q3 only C gives a step → 3;
    # sf_q4 (1+2)/2 = 1.5 → 2 (half up); pi_q1 every answer na → na; ho_q1 (0+3+3)/3 = 2.
    assert combined == {"sf_q1": 2, "sf_q2": 1, "sf_q3": 3, "sf_q4": 2, "pi_q1": "na", "ho_q1": 2}
    # strategic focus: 4 of 5 answered, (2+1+3+2) / (4×4) = 50.0 → level 3
    result = combined_result(bank, [a, b, c], "ngo")
    assert result.dimensions["strategic_focus"].score == 50.0
    assert result.dimensions["strategic_focus"].level == 3

    top = disagreements(bank, [a, b, c])
    # ho_q1 0,3,3: range 3, sd sqrt((4+1+1)/3) = 1.41; sf_q1 4,1,2: range 3, sd 1.25;
    # sf_q2 0,2: range 2, sd 1.0; sf_q4 1,2: range 1, sd 0.5. sf_q3 has one step only: no disagreement.
    assert [(d.question_id, d.range, d.std) for d in top] == [
        ("ho_q1", 3, 1.41),
        ("sf_q1", 3, 1.25),
        ("sf_q2", 2, 1.0),
        ("sf_q4", 1, 0.5),
    ]
    assert top[1].values == (4, 1, 2)
    assert disagreements(bank, [a, b, c], top=1)[0].question_id == "ho_q1"


def test_entries_latest_table_and_trend(bank: Bank) -> None:
    first = score(bank, all_answers(bank, 2), "ngo")
    payload = json.dumps({"result": first.to_dict(), "plan": plan_to_dict(recommend(bank, first))})
    rows = [
        row(1, answered=28, submitted=T0 + timedelta(days=1), result_json=payload),
        row(2, answered=5),  # a re-assessment in progress
        row(3, unit="Library"),  # a link not opened yet
    ]
    entries = build_entries(bank, rows, {2: {"sf_q1": "4", "sf_q2": "4", "sf_q3": "4", "x": "bad"}})
    assert [e.status for e in entries] == [SUBMITTED, IN_PROGRESS, NOT_STARTED]
    assert entries[0].result == first, "a submitted result is the one stored, not a rescore"
    assert entries[1].result is not None and entries[1].result.dimensions["strategic_focus"].score == 100.0
    assert entries[2].result is None and entries[2].plan is None

    shown = latest(entries)
    assert [e.assessment_id for e in shown] == [1, 3], "the submitted result stands while a new one is open"
    table = portfolio_table(bank, shown)
    assert table.loc[0, "overall_score"] == 50.0 and table.loc[0, "strategic_focus_level"] == 3
    assert table.loc[0, "status"] == SUBMITTED and table.loc[1, "unit"] == "Library"
    assert table["overall_score"].isna().tolist() == [False, True]
    assert trend(entries, entries[0].target) == [entries[0]]


@pytest.mark.parametrize("top", [0, 3])
def test_no_disagreement_when_everyone_agrees(bank: Bank, top: int) -> None:
    same: Answers = {"sf_q1": 2, "sf_q2": "dk"}
    assert disagreements(bank, [same, dict(same)], top=top) == []


def test_one_entry_per_unit_prefers_the_newest_submitted(bank: Bank) -> None:
    a = entry(bank, "Library", all_answers(bank, 4), 1)
    newer_open = Entry(2, 1, "Town", 1, "Library", "Chief", "ngo", IN_PROGRESS, 50.0, T0 + timedelta(days=3),
                       None, None)  # fmt: skip
    radio = entry(bank, "Radio", all_answers(bank, 1), 3)
    assert [e.assessment_id for e in one_per_unit([a, newer_open, radio])] == [1, 3]


def test_shared_needs_two_units_even_when_half_is_one(bank: Bank) -> None:
    _, b, c, _ = four_units(bank)
    # B (all 2) has eight recommendations, C (all 3) two: sf_guide and ho_answer. Half of two units is one,
    # but a recommendation of B alone is not shared: only the two both have count.
    assert coherence(bank, [b, c]).shared == [("rec_sf_guide", 2), ("rec_ho_answer", 2)]


def test_a_stored_rows_summary_carries_the_version_it_is_given() -> None:
    # An open row's stamp is a scoring stamp, not a version: summary never falls back to it, and a caller
    # that leaves the version out is stopped there instead of printing "scoring:…" as one.
    kept = StoredScore(
        T0, None, "scoring:abc123", "full", 50.0, 3, 3, json.dumps({"d1": [50.0, 3, 4, 4, 4, 0]})
    )
    assert summary(kept, "ngo", bank_version="2026.1").bank_version == "2026.1"
    with pytest.raises(TypeError):
        summary(kept, "ngo")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        summary(kept, "ngo", None, "2026.1")  # type: ignore[call-arg]
