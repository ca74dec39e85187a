"""The report as one self-contained HTML page (styles and pictures inline, no script), for Chromium to print.

Every text from a person or the bank goes through `esc` (or `el`, which calls it); the figures are the app's
own: the curve and the radar the very SVG pictures of the Results page (outputs/svg_charts.py), the plan's
projection the very SVG of its Plan tab (outputs/projection_chart.projection_svg_with_alt)."""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

from assessment.bank import Bank
from assessment.bank.model import Dimension, Question
from assessment.engine.explain import Explanation, dimension_text, explain, overall_text
from assessment.engine.forms import answers_to_final
from assessment.engine.projection import STAGES, Projection
from assessment.engine.recommend import PHASES, Phase, Plan, PlanItem
from assessment.engine.scoring import Result
from assessment.i18n import t, tn
from assessment.outputs.export import Scored, projection_of
from assessment.outputs.labels import dimension_level_label, evidence_line, overall_level_label
from assessment.outputs.projection_chart import projection_svg_with_alt, stage_labels
from assessment.outputs.svg_charts import Chart, curve_chart, radar_chart

CSS_FILE = Path(__file__).with_name("report.css")
FIGURE_WIDTH = 660  # px: the A4 text width (178 mm) is about 672 px at 96 dpi
LOWEST_SHOWN = 3
# Nothing in the page may reach the network or a file, and no script runs: only its own inline styles and
# pictures (data: URIs) are allowed.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def el(tag: str, text: object, cls: str = "") -> str:
    """One element around escaped text."""
    return f'<{tag} class="{cls}">{esc(text)}</{tag}>' if cls else f"<{tag}>{esc(text)}</{tag}>"


def who(entry: Scored) -> str:
    return entry.organization + (f" · {entry.unit}" if entry.unit else "")


def long_date(when: datetime, lang: str) -> str:
    month = t("report.months", lang).split(",")[when.month - 1]
    return t("report.date_format", lang, day=when.day, month=month, year=when.year)


def _picture(chart: Chart, div_id: str) -> str:
    """A static chart (outputs/svg_charts.py), the very picture the Results page shows, and its caption."""
    img = f'<img src="{chart.data_uri}" alt="{esc(chart.alt)}" width="{FIGURE_WIDTH}">'
    return f'<div class="figure" id="{div_id}">{img}</div>' + el("p", chart.alt, "caption")


def _overall(bank: Bank, entry: Scored, lang: str) -> str:
    result = entry.result
    out = el("p", t("results.overall", lang), "kicker")
    if result.overall_level is None or result.overall_score is None:
        missing = [bank.dimensions[d].name(lang) for d, r in result.dimensions.items() if not r.assessed]
        return out + el("p", t("results.overall_missing", lang, dims=", ".join(missing)), "warning")
    level = bank.level(result.overall_level)
    mark = f" {t('quick.mark', lang)}" if result.provisional else ""
    out += el("p", overall_level_label(bank, level.level, lang) + mark, "level")
    out += (
        f"<p>{esc(t('results.overall_score', lang))}: <b>{result.overall_score:.1f} / 100</b>{esc(mark)}</p>"
    )
    if result.provisional:
        out += el("p", t("quick.overall", lang), "warning provisional")
    out += el("p", level.description(lang))
    capped = capped_note(bank, result, lang)
    if capped:
        out += el("p", capped, "note")
    return out


def plan_note(plan: Plan, lang: str) -> str | None:
    """What a short plan (from a provisional result) says about itself, or None for a whole plan."""
    if not plan.provisional:
        return None
    if plan.left_out:
        return tn("quick.plan_short_more", plan.left_out, lang, shown=len(plan.items))
    return t("quick.plan_short", lang)


def capped_note(bank: Bank, result: Result, lang: str) -> str | None:
    """Why the overall level is lower than the average would give (the weakest-link rule), or None."""
    if not result.capped or result.overall_score is None:
        return None
    return t(
        "results.capped",
        lang,
        score=f"{result.overall_score:.1f}",
        uncapped=result.uncapped_level,
        level=result.overall_level,
        weakest=", ".join(bank.dimensions[d].name(lang) for d in result.weakest),
    )


def _cover(bank: Bank, entry: Scored, lang: str, when: datetime) -> str:
    meta = []
    if entry.organization_type:
        meta.append((t("start.type", lang), bank.org_type_name(entry.organization_type, lang)))
    meta.append((t("report.date", lang), long_date(when, lang)))
    meta.append((t("report.bank", lang), entry.result.bank_version))
    curve = curve_chart(bank, entry.result, lang)
    return "".join(
        [
            '<section class="page cover">',
            el("p", "FOCO", "brand"),
            el("p", t("report.title", lang), "kicker"),
            el("h1", entry.organization),
            el("p", entry.unit, "unit") if entry.unit else "",
            '<dl class="meta">' + "".join(el("dt", k) + el("dd", v) for k, v in meta) + "</dl>",
            f'<div class="overall">{_overall(bank, entry, lang)}</div>',
            el("h3", t("results.curve", lang)),
            _picture(curve, "curve"),
            "</section>",
        ]
    )


