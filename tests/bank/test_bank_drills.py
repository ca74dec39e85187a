"""The bank's drill calendar (questions/drills.yaml): it loads, every broken rule is reported with file, item
and field, a bank without it gives no drill calendar, and its cadence sets the dates.

Each validation test breaks one thing in a fresh copy of the valid YAML bank of helpers.py, whose drills.yaml
names cr_q5 as the calendar question, every 2 months, with the scenarios hacked_account (cr_q4), lost_phone
(cr_q2, cr_q6) and troll (cs_q5)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from assessment.bank import load_bank
from assessment.engine.drills import drill_plan
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.outputs.calendar import calendar_bytes
from assessment.outputs.export import Scored
from tests.helpers import REPO, all_answers, bank_problems, find, write_bank

DRILLS = "questions/drills.yaml"


def problems_after(tmp_path: Path, files: dict[str, Any]) -> list[str]:
    return bank_problems(write_bank(tmp_path / "questions", files))


def scenario(files: dict[str, Any], sid: str) -> dict[str, Any]:
    return find(files["drills.yaml"]["scenarios"], sid)


def test_the_drills_load(bank_dir: Path) -> None:
    drills = load_bank(bank_dir).drills
    assert drills is not None
    assert (drills.dimension, drills.question, drills.every_months) == ("crisis_readiness", "cr_q5", 2)
    assert [(s.id, s.questions) for s in drills.scenarios] == [
        ("hacked_account", ["cr_q4"]),
        ("lost_phone", ["cr_q2", "cr_q6"]),
        ("troll", ["cs_q5"]),
    ]
    assert drills.scenario("troll").title("it") == "drill troll (italiano, città)"


def test_a_bank_without_drills_gives_no_drill_calendar(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    del bank_files["drills.yaml"]
    bank = load_bank(write_bank(tmp_path / "questions", bank_files))
    assert bank.drills is None
    result = score(bank, all_answers(bank, 0))  # every gap at its widest: drills would all be due
    assert drill_plan(bank, result, date(2026, 3, 9)) == []
    entry = Scored("Org", "", result, recommend(bank, result))  # no dated plan item either
    assert calendar_bytes(bank, entry, "en", date(2026, 3, 9)) is None


def test_validate_says_what_the_drills_are(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    def validate(root: Path) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "assessment", "validate", "--bank", str(root)],
            cwd=REPO,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            env={**os.environ, "PYTHONUTF8": "1"},
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "drills: 3 scenarios, one every 2 months\n" in validate(write_bank(tmp_path / "a", bank_files))
    del bank_files["drills.yaml"]
    out = validate(write_bank(tmp_path / "b", bank_files))
    assert "drills: none (no drills.yaml), so no drill calendar\n" in out


# ------------------------------------------------------------------------------------------- the rules
def test_unknown_question_in_a_scenario(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    scenario(bank_files, "lost_phone")["questions"] = ["cr_q2", "cr_nope"]
    assert problems_after(tmp_path, bank_files) == [
        f"{DRILLS}: lost_phone: questions[1]: unknown question 'cr_nope'"
    ]


def test_unknown_calendar_question(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    bank_files["drills.yaml"]["question"] = "cr_drills_yearly"
    assert problems_after(tmp_path, bank_files) == [
        f"{DRILLS}: drills: question: unknown question 'cr_drills_yearly'"
    ]


def test_the_calendar_question_must_be_of_the_named_dimension(
    tmp_path: Path, bank_files: dict[str, Any]
) -> None:
    bank_files["drills.yaml"]["question"] = "sf_q2"
    assert problems_after(tmp_path, bank_files) == [
        f"{DRILLS}: drills: question: 'sf_q2' is a question of strategic_focus; the question that says "
        "whether drills run on a calendar must be one of crisis_readiness (dimension)"
    ]


def test_unknown_dimension(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    bank_files["drills.yaml"]["dimension"] = "crisis"
    assert f"{DRILLS}: drills: dimension: unknown dimension 'crisis'" in problems_after(tmp_path, bank_files)


def test_duplicate_scenario_id(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    scenario(bank_files, "troll")["id"] = "hacked_account"
    assert problems_after(tmp_path, bank_files) == [
        f"{DRILLS}: hacked_account: id: duplicate scenario id (also scenarios[0])"
    ]


@pytest.mark.parametrize("months", [0, 13, -2])
def test_cadence_outside_one_to_twelve_months(
    tmp_path: Path, bank_files: dict[str, Any], months: int
) -> None:
    bank_files["drills.yaml"]["every_months"] = months
    assert problems_after(tmp_path, bank_files) == [
        f"{DRILLS}: drills: every_months: must be 1–12 months between two drills (found {months}): at least "
        "one drill a year"
    ]


@pytest.mark.parametrize("months", [1, 12])
def test_cadence_of_one_and_of_twelve_months(tmp_path: Path, bank_files: dict[str, Any], months: int) -> None:
    bank_files["drills.yaml"]["every_months"] = months
    assert problems_after(tmp_path, bank_files) == []


def test_cadence_must_be_a_whole_number(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    bank_files["drills.yaml"]["every_months"] = "two"
    assert problems_after(tmp_path, bank_files) == [
        f"{DRILLS}: drills: every_months: Input should be a valid integer, unable to parse string as an "
        "integer"
    ]


def test_a_scenario_with_no_question(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    scenario(bank_files, "troll")["questions"] = []
    assert problems_after(tmp_path, bank_files) == [
        f"{DRILLS}: troll: questions: needs at least one question: the answers that say how ready the "
        "organization is for it"
    ]


def test_a_scenario_without_its_questions_field(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    del scenario(bank_files, "troll")["questions"]
    assert problems_after(tmp_path, bank_files) == [f"{DRILLS}: troll: questions: required field is missing"]


def test_missing_italian_description(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    del scenario(bank_files, "lost_phone")["description"]["it"]
    assert problems_after(tmp_path, bank_files) == [
        f"{DRILLS}: lost_phone: description.it: missing Italian text"
    ]


def test_empty_spanish_title(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    scenario(bank_files, "hacked_account")["title"]["es"] = "  "
    assert problems_after(tmp_path, bank_files) == [f"{DRILLS}: hacked_account: title.es: empty Spanish text"]


def test_no_scenarios(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    bank_files["drills.yaml"]["scenarios"] = []
    assert problems_after(tmp_path, bank_files) == [
        f"{DRILLS}: drills: scenarios: needs at least one scenario"
    ]
    del bank_files["drills.yaml"]["scenarios"]
    assert problems_after(tmp_path, bank_files) == [f"{DRILLS}: drills: scenarios: required field is missing"]


def test_unknown_field(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    bank_files["drills.yaml"]["every_weeks"] = 8
    scenario(bank_files, "troll")["question"] = ["cs_q5"]
    assert problems_after(tmp_path, bank_files) == [
        f"{DRILLS}: troll: question: unknown field (misspelt?)",
        f"{DRILLS}: drills: every_weeks: unknown field (misspelt?)",
    ]


def test_a_file_that_is_a_list(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    bank_files["drills.yaml"] = bank_files["drills.yaml"]["scenarios"]
    assert problems_after(tmp_path, bank_files) == [
        f"{DRILLS}: must be a mapping of fields (dimension, question, every_months, scenarios), found list"
    ]


def test_the_wording_rules_hold_in_drill_texts(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    scenario(bank_files, "troll")["description"]["es"] = (
        "¿Qué haríais si un troll insulta a vuestros miembros?"
    )
    scenario(bank_files, "troll")["description"]["it"] = "Come si spiega alla community?"
    assert problems_after(tmp_path, bank_files) == [
        f"{DRILLS}: troll: description.es: uses the familiar plural of Spain (haríais, vuestros): "
        "write with usted/ustedes or an impersonal form",
        f"{DRILLS}: troll: description.it: says “community”: write “comunità” (only the role “community "
        "manager” keeps it)",
    ]


def test_a_broken_question_is_not_reported_again_where_a_scenario_names_it(
    tmp_path: Path, bank_files: dict[str, Any]
) -> None:
    del find(bank_files["questions/crisis_readiness.yaml"], "cr_q4")["help"]
    assert problems_after(tmp_path, bank_files) == [
        "questions/questions/crisis_readiness.yaml: cr_q4: help: required field is missing"
    ]


# ---------------------------------------------------------------------------------------- the cadence
def test_every_three_months_sets_the_dates(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    """The valid bank with drills every 3 months, every answer at step 0: no drills on a calendar yet (cr_q5
    at 0), every gap 1.0, so the three scenarios in the file's order, from the month after 20 November 2026,
    three months apart. By hand: 1 December 2026 is a Tuesday; 1 March 2027 a Monday (February 2027 has 28
    days and begins on a Monday), so the 2nd; 1 June 2027 a Tuesday (1 April a Thursday, 1 May a Saturday)."""
    bank_files["drills.yaml"]["every_months"] = 3
    bank = load_bank(write_bank(tmp_path / "questions", bank_files))
    result = score(bank, all_answers(bank, 0))
    start = date(2026, 11, 20)
    drills = drill_plan(bank, result, start)
    assert [(d.scenario, d.day, d.gap) for d in drills] == [
        ("hacked_account", date(2026, 12, 1), 1.0),
        ("lost_phone", date(2027, 3, 2), 1.0),
        ("troll", date(2027, 6, 1), 1.0),
    ]
    # The .ics carries the same dates and the bank's titles and descriptions.
    entry = Scored("Org", "", result, recommend(bank, result))
    data = calendar_bytes(bank, entry, "es", start, datetime(2026, 11, 20, tzinfo=UTC))
    assert data is not None
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events] == [
        ("Simulacro de crisis: drill hacked_account (español, año)", date(2026, 12, 1)),
        ("Simulacro de crisis: drill lost_phone (español, año)", date(2027, 3, 2)),
        ("Simulacro de crisis: drill troll (español, año)", date(2027, 6, 1)),
    ]
    assert str(events[2]["DESCRIPTION"]).startswith("What if troll (español, año)\n")
