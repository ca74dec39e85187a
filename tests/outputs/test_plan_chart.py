"""The projection chart, its text alternative and the PDF's roadmap, on the hand-worked case of
test_projection.py (the weakest-link cap lifts only after "next")."""

from __future__ import annotations

import html
import re
from datetime import datetime

from assessment.bank import Bank
from assessment.engine.explain import dimension_text, explain, overall_text
from assessment.engine.projection import project
from assessment.i18n import t
from assessment.outputs.export import Scored
from assessment.outputs.projection_chart import projection_with_alt
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
