"""`score` and a responses file written for an older bank version: refused with the old columns named and
the mapping file pointed at; converted with --convert-from, saying what it did. Banks N, N+1, N+2 of
helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_support import read_csv, run, write_csv
from tests.helpers import next_bank_files, third_bank_files, write_bank

OLD_HEADER = ["organization", "unit", "sf_q1", "ho_q1", "ho_q2", "cs_q1", "cs_q2", "pi_q1"]
OLD_HEADER += ["cr_q1", "cr_q2", "cr_q3", "ho_q7", "sf_q2", "sf_q3"]
OLD_ROWS = [
    ["Biblioteca de Getafe", "", "3", "3", "1", "4", "1", "2", "2", "4", "4", "na", "dk", "2"],
    ["Comune di Lucca", "Radio", "0", "", "4", "dk", "2", "4", "1", "3", "0", "1", "", "4"],
]
# The same rows as N+1 reads them, by hand from helpers.NEXT_MAPPING:
#   row 2: sf_goals 3; ho_q1 3 (same id wins over ho_q2's 1); cs_together 1 (lowest of 4 and 1); pi_q1a and
#          pi_q1b 2; cr_q1 2 -> 1; cr_q2 4 not carried; cr_q3 dropped; ho_q7 na not allowed; sf_q2 dk;
#          sf_q3 2.
#   row 3: sf_goals 0; ho_q1 4 (ho_q1 empty, so ho_q2's 4); cs_together dk ("don't know" below step 2);
#          pi_q1a/b 4; cr_q1 1 -> 0; cr_q2 3; ho_q7 1; sf_q3 4.
NEW_HEADER = ["organization", "unit", "sf_goals", "ho_q1", "cs_together", "pi_q1a", "pi_q1b"]
NEW_HEADER += ["cr_q1", "cr_q2", "ho_q7", "sf_q2", "sf_q3"]
NEW_ROWS = [
    ["Biblioteca de Getafe", "", "3", "3", "1", "2", "2", "1", "", "", "dk", "2"],
    ["Comune di Lucca", "Radio", "0", "4", "dk", "4", "4", "0", "3", "1", "", "4"],
]
MAPPING = "questions/migrations/2026.test.1.yaml"


@pytest.fixture
def bank_n1(tmp_path: Path) -> Path:
    return write_bank(tmp_path / "questions", next_bank_files())


def test_an_old_file_is_refused_naming_its_columns_and_the_mapping(tmp_path: Path, bank_n1: Path) -> None:
    old = write_csv(tmp_path / "old.csv", [OLD_HEADER, *OLD_ROWS])
    out = tmp_path / "out"
    done = run("score", old, "--out-dir", out, "--bank", bank_n1)
    assert done.returncode == 1
    assert (
        "row 1, column sf_q1, ho_q2, cs_q1, cs_q2, pi_q1, cr_q3: these columns are question ids of the older "
        f"bank version 2026.test.1, not of this bank (2026.test.2); {MAPPING} says what each became"
    ) in done.stderr
    assert "run it again with --convert-from 2026.test.1" in done.stderr
    # The columns both versions have are not reported as unknown; nothing is written.
    assert "column sf_q2" not in done.stderr and "unknown column" not in done.stderr
    assert not out.exists()


def test_with_the_flag_it_converts_says_what_it_did_and_scores_as_the_new_file(
    tmp_path: Path, bank_n1: Path
) -> None:
    old = write_csv(tmp_path / "old.csv", [OLD_HEADER, *OLD_ROWS])
    new = write_csv(tmp_path / "new.csv", [NEW_HEADER, *NEW_ROWS])
    converted = run(
        "score", old, "--out-dir", tmp_path / "a", "--bank", bank_n1, "--convert-from", "2026.test.1"
    )
    assert converted.returncode == 0, converted.stderr
    assert converted.stdout.splitlines()[:7] == [
        f"Converted from bank 2026.test.1 to 2026.test.2 through {MAPPING}:",
        "  renamed: sf_q1 -> sf_goals",
        "  merged: ho_q1 + ho_q2 -> ho_q1; cs_q1 + cs_q2 -> cs_together",
        "  split: pi_q1 -> pi_q1a, pi_q1b",
        "  dropped (not scored): cr_q3",
        "  2 answer(s) moved to the step that now means the same",
        "  2 answer(s) not carried (the step no longer exists, or 'na' is not allowed any more), left "
        "unanswered: row 2 ho_q7, row 2 cr_q2",
    ]
    direct = run("score", new, "--out-dir", tmp_path / "b", "--bank", bank_n1)
    assert direct.returncode == 0, direct.stderr
    for name in ("scores.csv", "recommendations.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert read_csv(tmp_path / "a" / "scores.csv")[0]["organization"] == "Biblioteca de Getafe"


def test_a_version_with_no_mapping_is_named(tmp_path: Path, bank_n1: Path) -> None:
    old = write_csv(tmp_path / "old.csv", [OLD_HEADER, *OLD_ROWS])
    done = run("score", old, "--out-dir", tmp_path / "o", "--bank", bank_n1, "--convert-from", "2025.1")
    assert done.returncode == 1
    assert (
        "this bank (2026.test.2) has no mapping from version 2025.1 (it can convert from: 2026.test.1)"
        in (done.stderr)
    )


def test_a_converted_file_must_hold_the_old_versions_columns(tmp_path: Path, bank_n1: Path) -> None:
    mixed = write_csv(tmp_path / "mixed.csv", [["organization", "sf_goals", "sf_q1"], ["Acme", "2", "3"]])
    done = run(
        "score", mixed, "--out-dir", tmp_path / "o", "--bank", bank_n1, "--convert-from", "2026.test.1"
    )
    assert done.returncode == 1
    assert "row 1, column sf_goals: unknown column: not a question id of bank 2026.test.1" in done.stderr


def test_a_file_two_versions_old_converts_through_both_files(tmp_path: Path) -> None:
    bank_n2 = write_bank(tmp_path / "questions", third_bank_files())
    old = write_csv(tmp_path / "old.csv", [OLD_HEADER, *OLD_ROWS])
    refused = run("score", old, "--out-dir", tmp_path / "o", "--bank", bank_n2)
    assert "--convert-from 2026.test.1" in refused.stderr
    done = run("score", old, "--out-dir", tmp_path / "o", "--bank", bank_n2, "--convert-from", "2026.test.1")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "Converted from bank 2026.test.1 to 2026.test.3 through questions/migrations/2026.test.1.yaml, "
        "questions/migrations/2026.test.2.yaml:"
    )
    # sf_q1 -> sf_goals -> sf_aims; pi_q1 split into pi_q1a and pi_q1b, then pi_q1b dropped: one question.
    assert "  renamed: sf_q1 -> sf_aims, pi_q1 -> pi_q1a" in lines
