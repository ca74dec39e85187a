"""The quick check on the command line, run as people run it (`python -m assessment …` in a subprocess):
`template --form`, `score` on a file holding only the quick check's columns, and `quick-fit`.

The bank is the valid tmp bank of helpers.py with a quick check of q1 and q2 in every dimension (steps of
weight 1, except q5 of weight 2, which the quick check leaves out)."""

from __future__ import annotations

import csv
import io
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from assessment.bank import load_bank
from assessment.bank.model import DIMENSION_IDS
from assessment.engine.quickfit import MIN_SUBMITTED
from tests.cli_support import BOM, read_csv, run
from tests.helpers import NEXT_VERSION, PREFIX, next_bank_files, write_bank

QUICK = [f"{p}_q{n}" for p in PREFIX.values() for n in (1, 2)]


@pytest.fixture
def quick_dir(tmp_path: Path, bank_files: dict[str, Any]) -> Path:
    bank_files["bank.yaml"]["forms"] = {"quick": {"questions": QUICK}}
    return write_bank(tmp_path / "questions", bank_files)


def header(text: str) -> list[str]:
    assert text.startswith(BOM)
    return next(csv.reader(io.StringIO(text.removeprefix(BOM))))


def test_template_writes_each_forms_header(quick_dir: Path) -> None:
    bank = load_bank(quick_dir)
    quick = run("template", "--bank", quick_dir, "--form", "quick")
    assert quick.returncode == 0, quick.stderr
    # In the bank's order (files load by name: community_stewardship first).
    assert header(quick.stdout) == ["organization", "unit", *(q for q in bank.questions if q in QUICK)]
    assert len(header(quick.stdout)) == 12
    full = run("template", "--bank", quick_dir)
    assert header(full.stdout) == ["organization", "unit", *bank.questions], "the full survey by default"
    assert run("template", "--bank", quick_dir, "--form", "full").stdout == full.stdout


def test_template_quick_on_a_bank_without_one_says_so(bank_dir: Path) -> None:
    done = run("template", "--bank", bank_dir, "--form", "quick")
    assert done.returncode == 1 and done.stdout == ""
    assert "defines no quick check (forms.quick in bank.yaml)" in done.stderr
    wrong = run("template", "--bank", bank_dir, "--form", "short")
    assert wrong.returncode == 2 and "invalid choice: 'short'" in wrong.stderr


