"""Portfolio: every client and unit side by side — a sortable, filterable table, a heatmap, a radar of the
ones picked, and each client's trend. It draws what assessment.engine.portfolio computed.

The filters apply to every tab but the follow-up (what is due covers every client); the table and the
heatmap are what the consultant sees first, the rest is drawn only while its tab is open (each element
costs the browser about a millisecond, a data grid or a chart more: benchmarks/NOTES.md §3–4)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pandas as pd
import streamlit as st

from assessment.bank import Bank
from assessment.engine.portfolio import Entry, in_trend, trend
from assessment.i18n import t, tn
from assessment.outputs.charts import CHART_CONFIG, RadarSeries, history_chart
from assessment.outputs.svg_charts import HEATMAP_WIDTH, heatmap_svg, radars_svg
from assessment.storage import StorageUnavailable
from assessment.ui import state
from assessment.ui.components import DASH, lazy_tabs, md_cell, md_table
from assessment.ui.workspace import data, portfolio_follow_up

HEATMAP_MAX = 60
RADAR_MAX = 6
PAGE_ROWS = 100  # table rows a page: ten thousand clients stay one read away, not one download away
PICK_MAX = 200  # clients the radar's and the trend's pickers offer: the first of the list as shown
SORTS = ("name", "weakest", "strongest", "recent")
TAB_KEY = "ws_portfolio_tab"
TABS = ("overview", "compare", "trend", "follow_up")  # in order: the first one is what is shown first
# A widget in a closed tab is not drawn, and Streamlit forgets the value of a widget not drawn in a run: these
# keep theirs while another tab is open (persist_state="page"), as they did when the whole page was drawn.
KEPT: data.Persist = "page"


def tab_label(name: str, lang: str) -> str:
    return t(f"ws.portfolio.tab_{name}", lang)


def table_for_people(b: Bank, entries: list[Entry], lang: str) -> pd.DataFrame:
    """The table as the consultant reads it, one row per entry: built column by column from the entries
    (the columns of engine.portfolio.portfolio_table, translated), a text per distinct value — ten thousand
    rows hold a handful of types, levels and statuses."""
    types: dict[str, str] = {}
    levels: dict[int | None, str] = {}
    statuses: dict[tuple[str, float], str] = {}
    marks: dict[bool | None, str] = {}
    kind, overall, level, mark, status, day = [], [], [], [], [], []
    dims: dict[str, list[float | None]] = {d: [] for d in b.dimensions}
    for e in entries:
        r = e.result
        if e.org_type not in types:
            types[e.org_type] = b.org_type_name(e.org_type, lang)
        kind.append(types[e.org_type])
        lv = r.overall_level if r else None
        if lv not in levels:
            levels[lv] = data.level_text(b, lv, lang)
        level.append(levels[lv])
        overall.append(r.overall_score if r else None)
        provisional = None if r is None else r.provisional
        if provisional not in marks:
            marks[provisional] = data.result_text(e, lang)
        mark.append(marks[provisional])
        for d, column in dims.items():
            dr = r.dimensions.get(d) if r else None
            column.append(dr.score if dr else None)
        if (e.status, e.percent) not in statuses:
            statuses[e.status, e.percent] = data.status_text(e, lang)
        status.append(statuses[e.status, e.percent])
        day.append(e.date.strftime("%Y-%m-%d"))
    columns: dict[str, object] = {
        t("ws.col.client", lang): [e.client for e in entries],
        t("ws.col.unit", lang): [e.unit for e in entries],
    }
    if any(e.respondent or e.consensus for e in entries):
        # A column only when several people answer for a unit (or their answers were agreed).
        columns[t("ws.col.respondent", lang)] = [data.who_text(e, lang) for e in entries]
    columns[t("start.type", lang)] = kind
    columns[t("ws.col.overall", lang)] = overall
    columns[t("ws.col.level", lang)] = level
    columns[t("quick.ws.col_result", lang)] = mark
    for d, dim in b.dimensions.items():
        columns[dim.name(lang)] = dims[d]
    columns[t("ws.col.status", lang)] = status
    columns[t("ws.col.date", lang)] = day
    return pd.DataFrame(columns)


SHOW = ("all", "final", "provisional")


def _filters(b: Bank, entries: list[Entry], lang: str) -> list[Entry]:
    types = sorted({e.org_type for e in entries})
    left, right, third = st.columns(3)
    chosen_types = left.multiselect(
        t("ws.portfolio.filter_type", lang),
        types,
        format_func=lambda x: b.org_type_name(x, lang),
        key="ws_f_type",
        placeholder=t("ws.portfolio.all", lang),
    )
    levels = [lv.level for lv in b.levels]
    chosen_levels = right.multiselect(
        t("ws.portfolio.filter_level", lang),
        levels,
        format_func=lambda n: data.level_text(b, n, lang),
        key="ws_f_level",
        placeholder=t("ws.portfolio.all", lang),
    )
    # Provisional results (quick checks) are shown marked, or apart: never mixed in unmarked.
    shown = third.selectbox(
        t("quick.ws.filter", lang),
        SHOW,
        format_func=lambda k: t(f"quick.ws.show_{k}", lang),
        key="ws_f_provisional",
    )
    search = st.text_input(t("ws.portfolio.search", lang), key="ws_f_search").strip().casefold()
    out = [e for e in entries if not chosen_types or e.org_type in chosen_types]
    if search:
        out = [e for e in out if search in e.label.casefold()]
    if chosen_levels:
        out = [e for e in out if e.result is not None and e.result.overall_level in chosen_levels]
    if shown == "final":
        out = [e for e in out if e.result is not None and not e.provisional]
    elif shown == "provisional":
        out = [e for e in out if e.provisional]
    return out


def _overall(e: Entry) -> float:
    return (e.result.overall_score or 0.0) if e.result else 0.0


def _sorted(entries: list[Entry], lang: str) -> list[Entry]:
    """The list in the order the consultant chose: by name (as loaded), weakest or strongest overall score
    first (those without a result last), or most recent first."""
    how = st.selectbox(
        t("ws.portfolio.sort", lang),
        SORTS,
        format_func=lambda k: t(f"ws.portfolio.sort_{k}", lang),
        key="ws_sort",
    )
    if how == "weakest":
        return sorted(entries, key=lambda e: (e.result is None, _overall(e)))
    if how == "strongest":
        return sorted(entries, key=lambda e: (e.result is None, -_overall(e)))
    if how == "recent":
        return sorted(entries, key=lambda e: e.date, reverse=True)
    return entries


def _table(b: Bank, loaded: data.Loaded, entries: list[Entry], lang: str) -> None:
    """One page of the table: its rows are taken from the table of every client, built once per language
    and state of the data (data.Loaded.derived), not rebuilt on each filter or page."""
    everyone = loaded.derived(("people", lang), lambda: table_for_people(b, loaded.official, lang))
    row_of = loaded.derived("row_of", lambda: {e.assessment_id: i for i, e in enumerate(loaded.official)})
    pages = max(1, -(-len(entries) // PAGE_ROWS))
    page = 1
    if pages > 1:
        page = int(
            st.number_input(
                t("ws.portfolio.page", lang), 1, pages, step=1, key="ws_page", width=160, persist_state=KEPT
            )
        )
    # A header click sorts the grid's rows, which are one page of the list: said where the grid is. With one
    # page the grid is the whole list, and "this page" would point at pages that are not there.
    st.caption(t("ws.portfolio.sort_hint", lang) if pages > 1 else t("ws.portfolio.sort_hint_one_page", lang))
    first = (min(page, pages) - 1) * PAGE_ROWS
    shown = entries[first : first + PAGE_ROWS]
    table = everyone.iloc[[row_of[e.assessment_id] for e in shown]]
    if not any(e.respondent or e.consensus for e in entries):
        table = table.drop(columns=t("ws.col.respondent", lang), errors="ignore")
    if pages > 1:
        st.caption(t("ws.portfolio.rows", lang, first=first + 1, last=first + len(shown), total=len(entries)))
    st.dataframe(
        table,
        hide_index=True,
        key="ws_portfolio_table",
        column_config={
            d.name(lang): st.column_config.NumberColumn(format="%.1f") for d in b.dimensions.values()
        },
    )


def _by_type(b: Bank, scored: list[Entry], lang: str) -> tuple[list[str], list[list[float | None]]]:
    """One row per organization type: its clients' mean score in each dimension."""
    dims = list(b.dimensions)
    rows: dict[str, list[list[float]]] = {}
    for e in scored:
        cells = rows.setdefault(e.org_type, [[] for _ in dims])
        for i, d in enumerate(dims):
            value = e.score(d)
            if value is not None:
                cells[i].append(value)
    labels = [f"{b.org_type_name(k, lang)} ({sum(1 for e in scored if e.org_type == k)})" for k in rows]
    values = [[round(sum(c) / len(c), 1) if c else None for c in cells] for cells in rows.values()]
    return labels, values


