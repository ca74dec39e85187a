"""The projection chart, its text alternative and the PDF's roadmap, on the hand-worked case of
test_projection.py (the weakest-link cap lifts only after "next")."""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET
from datetime import datetime

from assessment.bank import Bank
from assessment.engine.explain import dimension_text, explain, overall_text
from assessment.engine.projection import project
from assessment.i18n import t
from assessment.outputs.charts import LevelBand
from assessment.outputs.export import Scored
from assessment.outputs.projection_chart import projection_svg, projection_svg_with_alt
from assessment.outputs.report_html import FIGURE_WIDTH, document
from assessment.records import PlanStatus
from tests.helpers import cap_case

SVG = "{http://www.w3.org/2000/svg}"


def test_the_apps_static_chart_draws_the_same_lines_bands_and_stages(bank: Bank) -> None:
    result, plan = cap_case(bank)
    projection = project(bank, result, plan)
    svg, _ = projection_svg_with_alt(bank, projection, "en")
    root = ET.fromstring(svg)  # one well-formed SVG document, as st.image takes it
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 5, "one unbroken line per dimension (every score known)"
    # The y axis runs from 296 (score 0) up to 16 (score 100): 2.8 px a point. Crisis readiness is the fifth
    # line: 0.0 → 9.4 → 28.1 → 28.1 (test_projection.py's hand-worked case).
    ys = [float(p.split(",")[1]) for p in lines[4].get("points", "").split()]
    assert ys == [296.0, 269.7, 217.3, 217.3]
    ys = [float(p.split(",")[1]) for p in lines[3].get("points", "").split()]
    assert ys == [156.0, 156.0, 156.0, 114.0]  # platform independence 50 → 50 → 50 → 65
    text = [" ".join(" ".join(e.itertext()).split()) for e in root.iter(f"{SVG}text")]
    for stage, n in (("Today", 2), ("After “Now”", 2), ("After “Next”", 3), ("After “Later”", 3)):
        assert f"{stage} overall level {n}" in text, text
    for dim in bank.dimensions.values():
        assert dim.name("en") in text  # the legend
    assert sum(1 for e in root.iter(f"{SVG}rect") if e.get("fill-opacity") == "0.14") == 5  # the bands
    assert f"5 {bank.level(5).name('en')}" in text


def test_the_static_chart_leaves_a_gap_where_a_score_is_unknown_and_escapes_names() -> None:
    bands = [LevelBand(1, "Low", 0, 50), LevelBand(2, "High", 50, 100)]
    svg = projection_svg(["A", "B", "C", "D"], {"R&D <dept>": [10.0, None, 30.0, 40.0]}, bands, "Score")
    root = ET.fromstring(svg)
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 1 and len(lines[0].get("points", "").split()) == 2, "no line across the gap"
    assert len(root.findall(f"{SVG}circle")) == 3 + 1  # three known scores and the legend's mark
    assert "R&D <dept>" in ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def test_the_text_alternative_says_what_the_chart_shows(bank: Bank) -> None:
    result, plan = cap_case(bank)
    _, alt = projection_svg_with_alt(bank, project(bank, result, plan), "en")
    stages = "Today → After “Now” → After “Next” → After “Later”"
    flat = "50.0 → 50.0 → 50.0 → 50.0 (target level 4, not reached by this plan)"
    assert alt == (
        f"Chart description, projected scores out of 100 ({stages}): "
        f"Dimension strategic_focus {flat}; Dimension help_orientation {flat}; "
        f"Dimension community_stewardship {flat}; "
        "Dimension platform_independence 50.0 → 50.0 → 50.0 → 65.0 (target level 4, reached: After “Later”); "
        "Dimension crisis_readiness 0.0 → 9.4 → 28.1 → 28.1 (target level 2, reached: After “Next”). "
        "Overall level: 2 → 2 → 3 → 3."
    )


def test_the_spanish_alternative(bank: Bank) -> None:
    result, plan = cap_case(bank)
    _, alt = projection_svg_with_alt(bank, project(bank, result, plan), "es")
    assert alt.startswith("Descripción del gráfico, puntuaciones previstas sobre 100 (Hoy → Tras la fase")
    assert alt.endswith("Nivel general: 2 → 2 → 3 → 3.")


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_the_roadmap_shows_the_level_after_each_phase_and_why(bank: Bank) -> None:
    result, plan = cap_case(bank)
    page = document(bank, Scored("Org", "", result, plan), "en", datetime(2026, 3, 9))
    text = _text(page)
    level = {n: t("results.level_n", "en", n=n, name=bank.level(n).name("en")) for n in (2, 3)}
    after = [f"After this phase, the overall level would be {level[n]}." for n in (2, 3, 3)]
    # Now, Next, Later headings each followed by the overall level after that phase.
    found = re.findall(r"After this phase, the overall level would be Level \d: Level \w+\.", text)
    assert found == after
    why = explain(bank, result)
    assert _text(overall_text(bank, why.overall, "en")) in text
    for d in bank.dimensions:
        assert _text(dimension_text(bank, why.dimensions[d], "en")) in text
    assert "Where the plan leads" in text
    assert "28.1 · level 2" in text and "level 2 · Next" in text
    # The projection is the Plan tab's own picture, and the page runs no script (no plotly.js inlined).
    svg, alt = projection_svg_with_alt(bank, project(bank, result, plan), "en", FIGURE_WIDTH)
    picture = re.search(
        r'<div class="figure" id="projection"><img src="data:image/svg\+xml;base64,([^"]+)"', page
    )
    assert picture is not None and base64.b64decode(picture.group(1)).decode("utf-8") == svg
    assert f'alt="{html.escape(alt, quote=True)}"' in page
    assert "<script" not in page and "script-src" not in page


def test_done_statuses_reach_the_report(bank: Bank) -> None:
    result, plan = cap_case(bank)
    entry = Scored("Org", "", result, plan, statuses={"rec_cr_drills": PlanStatus(status="done")})
    text = _text(document(bank, entry, "en", datetime(2026, 3, 9)))
    # With the drills done, the level rises to 3 already after "now".
    found = re.findall(r"the overall level would be Level (\d)", text)
    assert found == ["3", "3", "3"]


def test_a_stage_label_too_wide_for_its_room_is_broken_into_balanced_lines() -> None:
    bands = [LevelBand(1, "Low", 0, 50), LevelBand(2, "High", 50, 100)]
    stage = "Dopo la fase<br>«Più avanti»<br><b>livello complessivo 4</b>"
    # 660 px (the PDF): four stages share 660 − 56 − 160 = 444 px, 111 px each, 101 px of room once 10 px
    # apart; at 7.6 px a bold character that is 13 characters: "livello complessivo 4" (21) takes two lines,
    # balanced as "livello" / "complessivo 4" rather than "livello complessivo" / "4".
    narrow = ET.fromstring(projection_svg([stage] * 4, {"A": [10.0, 20.0, 30.0, 40.0]}, bands, "Score", 660))
    spans = [" ".join(e.itertext()) for e in narrow.iter(f"{SVG}tspan")]
    assert spans.count("livello") == 4 and spans.count("complessivo 4") == 4, spans
    # 900 px (the app): 684 / 4 − 10 = 161 px, 21 characters: one line.
    wide = ET.fromstring(projection_svg([stage] * 4, {"A": [10.0, 20.0, 30.0, 40.0]}, bands, "Score"))
    spans = [" ".join(e.itertext()) for e in wide.iter(f"{SVG}tspan")]
    assert spans.count("livello complessivo 4") == 4, spans
