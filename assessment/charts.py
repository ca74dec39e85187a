"""Plotly figure builders. They take plain values and labels (already translated) and return figures, so the
app, the report and the tests draw the very same charts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

# Colour-blind-safe, one per level (Okabe–Ito, light to strong).
LEVEL_COLOURS = ("#E69F00", "#F0E442", "#56B4E9", "#009E73", "#0072B2")
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}


@dataclass(frozen=True)
class LevelBand:
    number: int
    name: str
    start: float  # 0–100
    end: float


def _s_curve(x: float) -> float:
    # A logistic maturity curve: slow start, steep middle, plateau.
    return 100 / (1 + math.exp(-(x - 50) / 12))


def curve_position(score: float, level: int, bands: Sequence[LevelBand]) -> float:
    """Where the marker goes: at the score, but never past the end of the (possibly capped) level."""
    band = bands[level - 1]
    return min(max(score, band.start), band.end - 0.5 if band.end < 100 else 100)


def maturity_curve(
    bands: Sequence[LevelBand],
    score: float | None,
    level: int | None,
    marker_label: str,
    y_title: str,
    hover: str = "",
) -> go.Figure:
    xs = [i / 2 for i in range(201)]
    fig = go.Figure()
    for band, colour in zip(bands, LEVEL_COLOURS, strict=False):
        fig.add_vrect(x0=band.start, x1=band.end, fillcolor=colour, opacity=0.18, line_width=0, layer="below")
        fig.add_annotation(
            x=(band.start + band.end) / 2,
            y=104,
            text=f"<b>{band.number}</b><br>{band.name}",
            showarrow=False,
            font={"size": 12},
            yanchor="bottom",
        )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=[_s_curve(x) for x in xs],
            mode="lines",
            line={"color": "#444", "width": 3},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    if score is not None and level is not None:
        x = curve_position(score, level, bands)
        fig.add_trace(
            go.Scatter(
                x=[x],
                y=[_s_curve(x)],
                mode="markers+text",
                text=[marker_label],
                textposition="middle left",
                marker={
                    "size": 18,
                    "color": "#D55E00",
                    "line": {"color": "white", "width": 2},
                    "symbol": "circle",
                },
                hovertext=[hover or marker_label],
                hoverinfo="text",
                showlegend=False,
            )
        )
    fig.update_layout(
        font=FONT,
        height=340,
        margin={"l": 40, "r": 10, "t": 60, "b": 30},
        xaxis={"range": [0, 100], "showticklabels": False, "showgrid": False, "fixedrange": True},
        yaxis={
            "range": [0, 125],
            "title": y_title,
            "showticklabels": False,
            "showgrid": False,
            "fixedrange": True,
        },
        plot_bgcolor="white",
    )
    return fig


@dataclass(frozen=True)
class RadarSeries:
    name: str
    scores: Sequence[float | None]  # one per axis; None (not assessed) is drawn at 0


def radar(axes: Sequence[str], series: Sequence[RadarSeries]) -> go.Figure:
    fig = go.Figure()
    palette = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
    for i, s in enumerate(series):
        values = [v if v is not None else 0 for v in s.scores]
        fig.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=[*axes, axes[0]],
                name=s.name,
                fill="toself",
                opacity=0.75 if i == 0 else 0.5,
                line={"color": palette[i % len(palette)], "width": 2},
                hovertemplate="%{theta}: %{r:.1f}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        font=FONT,
        height=440,
        margin={"l": 90, "r": 90, "t": 40, "b": 40},
        polar={"radialaxis": {"range": [0, 100], "tickvals": [20, 40, 60, 80, 100]}},
        showlegend=len(series) > 1,
        legend={"orientation": "h", "y": -0.1},
    )
    return fig


def wrap(text: str, width: int = 16) -> str:
    """Break a long axis label onto lines (plotly does not wrap)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def history_chart(
    labels: Sequence[str], series: dict[str, Sequence[float | None]], y_title: str
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
