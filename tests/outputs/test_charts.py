"""The Compare page's radar is built from plain dicts without plotly's validation (it was most of its
time): the figure must be the one a validated build of the same dicts gives, property for property. (A
result's curve and radar, the plan's projection and the portfolio's heatmap and radar are SVG pictures:
tests/outputs/test_svg_charts.py and test_plan_chart.py.)"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

from assessment.bank import Bank
from assessment.engine.scoring import score
from assessment.outputs.charts import RadarSeries, radar


def validated(fig: go.Figure) -> go.Figure:
    # A validated build raises on a misspelt property or a wrong value, and writes each property in
    # plotly's own form (a title string becomes {"text": ...}): anything written otherwise differs below.
    spec = fig.to_plotly_json()
    return go.Figure({"data": spec["data"], "layout": spec["layout"]})


def as_json(fig: go.Figure) -> object:
    return json.loads(pio.to_json(fig, validate=False))


def test_the_radar_is_the_figure_a_validated_build_gives(app_bank: Bank) -> None:
    result = score(app_bank, dict.fromkeys(app_bank.questions, 2), "library")
    axes = [d.name("en") for d in app_bank.dimensions.values()]
    one = radar(axes, [RadarSeries("Library", [result.dimensions[d].score for d in app_bank.dimensions])])
    two = radar(axes, [RadarSeries("A", [50.0, None, 75.0, 25.0, 0.0]), RadarSeries("B", [1, 2, 3, 4, 5])])
    for fig in (one, two):
        assert as_json(fig) == as_json(validated(fig))
    # Step 2 of 0-4 everywhere: 50.0 on every axis, the line closed back to the first.
    assert list(one.data[0].r) == [50.0] * (len(axes) + 1)
    assert not one.layout.showlegend and two.layout.showlegend
    assert list(two.data[0].r) == [50.0, 0, 75.0, 25.0, 0.0, 50.0], "not assessed drawn at 0"