def test_score_a_quick_only_file_marks_it_provisional(quick_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "quick.csv"
    cells = dict.fromkeys(QUICK, 3) | {"sf_q1": 4, "sf_q2": 0}
    path.write_text(
        ",".join(["organization", "unit", *QUICK])
        + "\r\n"
        + ",".join(["Biblioteca de Soria", "", *(str(cells[q]) for q in QUICK)])
        + "\r\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = run("score", path, "--out-dir", out, "--bank", quick_dir)
    assert done.returncode == 0, done.stderr
    assert "from the quick check" in done.stdout
    [row] = read_csv(out / "scores.csv")
    assert row["provisional"] == "true"
    assert [row[f"{d}_provisional"] for d in DIMENSION_IDS] == ["true"] * 5
    # sf: (4 + 0) / 8 = 50.0 → level 3; the others (3 + 3) / 8 = 75.0 → level 4. Overall (50 + 4 × 75) / 5
    # = 70.0 → level 4, within the cap (3 + 1).
    assert (row["strategic_focus_score"], row["strategic_focus_level"]) == ("50.0", "3")
    assert (row["crisis_readiness_score"], row["crisis_readiness_level"]) == ("75.0", "4")
    assert (row["overall_score"], row["overall_level"]) == ("70.0", "4")
    assert read_csv(out / "recommendations.csv"), "a short plan"


def test_score_the_same_answers_in_a_full_file_places_nothing(quick_dir: Path, tmp_path: Path) -> None:
    bank = load_bank(quick_dir)
    path = tmp_path / "full.csv"
    path.write_text(
        ",".join(["organization", *bank.questions])
        + "\r\n"
        + ",".join(["Biblioteca de Soria", *("3" if q in QUICK else "" for q in bank.questions)])
        + "\r\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = run("score", path, "--out-dir", out, "--bank", quick_dir)
    assert done.returncode == 0, done.stderr
    [row] = read_csv(out / "scores.csv")
    # Two of seven answered in each dimension (< 50 %): nothing placed, nothing provisional.
    assert row["provisional"] == "false" and row["overall_level"] == ""
    assert row["strategic_focus_score"] == "" and row["strategic_focus_provisional"] == "false"


def test_quick_fit_proposes_a_pair_per_dimension(quick_dir: Path) -> None:
    done = run("quick-fit", "--bank", quick_dir, "--profiles", "3000", "--no-database")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("quick-fit: bank 2026.test.1, 3000 simulated respondents (seed 12;")
    # q6 applies to two types only: six eligible questions and 15 pairs per dimension.
    for dim in DIMENSION_IDS:
        assert f"{dim}: 6 eligible questions, 15 pairs, 3000 respondents" in lines
    assert sum(line.startswith("  quick check  ") for line in lines) == 5
    assert any(line.startswith("quick check, overall level (3000 respondents): equal ") for line in lines)
    proposal = lines[lines.index("forms:") + 2]
    picked = proposal.strip().removeprefix("questions: [").removesuffix("]").split(", ")
    assert len(picked) == 10 and not any(q.endswith("_q6") for q in picked)
    again = run("quick-fit", "--bank", quick_dir, "--profiles", "3000", "--no-database")
    assert again.stdout == done.stdout, "seeded: the same figures every run"
    bad = run("quick-fit", "--bank", quick_dir, "--profiles", "0")
    assert bad.returncode == 2 and "--profiles: 0: must be a whole number, 1 or more" in bad.stderr


def _submit_full(url: str, n: int, quick_dir: Path) -> None:
    from assessment.records import AnswerInput
    from assessment.storage import Store, upgrade

    bank = load_bank(quick_dir)
    upgrade(url)
    store = Store(url)
    try:
        now = datetime.now(UTC)
        for i in range(n):
            record, _ = store.start(f"Org {i} {secrets.token_hex(2)}", "ngo", None, "en", bank.version, "0")
            step = str(i % 5)
            store.save_answers(record.id, {q: AnswerInput(step, now) for q in bank.questions})
            store.submit(record.id, "{}", bank.version)
        quick, _ = store.start("Quick one", "ngo", None, "en", bank.version, "0", form="quick")
        store.submit(quick.id, "{}", bank.version)
    finally:
        store.close()


def test_quick_fit_counts_submitted_full_surveys_and_waits_for_thirty(
    quick_dir: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'few.db'}"
    _submit_full(url, MIN_SUBMITTED - 1, quick_dir)
    done = run("quick-fit", "--bank", quick_dir, "--profiles", "500", "--database", url)
    assert done.returncode == 0, done.stderr
    assert "Submitted full surveys in the database: 29 (fewer than 30: no figure on them)." in done.stdout


def test_quick_fit_on_thirty_submitted_full_surveys(quick_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'enough.db'}"
    _submit_full(url, MIN_SUBMITTED, quick_dir)
    done = run("quick-fit", "--bank", quick_dir, "--profiles", "500", "--database", url)
    assert done.returncode == 0, done.stderr
    real = done.stdout.split("Submitted full surveys in the database: 30, scored with this bank:")[1]
    # Every answer of a respondent is the same step, so two questions give exactly the full level: 100 %.
    assert "strategic_focus: 6 eligible questions, 15 pairs, 30 assessments" in real
    assert real.count("level equal 100.0 %, within one level 100.0 %") >= 10
    assert "quick check, overall level (30 assessments): equal 100.0 %" in real


def test_quick_fit_reads_older_surveys_in_todays_questions(quick_dir: Path, tmp_path: Path) -> None:
    from assessment.records import AnswerInput
    from assessment.storage import Store

    url = f"sqlite:///{tmp_path / 'older.db'}"
    _submit_full(url, MIN_SUBMITTED, quick_dir)  # 30 under 2026.test.1: every answer of one the same step
    store = Store(url)
    try:
        gone, _ = store.start("Gone", "ngo", None, "en", "2025.gone", "0")
        store.save_answers(gone.id, {"sf_q1": AnswerInput("2", datetime.now(UTC))})
        store.submit(gone.id, "{}", "2025.gone")
    finally:
        store.close()
    # Version N+1 renames sf_q1 to sf_goals (among other changes), with the mapping from N.
    next_dir = write_bank(tmp_path / "next", next_bank_files())
    done = run("quick-fit", "--bank", next_dir, "--profiles", "500", "--database", url)
    assert done.returncode == 0, done.stderr
    assert (
        "Left out, answered under a bank version no mapping in migrations/ leads from: 1 under 2025.gone."
        in done.stdout
    )
    assert f"Carried to {NEXT_VERSION} through migrations/ first: 30 under 2026.test.1." in done.stdout
    real = done.stdout.split("Submitted full surveys in the database: 30, scored with this bank:")[1]
    strategic = real.split("help_orientation:")[0]
    # sf_goals holds what sf_q1 was answered, so even the worst pair of strategic focus (every answer one
    # step) gives the full level every time; read by the old ids, a pair with sf_goals would place nothing.
    [worst] = [line for line in strategic.splitlines() if "worst pair" in line]
    assert worst.endswith("level equal 100.0 %"), worst


def test_quick_fit_without_a_reachable_database_still_gives_the_model(
    quick_dir: Path, tmp_path: Path
) -> None:
    env_url = "postgresql://nobody@127.0.0.1:1/none"
    done = run("quick-fit", "--bank", quick_dir, "--profiles", "500", "--database", env_url)
    assert done.returncode == 0, done.stderr
    assert "Submitted full surveys: cannot read the database (database unavailable:" in done.stdout
    assert os.environ.get("DATABASE_URL") != env_url
