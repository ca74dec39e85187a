"""A result's two pictures, the maturity curve and the radar, as static SVG drawn here in Python.

Neither chart is interactive (no toolbar, no zoom; what a hover said is in the caption next to it), so the
Results page shows them as images: no plotly.js to mount on the first view, which was most of that view's
drawing time and the whole of its first draw's second (issue 15, benchmarks/NOTES.md §4). The PDF report
prints the very same pictures. Every text is escaped; an SVG shown as an image runs no script."""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from assessment.bank import Bank
from assessment.engine.scoring import Result
from assessment.i18n import t
from assessment.outputs.charts import (
    FONT,
    LEVEL_COLOURS,
    LevelBand,
    RadarSeries,
    curve_position,
    level_bands,
    lines,
)

# Series told apart by colour and by shape (the projection's dimensions, the portfolio radar's clients).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
SYMBOLS = ("circle", "diamond", "square", "triangle-up", "x")
# The portfolio's radar shows up to six clients: the five colours and a sixth (charts.radar's).
RADAR_COLOURS = (*PALETTE, "#56B4E9")

# Drawn at about the width of a column on a laptop (shown at that size) and shrunk on a phone: text of 12 px
# stays about 9 px on a 390 px screen.
CURVE_SIZE = (480, 300)
RADAR_SIZE = (480, 400)
CHAR = 0.58  # an average character's width, in font sizes (for fitting texts into their room)
INK = "#333"
SOFT = "#666"
MARKER = "#D55E00"
SERIES = "#0072B2"
LINE_HEIGHT = 15
# A white outline behind a label that may cross the curve, so the line never runs through its letters.
HALO = {"stroke": "white", "stroke_width": "4", "paint_order": "stroke", "stroke_linejoin": "round"}


# Characters XML cannot hold at all: a control character in a client's name would make the whole picture fail
# to load, so they are left out of its text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """Text for an SVG: escaped, without the characters XML cannot hold."""
    return xml_escape(_NOT_XML.sub("", text))


@dataclass(frozen=True)
class Chart:
    """An SVG picture and the sentence that says what it shows (its alt text and caption)."""

    svg: str
    alt: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    # font_size → font-size; SVG's own camel-case attributes (textLength) are written as given.
    extra = "".join(f" {k.replace('_', '-')}={quoteattr(v)}" for k, v in attrs.items())
    return f'<text x="{_num(x)}" y="{_num(y)}"{extra}>{escape(content)}</text>'


def _svg(size: tuple[int, int], body: list[str]) -> str:
    w, h = size
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"'
        f' font-family={quoteattr(str(FONT["family"]))} font-size="13" fill="{INK}">'
        + "".join(body)
        + "</svg>"
    )


def _s_curve(x: float) -> float:
    # A logistic maturity curve: slow start, steep middle, plateau.
    return 100 / (1 + math.exp(-(x - 50) / 12))


