"""The PDF report: printed by Debian's Chromium in each language, read back with pypdf, its first page
looked at as an image (pypdfium2), the `report` command, and the results page's download button.

The scores are worked out by hand (docs/scoring.md), as in test_app.py: every question answered 3 except
crisis readiness at 1 → four dimensions at 75.0 (level 4) and crisis readiness at 25.0 (level 2); the mean
65.0 would be level 4, but the weakest link (level 2) caps the overall level at 3.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from assessment.bank import Bank
from assessment.bank.model import LANGUAGES
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.i18n import t
from assessment.outputs import report
from assessment.outputs.export import Scored
from assessment.outputs.report_html import css_string, document, esc, long_date
from assessment.outputs.svg_charts import Chart
from tests.apptest_support import open_tab, pictures
from tests.browser_support import ARTIFACTS, need_chromium

REPO = Path(__file__).resolve().parents[2]
LONG_NAME = "Ajuntament de l'Hospitalet de Llobregat — Biblioteca Tecla Sala i Servei de Comunicació Àgora"
WHEN = datetime(2026, 3, 9, 10, 30)
_pdfs: dict[str, bytes] = {}


def three_but_crisis(bank: Bank) -> dict[str, Any]:
    return {q.id: 1 if q.dimension == "crisis_readiness" else 3 for q in bank.questions.values()}


def entry_for(
    bank: Bank, answers: dict[str, Any], org: str = LONG_NAME, unit: str = "Sala infantil"
) -> Scored:
    result = score(bank, answers, "library")
    return Scored(org, unit, result, recommend(bank, result), "library")


def pdf_for(bank: Bank, lang: str) -> bytes:
    # Each language is printed once and shared by the tests that read it (a print takes a few seconds).
    if lang not in _pdfs:
        need_chromium()
        _pdfs[lang] = report.render_pdf(bank, entry_for(bank, three_but_crisis(bank)), lang, WHEN)
    return _pdfs[lang]


def flat(text: str) -> str:
    """The text with every run of whitespace as one space: a long name wraps over several lines."""
    return " ".join(text.split())


def pdf_text(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_says_who_where_and_every_dimension(real_bank: Bank, lang: str) -> None:
    data = pdf_for(real_bank, lang)
    assert data.startswith(b"%PDF")
    pages = pdf_text(data)
    level3 = t("results.level_n", lang, n=3, name=real_bank.level(3).name(lang))
    cover = pages[0]
    assert LONG_NAME in cover, "the whole long name, accents included, is on the cover"
    assert "Sala infantil" in cover
    assert level3 in cover, "the overall level, capped at 3 by the weakest link"
    assert "65.0 / 100" in cover
    assert long_date(WHEN, lang) in cover
    assert t("results.curve", lang) in cover
    everything = " ".join(pages)
    for dim in real_bank.dimensions.values():
        assert dim.name(lang) in everything, f"{dim.id} in {lang}"
    # Cover, radar, roadmap, projection, then one page (at least) per dimension, each opening with its name.
    assert len(pages) >= 4 + len(real_bank.dimensions)
    openings = [p for p in pages if t("report.dimension_n", lang, n=1, total=5).upper() in p.upper()]
    assert len(openings) == 1
    assert t("report.roadmap", lang) in everything
    assert t("phase.now", lang) in everything


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_page_is_drawn_not_blank(real_bank: Bank, lang: str) -> None:
    doc = pdfium.PdfDocument(pdf_for(real_bank, lang))
    image = doc[0].render(scale=1.5).to_pil().convert("RGB")
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(ARTIFACTS / f"report-{lang}-p1.png")
    pixels = np.asarray(image, dtype=np.int16)
    total = pixels.shape[0] * pixels.shape[1]
    inked = int((pixels.min(axis=2) < 200).sum())
    # Text alone is grey; the level bands and the marker of the maturity curve are colour, so plenty of
    # coloured pixels means the curve's picture was printed.
    coloured = int((pixels.max(axis=2) - pixels.min(axis=2) > 25).sum())
    assert inked > 0.03 * total, f"{inked} of {total} pixels have ink"
    assert coloured > 0.10 * total, f"only {coloured} of {total} pixels are coloured: is the curve drawn?"
    for n in range(1, len(doc)):
        page = np.asarray(doc[n].render(scale=0.5).to_pil().convert("L"))
        assert int((page < 200).sum()) > 200, f"page {n + 1} is empty"


def test_html_escapes_every_text_a_person_typed(real_bank: Bank) -> None:
    evil = '</style></script><script>alert(1)</script> & "x"'
    html = document(
        real_bank, entry_for(real_bank, three_but_crisis(real_bank), evil, "<b>u</b>"), "en", WHEN
    )
    assert "<script>alert(1)" not in html
    assert "</style></script>" not in html
    assert "<b>u</b>" not in html
    assert "&lt;/style&gt;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in html
    assert 'http-equiv="Content-Security-Policy"' in html, "the page may not reach the network"


def test_css_string_cannot_be_broken_out_of() -> None:
    literal = css_string('Àgora "x" </style>\n\\ ok')
    inner = literal[1:-1]
    assert literal[0] == literal[-1] == '"'
    assert not any(c in inner for c in '"<>\n'), "quotes, angle brackets and newlines are escaped"
    assert "\\000022 " in inner and "Àgora" in inner and " ok" in inner


def test_dimension_pages_say_what_the_answers_say(real_bank: Bank) -> None:
    answers = three_but_crisis(real_bank)
    crisis = real_bank.questions_by_dimension["crisis_readiness"]
    answers[crisis[0].id] = "dk"
    answers[crisis[1].id] = 0
    entry = entry_for(real_bank, answers, "Comune di Bologna", "")
    html = document(real_bank, entry, "en", WHEN)
    assert "1 answered “don&#x27;t know”" in html
    assert crisis[0].text("en").replace("'", "&#x27;").replace('"', "&quot;") in html
    lowest = t("report.your_answer", "en", step=0, text=crisis[1].options[0].text("en"))
    assert lowest.replace("'", "&#x27;").replace('"', "&quot;") in html, "the chosen option's text"
    item = entry.plan.items[0]
    rec = item.recommendation
    cited = "; ".join(f"{p} {real_bank.principles[p].title('en')}" for p in rec.principles)
    assert cited.replace("'", "&#x27;") in html, "principles cited as 'P04 One frame for every unit'"
    # Cover, radar, roadmap, where the plan leads, then a page per dimension.
    assert html.count('<section class="page') == 4 + len(real_bank.dimensions)


def test_long_dates_in_each_language() -> None:
    when = datetime(2026, 11, 26)
    assert long_date(when, "en") == "26 November 2026"
    assert long_date(when, "es") == "26 de noviembre de 2026"
    assert long_date(when, "it") == "26 novembre 2026"


def test_slug_is_a_portable_file_name() -> None:
    assert report.slug(LONG_NAME, "Sala infantil") == (
        "ajuntament-de-l-hospitalet-de-llobregat-biblioteca-tecla-sala-i-servei-de"
    )
    assert (
        report.slug("Comune di Bologna", "Biblioteca Salaborsa") == "comune-di-bologna-biblioteca-salaborsa"
    )
    assert report.slug("???", "") == "foco"


def test_missing_chromium_says_what_to_install(real_bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHROMIUM", "/nonexistent/chromium")
    assert not report.available()
    with pytest.raises(report.ReportUnavailable, match="install Debian's chromium"):
        report.render_pdf(real_bank, entry_for(real_bank, three_but_crisis(real_bank)), "en", WHEN)


# --- the command line ----------------------------------------------------------------------------------


def run_cli(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assessment", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=240,
        env={**os.environ, "PYTHONUTF8": "1", **(env or {})},
        check=False,
    )


def responses_csv(path: Path, bank: Bank, rows: list[tuple[str, str, dict[str, Any]]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["organization", "unit", *bank.questions])
    for org, unit, answers in rows:
        writer.writerow([org, unit, *(answers.get(q, "") for q in bank.questions)])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return path


def test_report_command_writes_one_pdf_per_row(real_bank: Bank, tmp_path: Path) -> None:
    need_chromium()
    answers = three_but_crisis(real_bank)
    # Two organizations whose names make the same file name: each gets its own file and report.
    rows = [("Biblioteca Àgora", "Sala infantil", answers), ("Biblioteca Agora", "Sala infantil", answers)]
    path = responses_csv(tmp_path / "responses.csv", real_bank, rows)
    out = tmp_path / "reports"
    done = run_cli("report", path, "--out-dir", out, "--lang", "es")
    assert done.returncode == 0, done.stderr
    stem = "biblioteca-agora-sala-infantil"
    assert sorted(p.name for p in out.iterdir()) == [f"{stem}-2.pdf", f"{stem}.pdf"]
    assert "2 report(s)" in done.stdout
    first = pdf_text((out / f"{stem}.pdf").read_bytes())
    assert "Biblioteca Àgora" in first[0]
    assert t("results.level_n", "es", n=3, name=real_bank.level(3).name("es")) in first[0]
    assert all(d.name("es") in " ".join(first) for d in real_bank.dimensions.values())
    assert "Biblioteca Agora" in pdf_text((out / f"{stem}-2.pdf").read_bytes())[0]


def test_report_command_lists_problems_and_writes_nothing(real_bank: Bank, tmp_path: Path) -> None:
    first = next(iter(real_bank.questions))
    path = responses_csv(tmp_path / "bad.csv", real_bank, [("Àgora", "", {first: "7"}), ("", "Sala", {})])
    out = tmp_path / "reports"
    done = run_cli("report", path, "--out-dir", out)
    assert done.returncode == 1
    assert f"row 2, column {first}: value '7'" in done.stderr
    assert "row 3, column organization" in done.stderr
    assert "nothing was written" in done.stderr
    assert not out.exists() or not any(out.iterdir())


def test_report_command_without_chromium_says_so(real_bank: Bank, tmp_path: Path) -> None:
    path = responses_csv(tmp_path / "ok.csv", real_bank, [("Àgora", "", three_but_crisis(real_bank))])
    out = tmp_path / "reports"
    done = run_cli("report", path, "--out-dir", out, env={"CHROMIUM": "/nonexistent/chromium"})
    assert done.returncode == 1
    assert "install Debian's chromium" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir())


def test_report_command_one_failed_print_of_several_leaves_nothing(real_bank: Bank, tmp_path: Path) -> None:
    # Reports print several at once; if one fails, the others (finished or not) must not be left behind.
    need_chromium()
    from assessment.outputs.report import chromium

    fake = tmp_path / "chromium"
    fake.write_text(
        "#!/bin/sh\n"
        "for last; do :; done\n"
        'if grep -q "Broken Org" "${last#file://}"; then echo "cannot print" >&2; exit 3; fi\n'
        f'exec {chromium()} "$@"\n'
    )
    fake.chmod(0o755)
    answers = three_but_crisis(real_bank)
    rows = [(f"Org {i}", "", answers) for i in range(3)]
    rows += [("Broken Org", "", answers), ("Org 9", "", answers)]
    path = responses_csv(tmp_path / "responses.csv", real_bank, rows)
    out = tmp_path / "reports"
    done = run_cli("report", path, "--out-dir", out, env={"CHROMIUM": str(fake), "FOCO_JOBS": "2"})
    assert done.returncode == 1
    assert "cannot print" in done.stderr and "nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir()), sorted(p.name for p in out.iterdir())


@pytest.mark.parametrize(
    ("n", "env", "jobs"), [(1, {}, 1), (5, {"FOCO_JOBS": "3"}, 3), (2, {"FOCO_JOBS": "8"}, 2)]
)
def test_report_jobs(n: int, env: dict[str, str], jobs: int) -> None:
    from assessment.io.batch import report_jobs

    assert report_jobs(n, env) == jobs


# --- the results page ----------------------------------------------------------------------------------

RESULTS_SCRIPT = """
import streamlit as st
from assessment.ui import state
from assessment.ui.pages import results
state.init()
bank = state.bank()
state.set_profile(state.Profile({org!r}, "library", "Sala infantil"))
st.session_state.answers = {{
    q.id: 1 if q.dimension == "crisis_readiness" else 3 for q in bank.questions.values()
}}
results.show()
"""


class RecordingManager(MediaFileManager):
    """AppTest's media file manager, kept after the run so a test can click a deferred download."""

    last: RecordingManager | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        RecordingManager.last = self


