"""The plan workbook, read back by a second reader (openpyxl) and opened by LibreOffice Calc headless.

The case is test_projection.py's (the weakest-link cap lifts only after "next"), for an organization whose
name is a formula, with owners, dates and notes in Spanish."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader

from assessment.bank import Bank
from assessment.engine.scoring import score
from assessment.i18n import t
from assessment.outputs.export import AnswerNote, Scored
from assessment.outputs.workbook import WRAP_WIDTH, sheet_name, workbook_bytes
from assessment.records import PlanStatus
from tests.browser_support import ARTIFACTS
from tests.helpers import cap_case

HYPERLINK = '=HYPERLINK("http://x","y")'
STATUSES = {
    "rec_cr_audit": PlanStatus("Ana Núñez", date(2026, 4, 30), "doing", "Llamar a informática"),
    "rec_cr_drills": PlanStatus("+34 600 000 000", None, "todo", "=1+1"),
}
NOTES = {"cr_q1": AnswerNote("Lo confirmó la señora Peña", "@acta", "2026-03-01T10:00:00+00:00")}
WHEN = datetime(2026, 3, 9, 10, 30)


def entry(bank: Bank) -> Scored:
    result, plan = cap_case(bank)
    return Scored(HYPERLINK, "Àgora", result, plan, statuses=STATUSES)


@pytest.fixture(scope="module")
def xlsx(bank: Bank) -> bytes:
    return workbook_bytes(bank, entry(bank), "es", NOTES, WHEN)


def rows(sheet: Worksheet) -> list[list[object]]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_sheets_and_headers_in_the_assessment_language(xlsx: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == ["Plan", "Puntuaciones", "Respuestas"]
    plan = book["Plan"]
    assert [c.value for c in plan[1]][:12] == [
        "Organización",
        "Unidad",
        "#",
        "Cuándo",
        "Título",
        "Acción",
        "Responsable",
        "Fecha límite",
        "Estado",
        "Nota",
        "Nivel general tras su fase",
        "Nivel de la dimensión tras su fase",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"


def test_the_plan_sheet_holds_owners_dates_statuses_and_the_projected_levels(xlsx: bytes) -> None:
    plan = openpyxl.load_workbook(io.BytesIO(xlsx))["Plan"]
    body = rows(plan)[1:]
    assert [(r[2], r[3], r[6], r[7], r[8], r[9], r[10], r[11]) for r in body] == [
        (1, "Ahora", "Ana Núñez", datetime(2026, 4, 30), "En curso", "Llamar a informática", 2, 1),
        (2, "Después", "+34 600 000 000", None, "Pendiente", "=1+1", 3, 2),
        (3, "Más adelante", None, None, "Pendiente", None, 3, 4),
    ]
    # Typed: the rank and the levels are numbers, the due date a date shown as a date; texts are strings.
    first = list(plan.iter_rows(min_row=2, max_row=2))[0]
    assert first[2].data_type == "n" and first[10].data_type == "n"
    assert isinstance(first[7], Cell) and first[7].is_date and first[7].number_format == "yyyy-mm-dd"
    assert first[5].alignment.wrap_text is True  # the action
    # Formula-like texts are stored as text, never as formulas.
    second = list(plan.iter_rows(min_row=3, max_row=3))[0]
    for cell in (first[0], second[0], second[9]):
        assert cell.data_type == "s", cell.coordinate
    assert first[0].value == HYPERLINK
    # Widths fit: the long texts wrap at WRAP_WIDTH, the short columns are narrower.
    width = {c: plan.column_dimensions[c].width for c in ("C", "F", "G")}
    assert width["F"] <= WRAP_WIDTH + 1 and width["C"] < 10 and width["G"] >= len("+34 600 000 000")


def test_the_status_column_offers_the_four_statuses(xlsx: bytes) -> None:
    plan = openpyxl.load_workbook(io.BytesIO(xlsx))["Plan"]
    lists = [v for v in plan.data_validations.dataValidation if v.type == "list"]
    assert [v.formula1 for v in lists] == ['"Pendiente,En curso,Hecho,Descartado"']
    assert str(lists[0].sqref).startswith("I2:I")


def test_the_scores_sheet_has_the_projection_and_why(bank: Bank, xlsx: bytes) -> None:
    scores = openpyxl.load_workbook(io.BytesIO(xlsx))["Puntuaciones"]
    body = rows(scores)[1:]
    cr = next(r for r in body if r[2] == bank.dimensions["crisis_readiness"].name("es"))
    # score, level, answered, dk, target, scores after now/next/later, levels after now/next/later
    assert cr[3:5] == [0.0, 1] and cr[6:9] == [1.0, 0, 2]
    assert cr[9:15] == [9.4, 28.1, 28.1, 1, 2, 2]
    assert cr[15] == "Tras la fase «Después»"
    assert isinstance(cr[16], str) and cr[16].startswith(
        bank.dimensions["crisis_readiness"].name("es") + ": 0.0 de 100"
    )
    overall = body[-1]
    assert overall[2] == t("results.overall", "es")
    assert overall[3:5] == [40.0, 2] and overall[9:15] == [41.9, 45.6, 48.6, 2, 3, 3]
    assert isinstance(overall[16], str) and "tendría que llegar al nivel 2" in overall[16]
    cell = list(scores.iter_rows(min_row=2, max_row=2))[0]
    assert cell[6].number_format == "0%" and cell[3].number_format == "0.0"


def test_the_answers_sheet(xlsx: bytes) -> None:
    answers = openpyxl.load_workbook(io.BytesIO(xlsx))["Respuestas"]
    by_id = {r[0]: r for r in rows(answers)[1:]}
    assert by_id["cr_q1"][3:] == [
        0,
        "cr_q1 practice a (español, año)",
        "cr_q1 practice b (español, año)",
        "Lo confirmó la señora Peña",
        "@acta",
        datetime(2026, 3, 1, 10, 0),
    ]
    assert by_id["cs_q6"][3:6] == [None, None, None]  # unanswered: no answer, no text, no next step


def test_dont_know_is_a_word_not_a_number(bank: Bank) -> None:
    result, plan = cap_case(bank)
    answers = {**result.answers, "cr_q2": "dk", "pi_q1": "na"}
    again = score(bank, answers)
    data = workbook_bytes(bank, Scored("Org", "", again, plan), "it")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Risposte"]
    by_id = {r[0]: r for r in rows(sheet)[1:]}
    assert by_id["cr_q2"][3:5] == [None, "Non lo so"]
    assert by_id["pi_q1"][3:5] == [None, "Non si applica al nostro caso"]


def test_sheet_names_excel_accepts() -> None:
    assert sheet_name("Plan: [2026]/ok?") == "Plan   2026  ok"
    assert len(sheet_name("x" * 40)) == 31
    assert sheet_name("'") == "Sheet"


# --------------------------------------------------------------------------------------- LibreOffice
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


def need_soffice() -> None:
    if not Path(SOFFICE).exists():
        reason = "LibreOffice not found (apt-get install libreoffice-calc)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — under CI=true the workbook tests must run")
        pytest.skip(reason)


def convert(source: Path, target: str, out: Path) -> None:
    # A profile of its own: parallel runs (and a person's own LibreOffice) never share one.
    profile = (out / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", target]
        + ["--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(out)},
    )


def test_libreoffice_reads_every_sheet_right(xlsx: bytes, tmp_path: Path) -> None:
    need_soffice()
    source = tmp_path / "plan.xlsx"
    source.write_bytes(xlsx)
    # Comma, double quote, UTF-8, from row 1, …, cells as shown, no formulas, every sheet to its own file.
    convert(source, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", tmp_path)
    sheets = {p.stem.removeprefix("plan-"): p for p in tmp_path.glob("plan-*.csv")}
    assert set(sheets) == {"Plan", "Puntuaciones", "Respuestas"}
    plan = list(csv.reader(sheets["Plan"].open(encoding="utf-8", newline="")))
    # A formula would have been calculated (to "y"); the cell holds the text as typed.
    assert plan[1][0] == HYPERLINK and plan[1][1] == "Àgora"
    assert plan[1][2:4] == ["1", "Ahora"]
    assert plan[1][6:12] == ["Ana Núñez", "2026-04-30", "En curso", "Llamar a informática", "2", "1"]
    assert plan[2][6:12] == ["+34 600 000 000", "", "Pendiente", "=1+1", "3", "2"]
    scores = list(csv.reader(sheets["Puntuaciones"].open(encoding="utf-8", newline="")))
    assert scores[5][3:5] == ["0.0", "1"] and scores[5][6] == "100%"
    answers = list(csv.reader(sheets["Respuestas"].open(encoding="utf-8", newline="")))
    cr_q1 = next(r for r in answers if r[0] == "cr_q1")
    assert cr_q1[6:] == ["Lo confirmó la señora Peña", "@acta", "2026-03-01 10:00"]


def test_libreoffice_prints_it(xlsx: bytes, tmp_path: Path) -> None:
    need_soffice()
    source = tmp_path / "plan.xlsx"
    source.write_bytes(xlsx)
    convert(source, "pdf", tmp_path)
    pdf = (tmp_path / "plan.pdf").read_bytes()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "workbook-es.pdf").write_bytes(pdf)
    pages = PdfReader(io.BytesIO(pdf)).pages
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    # One page wide per sheet (landscape), so each sheet prints on a page: the plan, the scores, the answers.
    assert len(pages) == 3
    assert "Ana Núñez" in text and "Fecha límite" in text and "Respondida el (UTC)" in text