def _table(head: list[str], rows: list[list[str]], classes: list[str]) -> str:
    """Cells in `rows` are HTML already; `classes` gives each column's class (alignment, wrapping)."""
    th = "".join(el("th", h, c) for h, c in zip(head, classes, strict=True))
    body = "".join(
        "<tr>" + "".join(f'<td class="{c}">{v}</td>' for v, c in zip(row, classes, strict=True)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _overview(bank: Bank, entry: Scored, lang: str) -> str:
    radar = radar_chart(bank, entry.result, lang, who(entry))
    head = [t("col.dimension", lang), t("results.score", lang), t("results.level", lang)]
    head += [t("report.col_answered", lang), t("survey.dk", lang)]
    rows = []
    for dim in bank.dimensions.values():
        r = entry.result.dimensions[dim.id]
        level = (
            dimension_level_label(bank, dim.id, r.level, lang) if r.level else t("results.not_assessed", lang)
        )
        if r.provisional:
            level += f" {t('quick.mark', lang)}"
        score = f"{r.score:.1f}" if r.score is not None else "—"
        rows.append(
            [esc(dim.name(lang)), score, esc(level), f"{r.answered} / {r.applicable}", str(len(r.unknowns))]
        )
    table = _table(head, rows, ["", "num", "", "num", "num"])
    mark = f" {t('quick.tag', lang)}" if entry.result.provisional else ""
    heading = el("h2", t("results.radar", lang) + mark)
    return f'<section class="page">{heading}{_picture(radar, "radar")}{table}</section>'


def _quick_badge(item: PlanItem, lang: str) -> str:
    return " " + el("span", "★ " + t("col.quick_win", lang), "badge quick") if item.quick_win else ""


def _badges(item: PlanItem, lang: str) -> str:
    return el("span", t(f"phase.{item.phase}", lang), f"badge {item.phase}") + _quick_badge(item, lang)


def _after_phase(bank: Bank, projection: Projection, phase: Phase, lang: str) -> str:
    level = projection.after(phase).result.overall_level
    if level is None:
        return ""
    return el("p", t("report.after_phase", lang, level=overall_level_label(bank, level, lang)), "muted")


def _roadmap(bank: Bank, plan: Plan, lang: str, projection: Projection, why: Explanation) -> str:
    parts = ['<section class="page">', el("h2", t("report.roadmap", lang))]
    short = plan_note(plan, lang)
    if short:
        parts.append(el("p", short, "warning provisional"))
    parts.append(el("h3", t("report.why_level", lang)))
    parts.append(el("p", overall_text(bank, why.overall, lang), "note"))
    if plan.perfect:
        parts.append(el("p", t("results.perfect", lang), "note"))
    if plan.items:
        parts.append(el("p", t("results.plan_intro", lang), "muted"))
        ranks = {i.id: i.rank for i in plan.items}
        head = ["#", t("col.action", lang), t("col.dimension", lang), t("col.effort", lang)]
        head += [t("col.impact", lang), t("report.depends_on", lang)]
        for phase in PHASES:
            parts.append(el("h3", t(f"phase.{phase}", lang)) + _after_phase(bank, projection, phase, lang))
            rows = []
            for i in (i for i in plan.items if i.phase == phase):
                rec = i.recommendation
                rows.append(
                    [
                        str(i.rank),
                        esc(rec.title(lang)) + _quick_badge(i, lang),
                        esc(bank.dimensions[rec.dimension].name(lang)),
                        esc(t(f"effort.{rec.effort}", lang)),
                        "●" * rec.impact,
                        esc(", ".join(f"#{ranks[w]}" for w in i.waits_for if w in ranks)),
                    ]
                )
            empty = el("p", t("report.phase_empty", lang), "muted")
            parts.append(_table(head, rows, ["num", "", "", "nowrap", "nowrap", ""]) if rows else empty)
    if plan.keep_doing:
        parts.append(el("h3", t("results.keep_doing", lang)))
        for dim in (bank.dimensions[d] for d in plan.keep_doing):
            parts.append(f'<div class="keep">{el("h4", dim.name(lang))}{el("p", dim.keep_doing(lang))}</div>')
    if plan.not_assessed:
        dims = ", ".join(bank.dimensions[d].name(lang) for d in plan.not_assessed)
        parts.append(el("p", t("report.not_assessed_note", lang, dims=dims), "warning"))
    return "".join(parts) + "</section>"


def _beyond(q: Question, lang: str) -> str:
    """The label of a question that goes beyond the source texts (general practice), or nothing."""
    return " " + el("span", f"({t('survey.beyond_sources', lang)})", "muted") if q.beyond_sources else ""


def _projection(bank: Bank, projection: Projection, lang: str) -> str:
    """Where the plan leads: the chart, then each dimension's score and level per stage and its target."""
    # Drawn at the page's text width: its 13 px text prints at that size, not shrunk from the app's 900 px.
    svg, alt = projection_svg_with_alt(bank, projection, lang, FIGURE_WIDTH)
    labels = stage_labels(lang)
    short = [labels[0], *(t(f"phase.{phase}", lang) for phase in PHASES)]
    head = [t("col.dimension", lang), *short, t("report.target", lang)]

    def cell(score: float | None, level: int | None) -> str:
        return f"{score:.1f} · {esc(t('report.level_short', lang, n=level))}" if score is not None else "—"

    rows = []
    for d, dim in bank.dimensions.items():
        reach = projection.reach[d]
        target = "—"
        if reach.target is not None:
            missed = t("report.not_reached", lang)
            when = short[STAGES.index(reach.reached_at)] if reach.reached_at else missed
            target = esc(f"{t('report.level_short', lang, n=reach.target)} · {when}")
        rows.append([esc(dim.name(lang)), *(cell(s.score(d), s.level(d)) for s in projection.stages), target])
    overall = [
        esc(t("report.level_short", lang, n=s.result.overall_level)) if s.result.overall_level else "—"
        for s in projection.stages
    ]
    rows.append([f"<b>{esc(t('results.overall', lang))}</b>", *overall, ""])
    table = _table(head, rows, ["", "num", "num", "num", "num", "nowrap"])
    return "".join(
        [
            '<section class="page">',
            el("h2", t("report.projection", lang)),
            el("p", t("report.projection_intro", lang), "muted"),
            _picture(Chart(svg, alt), "projection"),
            table,
            "</section>",
        ]
    )


def _answers_say(bank: Bank, entry: Scored, dim: Dimension, lang: str) -> str:
    r = entry.result.dimensions[dim.id]
    pct = round(100 * r.answered_share)
    lines = [tn("report.answered", r.applicable, lang, answered=r.answered, pct=pct)]
    if r.applicable > r.answered:
        lines.append(tn("report.unanswered", r.applicable - r.answered, lang))
    if r.not_applicable:
        lines.append(tn("results.na", len(r.not_applicable), lang))
    out = [el("h3", t("report.answers_say", lang)), el("p", " ".join(lines))]
    stale = {
        q: f
        for q, f in entry.result.expired.items()
        if q in bank.questions and bank.questions[q].dimension == dim.id
    }
    if stale:
        out.append(el("h4", t("evidence.header", lang)) + "<ul>")
        out.extend(el("li", evidence_line(bank, q, f, lang), "expired") for q, f in stale.items())
        out.append("</ul>")
    if r.unknowns:
        out.append(el("p", tn("report.dk_list", len(r.unknowns), lang)))
        # A result frozen under an older bank may name questions this one no longer has.
        unknown = [bank.questions[q] for q in r.unknowns if q in bank.questions]
        out.append(
            "<ul>" + "".join(f"<li>{esc(q.text(lang))}{_beyond(q, lang)}</li>" for q in unknown) + "</ul>"
        )
    # The answers given as a step (not "don't know"), lowest first, ties in the bank's order.
    stepped = [
        (value, order, q)
        for order, q in enumerate(bank.questions_by_dimension[dim.id])
        if isinstance(value := entry.result.answers.get(q.id), int)
    ]
    lowest = sorted(s for s in stepped if s[0] < 4)[:LOWEST_SHOWN]
    if lowest:
        out.append(el("h4", t("report.lowest", lang)) + "<ul>")
        for step, _, q in lowest:
            answer = t("report.your_answer", lang, step=step, text=q.options[step].text(lang))
            out.append(
                f"<li><b>{esc(q.text(lang))}</b>{_beyond(q, lang)}<br>{el('span', answer, 'answer')}</li>"
            )
        out.append("</ul>")
    elif stepped and not r.unknowns:
        out.append(el("p", t("report.all_top", lang)))
    return "".join(out)


def _recommendation(bank: Bank, item: PlanItem, titles: dict[str, tuple[int, str]], lang: str) -> str:
    rec = item.recommendation
    effort = t("report.effort_impact", lang, effort=t(f"effort.{rec.effort}", lang), impact=rec.impact)
    meta = f"{t('report.rank', lang, rank=item.rank)} · {effort}"
    cited = "; ".join(f"{p} {bank.principles[p].title(lang)}" for p in rec.principles)
    out = [
        '<div class="rec">',
        el("h4", rec.title(lang)),
        f'<p class="meta">{_badges(item, lang)} {esc(meta)}</p>',
        el("p", rec.action(lang)),
        f"<p><b>{esc(t('results.why', lang))}.</b> {esc(rec.why(lang))}</p>",
        el("p", f"{t('results.principles', lang)}: {cited}", "muted"),
    ]
    after = "; ".join(f"#{titles[w][0]} {titles[w][1]}" for w in item.waits_for if w in titles)
    if after:
        out.append(el("p", f"{t('report.depends_on', lang)}: {after}", "muted"))
    return "".join(out) + "</div>"


def _dimension_page(
    bank: Bank, entry: Scored, dim: Dimension, number: int, lang: str, why: Explanation
) -> str:
    r = entry.result.dimensions[dim.id]
    parts = [
        '<section class="page">',
        el("p", t("report.dimension_n", lang, n=number, total=len(bank.dimensions)), "kicker"),
        el("h2", dim.name(lang)),
        el("p", dim.description(lang), "muted"),
    ]
    if r.score is not None and r.level is not None:
        score = el("span", f"{r.score:.1f} / 100", "big")
        badge = " " + el("span", t("quick.badge", lang), "badge provisional") if r.provisional else ""
        label = esc(dimension_level_label(bank, dim.id, r.level, lang))
        parts.append(f'<div class="scorebox">{score}<b>{label}</b>{badge}</div>')
        parts.append(el("p", dim.level(r.level).description(lang)))
        if r.provisional:
            left = answers_to_final(bank, r)
            parts.append(el("p", tn("quick.report_dim", left, lang), "warning provisional"))
    else:
        too_few = f"{t('results.not_assessed', lang)} — {t('results.too_few', lang)}"
        parts.append(el("p", too_few, "warning"))
    if r.score is not None:
        parts.append(el("p", dimension_text(bank, why.dimensions[dim.id], lang), "note"))
    parts.append(_answers_say(bank, entry, dim, lang))
    titles = {i.id: (i.rank, i.recommendation.title(lang)) for i in entry.plan.items}
    items = [i for i in entry.plan.items if i.recommendation.dimension == dim.id]
    if items:
        parts.append(el("h3", t("report.what_to_do", lang)))
        parts += [_recommendation(bank, i, titles, lang) for i in items]
    if dim.id in entry.plan.keep_doing:
        parts.append(
            el("h3", t("results.keep_doing", lang))
            + f'<div class="keep">{el("p", dim.keep_doing(lang))}</div>'
        )
    return "".join(parts) + "</section>"


def css_string(text: str) -> str:
    """A CSS string literal no text can break out of: anything but letters, digits and spaces becomes a hex
    escape (the space after it ends the escape and is not part of the text)."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in text) + '"'


def _page_css(entry: Scored, lang: str) -> str:
    # The footer, in the page's margin boxes: who the report is for, and "Page n of m" in its language.
    label = t("report.page", lang, page="{page}", pages="{pages}")
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    page_label = " ".join(counters.get(p) or css_string(p) for p in re.split(r"(\{pages?\})", label) if p)
    name = who(entry) if len(who(entry)) <= 80 else who(entry)[:79] + "…"
    style = "font-size: 7.5pt; color: #57606a;"
    return (
        f"@page {{ @bottom-left {{ content: {css_string(f'Foco · {name}')}; {style} }}"
        f" @bottom-right {{ content: {page_label}; {style} }} }}"
    )


def document(bank: Bank, entry: Scored, lang: str, when: datetime) -> str:
    # The entry's targets and statuses shape the projection: done items first, dropped ones left out.
    projection = projection_of(bank, entry)
    why = explain(bank, entry.result)
    dims = [
        _dimension_page(bank, entry, d, n, lang, why) for n, d in enumerate(bank.dimensions.values(), start=1)
    ]
    body = [
        _cover(bank, entry, lang, when),
        _overview(bank, entry, lang),
        _roadmap(bank, entry.plan, lang, projection, why),
        _projection(bank, projection, lang),
    ]
    style = CSS_FILE.read_text(encoding="utf-8") + _page_css(entry, lang)
    return "".join(
        [
            f'<!doctype html><html lang="{esc(lang)}"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            el("title", f"{t('report.title', lang)} — {who(entry)}"),
            f"<style>{style}</style></head>",
            f"<body>{''.join(body + dims)}</body></html>",
        ]
    )
