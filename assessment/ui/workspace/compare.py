"""Compare: the coherence of one organization's units, and the combined result of several respondents."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment.bank import Bank
from assessment.bank.model import FULL, QUICK
from assessment.engine.portfolio import (
    Entry,
    answers_today,
    coherence,
    combined_result,
    disagreements,
    one_per_unit,
)
from assessment.engine.scoring import AnswerValue
from assessment.i18n import t
from assessment.outputs.charts import CHART_CONFIG, RadarSeries, radar, unit_spread, wrap
from assessment.storage import StorageUnavailable
from assessment.storage.workspace import Workspace
from assessment.ui import nav, state
from assessment.ui.workspace import consensus_page, data


def _coherence(b: Bank, loaded: data.Loaded, lang: str) -> None:
    st.subheader(t("ws.coherence.title", lang), anchor=False)
    st.caption(t("ws.coherence.intro", lang))
    with_units: dict[int, list[Entry]] = {}
    for e in one_per_unit(loaded.official):
        if e.unit_id is not None and e.result is not None:
            with_units.setdefault(e.client_id, []).append(e)
    orgs = {cid: es for cid, es in with_units.items() if len({e.unit_id for e in es}) >= 2}
    if not orgs:
        st.info(t("ws.coherence.none", lang))
        return
    names = {cid: es[0].client for cid, es in orgs.items()}
    chosen = data.pick(t("ws.coherence.pick", lang), list(orgs), "ws_coh_org", lambda c: names[c])
    if chosen is None:
        return
    units = orgs[chosen]
    c = coherence(b, units)
    dims = list(b.dimensions.values())
    fig = unit_spread(
        [wrap(d.name(lang), 22) for d in dims],
        {
            data.entry_label(e, lang).removeprefix(e.client + " · "): [e.score(d.id) for d in dims]
            for e in units
        },
        t("results.score", lang),
    )
    ranges = c.spread["range"].astype(float)
    widest = str(ranges.idxmax()) if ranges.notna().any() else None
    alt = t(
        "ws.coherence.alt",
        lang,
        n=c.units,
        dim=b.dimensions[widest].name(lang) if widest else "—",
        range=f"{ranges[widest]:.1f}" if widest else "—",
    )
    st.plotly_chart(fig, key="ws_spread_chart", alt=alt, config=CHART_CONFIG)
    st.caption(alt)
    spread = pd.DataFrame(
        {
            t("col.dimension", lang): [d.name(lang) for d in dims],
            t("ws.col.min", lang): c.spread["min"].tolist(),
            t("ws.col.median", lang): c.spread["median"].tolist(),
            t("ws.col.max", lang): c.spread["max"].tolist(),
            t("ws.col.range", lang): c.spread["range"].tolist(),
            t("ws.col.std", lang): c.spread["std"].tolist(),
        }
    )
    st.dataframe(spread, hide_index=True, key="ws_spread_table")

    marked = {e.label: data.entry_label(e, lang) for e in units}
    st.markdown(f"#### {t('ws.coherence.lagging', lang)}")
    if c.lagging:
        st.dataframe(
            pd.DataFrame(
                {
                    t("ws.col.unit", lang): [marked.get(lag.unit, lag.unit) for lag in c.lagging],
                    t("col.dimension", lang): [b.dimensions[lag.dimension].name(lang) for lag in c.lagging],
                    t("results.score", lang): [lag.score for lag in c.lagging],
                    t("ws.col.median", lang): [round(lag.median, 1) for lag in c.lagging],
                }
            ),
            hide_index=True,
            key="ws_lag_table",
        )
    else:
        st.caption(t("ws.coherence.no_lag", lang))

    st.markdown(f"#### {t('ws.coherence.shared', lang)}")
    st.caption(t("ws.coherence.shared_help", lang))
    if c.shared:
        st.dataframe(
            pd.DataFrame(
                {
                    t("col.action", lang): [b.recommendations[r].title(lang) for r, _ in c.shared],
                    t("col.dimension", lang): [
                        b.dimensions[b.recommendations[r].dimension].name(lang) for r, _ in c.shared
                    ],
                    t("ws.col.units", lang): [f"{n} / {c.units}" for _, n in c.shared],
                }
            ),
            hide_index=True,
            key="ws_shared_table",
        )
    else:
        st.caption(t("ws.coherence.no_shared", lang))


def _respondents(ws: Workspace, b: Bank, loaded: data.Loaded, lang: str) -> None:
    st.subheader(t("ws.respondents.title", lang), anchor=False)
    groups: dict[tuple[int, int | None], list[Entry]] = {}
    for e in loaded.latest:
        if e.result is not None:
            groups.setdefault((e.client_id, e.unit_id), []).append(e)
    many = {k: es for k, es in groups.items() if len(es) >= 2}
    if not many:
        st.info(t("ws.respondents.none", lang))
        return
    label = {k: " · ".join(p for p in (es[0].client, es[0].unit) if p) for k, es in many.items()}
    chosen = data.pick(t("ws.respondents.pick", lang), list(many), "ws_resp_target", lambda k: label[k])
    if chosen is None:
        return
    people = many[chosen]
    nav.link(
        "ws-consensus",
        t("ws.respondents.to_consensus", lang),
        {consensus_page.PARAM: consensus_page.param(chosen)},
    )
    raw = ws.answers_of([e.assessment_id for e in people])
    # Each read in today's questions: a respondent who submitted under an older bank, through its mapping.
    sets = [answers_today(b, e.result, raw.get(e.assessment_id, {})) for e in people if e.result is not None]
    results = [e.result for e in people if e.result is not None]  # all of them: groups hold scored entries
    names = [e.respondent or t("ws.respondents.unnamed", lang, n=i + 1) for i, e in enumerate(people)]
    names = [
        f"{n} {t('quick.mark', lang)}" if e.provisional else n for n, e in zip(names, people, strict=True)
    ]
    # One quick check among them and the combination is scored as a quick check (provisional where it is).
    form = QUICK if any(e.form == QUICK for e in people) else FULL
    result = combined_result(b, sets, people[0].org_type, form)
    dims = list(b.dimensions.values())
    combined_name = t("ws.respondents.combined", lang)
    if result.provisional:
        combined_name += f" {t('quick.mark', lang)}"
    table = pd.DataFrame(
        {n: [s.dimensions[d.id].score for d in dims] for n, s in zip(names, results, strict=True)}
        | {combined_name: [result.dimensions[d.id].score for d in dims]},
        index=[d.name(lang) for d in dims],
    )
    overall = result.overall_score
    st.metric(t("ws.respondents.combined_overall", lang), "—" if overall is None else f"{overall:.1f} / 100")
    series = [RadarSeries(combined_name, list(table[combined_name]))] + [
        RadarSeries(n, list(table[n])) for n in names
    ]
    alt = t("ws.respondents.alt", lang, n=len(names))
    st.plotly_chart(
        radar([wrap(d.name(lang), 14) for d in dims], series),
        key="ws_resp_radar",
        alt=alt,
        config=CHART_CONFIG,
    )
    st.caption(alt)
    st.dataframe(table, key="ws_resp_table")

    st.markdown(f"#### {t('ws.respondents.disagree', lang)}")
    top = disagreements(b, sets)
    if not top:
        st.caption(t("ws.respondents.agree", lang))
        return
    shown: dict[AnswerValue | None, str] = {"dk": t("survey.dk", lang), "na": t("survey.na", lang), None: "—"}
    rows = {
        t("col.question", lang): [b.questions[d.question_id].text(lang) for d in top],
        t("ws.col.range", lang): [d.range for d in top],
        t("ws.col.std", lang): [d.std for d in top],
    }
    for i, n in enumerate(names):
        rows[n] = [shown.get(d.values[i], str(d.values[i])) for d in top]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="ws_disagree_table")


def show() -> None:
    ws = data.signed_workspace()
    lang = state.lang()
    b = data.bank()
    st.header(t("ws.compare.title", lang), anchor=False)
    try:
        loaded = data.load(ws, b)
        _coherence(b, loaded, lang)
        _respondents(ws, b, loaded, lang)
    except StorageUnavailable:
        st.error(t("ws.db_down", lang))
