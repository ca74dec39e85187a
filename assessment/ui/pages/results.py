"""Results: the overall level on the maturity curve, a radar, a card per dimension, the plan and downloads.

It draws what the core computed; it never computes a score itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import pandas as pd
import streamlit as st

from assessment.bank import Bank
from assessment.bank.model import QUICK
from assessment.engine import snapshot
from assessment.engine.forms import answers_to_final, deep_dimensions, deep_dive_order, remaining
from assessment.engine.history import Comparison, compare
from assessment.engine.migrate import Given
from assessment.engine.recommend import Plan, next_steps
from assessment.engine.scoring import Result
from assessment.i18n import t, tn
from assessment.outputs import report
from assessment.outputs.charts import CHART_CONFIG, history_chart
from assessment.outputs.export import AnswerNote, Scored, answers_csv, scores_csv
from assessment.outputs.labels import dimension_level_label
from assessment.outputs.notice import bank_changed_caption
from assessment.outputs.report_html import capped_note, plan_note
from assessment.outputs.svg_charts import curve_chart, radar_chart
from assessment.storage import AssessmentRecord
from assessment.ui import nav, persist, state
from assessment.ui.components import (
    DASH,
    alone,
    lazy_tabs,
    md_cell,
    md_table,
    resume_link,
    status_banner,
    titled,
)
from assessment.ui.pages import results_benchmark, results_plan, share_panel

BACK_KEY = "back_to_survey"
TAB_KEY = "results_tab"
# The page's tabs, in order; "history" only when there are earlier results.
TABS = ("summary", "plan", "next", "history", "files")


def tab_label(name: str, lang: str) -> str:
    return t(f"results.tab_{name}", lang)


def file_stem(name: str) -> str:
    stem = re.sub(r"[^\w-]+", "-", name, flags=re.UNICODE).strip("-").lower()
    return stem[:60] or "foco"


def _overall(bank: Bank, result: Result, lang: str) -> None:
    if result.overall_level is None:
        missing = ", ".join(
            bank.dimensions[d].name(lang) for d, r in result.dimensions.items() if not r.assessed
        )
        st.warning(t("results.overall_missing", lang, dims=missing))
        return
    level = bank.level(result.overall_level)
    # The mark goes with the label: a metric's value is cut short when it runs long.
    mark = f" {t('quick.mark', lang)}" if result.provisional else ""
    left, right = st.columns([1, 2])
    with left:
        st.metric(
            t("results.overall", lang) + mark,
            t("results.level_n", lang, n=level.level, name=level.name(lang)),
        )
        st.metric(t("results.overall_score", lang) + mark, f"{result.overall_score:.1f} / 100")
    with right:
        st.write(level.description(lang))
        capped = capped_note(bank, result, lang)
        if capped:
            st.info(capped)


def _charts(bank: Bank, result: Result, lang: str, series_name: str) -> None:
    """The curve and the radar: static pictures (outputs/svg_charts.py), with their description as the
    image's alt text and as its caption, so the first view mounts no plotly chart."""
    curve_col, radar_col = st.columns(2)
    mark = f" {t('quick.tag', lang)}" if result.provisional else ""
    # Drawn on each run: both together take half a millisecond, less than a cache's key would.
    curve, radar = curve_chart(bank, result, lang), radar_chart(bank, result, lang, series_name)
    # h3 under the page's h2: no heading level skipped.
    for column, key, title, chart in (
        (curve_col, "curve", t("results.curve", lang) + mark, curve),
        (radar_col, "radar", t("results.radar", lang) + mark, radar),
    ):
        with column, st.container(key=f"chart_{key}"):
            st.subheader(title, anchor=False)
            # Its own width, shrunk to a narrower column; the description under it is the image's own
            # caption, so picture and caption are one element (each one drawn costs: NOTES.md §4).
            st.image(chart.svg, alt=chart.alt, caption=chart.alt)