def _heatmap(b: Bank, entries: list[Entry], lang: str) -> None:
    st.subheader(t("ws.portfolio.heatmap", lang), anchor=False)
    scored = [e for e in entries if e.result is not None]
    if not scored:
        st.info(t("ws.portfolio.nothing", lang))
        return
    dims = list(b.dimensions.values())
    if st.toggle(t("ws.portfolio.group_type", lang), key="ws_heatmap_by_type", persist_state=KEPT):
        labels, values = _by_type(b, scored, lang)
    else:
        shown = scored[:HEATMAP_MAX]
        if len(scored) > HEATMAP_MAX:
            st.caption(t("ws.portfolio.heatmap_first", lang, n=HEATMAP_MAX, total=len(scored)))
        values = [[e.score(d.id) for d in dims] for e in shown]
        labels = [data.entry_label(e, lang) for e in shown]
    svg = heatmap_svg(labels, [d.name(lang) for d in dims], values, t("results.score", lang))
    weakest = {
        d.name(lang): min((row[i] or 0.0, label) for row, label in zip(values, labels, strict=True))[1]
        for i, d in enumerate(dims)
    }

    def described(name: Callable[[str], str]) -> str:
        return tn(
            "ws.portfolio.heatmap_alt",
            len(labels),
            lang,
            weakest="; ".join(f"{dim}: {name(who)}" for dim, who in weakest.items()),
        )

    # The alt text is plain (an attribute); the caption is Markdown, where a client's name must stay text.
    alt, caption = described(str), described(state.md)
    # A static picture, not a plotly chart: nothing in it needs a hover (every number is in its cell), and
    # plotly's heatmap was about half the page's script time in the browser. Its description is its caption.
    # At its own width (shrunk on a narrower screen): stretched over a wide page its numbers grew to 20 px.
    with st.container(key="ws_heatmap"):
        st.image(svg, alt=alt, caption=caption, width=HEATMAP_WIDTH)


