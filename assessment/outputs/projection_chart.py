"""The projection as a chart: each dimension's score today → after "now" → after "next" → after "later",
over the level bands, with the overall level (weakest-link cap included) under each stage; and the text
alternative that goes with it, in the app and in the PDF alike (see svg_charts.curve_chart): one static SVG
(projection_svg), the very picture in both, drawn by hand from the stages' labels and scores (_drawn)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from assessment.bank import Bank
from assessment.engine.projection import STAGES, Projection
from assessment.i18n import t
from assessment.outputs.charts import FONT, LEVEL_COLOURS, LevelBand, level_bands, lines, wrap
from assessment.outputs.svg_charts import PALETTE, SYMBOLS, marker


def stage_labels(lang: str) -> list[str]:
    """'Today', 'After “Now”', …: one per stage of the projection."""
    return [t("plan.stage_today", lang)] + [
        t("plan.stage_after", lang, phase=t(f"phase.{phase}", lang)) for phase in STAGES[1:]
    ]


def _score(value: float | None, lang: str) -> str:
    return f"{value:.1f}" if value is not None else t("results.not_assessed", lang)


# --- the chart as a static SVG (the Plan tab and the PDF) ----------------------------------------------
# Drawn by hand: an <img> the browser shows at once, where a plotly chart costs plotly.js's mount each time
# the tab is opened (benchmarks/NOTES.md, section 5). The scores it shows are all in its text alternative.

# Drawn at its own size (13 px text, as the other charts), no wider than the page: stretched to a wide page
# it grew to half as large again.
WIDTH = 900
PLOT_LEFT, PLOT_TOP, PLOT_BOTTOM = 56, 16, 296
BAND_NAMES = 160  # px at the right of the plot for the level bands' names
LINE_HEIGHT = 15


def _lines(text: str, x: float, y: float, attrs: str = "") -> str:
    """A label over several lines (plotly's <br> and <b> markup as the figure's ticks are written)."""
    spans = []
    for i, line in enumerate(text.split("<br>")):
        bold = line.startswith("<b>") and line.endswith("</b>")
        plain = line.removeprefix("<b>").removesuffix("</b>") if bold else line
        weight = ' font-weight="bold"' if bold else ""
        spans.append(
            f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE_HEIGHT}"{weight}>{escape(plain)}</tspan>'
        )
    return f'<text x="{x:.1f}" y="{y:.1f}"{attrs}>{"".join(spans)}</text>'


BOLD_CHAR = 7.6  # px: a 13 px bold character, on average, to tell whether a stage's label fits its room


def _fitted(label: str, room: float) -> list[str]:
    """A stage's label (lines joined by <br>, a bold one in <b>…</b>) as lines no wider than `room` px, each
    one broken into as few lines as it needs and those balanced ("livello" / "complessivo 4", never
    "livello complessivo" / "4")."""
    most = max(4, int(room / BOLD_CHAR))
    out: list[str] = []
    for line in label.split("<br>"):
        bold = line.startswith("<b>") and line.endswith("</b>")
        plain = line.removeprefix("<b>").removesuffix("</b>") if bold else line
        parts = lines(plain, most)
        width = most
        while width > 1 and len(lines(plain, width - 1)) == len(parts):
            width -= 1
        out.extend(f"<b>{p}</b>" if bold else p for p in lines(plain, width))
    return out


def projection_svg(
    stages: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    bands: Sequence[LevelBand],
    y_title: str,
    width: int = WIDTH,
) -> str:
    """The projection as one SVG document `width` px wide: the level bands with their names at the right,
    one line per dimension across the stages (a gap where a score is None), the stages' labels under the
    axis and a legend below."""
    plot_right = width - BAND_NAMES
    n = len(stages)
    lo, hi = -0.4, n - 0.6

    def sx(x: float) -> float:
        return PLOT_LEFT + (x - lo) / (hi - lo) * (plot_right - PLOT_LEFT)

    def sy(y: float) -> float:
        return PLOT_BOTTOM - y / 100 * (PLOT_BOTTOM - PLOT_TOP)

    out: list[str] = []
    for band, colour in zip(bands, LEVEL_COLOURS, strict=False):
        top, bottom = sy(band.end), sy(band.start)
        out.append(
            f'<rect x="{PLOT_LEFT}" y="{top:.1f}" width="{plot_right - PLOT_LEFT}"'
            f' height="{bottom - top:.1f}" fill="{colour}" fill-opacity="0.14"/>'
        )
        label = lines(band.name, 20)
        mid = (top + bottom) / 2 - (len(label) - 1) * 13 / 2 + 4
        spans = "".join(
            f'<tspan x="{plot_right + 8}" dy="{0 if i == 0 else 13}">'
            + (f'<tspan font-weight="bold">{band.number}</tspan> ' if i == 0 else "")
            + f"{escape(line)}</tspan>"
            for i, line in enumerate(label)
        )
        out.append(f'<text x="{plot_right + 8}" y="{mid:.1f}" font-size="11" fill="#444">{spans}</text>')
    for tick in (0, 20, 40, 60, 80, 100):
        y = sy(tick)
        out.append(f'<line x1="{PLOT_LEFT}" x2="{plot_right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{PLOT_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{tick}</text>')
    middle = (PLOT_TOP + PLOT_BOTTOM) / 2
    out.append(
        f'<text x="14" y="{middle:.1f}" transform="rotate(-90 14 {middle:.1f})" text-anchor="middle"'
        f' fill="#444">{escape(y_title)}</text>'
    )
    tick_lines = 1
    room = (plot_right - PLOT_LEFT) / max(n, 1) - 10
    for i, stage in enumerate(stages):
        fitted = _fitted(stage, room)
        out.append(_lines("<br>".join(fitted), sx(i), PLOT_BOTTOM + 18, ' text-anchor="middle" fill="#222"'))
        tick_lines = max(tick_lines, len(fitted))
    spread = 0.05 * (len(series) - 1)
    for k, (_name, values) in enumerate(series.items()):
        colour, symbol = PALETTE[k % len(PALETTE)], SYMBOLS[k % len(SYMBOLS)]
        points = [None if v is None else (sx(i - spread / 2 + 0.05 * k), sy(v)) for i, v in enumerate(values)]
        run: list[tuple[float, float]] = []
        for point in [*points, None]:  # a None ends a run of connected points (connectgaps off)
            if point is not None:
                run.append(point)
                continue
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
            run = []
        out.extend(marker(symbol, x, y, colour, r=4.5) for x, y in (p for p in points if p is not None))
    # The legend, in rows under the stages' labels.
    x: float = PLOT_LEFT
    y = PLOT_BOTTOM + 18 + tick_lines * LINE_HEIGHT + 22
    for k, name in enumerate(series):
        item = 34 + 7.2 * len(name)
        if x + item > width - 10 and x > PLOT_LEFT:
            x, y = PLOT_LEFT, y + 22
        colour, symbol = PALETTE[k % len(PALETTE)], SYMBOLS[k % len(SYMBOLS)]
        out.append(
            f'<line x1="{x:.1f}" x2="{x + 24:.1f}" y1="{y:.1f}" y2="{y:.1f}"'
            f' stroke="{colour}" stroke-width="2"/>'
        )
        out.append(marker(symbol, x + 12, y, colour, r=4.5))
        out.append(f'<text x="{x + 30:.1f}" y="{y + 4:.1f}" fill="#222">{escape(name)}</text>')
        x += item + 16
    height = int(y + 16)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" font-family="{FONT["family"]}" font-size="13">'
        f'<rect width="{width}" height="{height}" fill="white"/>{"".join(out)}</svg>'
    )


def _drawn(bank: Bank, projection: Projection, lang: str) -> tuple[list[str], dict[str, list[float | None]]]:
    """The stages' labels, each with the overall level under it (the chart's bands show the dimensions, not
    the cap), and each dimension's scores across the stages."""
    overall = [s.result.overall_level for s in projection.stages]
    ticks = [
        f"{wrap(label, 14)}<br><b>{t('plan.overall_short', lang, n=n if n is not None else '—')}</b>"
        for label, n in zip(stage_labels(lang), overall, strict=True)
    ]
    series = {dim.name(lang): [s.score(d) for s in projection.stages] for d, dim in bank.dimensions.items()}
    return ticks, series


def projection_svg_with_alt(
    bank: Bank, projection: Projection, lang: str, width: int = WIDTH
) -> tuple[str, str]:
    """The projection as the SVG the Plan tab and (`width` its text width) the PDF show, and the sentence
    that reads it."""
    ticks, series = _drawn(bank, projection, lang)
    svg = projection_svg(ticks, series, level_bands(bank, lang), t("results.score", lang), width)
    return svg, projection_alt(bank, projection, lang)


def projection_alt(bank: Bank, projection: Projection, lang: str) -> str:
    """The sentence that reads the projection: per dimension its scores across the stages and its target,
    then the overall level at each stage."""
    labels = stage_labels(lang)
    overall = [s.result.overall_level for s in projection.stages]
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
    return t(
        "plan.projection_alt",
        lang,
        stages=" → ".join(labels),
        dims="; ".join(parts),
        levels=levels,
    )