def _cards(bank: Bank, result: Result, lang: str, comparison: Comparison | None) -> None:
    """Each dimension's score and level: one table, a row a dimension in the bank's order, then what each
    level means and what to know of the answers, one caption. It was a card each (a bordered box, a metric,
    a caption, in rows of columns: 23 elements); a page switch costs about a millisecond per element drawn,
    and the cards were most of the summary's (benchmarks/NOTES.md §4). The table lines the five scores up to
    be compared, a screen reader walks it cell by cell, and its cells stay short enough for a phone."""
    heads = [
        t("col.dimension", lang),
        # With an earlier result, the change since it follows each score in brackets: the header says so.
        t("results.col_score_change", lang) if comparison else t("results.score", lang),
        t("results.col_level", lang),
        t("results.col_answered", lang),
    ]
    rows, notes = [], []
    for dim in bank.dimensions.values():
        r = result.dimensions[dim.id]
        name = md_cell(dim.name(lang))
        said: list[str] = []
        if r.assessed and r.level is not None:
            delta = comparison.deltas.get(dim.id) if comparison else None
            score = f"{r.score:.1f}" + (f" ({delta:+.1f})" if delta is not None else "")
            # The dimension's own words for its level, never the overall narrative name.
            level = [f"**{md_cell(dimension_level_label(bank, dim.id, r.level, lang))}**"]
            said.append(dim.level(r.level).description(lang))
            if r.provisional:
                level.append(f"**{md_cell(t('quick.badge', lang))}**")
                said.append(tn("quick.dim_left", answers_to_final(bank, r), lang))
        else:
            score = DASH
            level = [f"_{md_cell(t('results.not_assessed', lang))}_"]
            said.append(t("results.too_few", lang))
        answered = md_cell(t("results.answered_cell", lang, answered=r.answered, applicable=r.applicable))
        rows.append([f"**{name}**", score, " · ".join(level), answered])
        if r.unknowns:
            # A result frozen under an older bank may name questions this one no longer has.
            # When it names none of them, the count alone, without a colon and an empty list.
            known = [q for q in r.unknowns if q in bank.questions]
            if known:
                numbers = ", ".join(bank.questions[q].text(lang)[:60] + "…" for q in known[:3])
                said.append(tn("results.unknowns", len(r.unknowns), lang, questions=numbers))
            else:
                said.append(tn("results.unknowns_unnamed", len(r.unknowns), lang))
        if r.not_applicable:
            said.append(tn("results.na", len(r.not_applicable), lang))
        notes.append(f"**{name}**: " + " ".join(state.md(text) for text in said))
    st.markdown(md_table(heads, rows, right=(1,)))
    st.caption("\n\n".join(notes))
    if comparison and comparison.since_last:
        st.caption(bank_changed_caption(comparison.since_last, lang))


def _next_steps(bank: Bank, result: Result, lang: str) -> None:
    steps = next_steps(bank, result)
    if not steps:
        return
    st.markdown(f"#### {t('results.next_steps', lang)}")
    st.caption(t("results.next_steps_help", lang))
    for dim_id, dim in bank.dimensions.items():
        mine = [s for s in steps if s.dimension == dim_id]
        if not mine:
            continue
        lines = []
        for s in mine:
            q = bank.questions[s.question_id]
            today = t("survey.dk", lang) if s.unknown else q.options[s.step].text(lang)
            upper = q.options[s.step + 1].text(lang)
            lines.append(
                f"**{q.text(lang)}**\n\n"
                f"- {t('results.today', lang)}: {today}\n- {t('results.next', lang)}: {upper}"
            )
        # One element per dimension: the steps' questions and options as one text.
        with st.expander(f"{dim.name(lang)} ({len(mine)})"):
            st.markdown("\n\n".join(lines))