def _radar(b: Bank, entries: list[Entry], lang: str) -> None:
    st.subheader(t("ws.portfolio.radar", lang), anchor=False)
    candidates = [e for e in entries if e.result is not None]
    if not candidates:
        return
    if len(candidates) > PICK_MAX:
        st.caption(t("ws.portfolio.pick_first", lang, n=PICK_MAX))
    # Those picked earlier stay pickable while the filters keep them, past the first PICK_MAX too.
    kept = {e.assessment_id: e for e in candidates}
    scored = {e.assessment_id: e for e in candidates[:PICK_MAX]}
    for i in st.session_state.get("ws_radar", []):
        if i in kept:
            scored.setdefault(i, kept[i])
    ids = list(scored)
    picked = [i for i in st.session_state.get("ws_radar", []) if i in scored]
    st.session_state["ws_radar"] = picked or ids[: min(3, len(ids))]
    chosen = st.multiselect(
        t("ws.portfolio.radar_pick", lang, n=RADAR_MAX),
        ids,
        format_func=lambda i: data.entry_label(scored[i], lang),
        max_selections=RADAR_MAX,
        key="ws_radar",
        persist_state=KEPT,
    )
    if not chosen:
        return
    dims = list(b.dimensions.values())
    series = [
        RadarSeries(
            data.entry_label(scored[i], lang),
            [scored[i].score(d.id) for d in dims],
        )
        for i in chosen
    ]
    svg = radars_svg([d.name(lang) for d in dims], series)
    alt = t("ws.portfolio.radar_alt", lang)
    # A picture like the Results page's radar; the numbers are in the table under it.
    with st.container(key="ws_radar_chart"):
        st.image(svg, alt=alt, caption=alt, width="content")
    # One Markdown table (one element, a real <table>), not a data grid: a row per dimension, in the radar's
    # order, and a column per client picked, in its legend's. The other way round (a column per dimension)
    # it was 680 px wide on a 390 px phone, cut off after two dimensions: five long names side by side. A
    # client's name is text a person typed (an import): md_table escapes a header, so it stays text.
    heads = [t("col.dimension", lang), *(s.name for s in series)]
    rows = [
        [md_cell(d.name(lang)), *(DASH if s.scores[i] is None else f"{s.scores[i]:.1f}" for s in series)]
        for i, d in enumerate(dims)
    ]
    with st.container(key="ws_radar_numbers"):
        st.markdown(md_table(heads, rows, right=range(1, len(heads))))


