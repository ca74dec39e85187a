"""The command line, run as people run it: `python -m assessment ...` in a subprocess from the repository.

Success cases use the real bank in questions/ (skipped while it does not validate); error cases use the
valid tmp bank of helpers.py (question ids <prefix>_q1.._q7, only _q7 allows "na").
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assessment.bank import Bank
from assessment.bank.model import DIMENSION_IDS
from tests.cli_support import BOM, EVIL, answers_row, read_csv, run, write_csv
from tests.helpers import REPO, alias_bomb, find, write_bank

SCORE_COLUMNS = ["organization", "unit", "overall_score", "overall_level"] + [
    f"{d}_{part}" for d in DIMENSION_IDS for part in ("score", "level")
]
RECOMMENDATION_COLUMNS = [
    "organization",
    "unit",
    "rank",
    "recommendation_id",
    "dimension",
    "title",
    "action",
    "why",
    "principles",
    "effort",
    "impact",
    "phase",
]


def header_of(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def assert_nothing_written(out: Path) -> None:
    assert not (out / "scores.csv").exists()
    assert not (out / "recommendations.csv").exists()


# -------------------------------------------------------------------------------------------- validate
@pytest.mark.real_bank
def test_validate_the_real_bank(real_bank_dir: Path) -> None:
    done = run("validate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK: bank ")
    assert done.stderr == ""


def test_validate_a_broken_bank(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    del find(bank_files["questions/crisis_readiness.yaml"], "cr_q3")["options"][2]["text"]["it"]
    find(bank_files["recommendations/crisis_readiness.yaml"], "rec_cr_r2")["depends_on"] = ["rec_cr_nope"]
    find(bank_files["levels.yaml"], "planned")["min_score"] = 20
    root = write_bank(tmp_path / "questions", bank_files)
    done = run("validate", "--bank", root)
    assert done.returncode == 1
    assert done.stdout == ""
    for line in (
        "questions/questions/crisis_readiness.yaml: cr_q3: options[2].text.it: missing Italian text",
        "questions/recommendations/crisis_readiness.yaml: rec_cr_r2: depends_on[0]: "
        "unknown recommendation 'rec_cr_nope'",
        "questions/levels.yaml: planned: min_score: must be above broadcasting's 20",
    ):
        assert line in done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------------------------------ questions, template
@pytest.mark.real_bank
@pytest.mark.parametrize("lang", ["en", "es", "it"])
def test_questions_catalogue(real_bank: Bank, lang: str) -> None:
    done = run("questions", "--lang", lang)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(BOM)
    rows = list(csv.reader(io.StringIO(done.stdout[1:], newline="")))
    assert rows[0] == ["question_id", "dimension", "principles", "text", "choices"]
    assert [r[0] for r in rows[1:]] == list(real_bank.questions)
    for qid, dimension, principles, text, choices in rows[1:]:
        q = real_bank.questions[qid]
        assert (dimension, principles, text) == (q.dimension, " ".join(q.principles), q.text(lang))
        assert choices.startswith(f"0: {q.options[0].text(lang)}|1: ")
        assert f"|4: {q.options[4].text(lang)}|dk" in choices
        assert choices.endswith("|dk|na" if q.allow_na else "|dk")


@pytest.mark.real_bank
def test_template(real_bank: Bank) -> None:
    done = run("template")
    assert done.returncode == 0, done.stderr
    assert done.stdout == BOM + ",".join(["organization", "unit", *real_bank.questions]) + "\r\n"


# ------------------------------------------------------------------------------------------------ score
@pytest.mark.real_bank
def test_score_a_good_file(real_bank: Bank, tmp_path: Path) -> None:
    responses = write_csv(
        tmp_path / "responses.csv",
        [
            ["organization", "unit", *real_bank.questions],
            answers_row(real_bank, "Town A", "", 4),
            answers_row(real_bank, "Town B", "Library", 2),
            answers_row(real_bank, "Town C", "", "dk"),
        ],
    )
    out = tmp_path / "out"
    done = run("score", responses, "--out-dir", out)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for name in ("scores.csv", "recommendations.csv"):
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf")
    assert set(SCORE_COLUMNS) <= set(header_of(out / "scores.csv"))
    assert set(RECOMMENDATION_COLUMNS) <= set(header_of(out / "recommendations.csv"))

    scores = {row["organization"]: row for row in read_csv(out / "scores.csv")}
    # Whatever the weights: all 4 is 100, all 2 is 50, all "don't know" is 0.
    expected = {"Town A": ("100.0", "5"), "Town B": ("50.0", "3"), "Town C": ("0.0", "1")}
    for org, (overall, level) in expected.items():
        assert (scores[org]["overall_score"], scores[org]["overall_level"]) == (overall, level)
        for d in DIMENSION_IDS:
            assert (scores[org][f"{d}_score"], scores[org][f"{d}_level"]) == (overall, level)
    assert scores["Town B"]["unit"] == "Library"

    recs = read_csv(out / "recommendations.csv")
    town_a = [r for r in recs if r["organization"] == "Town A"]
    assert [r["recommendation_id"] for r in town_a] == [f"keep_{d}" for d in DIMENSION_IDS]
    town_c = [r for r in recs if r["organization"] == "Town C"]
    assert [int(r["rank"]) for r in town_c] == list(range(1, len(town_c) + 1))
    question_based = {r.id for r in real_bank.recommendations.values() if r.when.questions}
    assert question_based <= {r["recommendation_id"] for r in town_c}
    assert {r["phase"] for r in town_c} <= {"now", "next", "later"}


def test_score_a_bad_file_lists_every_problem_and_writes_nothing(bank_dir: Path, tmp_path: Path) -> None:
    header = ["organization", "unit", "sf_q1", "sf_q2", "sf_q3", "sf_q7", "zz_q"]
    responses = write_csv(
        tmp_path / "bad.csv",
        [
            header,
            ["Org A", "", "7", "1", "2", "na", "x"],  # row 2: 7 is no step
            ["Org B", "", "1", "maybe", "2", "", ""],  # row 3
            ["Org C", "", "1", "2", "na", "na", ""],  # row 4: sf_q3 does not allow na (sf_q7 does)
            ["", "Unit", "1", "2", "3", "", ""],  # row 5: no organization
            ["org a", "", "1", "2", "3", "", ""],  # row 6: the same as row 2 (case aside)
            [EVIL, "", "1", "2", "3", "dk", ""],  # row 7: a formula-looking name, otherwise valid
        ],
    )
    out = tmp_path / "out"
    done = run("score", responses, "--out-dir", out, "--bank", bank_dir)
    assert done.returncode == 1
    assert "6 problem(s); nothing was written" in done.stderr
    for line in (
        "row 1, column zz_q: unknown column: not a question id of this bank",
        "row 2, column sf_q1: value '7' must be 0, 1, 2, 3, 4, dk, na or empty",
        "row 3, column sf_q2: value 'maybe' must be 0, 1, 2, 3, 4, dk, na or empty",
        "row 4, column sf_q3: value 'na' this question does not allow 'na'",
        "row 5, column organization: organization is empty",
        "row 6, column organization: value 'org a' same organization and unit as row 2",
    ):
        assert line in done.stderr
    assert "row 7" not in done.stderr
    assert "Traceback" not in done.stderr
    assert_nothing_written(out)


@pytest.mark.real_bank
def test_an_organization_that_is_a_formula_is_written_escaped(real_bank: Bank, tmp_path: Path) -> None:
    responses = write_csv(
        tmp_path / "responses.csv",
        [["organization", "unit", *real_bank.questions], answers_row(real_bank, EVIL, "+unit", 3)],
    )
    out = tmp_path / "out"
    done = run("score", responses, "--out-dir", out)
    assert done.returncode == 0, done.stderr
    (row,) = read_csv(out / "scores.csv")
    assert (row["organization"], row["unit"]) == ("'" + EVIL, "'+unit")
    recs = read_csv(out / "recommendations.csv")
    assert recs
    assert {(r["organization"], r["unit"]) for r in recs} == {("'" + EVIL, "'+unit")}


@pytest.mark.real_bank
def test_a_semicolon_separated_file_is_read(real_bank: Bank, tmp_path: Path) -> None:
    responses = write_csv(
        tmp_path / "excel-es.csv",
        [
            ["organization", "unit", *real_bank.questions],
            answers_row(real_bank, "Ayuntamiento, Sede", "Biblioteca", 4),
            answers_row(real_bank, "Comune", "", 0),
        ],
        delimiter=";",
    )
    out = tmp_path / "out"
    done = run("score", responses, "--out-dir", out)
    assert done.returncode == 0, done.stderr
    scores = read_csv(out / "scores.csv")
    assert [(r["organization"], r["unit"], r["overall_score"]) for r in scores] == [
        ("Ayuntamiento, Sede", "Biblioteca", "100.0"),
        ("Comune", "", "0.0"),
    ]


@pytest.mark.real_bank
def test_a_windows_1252_file_with_accents_is_read(real_bank: Bank, tmp_path: Path) -> None:
    name = "Biblioteca Città de Añón è"
    responses = write_csv(
        tmp_path / "cp1252.csv",
        [["organization", "unit", *real_bank.questions], answers_row(real_bank, name, "Sección", 2)],
        encoding="cp1252",
    )
    assert "Città".encode("cp1252") in responses.read_bytes()
    out = tmp_path / "out"
    done = run("score", responses, "--out-dir", out)
    assert done.returncode == 0, done.stderr
    (row,) = read_csv(out / "scores.csv")
    assert (row["organization"], row["unit"], row["overall_score"]) == (name, "Sección", "50.0")


@pytest.mark.real_bank
def test_lang_es_writes_spanish_titles(real_bank: Bank, tmp_path: Path) -> None:
    responses = write_csv(
        tmp_path / "responses.csv",
        [["organization", "unit", *real_bank.questions], answers_row(real_bank, "Ayuntamiento", "", 0)],
    )
    out = tmp_path / "out"
    done = run("score", responses, "--out-dir", out, "--lang", "es")
    assert done.returncode == 0, done.stderr
    recs = read_csv(out / "recommendations.csv")
    assert recs
    for row in recs:
        rec = real_bank.recommendations[row["recommendation_id"]]
        assert (row["title"], row["action"], row["why"]) == (rec.title("es"), rec.action("es"), rec.why("es"))
    assert any(
        row["title"] != real_bank.recommendations[row["recommendation_id"]].title("en") for row in recs
    )


def test_a_missing_responses_file(bank_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run("score", tmp_path / "nope.csv", "--out-dir", out, "--bank", bank_dir)
    assert done.returncode == 1
    assert "nope.csv: no such file" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_a_file_the_csv_reader_cannot_read_is_a_problem_not_a_crash(bank_dir: Path, tmp_path: Path) -> None:
    # A cell over the csv module's field limit (131,072 characters) used to end in a traceback.
    responses = tmp_path / "huge.csv"
    responses.write_text('organization,sf_q1\nOrg A,2\n"' + "x" * 200_000 + '",2\n', encoding="utf-8")
    out = tmp_path / "out"
    done = run("score", responses, "--out-dir", out, "--bank", bank_dir)
    assert done.returncode == 1
    assert "row 3: a cell of this row (line 3) is longer than 131,072 characters" in done.stderr
    assert "Traceback" not in done.stderr
    assert_nothing_written(out)


@pytest.mark.real_bank
def test_a_large_file_scored_by_workers_matches_one_process(real_bank: Bank, tmp_path: Path) -> None:
    # Above batch.MIN_PARALLEL organizations the work is shared out over processes; the files must not tell.
    from assessment.io.batch import MIN_PARALLEL

    steps: list[int | str] = [4, 3, 2, 1, 0, "dk", ""]
    rows: list[list[int | str]] = [["organization", "unit", *real_bank.questions]]
    rows += [
        [
            f"Org {i}" if i % 97 else f"{EVIL} {i}",
            f"Unit {i % 5}",
            *(steps[(i + k) % 7] for k in range(len(real_bank.questions))),
        ]
        for i in range(MIN_PARALLEL + 37)
    ]
    responses = write_csv(tmp_path / "responses.csv", rows)
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}"
        done = subprocess.run(
            [sys.executable, "-m", "assessment", "score", str(responses), "--out-dir", str(out)],
            cwd=REPO,
            capture_output=True,
            timeout=120,
            env={**os.environ, "FOCO_JOBS": jobs},
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        assert f"Scored {MIN_PARALLEL + 37} organization(s)" in done.stdout.decode()
        outputs[jobs] = [(out / name).read_bytes() for name in ("scores.csv", "recommendations.csv")]
        assert not list(out.glob(".*.tmp")), "no temporary file left behind"
    assert outputs["1"] == outputs["2"]
    scores = outputs["2"][0].decode("utf-8-sig").splitlines()
    assert len(scores) == MIN_PARALLEL + 37 + 1
    assert scores[1].startswith("\"'=HYPERLINK"), "the first organization, in input order, escaped"
    assert scores[2].startswith("Org 1,"), "then the next, in input order"


# ------------------------------------------------------------------------ hostile responses (issue 11)
def test_an_unclosed_quote_is_refused_and_nothing_is_written(bank_dir: Path, tmp_path: Path) -> None:
    # Item 1: exit 0, "Scored 1 organization(s)", one organization named after the rest of the file.
    responses = tmp_path / "responses.csv"
    responses.write_bytes(b'organization,unit,sf_q1\n"Acme,x,3\nBeta,y,2\nGamma,z,1\n')
    out = tmp_path / "out"
    done = run("score", responses, "--out-dir", out, "--bank", bank_dir)
    assert done.returncode == 1
    assert "1 problem(s); nothing was written" in done.stderr
    assert "row 2: a quote opens a cell in this row (line 2) and is never closed" in done.stderr
    assert "Scored" not in done.stdout
    assert_nothing_written(out)
    assert not out.exists()


def test_a_stray_windows_1252_byte_is_refused_with_its_place(bank_dir: Path, tmp_path: Path) -> None:
    # Item 7: the UTF-8 rows came out as mojibake, exit 0.
    responses = tmp_path / "responses.csv"
    responses.write_bytes("organization,unit,sf_q1\nCittà,,3\n".encode() + b"Caf\xe9,,2\n")
    out = tmp_path / "out"
    done = run("score", responses, "--out-dir", out, "--bank", bank_dir)
    assert done.returncode == 1
    # The offset: the header is 24 bytes, "Città,,3\n" 10 (à is two bytes), then "Caf".
    assert (
        "row 3, column organization: value 'Caf\\xe9' byte 0xE9 at byte offset 37 is not UTF-8, while "
        "the rest of the file is"
    ) in done.stderr
    assert_nothing_written(out)


def test_a_windows_1252_file_is_scored_and_the_command_says_how_it_was_read(
    bank_dir: Path, tmp_path: Path
) -> None:
    responses = tmp_path / "responses.csv"
    responses.write_bytes("organization,unit,sf_q1\nCittà,Sección,3\n".encode("cp1252"))
    out = tmp_path / "out"
    done = run("score", responses, "--out-dir", out, "--bank", bank_dir)
    assert done.returncode == 0, done.stderr
    assert f"{responses}: read as Windows-1252 (the file is not UTF-8)" in done.stderr
    (row,) = read_csv(out / "scores.csv")
    assert (row["organization"], row["unit"]) == ("Città", "Sección")


def test_escape_sequences_in_the_input_never_reach_the_terminal(bank_dir: Path, tmp_path: Path) -> None:
    # Item 8: a header cell's escape sequences were echoed raw to stderr (here: retitle the terminal,
    # clear the screen, turn the text red).
    evil = "\x1b]0;owned\x07\x1b[2J\x1b[31m"
    responses = tmp_path / "responses.csv"
    responses.write_text(
        f"organization,unit,sf_q1,{evil}x\nAcme,,3,1\n{evil}Org,,1,\nBeta,,{evil},\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    done = run("score", responses, "--out-dir", out, "--bank", bank_dir)
    assert done.returncode == 1
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "row 1, column #4: value '\\x1b]0;owned\\x07\\x1b[2J\\x1b[31mx'" in done.stderr
    assert "row 3, column organization: value '\\x1b]0;owned" in done.stderr
    assert "row 4, column sf_q1: value '\\x1b]0;owned" in done.stderr
    assert_nothing_written(out)


def test_a_responses_path_that_is_a_folder(bank_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "responses.csv"
    folder.mkdir()
    done = run("score", folder, "--out-dir", tmp_path / "out", "--bank", bank_dir)
    assert done.returncode == 1
    assert f"{folder}: is a folder, not a responses file; nothing was written" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_responses_file_that_cannot_be_read(bank_dir: Path, tmp_path: Path) -> None:
    # A FIFO would block a reader until someone writes to it; /proc/self/mem is a regular file whose read
    # fails for any user, root included.
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    unreadable = tmp_path / "responses.csv"
    unreadable.symlink_to("/proc/self/mem")
    for path, why in ((fifo, "is not a regular file"), (unreadable, "cannot be read (Input/output error)")):
        done = run("score", path, "--out-dir", tmp_path / "out", "--bank", bank_dir)
        assert done.returncode == 1
        assert f"{path}: {why}; nothing was written" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_question_named_unit_never_reaches_a_template(tmp_path: Path, bank_files: dict[str, Any]) -> None:
    # Item 5: the bank validated, `template` wrote `unit` twice and `score` refused that very template.
    find(bank_files["questions/strategic_focus.yaml"], "sf_q7")["id"] = "unit"
    root = write_bank(tmp_path / "questions", bank_files)
    for command in ("validate", "template"):
        done = run(command, "--bank", root)
        assert done.returncode == 1
        assert done.stdout == ""
        assert "strategic_focus.yaml: unit: id: 'unit' is a column of the responses CSV" in done.stderr


@pytest.mark.timeout(60)  # the loader without bounds never returned
def test_validate_an_alias_bomb(bank_dir: Path) -> None:
    (bank_dir / "questions" / "strategic_focus.yaml").write_text(alias_bomb(), encoding="utf-8")
    done = run("validate", "--bank", bank_dir)
    assert done.returncode == 1
    assert "strategic_focus.yaml: line 3, column 14: the alias *l0 repeats the value" in done.stderr
    assert "Traceback" not in done.stderr
