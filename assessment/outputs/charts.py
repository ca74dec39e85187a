"""Plotly figure builders. They take plain values and labels (already translated) and return figures, so the
app, the report and the tests draw the very same charts. A result's own curve and radar are static pictures
(outputs/svg_charts.py); what is here is interactive: the consultant's radar, heatmap, trends, the history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from assessment.bank import Bank

# Colour-blind-safe, one per level (Okabe–Ito, light to strong).
LEVEL_COLOURS = ("#E69F00", "#F0E442", "#56B4E9", "#009E73", "#0072B2")
# How the app shows every chart: no plotly toolbar over it (its buttons are unlabelled for screen readers).
CHART_CONFIG = {"displayModeBar": False}
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}


@dataclass(frozen=True)
class LevelBand:
    number: int
    name: str
    start: float  # 0–100
    end: float


def level_bands(bank: Bank, lang: str) -> list[LevelBand]:
    ends = [lv.min_score for lv in bank.levels[1:]] + [100.0]
    return [
        LevelBand(lv.level, lv.name(lang), lv.min_score, end)
        for lv, end in zip(bank.levels, ends, strict=True)
    ]


def curve_position(score: float, level: int, bands: Sequence[LevelBand]) -> float:
    """Where the marker goes: at the score, but never past the end of the (possibly capped) level."""
    band = bands[level - 1]
    return min(max(score, band.start), band.end - 0.5 if band.end < 100 else 100)


def unchecked(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A figure from plain dicts, not validated property by property: plotly's validation was most of the
    time the Results page spent on its two charts (12-25 ms against under 1 ms). The dicts are written as
    plotly's JSON has them, so the figure is the one a validated build gives (tests/outputs/test_charts.py
    builds both and compares)."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


@dataclass(frozen=True)
class RadarSeries:
    name: str
    scores: Sequence[float | None]  # one per axis; None (not assessed) is drawn at 0


def radar(axes: Sequence[str], series: Sequence[RadarSeries]) -> go.Figure:
    palette = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
    data: list[dict[str, Any]] = []
    for i, s in enumerate(series):
        values = [v if v is not None else 0 for v in s.scores]
        data.append(
            {
                "type": "scatterpolar",
                "r": [*values, values[0]],
                "theta": [*axes, axes[0]],
                "name": s.name,
                "fill": "toself",
                "opacity": 0.75 if i == 0 else 0.5,
                "line": {"color": palette[i % len(palette)], "width": 2},
                "hovertemplate": "%{theta}: %{r:.1f}<extra>%{fullData.name}</extra>",
            }
        )
    layout = {
        "font": FONT,
        "height": 440,
        "margin": {"l": 90, "r": 90, "t": 40, "b": 40},
        # The scale runs between the first two axes, so "100" never sits on the first axis's label.
        "polar": {
            "radialaxis": {
                "range": [0, 100],
                "tickvals": [20, 40, 60, 80, 100],
                "angle": 180 / max(len(axes), 1),
                "tickangle": 0,
            }
        },
        "showlegend": len(series) > 1,
        "legend": {"orientation": "h", "y": -0.1},
    }
    return unchecked(data, layout)


def lines(text: str, width: int) -> list[str]:
    """Words onto lines of at most `width` characters (a longer word keeps a line of its own)."""
    out: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        out.append(line)
    return out


def wrap(text: str, width: int = 16) -> str:
    """Break a long axis label onto lines (plotly does not wrap)."""
    return "<br>".join(lines(text, width))


def history_chart(
    labels: Sequence[str], series: Mapping[str, Sequence[float | None]], y_title: str
) -> go.Figure:
    """Each dimension's score across the organization's assessments, oldest first."""
    fig = go.Figure()
    palette = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
    for i, (name, values) in enumerate(series.items()):
        fig.add_trace(
            go.Scatter(
                x=list(labels),
                y=list(values),
                name=name,
                mode="lines+markers",
                line={"color": palette[i % len(palette)], "width": 2},
                connectgaps=False,
            )
        )
    fig.update_layout(
        font=FONT,
        height=360,
        margin={"l": 50, "r": 10, "t": 20, "b": 40},
        yaxis={"range": [0, 100], "title": y_title},
        xaxis={"type": "category"},
        legend={"orientation": "h", "y": -0.2},
    )
    return fig


def unit_spread(
    dimensions: Sequence[str], units: dict[str, Sequence[float | None]], x_title: str
) -> go.Figure:
    """One row per dimension, one dot per unit: how far an organization's units lie apart."""
    fig = go.Figure()
    palette = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
    symbols = ("circle", "diamond", "square", "triangle-up", "x", "star", "cross")
    for i, (name, scores) in enumerate(units.items()):
        fig.add_trace(
            go.Scatter(
                x=list(scores),
                y=list(dimensions),
                mode="markers",
                name=name,
                marker={"size": 13, "color": palette[i % len(palette)], "symbol": symbols[i % len(symbols)]},
                hovertemplate="%{y}: %{x:.1f}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        font=FONT,
        height=120 + 60 * len(dimensions),
        margin={"l": 10, "r": 10, "t": 20, "b": 40},
        xaxis={"range": [-2, 102], "title": x_title, "tickvals": [0, 20, 40, 60, 80, 100]},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": -0.25},
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=True, gridcolor="#ddd")
    return fig
