"""The projection as a chart: each dimension's score today → after "now" → after "next" → after "later",
over the level bands, with the overall level (weakest-link cap included) under each stage; and the text
alternative that goes with it, in the app and in the PDF alike (see svg_charts.curve_chart)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from assessment.bank import Bank
from assessment.engine.projection import STAGES, Projection
from assessment.i18n import t
from assessment.outputs.charts import FONT, LEVEL_COLOURS, LevelBand, level_bands, unchecked, wrap

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
SYMBOLS = ("circle", "diamond", "square", "triangle-up", "x")


def stage_labels(lang: str) -> list[str]:
    """'Today', 'After “Now”', …: one per stage of the projection."""
    return [t("plan.stage_today", lang)] + [
        t("plan.stage_after", lang, phase=t(f"phase.{phase}", lang)) for phase in STAGES[1:]
    ]


def projection_chart(
    stages: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    bands: Sequence[LevelBand],
    y_title: str,
) -> go.Figure:
    """One line per dimension across the stages; a score of None (not assessed) leaves a gap. Each line sits
    a little to the side of the stage, so dimensions with the same scores stay visible side by side."""
    spread = 0.05 * (len(series) - 1)
    data = [
        {
            "type": "scatter",
            "x": [n + (-spread / 2 + 0.05 * i) for n in range(len(stages))],
            "y": list(values),
            "name": name,
            "text": list(stages),
            "mode": "lines+markers",
            "line": {"color": PALETTE[i % len(PALETTE)], "width": 2},
            "marker": {"size": 9, "symbol": SYMBOLS[i % len(SYMBOLS)]},
            "connectgaps": False,
            "hovertemplate": "%{text}: %{y:.1f}<extra>%{fullData.name}</extra>",
        }
        for i, (name, values) in enumerate(series.items())
    ]
    layout = {
        "shapes": [
            {
                "type": "rect",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": band.start,
                "y1": band.end,
                "fillcolor": colour,
                "opacity": 0.14,
                "line": {"width": 0},
                "layer": "below",
            }
            for band, colour in zip(bands, LEVEL_COLOURS, strict=False)
        ],
        "annotations": [
            {
                "xref": "paper",
                "x": 1.01,
                "xanchor": "left",
                "y": (band.start + band.end) / 2,
                "showarrow": False,
                "font": {"size": 11, "color": "#444"},
                "text": f"<b>{band.number}</b> {band.name}",
            }
            for band in bands
        ],
        "font": FONT,
        "height": 440,
        "margin": {"l": 50, "r": 150, "t": 20, "b": 40},
        "yaxis": {
            "range": [0, 100],
            "title": {"text": y_title},
            "tickvals": [0, 20, 40, 60, 80, 100],
            "fixedrange": True,
        },
        "xaxis": {
            "tickvals": list(range(len(stages))),
            "ticktext": list(stages),
            "range": [-0.4, len(stages) - 0.6],
            "tickangle": 0,
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
        },
        "legend": {"orientation": "h", "y": -0.3, "yanchor": "top"},
        "plot_bgcolor": "white",
    }
    # Built as the curve is (charts.unchecked): the same JSON as a validated build, tests/outputs.
    return unchecked(data, layout)


def _score(value: float | None, lang: str) -> str:
    return f"{value:.1f}" if value is not None else t("results.not_assessed", lang)


def projection_with_alt(bank: Bank, projection: Projection, lang: str) -> tuple[go.Figure, str]:
    """The projection chart and the sentence that reads it: per dimension its scores across the stages
    and its target, then the overall level at each stage."""
    labels = stage_labels(lang)
    overall = [s.result.overall_level for s in projection.stages]
    # The overall level under each stage's name: the chart's bands show the dimensions, not the cap.
    ticks = [
        f"{wrap(label, 14)}<br><b>{t('plan.overall_short', lang, n=n if n is not None else '—')}</b>"
        for label, n in zip(labels, overall, strict=True)
    ]
    series = {dim.name(lang): [s.score(d) for s in projection.stages] for d, dim in bank.dimensions.items()}
    fig = projection_chart(ticks, series, level_bands(bank, lang), t("results.score", lang))

    parts = []
    for d, dim in bank.dimensions.items():
        path = " → ".join(_score(s.score(d), lang) for s in projection.stages)
        reach = projection.reach[d]
        if reach.target is None:
            aim = ""
        elif reach.reached_at is not None:
            at = labels[STAGES.index(reach.reached_at)]
            aim = t("plan.alt_target_reached", lang, n=reach.target, stage=at)
        else:
            aim = t("plan.alt_target_missed", lang, n=reach.target)
        parts.append(f"{dim.name(lang)} {path}" + (f" ({aim})" if aim else ""))
    levels = " → ".join(str(n) if n is not None else "—" for n in overall)
    alt = t(
        "plan.projection_alt",
        lang,
        stages=" → ".join(labels),
        dims="; ".join(parts),
        levels=levels,
    )
    return fig, alt