def maturity_curve_svg(
    bands: Sequence[LevelBand], score: float | None, level: int | None, marker_label: str, y_title: str
) -> str:
    """The five level bands with their number and name on top, the curve, and the organization's point."""
    w, h = CURVE_SIZE
    left, right, bottom = 36, w - 8, h - 14
    names = [
        lines(b.name, max(6, int((b.end - b.start) * (right - left) / 100 / (CHAR * 12)))) for b in bands
    ]
    top = 8 + LINE_HEIGHT * (1 + max((len(n) for n in names), default=1)) + 14

    def px(x: float) -> float:
        return left + x / 100 * (right - left)

    def py(y: float) -> float:
        return bottom - y / 105 * (bottom - top)

    body: list[str] = [f'<rect width="{w}" height="{h}" fill="white"/>']
    for band, colour, name in zip(bands, LEVEL_COLOURS, names, strict=False):
        x0, x1 = px(band.start), px(band.end)
        body.append(
            f'<rect x="{_num(x0)}" y="{top}" width="{_num(x1 - x0)}" height="{_num(bottom - top)}"'
            f' fill="{colour}" fill-opacity="0.18"/>'
        )
        mid = (x0 + x1) / 2
        body.append(_text(mid, 8 + LINE_HEIGHT, str(band.number), text_anchor="middle", font_weight="bold"))
        for i, line in enumerate(name):
            # A word longer than its band ("Conversazionale") is drawn narrower rather than over the next one.
            # The room is the band less 5 px a side, so two squeezed names never touch.
            room = x1 - x0 - 10
            fit = {"textLength": _num(room)} if len(line) * CHAR * 12 > room else {}
            if fit:
                fit["lengthAdjust"] = "spacingAndGlyphs"
            body.append(
                _text(mid, 8 + LINE_HEIGHT * (i + 2), line, text_anchor="middle", font_size="12", **fit)
            )
    points = " ".join(f"{_num(px(i / 2))},{_num(py(_s_curve(i / 2)))}" for i in range(201))
    body.append(f'<polyline points="{points}" fill="none" stroke="#444" stroke-width="3"/>')
    cy = (top + bottom) / 2
    body.append(
        _text(14, cy, y_title, text_anchor="middle", transform=f"rotate(-90 14 {_num(cy)})", fill=SOFT)
    )
    if score is not None and level is not None:
        x = curve_position(score, level, bands)
        mx, my = px(x), py(_s_curve(x))
        body.append(
            f'<circle cx="{_num(mx)}" cy="{_num(my)}" r="9" fill="{MARKER}" stroke="white" stroke-width="2"/>'
        )
        body.extend(_marker_label(mx, my, marker_label, left, w))
    return _svg(CURVE_SIZE, body)


def _width(text: str, size: float = 13) -> float:
    return len(text) * CHAR * size


def _marker_label(mx: float, my: float, label: str, left: float, width: float) -> list[str]:
    """The point's label where it fits inside the picture: on one line left of the point (under the curve's
    rise), else right of it and a little above (over the flat start), else broken onto lines on the side
    with more room. A long label ("Usted está aquí (resultado provisional)") never runs off the edge."""
    gap = 15
    if mx - gap - _width(label) >= left:
        return [_text(mx - gap, my + 4, label, text_anchor="end", font_weight="bold", **HALO)]
    if mx + gap + _width(label) <= width - 4:
        return [_text(mx + gap, my - 10, label, font_weight="bold", **HALO)]
    room_left, room_right = mx - gap - left, width - 4 - mx - gap
    room = max(room_left, room_right)
    parts = lines(label, max(4, int(room / (CHAR * 13))))
    first = my + 4 - (len(parts) - 1) * LINE_HEIGHT / 2
    if room_left >= room_right:
        return [
            _text(mx - gap, first + k * LINE_HEIGHT, part, text_anchor="end", font_weight="bold", **HALO)
            for k, part in enumerate(parts)
        ]
    return [
        _text(mx + gap, first - 14 + k * LINE_HEIGHT, part, font_weight="bold", **HALO)
        for k, part in enumerate(parts)
    ]


def marker(symbol: str, x: float, y: float, colour: str, hollow: bool = False, r: float | None = None) -> str:
    """A series' marker, one of SYMBOLS, so a series is told apart by shape as well as colour; hollow (white
    inside) for a dimension not assessed. `r`: its size (3.5, or 4 hollow, unless given)."""
    paint = f'fill="white" stroke="{colour}" stroke-width="2"' if hollow else f'fill="{colour}"'
    if r is None:
        r = 4.0 if hollow else 3.5
    if symbol == "diamond":
        d = r + 1
        pts = (
            f"{_num(x)},{_num(y - d)} {_num(x + d)},{_num(y)} {_num(x)},{_num(y + d)} {_num(x - d)},{_num(y)}"
        )
        return f'<polygon points="{pts}" {paint}/>'
    if symbol == "square":
        size = f'width="{_num(2 * r)}" height="{_num(2 * r)}"'
        return f'<rect x="{_num(x - r)}" y="{_num(y - r)}" {size} {paint}/>'
    if symbol == "triangle-up":
        return (
            f'<polygon points="{_num(x)},{_num(y - r - 1)} {_num(x + r + 0.5)},{_num(y + r)}'
            f' {_num(x - r - 0.5)},{_num(y + r)}" {paint}/>'
        )
    if symbol == "x":
        a, b, c, e = x - r, y - r, x + r, y + r
        path = f"M{_num(a)},{_num(b)}L{_num(c)},{_num(e)}M{_num(a)},{_num(e)}L{_num(c)},{_num(b)}"
        width = "1.5" if hollow else "2.5"  # not assessed: a thinner cross
        return f'<path d="{path}" stroke="{colour}" stroke-width="{width}"/>'
    return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" {paint}/>'


