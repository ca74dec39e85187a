"""Evidence that expires (assessment.engine.evidence), worked by hand on the real bank: cr_drill_calendar
expires after 12 months and counts at most step 2 once expired (questions/questions/crisis_readiness.yaml)."""

from __future__ import annotations

from datetime import date

import pytest

from assessment.bank import Bank
from assessment.engine import snapshot
from assessment.engine.evidence import add_months, is_expired, months_between
from assessment.engine.recommend import recommend
from assessment.engine.scoring import AnswerValue, score

TODAY = date(2026, 12, 1)
CR = [
    "cr_account_security",
    "cr_access_continuity",
    "cr_drill_calendar",
    "cr_written_manual",
    "cr_response_under_scrutiny",
    "cr_real_world_antennas",
]


def all_fours(bank: Bank) -> dict[str, int]:
    return dict.fromkeys(bank.questions, 4)


def test_months_and_expiry_by_hand() -> None:
    assert months_between(date(2025, 11, 1), TODAY) == 13
    assert months_between(date(2025, 12, 2), TODAY) == 11  # one day short of 12 months
    assert months_between(date(2025, 12, 1), TODAY) == 12
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    # Valid through the day 12 months on, expired from the day after.
    assert not is_expired(date(2025, 12, 1), 12, TODAY)
    assert is_expired(date(2025, 11, 30), 12, TODAY)


@pytest.mark.real_bank
def test_a_drill_13_months_old_is_flagged_and_capped(real_bank: Bank) -> None:
    answers = all_fours(real_bank)
    fresh = score(real_bank, answers, "library", dated={"cr_drill_calendar": date(2026, 1, 1)}, today=TODAY)
    assert fresh.expired == {}
    assert fresh.dimensions["crisis_readiness"].score == 100.0

    stale = score(real_bank, answers, "library", dated={"cr_drill_calendar": date(2025, 11, 1)}, today=TODAY)
    # 13 whole months from 2025-11-01 to 2026-12-01; the bank's cap is step 2.
    assert stale.expired == {
        "cr_drill_calendar": {
            "dated": "2025-11-01",
            "months": 13,
            "expires_months": 12,
            "given": 4,
            "counted": 2,
        }
    }
    # Six questions of weight 1: (5 × 4 + 2) / 24 = 91.666… → 91.7, still level 5 (80+).
    cr = stale.dimensions["crisis_readiness"]
    assert cr.score == 91.7
    assert cr.level == 5
    # The other dimensions keep 100; the overall is (4 × 100 + 91.7) / 5 = 98.34 → 98.3.
    assert stale.overall_score == 98.3
    # The plan reads the capped step: the drill calendar is recommended again (it applies below 3).
    assert stale.answers["cr_drill_calendar"] == 2
    assert "rec_cr_drill_calendar" in {i.id for i in recommend(real_bank, stale).items}
    assert "rec_cr_drill_calendar" not in {i.id for i in recommend(real_bank, fresh).items}


@pytest.mark.real_bank
def test_expiry_never_raises_and_skips_unknowns(real_bank: Bank) -> None:
    answers: dict[str, AnswerValue] = {
        **all_fours(real_bank),
        "cr_drill_calendar": 1,
        "cr_account_security": "dk",
    }
    old = date(2020, 1, 1)
    result = score(
        real_bank,
        answers,
        "library",
        dated={"cr_drill_calendar": old, "cr_account_security": old},
        today=TODAY,
    )
    # Step 1 is under the cap of 2: flagged, counted as given. "Don't know" carries no evidence.
    assert result.expired["cr_drill_calendar"]["counted"] == 1
    assert "cr_account_security" not in result.expired
    # A question without an expiry in the bank is never flagged, however old its date.
    result = score(real_bank, all_fours(real_bank), "library", dated={"ho_response": old}, today=TODAY)
    assert result.expired == {}