def _deep_dive(bank: Bank, result: Result, org_type: str, lang: str) -> None:
    """From a quick check: go deeper into one dimension or all, the suggested one first (the core decides)."""
    s = persist.session()
    if s.frozen or s.form != QUICK or bank.quick is None:
        return
    open_dims = [d for d, r in result.dimensions.items() if r.provisional or not r.assessed]
    if not open_dims:
        return
    names = {d: dim.name(lang) for d, dim in bank.dimensions.items()}
    chosen: list[str] | None = None
    with st.container(border=True, key="deep_dive"):
        st.subheader(t("quick.deep_title", lang), anchor=False)
        st.caption(t("quick.deep_help", lang))
        order = deep_dive_order(bank, result)
        if order:
            first = order[0]
            st.markdown(t(f"quick.suggest_{first.reason}", lang, dim=names[first.dimension]))
            if st.button(
                t("quick.deep_one", lang, dim=names[first.dimension]), type="primary", key="deep_suggested"
            ):
                chosen = [first.dimension]
        ranked = [x.dimension for x in order] + [
            d for d in open_dims if d not in {x.dimension for x in order}
        ]
        others = ranked[1:] if order else ranked
        if others:
            pick_col, go_col = st.columns([3, 1], vertical_alignment="bottom")
            picked = pick_col.selectbox(
                t("quick.deep_pick", lang), others, format_func=names.__getitem__, key="deep_pick"
            )
            if go_col.button(t("quick.deep_go", lang), key="deep_pick_go", width="stretch") and picked:
                chosen = [picked]
        not_deep = [d for d in bank.dimensions if d not in deep_dimensions(bank, result.answers, s.deep)]
        if not_deep:
            more = remaining(bank, result, org_type, not_deep)
            if st.button(tn("quick.deep_all", more, lang), key="deep_all"):
                chosen = not_deep
    if chosen:
        persist.go_deeper(chosen)
        first_section = list(bank.dimensions).index(chosen[0])
        state.set_section(first_section)
        persist.save_position(first_section)
        nav.go("survey")


def _plan(plan: Plan, lang: str) -> None:
    """The plan's heading and notes; the items (their table, details and editor) are in the plan panel, which
    redraws alone when an owner or a status is set (results_plan.panel)."""
    st.subheader(t("results.plan", lang))
    short = plan_note(plan, lang)
    if short:
        st.info(short, icon=":material/hourglass_top:")
    if plan.perfect:
        st.success(t("results.perfect", lang))
    if plan.items:
        st.caption(t("results.plan_intro", lang))


def _past_results(
    history: list[AssessmentRecord], current_id: int | None
) -> list[tuple[AssessmentRecord, Result]]:
    out = []
    for record in history:
        if record.id != current_id and record.result_json:
            out.append((record, snapshot.result_of(record.result_json)))
    return out


def _history(
    bank: Bank,
    lang: str,
    past: list[tuple[AssessmentRecord, Result]],
    current: Result,
    current_label: str,
    comparison: Comparison,
) -> None:
    st.subheader(t("results.history", lang))
    if comparison.bank_changed:
        st.caption(bank_changed_caption(comparison.versions, lang))
    labels = [r.submitted_at.strftime("%Y-%m-%d") if r.submitted_at else "?" for r, _ in past] + [
        current_label
    ]
    series = {
        bank.dimensions[d].name(lang): [
            res.dimensions[d].score if d in res.dimensions else None for _, res in past
        ]
        + [current.dimensions[d].score]
        for d in bank.dimensions
    }
    fig = history_chart(labels, series, t("results.score", lang))
    # A named index: its column header is read out instead of being an empty cell.
    table = pd.DataFrame(series, index=labels).T.rename_axis(t("col.dimension", lang))
    alt = t("results.history_alt", lang, n=len(labels))
    st.plotly_chart(fig, key="history", alt=alt, config=CHART_CONFIG)
    st.caption(alt)
    st.dataframe(table, key="history_table")


