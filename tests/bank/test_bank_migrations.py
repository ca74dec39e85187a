"""The mapping files of a bank that changes (questions/migrations/<from>.yaml): loaded with the bank, every
mistake named by file, old question id and field. The banks are helpers.py's N, N+1 and N+2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessment.bank import load_bank
from tests.helpers import (
    NEXT_VERSION,
    THIRD_VERSION,
    bank_problems,
    next_bank_files,
    third_bank_files,
    write_bank,
)

MAPPING = "questions/migrations/2026.test.1.yaml"


@pytest.fixture
def files() -> dict[str, Any]:
    return next_bank_files()


def _problems(tmp_path: Path, files: dict[str, Any]) -> list[str]:
    return bank_problems(write_bank(tmp_path / "questions", files))


def test_the_next_bank_loads_with_its_mapping(tmp_path: Path, files: dict[str, Any]) -> None:
    bank = load_bank(write_bank(tmp_path / "questions", files))
    assert bank.version == NEXT_VERSION
    path = bank.migration_path("2026.test.1")
    assert path is not None and [m.from_version for m in path] == ["2026.test.1"]
    assert path[0].questions["cr_q1"].step(2) == 1
    assert path[0].questions["cr_q1"].step(3) == 3, "a step the file leaves out keeps its number"
    assert path[0].questions["cr_q2"].step(4) is None
    assert path[0].landing["cs_together"] == ["cs_q1", "cs_q2"]
    assert bank.migration_path(NEXT_VERSION) == [], "this very version needs no mapping"
    assert bank.migration_path("2025.9.9") is None, "an unknown version has no way here"


def test_a_bank_without_mappings_has_none(bank_dir: Path) -> None:
    bank = load_bank(bank_dir)
    assert bank.migrations == {}
    assert bank.migration_path("2026.test.0") is None


def test_the_newest_file_must_lead_to_this_version(tmp_path: Path, files: dict[str, Any]) -> None:
    files["migrations/2026.test.1.yaml"]["to"] = "2026.test.9"
    problems = _problems(tmp_path, files)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{MAPPING}: to: '2026.test.9' is neither this bank's version ({NEXT_VERSION})"
    )


def test_every_new_id_must_be_a_question_of_this_bank(tmp_path: Path, files: dict[str, Any]) -> None:
    files["migrations/2026.test.1.yaml"]["questions"]["pi_q1"] = {"to": ["pi_q1a", "pi_q1c"]}
    assert _problems(tmp_path, files) == [
        f"{MAPPING}: pi_q1: to[1]: unknown question 'pi_q1c': not a question of this bank ({NEXT_VERSION})"
    ]


@pytest.mark.parametrize(
    ("steps", "why"),
    [
        ({5: 4}, "old steps must be 0–4 (found 5)"),
        ({4: 7}, "new steps must be 0–4 or null (found 4: 7)"),
        ({-1: 0}, "old steps must be 0–4 (found -1)"),
    ],
)
def test_steps_are_0_to_4_or_null(
    tmp_path: Path, files: dict[str, Any], steps: dict[int, int], why: str
) -> None:
    files["migrations/2026.test.1.yaml"]["questions"]["cr_q1"]["steps"] = steps
    assert _problems(tmp_path, files) == [f"{MAPPING}: cr_q1: steps: {why}"]


def test_an_old_id_listed_twice_is_named_with_both_lines(tmp_path: Path, files: dict[str, Any]) -> None:
    root = write_bank(tmp_path / "questions", files)
    path = root / "migrations" / "2026.test.1.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("  sf_q2:"))
    lines.append("  sf_q2: {to: [sf_q3]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert bank_problems(root) == [
        f"{MAPPING}: sf_q2: listed twice (lines {first + 1} and {len(lines)}); list it once"
    ]


def test_a_mapping_file_is_bounded_like_the_rest_of_the_bank(tmp_path: Path, files: dict[str, Any]) -> None:
    # Issue 11: an alias bomb in any file of the bank hangs the loader; the mapping files are no exception.
    root = write_bank(tmp_path / "questions", files)
    path = root / "migrations" / "2026.test.1.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines += ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = bank_problems(root)
    # 8 lines of 9 aliases each; the first MAX_REPORTED (20) are named, each with its line.
    assert len(problems) == 20
    first = len(lines) - 8 + 1
    assert problems[0] == (
        f"{MAPPING}: line {first}, column 12: the alias *l0 repeats the value anchored on line "
        f"{first - 1}; YAML aliases are not allowed in the bank: write the value out where it is needed"
    )
    (root / "migrations" / "2026.test.1.yaml").write_bytes(b"from: x\n" + b"#" * (1024 * 1024))
    assert bank_problems(root) == [f"{MAPPING}: is larger than 1,024 KB, the most a bank file may be"]


def test_a_missing_to_an_unknown_field_and_a_wrong_file_name(tmp_path: Path, files: dict[str, Any]) -> None:
    questions = files["migrations/2026.test.1.yaml"]["questions"]
    questions["sf_q3"] = {"review": True}
    questions["sf_q4"] = {"to": ["sf_q4"], "revue": True}
    questions["sf_q5"] = {"to": [], "steps": {1: 0}}
    files["migrations/2026.test.0.yaml"] = files.pop("migrations/2026.test.1.yaml")
    problems = _problems(tmp_path, files)
    wrong = "questions/migrations/2026.test.0.yaml"
    assert problems == [
        f"{wrong}: from: is '2026.test.1' but the file is named 2026.test.0.yaml: "
        "name the file after the version it maps from",
        f"{wrong}: sf_q3: to: required field is missing (`to: []` drops the question)",
        f"{wrong}: sf_q4: revue: unknown field (misspelt? use to, steps, review)",
        f"{wrong}: sf_q5: steps: a dropped question (`to: []`) carries no steps",
    ]


def test_a_file_without_from_or_questions(tmp_path: Path, files: dict[str, Any]) -> None:
    files["migrations/2026.test.1.yaml"] = {"to": NEXT_VERSION, "question": {}}
    assert _problems(tmp_path, files) == [
        f"{MAPPING}: from: required field is missing",
        f"{MAPPING}: questions: required field is missing",
        f"{MAPPING}: question: unknown field (misspelt?)",
    ]


def test_a_chain_of_files_leads_from_n_to_n_plus_2(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path / "questions", third_bank_files()))
    assert bank.version == THIRD_VERSION
    path = bank.migration_path("2026.test.1")
    assert path is not None and [(m.from_version, m.to_version) for m in path] == [
        ("2026.test.1", NEXT_VERSION),
        (NEXT_VERSION, THIRD_VERSION),
    ]


def test_an_older_file_maps_onto_the_questions_the_next_file_lists(tmp_path: Path) -> None:
    files = third_bank_files()
    # sf_aims is a question of N+2, not of N+1: the N -> N+1 file cannot point at it.
    files["migrations/2026.test.1.yaml"]["questions"]["sf_q1"] = {"to": ["sf_aims"]}
    assert _problems(tmp_path, files) == [
        f"{MAPPING}: sf_q1: to[0]: 'sf_aims' is not a question of version {NEXT_VERSION} "
        "(not listed in questions/migrations/2026.test.2.yaml)"
    ]


def test_versions_that_loop_are_reported_once(tmp_path: Path, files: dict[str, Any]) -> None:
    back = dict(files["migrations/2026.test.1.yaml"], **{"from": "2026.test.0", "to": "2026.test.1"})
    files["migrations/2026.test.0.yaml"] = back
    files["migrations/2026.test.1.yaml"] = dict(files["migrations/2026.test.1.yaml"], to="2026.test.0")
    problems = _problems(tmp_path, files)
    loops = [p for p in problems if "loop" in p]
    assert loops == [
        "questions/migrations/2026.test.0.yaml: to: "
        "the versions form a loop: 2026.test.0 → 2026.test.1 → 2026.test.0"
    ]