@pytest.mark.real_bank
def test_the_flag_survives_the_stored_snapshot(real_bank: Bank) -> None:
    result = score(
        real_bank,
        all_fours(real_bank),
        "library",
        dated={"cr_drill_calendar": date(2025, 11, 1)},
        today=TODAY,
    )
    stored = snapshot.dumps(result, recommend(real_bank, result))
    assert snapshot.result_of(stored).expired == result.expired
    # A snapshot from before expiry existed reads with nothing expired.
    old = result.to_dict()
    del old["expired"]
    assert type(result).from_dict(old).expired == {}


@pytest.mark.real_bank
@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Last drill 13 months ago (counted as step 2 instead of 4)"),
        ("es", "Último simulacro: hace 13 meses (se cuenta como paso 2 en lugar de 4)"),
        ("it", "Ultima simulazione: 13 mesi fa (contato come gradino 2 invece di 4)"),
    ],
)
def test_the_pdf_flags_the_expired_answer_on_its_dimension_page(
    real_bank: Bank, lang: str, line: str
) -> None:
    from datetime import UTC, datetime

    from assessment.outputs.export import Scored
    from assessment.outputs.labels import evidence_line
    from assessment.outputs.report_html import document

    result = score(
        real_bank,
        all_fours(real_bank),
        "library",
        dated={"cr_drill_calendar": date(2025, 11, 1)},
        today=TODAY,
    )
    assert evidence_line(real_bank, "cr_drill_calendar", result.expired["cr_drill_calendar"], lang) == line
    # One month: the singular.
    one = {**result.expired["cr_drill_calendar"], "months": 1, "counted": 4}
    assert evidence_line(real_bank, "cr_drill_calendar", one, "en") == "Last drill 1 month ago"
    html = document(
        real_bank,
        Scored("Biblioteca", "", result, recommend(real_bank, result), "library"),
        lang,
        datetime(2026, 12, 1, tzinfo=UTC),
    )
    assert f'<li class="expired">{line}</li>' in html


@pytest.mark.real_bank
def test_the_bank_refuses_a_cap_without_an_expiry_and_an_expiry_without_its_label(real_bank: Bank) -> None:
    from pydantic import ValidationError

    from assessment.bank.model import Question

    drill = real_bank.questions["cr_drill_calendar"].model_dump(exclude_none=True)
    assert Question.model_validate(drill).evidence_cap_step == 2
    for broken in (
        {k: v for k, v in drill.items() if k != "evidence_expires_months"},  # a cap, no expiry
        {k: v for k, v in drill.items() if k != "evidence_label"},  # an expiry, no label
        {**drill, "evidence_cap_step": 4},  # capping at the top step caps nothing
        {**drill, "evidence_expires_months": 0},
    ):
        with pytest.raises(ValidationError):
            Question.model_validate(broken)


@pytest.mark.real_bank
def test_the_answers_file_appends_the_date_and_the_step_given(real_bank: Bank) -> None:
    import csv
    import io

    from assessment.outputs.export import ANSWER_COLUMNS, AnswerNote, answers_csv

    result = score(
        real_bank,
        all_fours(real_bank),
        "library",
        dated={"cr_drill_calendar": date(2025, 11, 1)},
        today=TODAY,
    )
    notes = {
        "cr_drill_calendar": AnswerNote(None, None, None, "2025-11-01"),
        "cr_written_manual": AnswerNote(None, None, None, "2026-10-01"),
    }
    text = answers_csv(real_bank, result.answers, notes, "en", result.expired)
    rows = {r["question_id"]: r for r in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))}
    assert ANSWER_COLUMNS[-3:] == ["evidence_date", "evidence_expired", "answer_given"]
    drill = rows["cr_drill_calendar"]
    # The step counted (as in the scores and the plan), then the date, the flag and the step chosen.
    assert (drill["answer"], drill["evidence_date"], drill["evidence_expired"], drill["answer_given"]) == (
        "2",
        "2025-11-01",
        "true",
        "4",
    )
    manual = rows["cr_written_manual"]
    assert (manual["answer"], manual["evidence_expired"], manual["answer_given"]) == ("4", "false", "")
    assert rows["ho_response"]["evidence_expired"] == ""