def _answers_table(bank: Bank, lang: str, given: dict[str, Given]) -> dict[str, AnswerNote]:
    notes = {
        qid: AnswerNote(
            g.note, g.evidence, g.answered_at.isoformat(timespec="seconds") if g.answered_at else None
        )
        for qid, g in given.items()
    }
    with_notes = [(qid, n) for qid, n in notes.items() if (n.note or n.evidence) and qid in bank.questions]
    if with_notes:
        st.subheader(t("results.notes", lang))
        st.dataframe(
            pd.DataFrame(
                {
                    t("col.question", lang): [bank.questions[q].text(lang) for q, _ in with_notes],
                    t("survey.note", lang): [n.note or "" for _, n in with_notes],
                    t("survey.evidence", lang): [n.evidence or "" for _, n in with_notes],
                }
            ),
            hide_index=True,
            key="notes_table",
        )
    return notes


def _submit_or_reassess(bank: Bank, lang: str, result: Result, plan: Plan) -> None:
    s = persist.session()
    if s.assessment_id is None:
        return
    with st.container(border=True):
        if not s.frozen:
            st.markdown(titled(t("results.submit_title", lang), t("results.submit_help", lang)))
            if st.button(t("results.submit", lang), type="primary", key="submit"):
                if persist.submit(bank, result, plan):
                    results_benchmark.refresh()  # a submitted result may now count among its peers
                    st.rerun()
                st.warning(tn("save.offline", len(s.pending), lang))
        else:
            st.markdown(titled(t("results.reassess_title", lang), t("results.reassess_help", lang)))
            prefill = st.checkbox(t("results.prefill", lang), value=True, key="prefill")
            if st.button(t("results.reassess", lang), type="primary", key="reassess"):
                persist.reassess(bank, prefill)
                nav.go("survey")


def _report_download(
    bank: Bank, entry: Callable[[], Scored], lang: str, stem: str, submitted: datetime | None
) -> None:
    if not report.available():
        st.caption(t("report.unavailable", lang))
        return
    # Deferred: Chromium prints the PDF only when the button is clicked, never on a rerun.
    st.download_button(
        t("report.download", lang),
        lambda: report.render_pdf(bank, entry(), lang, submitted or datetime.now().astimezone()),
        file_name=f"{stem}-report.pdf",
        mime="application/pdf",
        key="dl_report",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        width="stretch",
    )


def show() -> None:
    bank = state.bank()
    assert isinstance(bank, Bank)
    lang = state.lang()
    profile = state.profile()
    if st.session_state.get(BACK_KEY):
        # "Back to the survey" (drawn at the bottom) was clicked: go now rather than redraw this page first.
        nav.go("survey")
    persist.pull()
    s = persist.session()
    answers = state.answers()
    if profile is None or not (answers or s.frozen):
        st.info(t("results.need_answers", lang))
        if st.button(
            t("survey.go_start", lang) if profile is None else t("results.back", lang), type="primary"
        ):
            nav.go("start" if profile is None else "survey")
        return
    status_banner(lang)

    shown = snapshot.current(
        bank,
        answers,
        profile.org_type,
        submitted=s.frozen,
        stored=s.stored_result,
        form=s.form,
        dated=persist.evidence_dates(),
    )
    result, plan = shown.result, shown.plan
    if shown.frozen and result.bank_version != bank.version:
        st.caption(tn("results.old_bank", len(shown.gone), lang, then=result.bank_version, now=bank.version))
    past = _past_results(persist.history(), s.assessment_id)
    comparison = compare([r for _, r in past], result) if past else None

    who = profile.organization + (f" · {profile.unit}" if profile.unit else "")
    st.header(t("results.header", lang, org=state.md(who)), anchor=False)
    if result.provisional:
        st.warning(t("quick.overall", lang), icon=":material/hourglass_top:")
    # What a person sees first is the summary; the rest is drawn when its tab is opened (a tab's content is
    # only run while it is selected: on_change="rerun" and `.open`), and opening a tab reruns the tabs'
    # fragment alone, not the page (benchmarks/NOTES.md §4, round 6).
    _tabs(bank, lang, result, plan, past, comparison, who)
    _submit_or_reassess(bank, lang, result, plan)
    resume_link(lang)
    st.button(t("results.back", lang), key=BACK_KEY)