def radar_svg(axes: Sequence[str], scores: Sequence[float | None], name: str = "") -> str:
    """One series of 0–100 scores on as many axes, the first at the top and clockwise; None (not assessed)
    is drawn at the centre as a hollow point."""
    return radars_svg(axes, [RadarSeries(name, scores)], legend=False)


def radars_svg(axes: Sequence[str], series: Sequence[RadarSeries], legend: bool = True) -> str:
    """Several series (the portfolio's picked clients) on one radar: each its colour and marker shape
    (PALETTE, one more, and SYMBOLS), named in a legend under it; the first series is
    drawn as the Results page's single one. None (not assessed) is a hollow marker at the centre."""
    w, h = RADAR_SIZE
    cx, cy, radius = w / 2, h / 2 + 4, 118.0
    n = max(len(axes), 1)

    def at(i: float, r: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    body: list[str] = []
    for tick in (20, 40, 60, 80, 100):
        ring = " ".join(f"{_num(x)},{_num(y)}" for x, y in (at(i, radius * tick / 100) for i in range(n)))
        body.append(f'<polygon points="{ring}" fill="none" stroke="#d9d9d9" stroke-width="1"/>')
    for i in range(n):
        x, y = at(i, radius)
        body.append(f'<line x1="{_num(cx)}" y1="{_num(cy)}" x2="{_num(x)}" y2="{_num(y)}" stroke="#d9d9d9"/>')
    # The scale between the first two axes, so "100" never sits on an axis's label.
    for tick in (20, 40, 60, 80, 100):
        x, y = at(0.5, radius * tick / 100)
        body.append(_text(x + 3, y, str(tick), font_size="11", fill=SOFT))
    # One series fills its shape well; several, lightly, so those under stay visible.
    opacity = "0.35" if len(series) == 1 else "0.12"
    for k, s in enumerate(series):
        colour, symbol = RADAR_COLOURS[k % len(RADAR_COLOURS)], SYMBOLS[k % len(SYMBOLS)]
        values = [max(0.0, min(100.0, v)) if v is not None else 0.0 for v in s.scores]
        shape = [at(i, radius * v / 100) for i, v in enumerate(values)]
        title = f"<title>{escape(s.name)}</title>" if s.name else ""
        points = " ".join(f"{_num(x)},{_num(y)}" for x, y in shape)
        body.append(
            f'<polygon points="{points}" fill="{colour}" fill-opacity="{opacity}" stroke="{colour}"'
            f' stroke-width="2.5" stroke-linejoin="round">{title}</polygon>'
        )
        # A dimension not assessed sits at the centre as a hollow point, not as a score of 0 (the alt says).
        body.extend(
            marker(symbol, x, y, colour, v is None) for (x, y), v in zip(shape, s.scores, strict=True)
        )
    for i, label in enumerate(axes):
        x, y = at(i, radius + 16)
        cos = math.cos(-math.pi / 2 + 2 * math.pi * i / n)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        parts = lines(label, 14)
        # Above the top axis the lines grow upwards; below the bottom ones, downwards; beside, centred.
        sin = math.sin(-math.pi / 2 + 2 * math.pi * i / n)
        first = y - (len(parts) - 1) * LINE_HEIGHT if sin < -0.5 else (y + 10 if sin > 0.5 else y + 4)
        if -0.5 <= sin <= 0.5:
            first -= (len(parts) - 1) * LINE_HEIGHT / 2
        for k, part in enumerate(parts):
            body.append(_text(x, first + k * LINE_HEIGHT, part, text_anchor=anchor, font_size="12"))
    if legend and series:
        legend_body, h = _legend([s.name for s in series], h, w)
        body.extend(legend_body)
    return _svg((w, h), [f'<rect width="{w}" height="{h}" fill="white"/>', *body])


def _legend(names: Sequence[str], top: float, width: float) -> tuple[list[str], int]:
    """Each series' marker and name, in rows under the chart (a long name cut with "…"); returns the
    drawing and the picture's new height."""
    out: list[str] = []
    x, y = 12.0, top + 2
    for k, full in enumerate(names):
        name = _cut(full, int((width - 60) / (CHAR * 13)))
        item = 34 + _width(name)
        if x + item > width - 8 and x > 12:
            x, y = 12.0, y + 22
        colour, symbol = RADAR_COLOURS[k % len(RADAR_COLOURS)], SYMBOLS[k % len(SYMBOLS)]
        out.append(
            f'<line x1="{_num(x)}" x2="{_num(x + 24)}" y1="{_num(y)}" y2="{_num(y)}" stroke="{colour}"'
            f' stroke-width="2.5"/>'
        )
        out.append(marker(symbol, x + 12, y, colour))
        out.append(_text(x + 30, y + 4, name))
        x += item + 14
    return out, int(y + 16)


def _cut(text: str, room: int) -> str:
    """A text of at most `room` characters: a longer one ends in "…"."""
    return text if len(text) <= room else text[: max(room - 1, 1)].rstrip() + "…"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def scale_colour(value: float) -> str:
    """A 0–100 score's colour on the heatmap's scale: the level colours, weakest to strongest, evenly spaced
    and mixed in between in RGB (as plotly's colorscale did, charts.heatmap)."""
    stops = [_rgb(c) for c in LEVEL_COLOURS]
    at = max(0.0, min(100.0, value)) / 100 * (len(stops) - 1)
    i = min(int(at), len(stops) - 2)
    f = at - i
    mixed = (round(a + (b - a) * f) for a, b in zip(stops[i], stops[i + 1], strict=True))
    return "#" + "".join(f"{c:02X}" for c in mixed)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


DARK_TEXT = "#222222"


def text_colour(fill: str) -> str:
    """Dark or white, whichever contrasts more with the cell (WCAG's contrast ratio)."""
    lum = _luminance(fill)
    dark = (lum + 0.05) / (_luminance(DARK_TEXT) + 0.05)
    white = 1.05 / (lum + 0.05)
    return DARK_TEXT if dark >= white else "white"


HEATMAP_WIDTH = 720
NOT_ASSESSED = "#EEEEEE"
CELL_H = 26


def heatmap_svg(
    rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[float | None]], colour_title: str
) -> str:
    """Scores (0–100) of many clients (rows) × dimensions (columns) as one picture: each cell coloured on the
    level colours' scale (charts.heatmap's) and labelled with its rounded number, dark or white, whichever
    reads better on it; a not-assessed cell light grey and blank. Row labels (user text) are escaped and a
    long one cut with "…"; the dimension names on top, wrapped. Each row is a <g class="row">: its label,
    then one <rect> per cell, each followed by its <text> unless blank. A scale under it."""
    w = HEATMAP_WIDTH
    n = max(len(columns), 1)
    label_w = 210.0
    room = int((label_w - 10) / (CHAR * 12))
    cell_w = (w - label_w - 8) / n
    names = [lines(c, max(6, int((cell_w - 4) / (CHAR * 12)))) for c in columns]
    top = 8 + LINE_HEIGHT * max((len(x) for x in names), default=1) + 6
    body: list[str] = []
    for j, name in enumerate(names):
        mid = label_w + cell_w * (j + 0.5)
        for k, line in enumerate(name):
            body.append(_text(mid, 8 + LINE_HEIGHT * (k + 1) - 3, line, text_anchor="middle", font_size="12"))
    for i, (label, row) in enumerate(zip(rows, values, strict=True)):
        y = top + i * CELL_H
        cells = [_text(label_w - 8, y + CELL_H / 2 + 4, _cut(label, room), text_anchor="end", font_size="12")]
        for j, v in enumerate(row):
            x = label_w + j * cell_w
            fill = NOT_ASSESSED if v is None else scale_colour(v)
            cells.append(
                f'<rect x="{_num(x + 1)}" y="{_num(y + 1)}" width="{_num(cell_w - 2)}"'
                f' height="{CELL_H - 2}" fill="{fill}"/>'
            )
            if v is not None:
                cells.append(
                    _text(
                        x + cell_w / 2,
                        y + CELL_H / 2 + 4,
                        f"{v:.0f}",
                        text_anchor="middle",
                        fill=text_colour(fill),
                    )
                )
        body.append('<g class="row">' + "".join(cells) + "</g>")
    # The scale: the colours from 0 to 100, ticked every 20.
    y = top + len(rows) * CELL_H + 14
    x0, x1 = label_w, w - 8.0
    stops = "".join(
        f'<stop offset="{_num(100 * k / (len(LEVEL_COLOURS) - 1))}%" stop-color="{c}"/>'
        for k, c in enumerate(LEVEL_COLOURS)
    )
    body.append(f'<defs><linearGradient id="scale">{stops}</linearGradient></defs>')
    body.append(_text(label_w - 8, y + 10, colour_title, text_anchor="end", font_size="12", fill=SOFT))
    body.append(
        f'<rect x="{_num(x0)}" y="{_num(y)}" width="{_num(x1 - x0)}" height="12" fill="url(#scale)"/>'
    )
    for tick in (0, 20, 40, 60, 80, 100):
        tx = x0 + (x1 - x0) * tick / 100
        anchor = "start" if tick == 0 else ("end" if tick == 100 else "middle")
        body.append(_text(tx, y + 28, str(tick), text_anchor=anchor, font_size="11", fill=SOFT))
    h = int(y + 36)
    return _svg((w, h), [f'<rect width="{w}" height="{h}" fill="white"/>', *body])


