"""The projection chart, its text alternative and the PDF's roadmap, on the hand-worked case of
test_projection.py (the weakest-link cap lifts only after "next")."""

from __future__ import annotations

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
from assessment.outputs.projection_chart import projection_svg, projection_svg_with_alt, projection_with_alt
from assessment.outputs.report_html import document
from assessment.records import PlanStatus
from tests.helpers import cap_case


def test_the_chart_draws_each_dimension_across_the_stages(bank: Bank) -> None:
    result, plan = cap_case(bank)
    fig, _ = projection_with_alt(bank, project(bank, result, plan), "en")
    assert [tr.name for tr in fig.data] == [d.name("en") for d in bank.dimensions.values()]
    ys = {tr.name: list(tr.y) for tr in fig.data}
    assert ys["Dimension crisis_readiness"] == [0.0, 9.4, 28.1, 28.1]
    assert ys["Dimension platform_independence"] == [50.0, 50.0, 50.0, 65.0]
    ticks = list(fig.layout.xaxis.ticktext)
    assert [re.sub(r"<[^>]+>", " ", tick).split() for tick in ticks] == [
        ["Today", "overall", "level", "2"],
        ["After", "“Now”", "overall", "level", "2"],
        ["After", "“Next”", "overall", "level", "3"],
        ["After", "“Later”", "overall", "level", "3"],
    ]
    assert len(fig.layout.shapes) == 5  # the level bands


SVG = "{http://www.w3.org/2000/svg}"


def test_the_apps_static_chart_draws_the_same_lines_bands_and_stages(bank: Bank) -> None:
    result, plan = cap_case(bank)
    projection = project(bank, result, plan)
    svg, alt = projection_svg_with_alt(bank, projection, "en")
    assert alt == projection_with_alt(bank, projection, "en")[1], "the same text alternative as the PDF's"
    root = ET.fromstring(svg)  # one well-formed SVG document, as st.image takes it
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 5, "one unbroken line per dimension (every score known)"
    # The y axis runs from 296 (score 0) up to 16 (score 100): 2.8 px a point. Crisis readiness is the fifth
    # line: 0.0 → 9.4 → 28.1 → 28.1 (the same figures as the plotly chart above).
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
    _, alt = projection_with_alt(bank, project(bank, result, plan), "en")
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
    _, alt = projection_with_alt(bank, project(bank, result, plan), "es")
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
    assert 'id="projection"' in page


def test_done_statuses_reach_the_report(bank: Bank) -> None:
    result, plan = cap_case(bank)
    entry = Scored("Org", "", result, plan, statuses={"rec_cr_drills": PlanStatus(status="done")})
    text = _text(document(bank, entry, "en", datetime(2026, 3, 9)))
    # With the drills done, the level rises to 3 already after "now".
    found = re.findall(r"the overall level would be Level (\d)", text)
    assert found == ["3", "3", "3"]