@pytest.fixture
def results_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_bank: Bank) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'foco.db'}")
    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", RecordingManager)
    at = AppTest.from_string(RESULTS_SCRIPT.format(org=LONG_NAME), default_timeout=60)
    at.context["locale"] = "es-ES"
    return at


def test_results_page_offers_the_pdf_built_on_click(results_page: AppTest, real_bank: Bank) -> None:
    need_chromium()
    results_page.run()
    open_tab(results_page, "files")
    assert not results_page.exception
    buttons = [b for b in results_page.get("download_button") if b.proto.id.endswith("dl_report")]
    assert len(buttons) == 1
    button = buttons[0].proto
    assert button.label == t("report.download", "es")
    assert button.deferred_file_id and not button.url, "the PDF is not built on a rerun, only on a click"
    manager = RecordingManager.last
    assert manager is not None
    url = manager.execute_deferred(button.deferred_file_id)
    assert isinstance(manager._storage, MemoryMediaFileStorage)
    data = manager._storage.get_file(url.rsplit("/", 1)[-1].split(".")[0]).content
    cover = pdf_text(bytes(data))[0]
    assert LONG_NAME in cover
    assert t("results.level_n", "es", n=3, name=real_bank.level(3).name("es")) in cover


def test_results_page_without_chromium_explains(
    results_page: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHROMIUM", "/nonexistent/chromium")
    results_page.run()
    open_tab(results_page, "files")
    assert not results_page.exception
    assert results_page.get("download_button"), "the files tab is drawn"
    assert not [b for b in results_page.get("download_button") if b.proto.id.endswith("dl_report")]
    assert any(c.value == t("report.unavailable", "es") for c in results_page.caption)


def test_report_figures_are_the_apps(results_page: AppTest, real_bank: Bank) -> None:
    results_page.run()
    drawn = pictures(results_page)
    entry = Scored(LONG_NAME, "Sala infantil", *_scored(real_bank), "library")
    html = document(real_bank, entry, "es", WHEN)
    # The report prints the very pictures the page shows: the same SVG, the same alt text.
    assert len(drawn) == 2
    for alt, svg in drawn:
        picture = Chart(svg, alt)
        assert f'src="{picture.data_uri}"' in html
        assert f'alt="{esc(alt)}"' in html


def _scored(bank: Bank) -> tuple[Any, Any]:
    result = score(bank, three_but_crisis(bank), "library")
    return result, recommend(bank, result)
