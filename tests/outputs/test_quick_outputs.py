"""A provisional result, marked as such wherever it appears: scores.csv, the charts' labels and descriptions,
the report's HTML and the printed PDF. The quick bank and its answers are those of test_quick_scoring.py."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from html import escape
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from assessment.engine.forms import answers_to_final, remaining
from assessment.engine.recommend import recommend
from assessment.engine.scoring import AnswerValue, score
from assessment.i18n import t, tn
from assessment.outputs import report
from assessment.outputs.export import Scored, scores_csv
from assessment.outputs.labels import dimension_level_label
from assessment.outputs.report_html import document
from assessment.outputs.svg_charts import curve_chart, radar_chart
from tests.browser_support import need_chromium
from tests.helpers import QB, QUICK, QUICK_ANSWERS

# Strategic focus answered deeper (sf_q3 = 4): final at 75.0; the four others stay provisional.
DEEPER = {**QUICK_ANSWERS, "sf_q3": 4}
SVG = "{http://www.w3.org/2000/svg}"


def entry(answers: dict[str, AnswerValue], form: str = "quick") -> Scored:
    result = score(QB, answers, "town_hall", form)
    return Scored("Comune di Lucca", "", result, recommend(QB, result), "town_hall")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_scores_csv_carries_the_provisional_marks() -> None:
    text = scores_csv(QB, [entry(QUICK_ANSWERS), entry(DEEPER), entry(DEEPER, "full")], "es")
    quick, deeper, full = rows(text)
    assert quick["provisional"] == "true"
    assert {quick[f"{d}_provisional"] for d in QB.dimensions} == {"true"}
    assert (deeper["provisional"], deeper["strategic_focus_provisional"]) == ("true", "false")
    assert deeper["strategic_focus_score"] == "75.0"
    assert deeper["crisis_readiness_provisional"] == "true"
    # The full survey places only strategic focus (3 of 5 answered); the rest: not assessed, not provisional.
    assert full["provisional"] == "false"
    assert full["crisis_readiness_score"] == "" and full["crisis_readiness_provisional"] == "false"


def test_what_a_provisional_dimension_still_needs() -> None:
    r = score(QB, QUICK_ANSWERS, "town_hall", "quick")
    # min_answered 0.5: sf 5 questions → 3 answers (2 given, 1 more); ho 5 → 3 (1 more); a town hall's cs has
    # 5 → 3 (1 more); pi 5 minus one N/A = 4 → 2 (1 given: 1 more); cr 8 → 4 (2 more).
    assert {d: answers_to_final(QB, x) for d, x in r.dimensions.items()} == {
        "strategic_focus": 1,
        "help_orientation": 1,
        "community_stewardship": 1,
        "platform_independence": 1,
        "crisis_readiness": 2,
    }
    # Going deeper everywhere adds every unanswered question that applies: 3 + 3 + 3 + 3 + 6 = 18.
    assert remaining(QB, r, "town_hall", QB.dimensions) == 18
    assert remaining(QB, r, "town_hall", ["crisis_readiness"]) == 6
    assert answers_to_final(QB, score(QB, DEEPER, "town_hall", "quick").dimensions["strategic_focus"]) == 0


@pytest.mark.parametrize("lang", ["en", "es", "it"])
def test_the_charts_say_provisional(lang: str) -> None:
    r = score(QB, DEEPER, "town_hall", "quick")
    mark = t("quick.mark", lang)
    radar = radar_chart(QB, r, lang, "Comune di Lucca")
    svg = ElementTree.fromstring(radar.svg)
    title = svg.find(f"{SVG}polygon/{SVG}title")
    assert title is not None and title.text == f"Comune di Lucca {mark}", "the series says it"
    labels = [e.text or "" for e in svg.iter(f"{SVG}text")]
    assert labels and not any(mark in label for label in labels), "the axes stay readable"
    assert f"{QB.dimensions['crisis_readiness'].name(lang)} 50.0 {mark}" in radar.alt
    assert f"{QB.dimensions['strategic_focus'].name(lang)} 75.0," in radar.alt
    curve = curve_chart(QB, r, lang)
    # The point's label, on one line or broken onto several where it would not fit (bold, as no other text
    # but the levels' numbers is).
    bold = [
        e.text or "" for e in ElementTree.fromstring(curve.svg).iter(f"{SVG}text") if e.get("font-weight")
    ]
    label = " ".join(x for x in bold if not x.isdigit())
    assert label == f"{t('results.you_are_here', lang)} {t('quick.tag', lang)}"
    assert mark in curve.alt
    final = score(QB, DEEPER, "town_hall", "full")
    assert mark not in radar_chart(QB, final, lang, "x").alt


def test_the_report_marks_every_provisional_place() -> None:
    html = document(QB, entry(dict.fromkeys(QUICK, 0)), "en", datetime(2026, 3, 9))
    mark = t("quick.mark", "en")
    # Cover: the overall level and score, and the note that says what provisional means.
    assert f"Level 1: Level experimenting {mark}" in html
    assert t("quick.overall", "en") in html
    # One provisional badge on each of the five dimension pages, and the overview table marks all five.
    assert html.count('class="badge provisional"') == 5
    # Every level is 1 (all answers 0): the cover's level and the curve's description (its aria-label and its
    # caption) name the overall level; the overview table's five rows each dimension's own level 1.
    assert html.count(f"Level experimenting {mark}") == 1 + 2
    for d in QB.dimensions:
        assert html.count(escape(f"{dimension_level_label(QB, d, 1, 'en')} {mark}")) == 1, d
    # The short plan says it is short and how much is left out (8 apply, 5 shown: docs in test_quick_scoring).
    assert tn("quick.plan_short_more", 3, "en", shown=5) in html
    assert "its first 5 steps. Your answers point to 3 more steps;" in html


def test_a_final_report_has_no_provisional_mark() -> None:
    html = document(QB, entry(dict.fromkeys(QB.questions, 2), "full"), "en", datetime(2026, 3, 9))
    assert t("quick.mark", "en") not in html and "badge provisional" not in html


@pytest.mark.parametrize("lang", ["en", "es", "it"])
def test_the_printed_pdf_says_provisional(lang: str) -> None:
    need_chromium()
    pdf = report.render_pdf(QB, entry(DEEPER), lang, datetime(2026, 3, 9))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert t("quick.mark", lang) in text
    assert t("quick.badge", lang) in text
    # Four provisional dimension pages each say how many answers would make them final.
    assert text.count(tn("quick.report_dim", 1, lang).split(".")[0]) == 4
