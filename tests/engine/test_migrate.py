"""Carrying answers from bank N to N+1 (and N+2) through the mapping files: helpers.py's banks, every expected
answer worked out by hand from the mapping written there."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assessment.bank import Bank, load_bank
from assessment.engine.history import compare
from assessment.engine.migrate import Changes, Given, carry, composed
from assessment.engine.portfolio import answers_today
from assessment.engine.scoring import parse_answer, score
from assessment.outputs.notice import bank_changed_caption, carried_notice
from assessment.records import EVIDENCE_MAX, NOTE_MAX
from tests.helpers import (
    CARRIED_TO_N1,
    IN_PROGRESS_ON_N,
    NEXT_VERSION,
    REVIEW_ON_N1,
    T1,
    T2,
    THIRD_VERSION,
    StoredRow,
)


def _given(rows: dict[str, StoredRow]) -> dict[str, Given]:
    return {
        q: Given(parse_answer(v) if v is not None else None, n, e, at) for q, (v, n, e, at) in rows.items()
    }


OLD = _given(IN_PROGRESS_ON_N)


def _carry(bank: Bank, answers: dict[str, Given], version: str = "2026.test.1"):
    path = bank.migration_path(version)
    assert path is not None
    return carry(bank, path, answers)


def test_an_assessment_in_progress_reaches_n_plus_1_as_worked_out_by_hand(next_bank: Bank) -> None:
    carried = _carry(next_bank, OLD)
    assert carried.answers == _given(CARRIED_TO_N1)
    assert carried.answers["ho_q1"] == Given(3, "Replies within a day\n\nTwo people answer", None, T2)
    assert carried.changes == Changes(
        from_version="2026.test.1",
        to_version=NEXT_VERSION,
        renamed=["sf_q1"],
        merged=[["ho_q1", "ho_q1", "ho_q2"], ["cs_together", "cs_q1", "cs_q2"]],
        split=[["pi_q1", "pi_q1a", "pi_q1b"]],
        dropped=["cr_q3"],
        steps=["cr_q1"],
        not_carried=["ho_q7", "cr_q2"],
        review=REVIEW_ON_N1,
    )
    assert Changes.from_dict(carried.changes.to_dict()) == carried.changes


def test_the_same_id_wins_only_among_answers_that_carry_something(next_bank: Bank) -> None:
    # ho_q1 unanswered: ho_q2's answer lands alone. cs_q1 "don't know" against cs_q2 at 0: a known 0 first.
    carried = _carry(next_bank, {"ho_q2": Given(1), "cs_q1": Given("dk"), "cs_q2": Given(0)})
    assert carried.answers["ho_q1"].value == 1
    assert carried.answers["cs_together"].value == 0
    # "don't know" is below any step above 0; "not applicable" gives way to any answer.
    assert _carry(next_bank, {"cs_q1": Given("dk"), "cs_q2": Given(2)}).answers["cs_together"].value == "dk"
    assert _carry(next_bank, {"cs_q1": Given("na"), "cs_q2": Given(3)}).answers["cs_together"].value == 3


def test_a_cleared_answer_carries_nothing_but_its_note_still_follows(next_bank: Bank) -> None:
    carried = _carry(next_bank, {"sf_q3": Given(None), "sf_q1": Given(None, "to discuss with the board")})
    assert carried.answers == {"sf_goals": Given(None, "to discuss with the board")}
    assert carried.changes.renamed == ["sf_q1"]
    assert carried.changes.not_carried == [], "nothing was answered, so nothing needs a new answer"


def test_an_answer_to_a_question_the_mapping_does_not_list_stays_behind(next_bank: Bank) -> None:
    carried = _carry(next_bank, {"zz_old": Given(3), "sf_q3": Given(2)})
    assert carried.answers == {"sf_q3": Given(2)}
    assert carried.changes.dropped == ["zz_old"]


def test_joined_notes_and_evidence_stay_within_the_limits(next_bank: Bank) -> None:
    long_note, long_evidence = "a" * (NOTE_MAX - 10), "b" * (EVIDENCE_MAX - 5)
    carried = _carry(
        next_bank,
        {"cs_q1": Given(2, long_note, long_evidence), "cs_q2": Given(3, "second note", "second link")},
    )
    joined = carried.answers["cs_together"]
    assert joined.note is not None and len(joined.note) == NOTE_MAX and joined.note.endswith("…")
    assert joined.evidence is not None and len(joined.evidence) == EVIDENCE_MAX
    assert joined.value == 2


def test_two_files_compose_from_n_to_n_plus_2(third_bank: Bank) -> None:
    path = third_bank.migration_path("2026.test.1")
    assert path is not None
    ends = composed(path)
    assert ends["sf_q1"] == ["sf_aims"], "renamed twice"
    assert ends["pi_q1"] == ["pi_q1a"], "split, then one half dropped"
    assert ends["cr_q3"] == []
    carried = carry(third_bank, path, OLD)
    assert carried.answers["sf_aims"] == Given(3, "Goals approved in March", None, T1)
    assert "pi_q1b" not in carried.answers and carried.answers["pi_q1a"].value == 2
    assert carried.answers["cr_q1"].value == 1
    assert carried.changes.from_version == "2026.test.1" and carried.changes.to_version == THIRD_VERSION
    # Counted once per question the person answered, from N to N+2: sf_q1 renamed (twice, but one
    # question), pi_q1 now a single question (a rename), and the flags followed the answers.
    assert carried.changes.renamed == ["sf_q1", "pi_q1"]
    assert carried.changes.split == []
    assert carried.changes.review == ["ho_q1", "ho_q7", "cs_together", "cr_q1", "cr_q2"]


def test_the_notice_says_what_changed_in_one_line_in_each_language(next_bank: Bank) -> None:
    changes = _carry(next_bank, OLD).changes
    en = carried_notice(next_bank, changes, "en")
    assert en == (
        "The questionnaire was updated (2026.test.1 → 2026.test.2): 1 question was revised, 4 questions were "
        "merged into 2, 1 question was split into 2, 1 question you had answered was removed, the answer "
        "options of 1 question changed, 2 questions need a new answer; please check your answers to "
        "“How is ho_q1 done?”, “How is ho_q7 done?”, “How is cs_together done?” and 2 more."
    )
    es = carried_notice(next_bank, changes, "es")
    assert es.startswith("El cuestionario se actualizó (2026.test.1 → 2026.test.2): se revisó 1 pregunta, ")
    assert "revise sus respuestas a «¿Cómo se hace ho_q1? (español, año)»" in es and es.endswith(" y 2 más.")
    it = carried_notice(next_bank, changes, "it")
    assert "4 domande sono state unite in 2" in it and it.endswith(" e altre 2.")
    for line in (en, es, it):
        assert "\n" not in line


def test_a_carry_over_that_changed_nothing_says_so(next_bank: Bank) -> None:
    changes = _carry(next_bank, {"sf_q3": Given(2)}).changes
    assert not changes.anything
    assert carried_notice(next_bank, changes, "es") == (
        "El cuestionario se actualizó (2026.test.1 → 2026.test.2); "
        "sus respuestas se mantienen tal como estaban."
    )


def test_deltas_across_versions_compare_dimensions_and_name_the_change(next_bank: Bank) -> None:
    # Last time (N): strategic_focus all at 2 = 50.0; now (N+1) all at 3 = 75.0 -> +25.0. The result from N
    # is one of N+1 relabelled: only its version and its scores matter here.
    then = score(next_bank, {q.id: 2 for q in next_bank.questions_by_dimension["strategic_focus"]}, None)
    then = dataclasses.replace(then, bank_version="2026.test.1")
    now = score(next_bank, {q.id: 3 for q in next_bank.questions_by_dimension["strategic_focus"]}, None)
    comparison = compare([then], now)
    assert comparison.deltas["strategic_focus"] == 25.0
    assert comparison.deltas["crisis_readiness"] is None, "not assessed either time"
    assert comparison.since_last == ("2026.test.1", NEXT_VERSION)
    assert comparison.versions == ["2026.test.1", NEXT_VERSION] and comparison.bank_changed
    assert bank_changed_caption(comparison.versions, "en").startswith(
        "The questionnaire changed between these assessments (2026.test.1 → 2026.test.2)"
    )
    same = compare([now, now], now)
    assert not same.bank_changed and same.since_last is None and same.versions == [NEXT_VERSION]


def test_the_tests_bank_n_is_unchanged_by_the_builders(bank_dir: Path) -> None:
    # next_bank_files() derives N+1 from a fresh copy: bank N itself still validates and has no mapping.
    assert load_bank(bank_dir).migrations == {}


def test_a_respondent_who_submitted_on_n_is_combined_in_todays_questions(next_bank: Bank) -> None:
    raw = {q: v for q, (v, _, _, _) in IN_PROGRESS_ON_N.items() if v is not None}
    frozen_on_n = dataclasses.replace(score(next_bank, {}, "library"), bank_version="2026.test.1")
    assert answers_today(next_bank, frozen_on_n, raw) == {
        q: parse_answer(v) for q, (v, _, _, _) in CARRIED_TO_N1.items()
    }
    on_today = score(next_bank, {}, "library")
    assert answers_today(next_bank, on_today, {"sf_goals": "2", "sf_q2": "dk"}) == {
        "sf_goals": 2,
        "sf_q2": "dk",
    }
