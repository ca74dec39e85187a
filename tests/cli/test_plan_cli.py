"""`python -m assessment plan`, run as people run it (a subprocess from the repository), on the real bank;
the error case on the valid tmp bank of helpers.py."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from icalendar import Calendar

from assessment.bank import Bank
from tests.cli_support import EVIL, answers_row, read_csv, run, write_csv


def responses(bank: Bank, path: Path) -> Path:
    def crisis_low(org: str, unit: str) -> list[object]:
        return [org, unit, *(1 if q.dimension == "crisis_readiness" else 3 for q in bank.questions.values())]

    return write_csv(
        path,
        [
            ["organization", "unit", *bank.questions],
            crisis_low("Biblioteca de Añón", "Sala infantil"),
            crisis_low("Biblioteca de Anon", "Sala infantil"),  # the same file name once accents go
            crisis_low(EVIL, ""),
            answers_row(bank, "Perfecta", "", 4),  # nothing to rehearse, nothing dated: no calendar
        ],
    )


def test_a_workbook_and_a_calendar_per_organization(real_bank: Bank, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run("plan", responses(real_bank, tmp_path / "r.csv"), "--out-dir", out, "--lang", "es")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "biblioteca-de-anon-sala-infantil-2.ics",
        "biblioteca-de-anon-sala-infantil-2.xlsx",
        "biblioteca-de-anon-sala-infantil.ics",
        "biblioteca-de-anon-sala-infantil.xlsx",
        "hyperlink-http-evil-x.ics",
        "hyperlink-http-evil-x.xlsx",
        "perfecta.xlsx",
    ]
    assert "Wrote 7 file(s) for 4 organization(s)" in done.stdout
    assert "No calendar for 1 organization(s), nothing to date: Perfecta" in done.stdout

    book = openpyxl.load_workbook(out / "hyperlink-http-evil-x.xlsx")
    assert book.sheetnames == ["Plan", "Puntuaciones", "Respuestas"]
    cell = book["Plan"]["A2"]
    assert (cell.value, cell.data_type) == (EVIL, "s")
    first = openpyxl.load_workbook(out / "biblioteca-de-anon-sala-infantil.xlsx")["Plan"]
    assert first["A2"].value == "Biblioteca de Añón" and first["B2"].value == "Sala infantil"

    cal = Calendar.from_ical((out / "biblioteca-de-anon-sala-infantil.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    # Crisis readiness answered 1 everywhere: no drills on a calendar yet, so all five scenarios.
    assert len(events) == 5
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART"} <= set(event)
    assert all(str(e["SUMMARY"]).startswith("Simulacro de crisis: ") for e in events)


def test_one_format_only(real_bank: Bank, tmp_path: Path) -> None:
    source = responses(real_bank, tmp_path / "r.csv")
    out = tmp_path / "xlsx"
    assert run("plan", source, "--out-dir", out, "--format", "xlsx").returncode == 0
    assert {p.suffix for p in out.iterdir()} == {".xlsx"}
    out = tmp_path / "csv"
    done = run("plan", source, "--out-dir", out, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["recommendations.csv", "scores.csv"]
    recs = read_csv(out / "recommendations.csv")
    assert list(recs[0])[-3:] == ["owner", "due_date", "status"]
    assert {r["status"] for r in recs if r["phase"] != "keep"} == {"todo"}


def test_a_bad_file_lists_every_problem_and_writes_nothing(bank_dir: Path, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "bad.csv",
        [["organization", "sf_q1", "nope"], ["Org", "7", ""], ["", "1", ""]],
    )
    out = tmp_path / "out"
    done = run("plan", source, "--out-dir", out, "--bank", bank_dir)
    assert done.returncode == 1
    assert "3 problem(s); nothing was written" in done.stderr
    assert "row 1, column nope" in done.stderr
    assert "row 2, column sf_q1: value '7'" in done.stderr
    assert "row 3, column organization" in done.stderr
    assert not out.exists()