def _trend(b: Bank, entries: list[Entry], all_entries: list[Entry], lang: str) -> None:
    st.subheader(t("ws.portfolio.trend", lang), anchor=False)
    # A trend needs two submitted assessments at least; one point is not a line.
    submitted = Counter(e.target for e in all_entries if in_trend(e))
    targets = {e.target: e.label for e in entries if submitted[e.target] >= 2}
    if not targets:
        st.info(t("ws.portfolio.no_trend", lang))
        return
    if len(targets) > PICK_MAX:
        st.caption(t("ws.portfolio.pick_first", lang, n=PICK_MAX))
        targets = dict(list(targets.items())[:PICK_MAX])
    keys = list(targets)
    chosen = data.pick(t("ws.portfolio.trend_pick", lang), keys, "ws_trend", lambda k: targets[k], KEPT)
    if chosen is None:
        return
    history = trend(all_entries, chosen)
    labels = [e.date.strftime("%Y-%m-%d") for e in history]
    # Two assessments on one day would share a label (and a table column): number the repeats.
    labels = [
        f"{lb} ({labels[:i].count(lb) + 1})" if labels.count(lb) > 1 else lb for i, lb in enumerate(labels)
    ]
    # A quick check's point on the line says it is provisional.
    labels = [
        f"{lb} {t('quick.mark', lang)}" if e.provisional else lb
        for lb, e in zip(labels, history, strict=True)
    ]
    series = {d.name(lang): [e.score(d.id) for e in history] for d in b.dimensions.values()}
    fig = history_chart(labels, series, t("results.score", lang))
    alt = t("ws.portfolio.trend_alt", lang, who=targets[chosen], n=len(history))
    st.plotly_chart(fig, key="ws_trend_chart", alt=alt, config=CHART_CONFIG)
    st.caption(t("ws.portfolio.trend_alt", lang, who=state.md(targets[chosen]), n=len(history)))
    st.dataframe(pd.DataFrame(series, index=labels).T, key="ws_trend_table")


def show() -> None:
    ws = data.signed_workspace()
    lang = state.lang()
    b = data.bank()
    st.header(t("ws.portfolio.title", lang), anchor=False)
    try:
        loaded = data.load(ws, b, plans=False)
    except StorageUnavailable:
        st.error(t("ws.db_down", lang))
        return
    if not loaded.official:
        st.info(t("ws.portfolio.empty", lang))
        return
    entries = _sorted(_filters(b, loaded.official, lang), lang)
    st.caption(tn("ws.portfolio.count", len(entries), lang, total=len(loaded.official)))
    provisional = sum(e.provisional for e in entries)
    if provisional and provisional < sum(e.result is not None for e in entries):
        st.warning(tn("quick.ws.mixed", provisional, lang), icon=":material/hourglass_top:")
    # The filters above apply to every tab but the follow-up, which covers every client (as before); a tab's
    # content is only run while it is selected, as on the Results page.
    tabs = lazy_tabs(TABS, [tab_label(n, lang) for n in TABS], TAB_KEY)
    if tabs["overview"].open:
        with tabs["overview"]:
            _table(b, loaded, entries, lang)
            _heatmap(b, entries, lang)
            # The peer comparison and the consultant's opt-in to it sit in the follow-up tab (with what is
            # due: it covers every client too), a tab no one would guess for a setting: said where the
            # clients are compared among themselves, under the heatmap.
            st.caption(t("ws.portfolio.peers_where", lang, tab=tab_label("follow_up", lang)))
    if tabs["compare"].open:
        with tabs["compare"]:
            _radar(b, entries, lang)
    if tabs["trend"].open:
        with tabs["trend"]:
            _trend(b, entries, loaded.entries, lang)
    if tabs["follow_up"].open:
        with tabs["follow_up"]:
            # The filters sit above the tabs: say they do not narrow what is due.
            st.caption(t("ws.portfolio.follow_up_all", lang))
            portfolio_follow_up.show(b, ws, loaded.official, lang)