def curve_alt(bank: Bank, result: Result, lang: str) -> str:
    names = ", ".join(b.name for b in level_bands(bank, lang))
    if result.overall_level is None or result.overall_score is None:
        return t("results.curve_alt", lang, levels=names, n="—", name="—")
    level = bank.level(result.overall_level)
    # A provisional result says so on the chart itself and in its description.
    mark = f" {t('quick.mark', lang)}" if result.provisional else ""
    return t("results.curve_alt", lang, levels=names, n=level.level, name=level.name(lang) + mark)


def curve_chart(bank: Bank, result: Result, lang: str) -> Chart:
    """A result's place on the maturity curve, and the sentence that says it."""
    label = t("results.you_are_here", lang) + (f" {t('quick.tag', lang)}" if result.provisional else "")
    svg = maturity_curve_svg(
        level_bands(bank, lang),
        result.overall_score,
        result.overall_level,
        label,
        t("results.curve_y", lang),
    )
    return Chart(svg, curve_alt(bank, result, lang))


def radar_alt(bank: Bank, result: Result, lang: str) -> str:
    parts = []
    for dim_id, dim in bank.dimensions.items():
        r = result.dimensions[dim_id]
        mark = f" {t('quick.mark', lang)}" if r.provisional else ""
        shown = f"{r.score:.1f}{mark}" if r.score is not None else t("results.not_assessed", lang)
        parts.append(f"{dim.name(lang)} {shown}")
    return t("results.radar_alt", lang, scores=", ".join(parts))


def radar_chart(bank: Bank, result: Result, lang: str, series_name: str) -> Chart:
    """A result's dimension scores as a radar, and the sentence that lists them. The provisional mark is in
    the description and the series' name (the headings say it too); on the axes it would crowd the labels."""
    name = f"{series_name} {t('quick.mark', lang)}" if result.provisional else series_name
    axes = [d.name(lang) for d in bank.dimensions.values()]
    svg = radar_svg(axes, [result.dimensions[d].score for d in bank.dimensions], name)
    return Chart(svg, radar_alt(bank, result, lang))
