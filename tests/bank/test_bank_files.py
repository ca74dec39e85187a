"""The bank loader on broken and hostile files (issue 11): aliases, duplicate keys, folders where files
should be, ids the CSV formats reserve, and bounds on sizes and counts. Each is refused with its file
(and line, item id or field), never a hang, a traceback or a bank that says what its author did not mean.

Each test breaks one thing in a fresh copy of the valid YAML bank of helpers.py (tmp/questions).
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest

from assessment.bank import BankError, load_bank, yaml_files
from assessment.bank import loader as bank_loader
from tests.helpers import alias_bomb, bank_problems, find, write_bank

SF_Q = "questions/questions/strategic_focus.yaml"
SF_R = "questions/recommendations/strategic_focus.yaml"


def problems_after(tmp_path: Path, files: dict[str, Any]) -> list[str]:
    return bank_problems(write_bank(tmp_path / "questions", files))


# ---------------------------------------------------------------------------------------- YAML aliases
@pytest.mark.timeout(60)  # the unbounded loader never returned: fail rather than hang the suite
def test_an_alias_bomb_is_refused_before_it_expands(bank_dir: Path) -> None:
    # Item 3: `validate` ran for 30 s and 1.3 GB expanding str() of the second item's id.
    (bank_dir / "questions" / "strategic_focus.yaml").write_text(alias_bomb(), encoding="utf-8")
    problems = bank_problems(bank_dir)
    aliases = [p for p in problems if "YAML aliases are not allowed in the bank" in p]
    # The first alias is on line 3, in lol1's list ("  lol1: &l1 [" is 13 characters); &l0 is on line 2.
    assert aliases[0] == (
        f"{SF_Q}: line 3, column 14: the alias *l0 repeats the value anchored on line 2; YAML aliases are "
        "not allowed in the bank: write the value out where it is needed"
    )
    assert len(aliases) == yaml_files.MAX_REPORTED, "a bounded list, not one line per alias"


def test_a_single_shared_text_is_refused_too(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    root = write_bank(tmp_path / "questions", bank_files)
    path = root / "levels.yaml"
    text = path.read_text(encoding="utf-8")
    first_name = text.index("  name:")
    second_name = text.index("  name:", first_name + 1)
    end = text.index("\n  description:", second_name)
    # Level 2's name becomes an alias of level 1's: the same text twice, written once.
    text = text[:first_name] + "  name: &shared" + text[first_name + 7 :]
    second_name = text.index("  name:", text.index("&shared"))
    end = text.index("\n  description:", second_name)
    text = text[:second_name] + "  name: *shared" + text[end:]
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("*shared")].count("\n") + 1
    anchor = text[: text.index("&shared")].count("\n") + 1
    assert bank_problems(root) == [
        f"questions/levels.yaml: line {line}, column 9: the alias *shared repeats the value anchored on "
        f"line {anchor}; YAML aliases are not allowed in the bank: write the value out where it is needed"
    ]


def test_a_merge_key_is_an_alias_too(bank_dir: Path) -> None:
    path = bank_dir / "dimensions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("- id: strategic_focus", "- &base\n  id: strategic_focus", 1)
        + "- <<: *base\n  id: extra\n",
        encoding="utf-8",
    )
    problems = bank_problems(bank_dir)
    assert any(p.startswith("questions/dimensions.yaml: line ") and "the alias *base" in p for p in problems)


def test_deep_nesting_is_a_yaml_error_not_a_crash(bank_dir: Path) -> None:
    (bank_dir / "levels.yaml").write_text("[" * 50_000, encoding="utf-8")
    problems = bank_problems(bank_dir)
    assert any(
        p.startswith("questions/levels.yaml: is not valid YAML") and "maximum nesting depth" in p
        for p in problems
    ), problems


# ----------------------------------------------------------------------------------------- duplicate keys
def test_a_second_version_in_bank_yaml_is_refused(bank_dir: Path) -> None:
    # Item 6: the last `version:` won without a word.
    path = bank_dir / "bank.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("version: 2026.test.1\n")
    path.write_text(text + "version: 2027.other\n", encoding="utf-8")
    last = text.count("\n") + 1
    assert bank_problems(bank_dir) == [
        f"questions/bank.yaml: line {last}: key 'version' appears twice in one mapping (first on line 1); "
        "YAML would silently keep the last one"
    ]


def test_a_repeated_weight_in_a_question_is_refused(bank_dir: Path) -> None:
    path = bank_dir / "questions" / "strategic_focus.yaml"
    text = path.read_text(encoding="utf-8")
    head = "- id: sf_q1\n"
    assert text.startswith(head)
    path.write_text(head + "  weight: 1\n  weight: 3\n" + text[len(head) :], encoding="utf-8")
    assert bank_problems(bank_dir) == [
        f"{SF_Q}: line 3: key 'weight' appears twice in one mapping (first on line 2); YAML would "
        "silently keep the last one"
    ]


def test_a_repeated_language_inside_a_text_is_refused(bank_dir: Path) -> None:
    path = bank_dir / "principles.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title:\n", "title:\n    en: Shadowed\n", 1),
        encoding="utf-8",
    )
    problems = bank_problems(bank_dir)
    assert len(problems) == 1 and "key 'en' appears twice in one mapping" in problems[0]


# --------------------------------------------------------------------------- folders where files should be
def test_a_question_file_that_is_a_folder(bank_dir: Path) -> None:
    # Item 4: IsADirectoryError, a traceback in `validate` and a redacted exception in the app.
    (bank_dir / "questions" / "extra.yaml").mkdir()
    assert "questions/questions/extra.yaml: is a folder, not a YAML file" in bank_problems(bank_dir)


def test_bank_yaml_that_is_a_folder(bank_dir: Path) -> None:
    (bank_dir / "bank.yaml").unlink()
    (bank_dir / "bank.yaml").mkdir()
    assert "questions/bank.yaml: is a folder, not a YAML file" in bank_problems(bank_dir)


def test_a_fifo_or_a_device_is_not_read(bank_dir: Path) -> None:
    # Reading a FIFO blocks until someone writes to it; /dev/zero never ends.
    (bank_dir / "levels.yaml").unlink()
    os.mkfifo(bank_dir / "levels.yaml")
    (bank_dir / "principles.yaml").unlink()
    (bank_dir / "principles.yaml").symlink_to("/dev/zero")
    problems = bank_problems(bank_dir)
    assert "questions/levels.yaml: is not a regular file" in problems
    assert "questions/principles.yaml: is not a regular file" in problems


def test_a_file_that_cannot_be_read(bank_dir: Path) -> None:
    # A regular file whose read fails, whoever runs the test (root reads a file of any mode): reading
    # /proc/self/mem at offset 0 is an I/O error.
    (bank_dir / "levels.yaml").unlink()
    (bank_dir / "levels.yaml").symlink_to("/proc/self/mem")
    assert "questions/levels.yaml: cannot be read (Input/output error)" in bank_problems(bank_dir)


# ---------------------------------------------------------------------------------------------- reserved ids
@pytest.mark.parametrize("qid", ["organization", "unit", "organization_type"])
def test_a_question_id_that_is_a_column_of_the_responses_csv(
    tmp_path: Path, bank_files: dict[str, Any], qid: str
) -> None:
    # Item 5: `template` wrote `unit` twice and `score` refused its own template.
    find(bank_files["questions/strategic_focus.yaml"], "sf_q7")["id"] = qid  # cited by no recommendation
    assert problems_after(tmp_path, bank_files) == [
        f"{SF_Q}: {qid}: id: '{qid}' is a column of the responses CSV (organization, unit, "
        "organization_type); a question cannot take that id"
    ]


def test_a_recommendation_named_like_a_keep_doing_row(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    # recommendations.csv writes keep_<dimension> rows: a recommendation of that id took their place.
    rec = find(bank_files["recommendations/strategic_focus.yaml"], "rec_sf_r4")
    rec["id"] = "keep_strategic_focus"
    assert problems_after(tmp_path, bank_files) == [
        f"{SF_R}: keep_strategic_focus: id: 'keep_strategic_focus' names the keep-doing row of "
        "strategic_focus; use another id"
    ]


# ------------------------------------------------------------------------------------------------ bounds
def test_a_file_over_the_size_limit_is_not_read(bank_dir: Path) -> None:
    path = bank_dir / "levels.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "#" * (1024 * 1024) + "\n", encoding="utf-8")
    assert bank_problems(bank_dir) == [
        "questions/levels.yaml: is larger than 1,024 KB, the most a bank file may be"
    ]


def test_too_many_items_in_a_file(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    items = bank_files["questions/strategic_focus.yaml"]
    bank_files["questions/strategic_focus.yaml"] = [
        {**copy.deepcopy(items[n % 7]), "id": f"sf_x{n}"} for n in range(bank_loader.MAX_ITEMS + 1)
    ]
    assert f"{SF_Q}: has 501 items; a bank file holds at most 500" in problems_after(tmp_path, bank_files)


def test_too_many_files_in_a_folder(bank_dir: Path) -> None:
    for n in range(bank_loader.MAX_FILES + 1):
        (bank_dir / "recommendations" / f"extra_{n:02d}.yaml").write_text("[]\n", encoding="utf-8")
    assert (
        "questions/recommendations: holds 26 *.yaml files; a bank has one per dimension (at most 20)"
        in bank_problems(bank_dir)
    )


def test_a_text_longer_than_the_limit(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["questions/strategic_focus.yaml"], "sf_q2")["help"]["es"] = "a" * 4001
    assert f"{SF_Q}: sf_q2: help.es: String should have at most 4000 characters" in problems_after(
        tmp_path, bank_files
    )


def test_a_control_character_in_a_text(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    find(bank_files["questions/strategic_focus.yaml"], "sf_q2")["text"]["it"] = "Rosso \x1b[31m qui"
    assert f"{SF_Q}: sf_q2: text.it: holds the control character U+001B; a text cannot hold it" in (
        problems_after(tmp_path, bank_files)
    )


@pytest.mark.parametrize(
    ("value", "why"),
    [("9" * 5000, "Exceeds the limit (4300 digits)"), ("2026-02-30", "day is out of range for month")],
)
def test_a_value_yaml_cannot_build_is_a_problem_with_its_line(bank_dir: Path, value: str, why: str) -> None:
    # PyYAML's int() and date() raise ValueError, which escaped the loader as a traceback.
    path = bank_dir / "levels.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("min_score: 20", f"min_score: {value}", 1), encoding="utf-8")
    line = text[: text.index("min_score: 20")].count("\n") + 1
    (problem,) = bank_problems(bank_dir)
    assert problem.startswith(f"questions/levels.yaml: is not valid YAML: line {line}, column 14: ")
    assert why in problem


def test_messages_never_carry_escape_sequences(bank_dir: Path) -> None:
    # A file name and an id straight from the folder: shown escaped, whatever they hold.
    evil = "\x1b]0;owned\x07\x1b[2J"
    (bank_dir / "questions" / f"{evil}.yaml").write_text(
        '- id: "sf_\\e]0;owned\\a\\e[2J"\n  dimension: strategic_focus\n', encoding="utf-8"
    )
    with pytest.raises(BankError) as caught:
        load_bank(bank_dir)
    shown = "\n".join(str(p) for p in caught.value.problems) + str(caught.value)
    assert "\x1b" not in shown and "\x07" not in shown
    assert "questions/questions/\\x1b]0;owned\\x07\\x1b[2J.yaml: sf_\\x1b]0;owned\\x07\\x1b[2J: id: " in shown