@st.fragment
def _tabs(
    bank: Bank,
    lang: str,
    result: Result,
    plan: Plan,
    past: list[tuple[AssessmentRecord, Result]],
    comparison: Comparison | None,
    who: str,
) -> None:
    """The page's tabs, a fragment: opening one reruns this alone, with what the page's last run worked out.
    What the page's run checks on every run is checked here too (persist.page_stale): a link withdrawn, an
    answer another tab or device saved, the database gone or back change what the page shows, so then the
    page reruns whole — at the end, so that a click on a button in the tab is not lost."""
    stale = alone() and persist.page_stale()
    s = persist.session()
    profile = state.profile()
    assert profile is not None
    names = [name for name in TABS if name != "history" or past]
    tabs = lazy_tabs(names, [tab_label(n, lang) for n in names], TAB_KEY)
    if tabs["summary"].open:
        with tabs["summary"]:
            _overall(bank, result, lang)
            _charts(bank, result, lang, who)
            _cards(bank, result, lang, comparison)
            results_plan.why(bank, result, lang)
            results_benchmark.show(bank, result, profile.org_type, lang)
            _deep_dive(bank, result, profile.org_type, lang)
    if "history" in tabs and tabs["history"].open and past and comparison:
        with tabs["history"]:
            label = (
                s.submitted_at.strftime("%Y-%m-%d") if s.frozen and s.submitted_at else t("results.now", lang)
            )
            _history(bank, lang, past, result, label, comparison)
            then = past[-1][0].submitted_at
            results_plan.changes(bank, past[-1][1], then.strftime("%Y-%m-%d") if then else "?", result, lang)
    stem = file_stem(who)
    if tabs["plan"].open or tabs["next"].open or tabs["files"].open:
        # What names questions and options reads the answers in today's terms (carried, for a result frozen
        # under an older bank); the scores above stay as they were frozen.
        meta = {q: Given(None, m.note, m.evidence, m.at) for q, m in s.meta.items()}
        detail, given = snapshot.in_todays_terms(bank, result, meta)
        if tabs["plan"].open:
            with tabs["plan"]:
                _plan(plan, lang)
                who3 = (profile.organization, profile.unit, profile.org_type)
                results_plan.panel(bank, detail, plan, who3, given, stem, lang)
        if tabs["next"].open:
            with tabs["next"]:
                _next_steps(bank, detail, lang)
        if tabs["files"].open:
            with tabs["files"]:
                _files(bank, lang, result, plan, detail, given, stem)
    if stale:
        st.rerun()


def _files(
    bank: Bank, lang: str, result: Result, plan: Plan, detail: Result, given: dict[str, Given], stem: str
) -> None:
    s = persist.session()
    profile = state.profile()
    assert profile is not None
    notes = _answers_table(bank, lang, given)
    st.subheader(t("results.downloads", lang))
    # The plan's own files (its CSV, the workbook, the calendar) are in the plan panel, which redraws alone.
    build = results_plan.entry_now(profile.organization, profile.unit, detail, plan, profile.org_type)
    dated = results_benchmark.dated(notes)

    def scores() -> bytes:
        return scores_csv(bank, [build()], lang).encode("utf-8")

    def answers() -> bytes:
        return answers_csv(bank, detail.answers, dated, lang, result.expired).encode("utf-8")

    # Built when clicked (as the plan's files), not on every draw of the tab.
    files = [
        ("dl_scores", t("results.download_scores", lang), scores, "scores"),
        ("dl_answers", t("results.download_answers", lang), answers, "answers"),
    ]
    for column, (key, label, make, suffix) in zip(st.columns(len(files)), files, strict=True):
        column.download_button(
            label,
            make,
            file_name=f"{stem}-{suffix}.csv",
            mime="text/csv",
            key=key,
            on_click="ignore",
            width="stretch",
        )
    _report_download(bank, build, lang, stem, s.submitted_at if s.frozen else None)
    share_panel.show(lang)
