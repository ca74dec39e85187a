"""The quick check as bank data (bank.yaml, `forms.quick`): what it holds, and every rule the validator keeps.

Each test breaks one thing in a fresh copy of the valid YAML bank of helpers.py (q6 of every dimension applies
to libraries and town halls only) and checks the exact message a bank author reads."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from assessment.bank import load_bank
from assessment.bank.model import DIMENSION_IDS
from tests.helpers import PREFIX, bank_problems, write_bank

INFO = "questions/bank.yaml"


def quick_pairs() -> list[str]:
    return [f"{p}_q{n}" for p in PREFIX.values() for n in (1, 2)]


def with_quick(files: dict[str, Any], questions: list[str], **extra: Any) -> dict[str, Any]:
    files["bank.yaml"]["forms"] = {"quick": {"questions": questions, **extra}}
    return files


def problems_after(tmp_path: Path, files: dict[str, Any]) -> list[str]:
    return bank_problems(write_bank(tmp_path / "questions", files))


def test_a_bank_without_forms_has_no_quick_check(bank_dir: Path) -> None:
    bank = load_bank(bank_dir)
    assert bank.quick is None
    assert bank.quick_ids == frozenset()
    # The full survey, and a quick check the bank does not define, ask every question.
    assert [q.id for q in bank.form_questions("quick")] == list(bank.questions)


def test_the_quick_form_loads_in_bank_order(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    order = list(reversed(quick_pairs()))
    bank = load_bank(write_bank(tmp_path / "questions", with_quick(bank_files, order)))
    assert bank.quick is not None and bank.quick.min_answered == 1.0, "answer every quick question by default"
    in_bank_order = [qid for qid in bank.questions if qid in set(order)]
    assert [q.id for q in bank.form_questions("quick")] == in_bank_order, "asked in the bank's order"
    assert in_bank_order[:2] == ["cs_q1", "cs_q2"], "files load in name order: community_stewardship first"
    assert len(bank.form_questions("full")) == 35


def test_the_quick_form_takes_its_share_of_the_reading_time(
    tmp_path: Path, bank_files: dict[str, Any]
) -> None:
    bank = load_bank(write_bank(tmp_path / "questions", with_quick(bank_files, quick_pairs())))
    # One fixture question in English: "How is sf_q1 done?" (4 words) and five options "sf_q1 practice a"
    # (3 words each): 19 words; its help "Help for sf_q1" is 3 more, no quality text. Ten questions: 190
    # words, 220 with the help. At 200 words a minute and 5 s a click: 190 / 200 + 10 × 5 / 60 = 0.95 + 0.83
    # = 1.78 → 2 minutes (rounded up); 220 / 200 + 0.83 = 1.93 → 2 minutes. The full survey's 35 questions:
    # 665 / 200 + 2.92 = 6.24 → 7; 770 / 200 + 2.92 = 6.77 → 7.
    assert bank.reading_minutes("en", "quick") == (2, 2)
    assert bank.reading_minutes("en", "full") == (7, 7)
    # Whatever the estimate, a form's is the estimate of a bank holding only its questions.
    only_quick = dataclasses.replace(bank, questions={q.id: q for q in bank.form_questions("quick")})
    for lang in ("en", "es", "it"):
        assert bank.reading_minutes(lang, "quick") == only_quick.reading_minutes(lang)
        assert bank.reading_minutes(lang, "full") == bank.reading_minutes(lang)
    assert bank.reading_minutes("it", "quick") < bank.reading_minutes("it", "full")


def test_a_quick_question_must_exist(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    files = with_quick(bank_files, [*quick_pairs(), "sf_nowhere"])
    assert problems_after(tmp_path, files) == [
        f"{INFO}: forms.quick: questions[10]: unknown question 'sf_nowhere'"
    ]


def test_a_quick_question_is_listed_once(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    files = with_quick(bank_files, [*quick_pairs(), "cr_q1"])
    assert problems_after(tmp_path, files) == [f"{INFO}: forms.quick: questions[10]: 'cr_q1' is listed twice"]


def test_a_quick_question_applies_to_every_organization_type(
    tmp_path: Path, bank_files: dict[str, Any]
) -> None:
    files = with_quick(bank_files, [*quick_pairs(), "pi_q6"])
    assert problems_after(tmp_path, files) == [
        f"{INFO}: forms.quick: questions[10]: 'pi_q6' applies only to library, town_hall (applies_to); "
        "a quick-check question must apply to every organization type"
    ]


def test_every_dimension_has_a_quick_question(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    files = with_quick(bank_files, [q for q in quick_pairs() if not q.startswith("ho_")])
    assert problems_after(tmp_path, files) == [
        f"{INFO}: forms.quick: questions: no question of help_orientation: "
        "the quick check places every dimension"
    ]


def test_one_question_for_a_dimension_is_enough(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    files = with_quick(bank_files, [q for q in quick_pairs() if q != "ho_q2"])
    assert problems_after(tmp_path, files) == []


def test_four_quick_questions_in_a_dimension_are_too_many(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    files = with_quick(bank_files, [*quick_pairs(), "cs_q3", "cs_q4"])
    assert problems_after(tmp_path, files) == [
        f"{INFO}: forms.quick: questions: 4 questions of community_stewardship; "
        "at most 3 (about two a dimension)"
    ]


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (0, "Input should be greater than 0"),
        (1.5, "Input should be less than or equal to 1"),
        ("most", "Input should be a valid number, unable to parse string as a number"),
    ],
)
def test_the_quick_threshold_is_a_share_above_0(
    tmp_path: Path, bank_files: dict[str, Any], value: object, why: str
) -> None:
    files = with_quick(bank_files, quick_pairs(), min_answered=value)
    assert problems_after(tmp_path, files) == [f"{INFO}: forms.quick.min_answered: {why}"]


def test_an_unknown_form_or_field_is_named(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    bank_files["bank.yaml"]["forms"] = {"quick": {"questions": quick_pairs(), "minutes": 5}, "short": {}}
    assert sorted(problems_after(tmp_path, bank_files)) == [
        f"{INFO}: forms.quick.minutes: unknown field (misspelt?)",
        f"{INFO}: forms.short: unknown field (misspelt?)",
    ]


def test_the_quick_check_must_take_under_ten_minutes(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    # Two quick questions of crisis readiness whose Italian text is 1,151 words long: at 200 words a minute
    # almost 6 minutes each, so the Italian check takes over ten; English and Spanish stay at 2. (The stem
    # opens with "Come" so the wording rules have nothing to say; words of two letters keep it under the
    # 4,000 characters a text may hold.)
    long_text = "Come " + " ".join(["di"] * 1150) + "?"
    for q in bank_files["questions/crisis_readiness.yaml"][:2]:
        q["text"]["it"] = long_text
    files = with_quick(bank_files, quick_pairs())
    [problem] = problems_after(tmp_path, files)
    assert problem.startswith(f"{INFO}: forms.quick: questions: takes about 1")
    assert problem.endswith(
        " minutes in Italian (help texts left unread); the quick check must take under 10"
    )
    # Long help texts alone do not count against it: the help is there for whoever needs it. (The wording
    # rules keep a help text to 50 words, so this bank is loaded without them.)
    for q in bank_files["questions/crisis_readiness.yaml"][:2]:
        q["text"]["it"] = "Come si fa, in breve?"
        q["help"]["it"] = " ".join(["di"] * 1150)
    root = write_bank(tmp_path / "again", files)
    assert problems_after(tmp_path / "lint", files) != [], "the wording rules refuse such a help text"
    bank = load_bank(root, lint=False)
    low, high = bank.reading_minutes("it", "quick")
    assert low < 10 <= high


def test_the_real_bank_quick_check_is_valid_and_short(real_bank) -> None:
    assert real_bank.quick is not None, "questions/bank.yaml defines forms.quick"
    per_dim = {
        d: [q.id for q in real_bank.form_questions("quick") if q.dimension == d] for d in DIMENSION_IDS
    }
    assert all(1 <= len(qs) <= 3 for qs in per_dim.values()), per_dim
    for lang in ("en", "es", "it"):
        assert real_bank.reading_minutes(lang, "quick")[0] < 10
