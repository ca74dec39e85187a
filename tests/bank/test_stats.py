"""How long the survey takes: `python -m assessment stats` and the Start page's minutes, one estimate.

On the valid YAML bank of helpers.py (35 questions), counted by hand with words split on spaces:

    stem      en "How is cr_q1 done?" 4 · es "¿Cómo se hace cr_q1? (español, año)" 6 · it "Come si fa …" 6
    option    en "cr_q1 practice a" 3 · es/it 5 (the same plus "(español, año)") — five per question
    help      en "Help for cr_q1" 3 · es/it 5
    quality   only cr_q1's, added below: 3 words in each language

    en: stems 35·4 = 140, options 35·5·3 = 525, help 35·3 = 105, quality 3 → 773 words
    es, it: stems 35·6 = 210, options 35·5·5 = 875, help 35·5 = 175, quality 3 → 1,263 words
    35 clicks at 5 s = 175 s = 2.9167 min
    en: 773 / 200 + 2.9167 = 6.78 min; stems and options only 665 / 200 + 2.9167 = 6.24
    es, it: 1,263 / 200 + 2.9167 = 9.23 min; stems and options only 1,085 / 200 + 2.9167 = 8.34
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessment.bank import Bank, load_bank
from assessment.bank.stats import reading, whole_minutes
from tests.cli_support import run
from tests.helpers import find, write_bank

QUALITY = {"en": "The signed log", "es": "El registro firmado", "it": "Il registro firmato"}


@pytest.fixture
def measured_dir(tmp_path: Path, bank_files: dict[str, Any]) -> Path:
    find(bank_files["questions/crisis_readiness.yaml"], "cr_q1")["quality"] = QUALITY
    return write_bank(tmp_path / "questions", bank_files)


@pytest.fixture
def measured(measured_dir: Path) -> Bank:
    return load_bank(measured_dir)


@pytest.mark.parametrize(
    ("lang", "counts", "minutes", "without_help"),
    [
        ("en", (140, 525, 105, 3, 773), 6.78167, 6.24167),
        ("es", (210, 875, 175, 3, 1263), 9.23167, 8.34167),
        ("it", (210, 875, 175, 3, 1263), 9.23167, 8.34167),
    ],
)
def test_words_and_minutes_by_hand(
    measured: Bank, lang: str, counts: tuple[int, ...], minutes: float, without_help: float
) -> None:
    r = reading(measured.questions.values(), lang)
    assert (r.stems, r.options, r.help, r.quality, r.words) == counts
    assert (r.questions, r.clicks) == (35, 35)
    assert r.minutes == pytest.approx(minutes, abs=1e-4)
    assert r.minutes_without_help == pytest.approx(without_help, abs=1e-4)
    # Without the 3 quality words: en 770 / 200 + 2.9167 = 6.7667; es, it 1,260 / 200 + 2.9167 = 9.2167.
    assert r.minutes_without_quality == pytest.approx(minutes - 3 / 200, abs=1e-4)


@pytest.mark.parametrize(("lang", "expected"), [("en", (7, 7)), ("es", (9, 10)), ("it", (9, 10))])
def test_the_start_page_minutes_are_the_same_estimate_rounded_up(
    measured: Bank, lang: str, expected: tuple[int, int]
) -> None:
    # 6.24 → 7 and 6.78 → 7; 8.34 → 9 and 9.23 → 10.
    assert measured.reading_minutes(lang) == expected


def test_whole_minutes_round_up_but_not_a_float_hair() -> None:
    assert [whole_minutes(m) for m in (0.0, 6.01, 7.0, 7.0000000001, 24.5)] == [0, 7, 7, 7, 25]


def test_stats_command(measured_dir: Path) -> None:
    done = run("stats", "--bank", measured_dir)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Question bank 2026.test.1: 35 questions, 5 dimensions."
    assert "200 a minute + 5 s a click, one click per question (35 clicks)" in lines[1]
    assert "stem, options, help and quality" in lines[2], "says what is counted"
    assert lines[3].startswith("minutes: reading all of it; no quality: without the quality texts")
    # Without quality: en 770 / 200 + 2.9167 = 6.77; es, it 1,260 / 200 + 2.9167 = 9.22.
    table = [line.split() for line in lines[5:9]]
    assert table == [
        ["lang", "stems", "options", "help", "quality", "words", "minutes", "no", "quality", "no", "help"],
        ["en", "140", "525", "105", "3", "773", "6.8", "6.8", "6.2"],
        ["es", "210", "875", "175", "3", "1263", "9.2", "9.2", "8.3"],
        ["it", "210", "875", "175", "3", "1263", "9.2", "9.2", "8.3"],
    ]
    assert lines[10] == "Questions per dimension:"
    assert [line.split() for line in lines[11:]] == [
        ["strategic_focus", "7"],
        ["help_orientation", "7"],
        ["community_stewardship", "7"],
        ["platform_independence", "7"],
        ["crisis_readiness", "7"],
    ]


def test_stats_measure_a_bank_whose_wording_is_still_being_fixed(
    tmp_path: Path, bank_files: dict[str, Any]
) -> None:
    find(bank_files["questions/crisis_readiness.yaml"], "cr_q2")["text"]["en"] = "Is there a plan?"
    root = write_bank(tmp_path / "questions", bank_files)
    assert run("validate", "--bank", root).returncode == 1
    done = run("stats", "--bank", root)
    assert done.returncode == 0, done.stderr
    # One stem of 4 words became one of 4 words: the English count stays 140.
    assert ["en", "140", "525", "105", "0", "770", "6.8", "6.8", "6.2"] in [
        line.split() for line in done.stdout.splitlines()
    ]


def test_stats_on_a_broken_bank_lists_its_problems(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    del find(bank_files["questions/crisis_readiness.yaml"], "cr_q3")["options"][2]["text"]["it"]
    done = run("stats", "--bank", write_bank(tmp_path / "questions", bank_files))
    assert done.returncode == 1
    assert "cr_q3: options[2].text.it: missing Italian text" in done.stderr
    assert done.stdout == ""
