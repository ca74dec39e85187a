"""Results: the plan as a team keeps it — a target level per dimension, each item's owner, due date, status
and note (saved as given, like answers), where the plan leads (the projection chart and which items reach
each target), why each level is what it is, what changed since the last assessment and why, and the plan as
a workbook and a calendar.

The panel is a fragment: setting an owner or a date redraws the panel, not the whole results page. The core
computes everything shown here (engine.projection, engine.explain, engine.changes); this module draws it."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date

import streamlit as st

from assessment.bank import Bank
from assessment.bank.model import Dimension
from assessment.engine.changes import answer_line, dimension_line, what_changed
from assessment.engine.drills import drill_plan
from assessment.engine.explain import dimension_text, explain, overall_text
from assessment.engine.migrate import Given
from assessment.engine.projection import STAGES, Projection, default_targets
from assessment.engine.recommend import PHASES, Plan, PlanItem
from assessment.engine.scoring import Result
from assessment.i18n import t
from assessment.outputs.calendar import calendar_bytes
from assessment.outputs.export import AnswerNote, Scored, projection_of, recommendations_csv
from assessment.outputs.projection_chart import projection_svg_with_alt, stage_labels
from assessment.outputs.workbook import workbook_bytes
from assessment.records import (
    OWNER_MAX,
    PLAN_NOTE_MAX,
    PLAN_STATUSES,
    PlanStatus,
    PlanStatusValue,
    ids_with_status,
)
from assessment.ui import persist, state
from assessment.ui.components import md_cell, md_table

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICS_MIME = "text/calendar"
ERROR_KEY = "_plan_error"
PICKED = "_plan_picked"  # the item the editor shows
# Expanders whose content is drawn only while opened (on_change="rerun"): the item editor, the targets, and
# each phase's details.
EDIT_OPEN = state.expander_key("plan_edit_open")
TARGETS_OPEN = state.expander_key("plan_targets_open")
DETAILS_OPEN = state.expander_key("plan_details_open")
# "Why this level", on the summary: worked out and drawn only while open.
WHY_OPEN = state.expander_key("plan_why_open")


def entry_now(
    organization: str, unit: str, result: Result, plan: Plan, org_type: str
) -> Callable[[], Scored]:
    """A function giving the entry with the plan as it stands when it is called: a download built on click
    carries the owner typed a moment ago in the panel, which redraws alone."""
    s = persist.session()

    def build() -> Scored:
        statuses = {rid: e.status for rid, e in s.plan.items()}
        targets = {d: e.level for d, e in s.targets.items() if e.level is not None}
        return Scored(organization, unit, result, plan, org_type, statuses, targets)

    return build


# --- why this level ------------------------------------------------------------------------------------


def older_bank(bank: Bank, result: Result, lang: str) -> bool:
    """A result frozen under another bank version: its points lost and its projection cannot be worked out
    with today's questions without changing what it showed (a submitted result never changes), so they are
    not shown, and the page says why."""
    if result.bank_version == bank.version:
        return False
    st.caption(t("plan.old_bank", lang, then=result.bank_version, now=bank.version))
    return True


def why(bank: Bank, result: Result, lang: str) -> None:
    """Per dimension and overall: the answers that hold the score down, and what caps the overall level."""
    with st.container(key="plan_why"):
        if older_bank(bank, result, lang):
            return
        title = t("plan.why_title", lang)
        with st.expander(title, icon=":material/help:", key=WHY_OPEN, on_change="rerun") as box:
            if box.open:
                explanation = explain(bank, result)
                texts = [overall_text(bank, explanation.overall, lang)]
                texts += [dimension_text(bank, explanation.dimensions[d], lang) for d in bank.dimensions]
                # One element for the six paragraphs: every element is a message and a draw (NOTES.md §4).
                st.markdown("\n\n".join(state.md(text) for text in texts))


# --- the panel -------------------------------------------------------------------------------------------


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def _status_label(status: str, lang: str) -> str:
    return t(f"xlsx.status_{status}", lang)


def _targets(bank: Bank, result: Result, lang: str) -> None:
    defaults = default_targets(bank, result)
    st.markdown(f"#### {t('plan.targets_title', lang)}")
    st.caption(t("plan.targets_help", lang))
    # Drawn only while opened: five select boxes were a large part of what the browser mounted on opening the
    # tab (benchmarks/NOTES.md, section 5), and the targets are in the list under the chart either way.
    with st.expander(t("plan.targets_change", lang), key=TARGETS_OPEN, on_change="rerun") as box:
        if box.open:
            _target_boxes(bank, result, defaults, lang)


def _target_boxes(bank: Bank, result: Result, defaults: Mapping[str, int | None], lang: str) -> None:
    s = persist.session()
    assessed = [d for d in bank.dimensions if defaults.get(d) is not None]
    columns = st.columns(3)
    for i, dim_id in enumerate(assessed):
        dim = bank.dimensions[dim_id]
        today = result.dimensions[dim_id].level or 1
        chosen = s.targets.get(dim_id)
        value = chosen.level if chosen is not None and chosen.level is not None else defaults[dim_id]
        options: list[int] = list(range(min(today, value or today), len(bank.levels) + 1))
        key = f"plan_target:{dim_id}:{s.plan_revision.get(f'target:{dim_id}', 0)}"
        columns[i % 3].selectbox(
            t("plan.target_for", lang, dimension=dim.name(lang)),
            options,
            index=options.index(value) if value in options else 0,
            format_func=functools.partial(_target_option, dim, lang),
            key=key,
            on_change=_save_target,
            args=(dim_id, key),
        )


def _target_option(dim: Dimension, lang: str, n: int) -> str:
    return t("plan.target_option", lang, n=n, level=dim.level(n).summary(lang))


def _save_target(dim_id: str, key: str) -> None:
    persist.set_target(dim_id, st.session_state.get(key))


def _reach(bank: Bank, projection: Projection, plan: Plan, lang: str) -> None:
    titles = {i.id: i.recommendation.title(lang) for i in plan.items}
    labels = stage_labels(lang)
    lines = []
    for dim_id, dim in bank.dimensions.items():
        reach = projection.reach[dim_id]
        if reach.target is None:
            continue
        name = dim.name(lang)
        if reach.reached_at == "today":
            lines.append(t("plan.reach_today", lang, dimension=name, n=reach.target))
        elif reach.reached_at is not None and not reach.needed:
            stage = labels[STAGES.index(reach.reached_at)]
            lines.append(t("plan.reach_at_done", lang, dimension=name, n=reach.target, stage=stage))
        elif reach.reached_at is not None:
            items = t("why.list_separator", lang).join(titles.get(r, r) for r in reach.needed)
            stage = labels[STAGES.index(reach.reached_at)]
            lines.append(t("plan.reach_at", lang, dimension=name, n=reach.target, stage=stage, items=items))
        else:
            points = f"{reach.points_short:.1f}" if reach.points_short is not None else "—"
            lines.append(t("plan.reach_never", lang, dimension=name, n=reach.target, points=points))
    if lines:
        st.markdown("\n".join(f"- {state.md(line)}" for line in lines))


def _save_item(rid: str, keys: dict[str, str]) -> None:
    values = st.session_state
    picked = values.get(keys["status"])
    status: PlanStatusValue = next(
        (v for v in PLAN_STATUSES if v == picked), "todo"
    )  # the selectbox offers only these
    given = PlanStatus(values.get(keys["owner"]), values.get(keys["due"]), status, values.get(keys["note"]))
    try:
        persist.set_status(rid, given)
    except ValueError:
        st.session_state[ERROR_KEY] = True


def _items(plan: Plan, statuses: Mapping[str, PlanStatus], lang: str) -> None:
    """The plan's items with their owner, date and status as one table, and the editor of one item (drawn
    only while its expander is open)."""
    st.markdown(f"#### {t('plan.items_title', lang)}")
    with st.container(key="plan_items"):
        # A Markdown table: one element, a <table> a screen reader walks; two data grids (the plan and the
        # statuses, the same items) took longer to mount (benchmarks/NOTES.md, section 5).
        st.markdown(items_table(plan, statuses, lang))
    with st.expander(
        t("plan.edit_item", lang), icon=":material/edit:", key=EDIT_OPEN, on_change="rerun"
    ) as box:
        if box.open:
            _editor(plan, statuses, lang)


def items_table(plan: Plan, statuses: Mapping[str, PlanStatus] | None, lang: str) -> str:
    """The plan's items as a Markdown table: rank, action, phase, and with `statuses` each one's owner and due
    date, and its status (a shared, read-only report has none)."""
    heads = [t("col.rank", lang), t("col.action", lang), t("col.phase", lang)]
    if statuses is not None:
        # The owner and the date in one column: six columns did not fit a phone's width (390 px).
        heads += [t("plan.owner_due", lang), t("xlsx.status", lang)]
    rows = []
    for item in plan.items:
        cells = [
            str(item.rank),
            md_cell(item.recommendation.title(lang)),
            md_cell(t(f"phase.{item.phase}", lang)),
        ]
        if statuses is not None:
            got = statuses.get(item.id, PlanStatus())
            who = " · ".join(p for p in (md_cell(got.owner or ""), _day(got.due)) if p)
            cells += [who, md_cell(_status_label(got.status, lang))]
        rows.append(cells)
    return md_table(heads, rows, right=(0,))


def _picked() -> None:
    st.session_state[PICKED] = st.session_state.get("plan_pick")


def _editor(plan: Plan, statuses: Mapping[str, PlanStatus], lang: str) -> None:
    s = persist.session()
    st.caption(t("plan.items_help", lang))
    ids = [i.id for i in plan.items]
    names = {
        i.id: f"{i.rank}. {i.recommendation.title(lang)} · {t(f'phase.{i.phase}', lang)}" for i in plan.items
    }
    # The item chosen is kept apart from the select box's own state, which goes while the expander is closed.
    picked = st.session_state.get(PICKED)
    rid = st.selectbox(
        t("plan.pick", lang),
        ids,
        index=ids.index(picked) if picked in ids else 0,
        format_func=names.__getitem__,
        key="plan_pick",
        on_change=_picked,
    )
    current = statuses.get(rid, PlanStatus())
    rev = s.plan_revision.get(rid, 0)
    keys = {field: f"plan_{field}:{rid}:{rev}" for field in ("owner", "due", "status", "note")}
    with st.container(border=True, key="plan_item_form"):
        left, middle, right = st.columns([2, 1, 1])
        left.text_input(
            t("xlsx.owner", lang),
            value=current.owner or "",
            max_chars=OWNER_MAX,
            key=keys["owner"],
            on_change=_save_item,
            args=(rid, keys),
            placeholder=t("plan.owner_hint", lang),
        )
        middle.date_input(
            t("xlsx.due", lang),
            value=current.due,
            min_value=date(2000, 1, 1),
            max_value=date(2100, 12, 31),
            format="YYYY-MM-DD",
            key=keys["due"],
            on_change=_save_item,
            args=(rid, keys),
        )
        right.selectbox(
            t("xlsx.status", lang),
            PLAN_STATUSES,
            index=PLAN_STATUSES.index(current.status),
            format_func=lambda x: _status_label(x, lang),
            key=keys["status"],
            on_change=_save_item,
            args=(rid, keys),
        )
        st.text_area(
            t("xlsx.note", lang),
            value=current.note or "",
            max_chars=PLAN_NOTE_MAX,
            key=keys["note"],
            on_change=_save_item,
            args=(rid, keys),
            height=80,
        )
    error = st.session_state.pop(ERROR_KEY, None)
    if error:
        st.error(t("plan.not_saved", lang))


def details(bank: Bank, plan: Plan, lang: str, lazy: bool = True) -> None:
    """Each item in detail, one expander per phase ("Now (9)"), its items in rank order as one text; then what
    to keep doing. `lazy`: a phase's text drawn only while its expander is open (in the panel's fragment,
    opening one redraws the panel, not the page)."""
    if plan.items:
        st.markdown(f"#### {t('results.details', lang)}")
        titles = {i.id: i.recommendation.title(lang) for i in plan.items}
        # One expander per phase, its items in one text: an expander per item (28, with three to four
        # elements each) was most of what the browser mounted when the tab was opened; their texts, drawn
        # while closed, still were a large part (benchmarks/NOTES.md, section 5). Each item's title in bold,
        # not a heading: a markdown heading brings a "link to heading" for the keyboard to pass through.
        for phase in PHASES:
            mine = [i for i in plan.items if i.phase == phase]
            if not mine:
                continue
            label = f"{t(f'phase.{phase}', lang)} ({len(mine)})"
            key = f"{DETAILS_OPEN}:{phase}" if lazy else None
            with st.expander(label, key=key, on_change="rerun" if lazy else "ignore") as box:
                if not lazy or box.open:
                    st.markdown(_phase_text(bank, mine, titles, lang))
    if plan.keep_doing:
        st.markdown(f"#### {t('results.keep_doing', lang)}")
        lines = []
        for dim_id in plan.keep_doing:
            dim = bank.dimensions[dim_id]
            lines.append(f"**{dim.name(lang)}** — {dim.keep_doing(lang)}")
        st.markdown("\n\n".join(lines))


def _phase_text(bank: Bank, items: list[PlanItem], titles: dict[str, str], lang: str) -> str:
    return "\n\n---\n\n".join(_detail(bank, item, titles, lang) for item in items)


def _detail(bank: Bank, item: PlanItem, titles: dict[str, str], lang: str) -> str:
    """One plan item's details as markdown: its rank and title, its dimension, effort and impact, what to do,
    why, the principles it rests on and what it waits for."""
    rec = item.recommendation
    cited = "; ".join(f"{p} {bank.principles[p].title(lang)}" for p in rec.principles)
    facts = [
        bank.dimensions[rec.dimension].name(lang),
        f"{t('col.effort', lang)}: {t(f'effort.{rec.effort}', lang)}",
        f"{t('col.impact', lang)}: {'●' * rec.impact}",
    ]
    if item.quick_win:
        facts.append(t("col.quick_win", lang))
    parts = [
        f"**{item.rank}. {rec.title(lang)}**",
        " · ".join(facts),
        rec.action(lang),
        f"**{t('results.why', lang)}.** {rec.why(lang)}",
        f"{t('results.principles', lang)}: {cited}",
    ]
    if item.waits_for:
        parts.append(f"{t('results.waits_for', lang)}: " + "; ".join(titles[w] for w in item.waits_for))
    return "\n\n".join(parts)


def _outside(bank: Bank, plan: Plan, statuses: Mapping[str, PlanStatus], lang: str) -> None:
    """Statuses of items this plan no longer holds (carried from an earlier plan, mostly done ones whose
    answers rose): shown, so nothing set before seems lost."""
    inside = {i.id for i in plan.items}
    rest = [(rid, s) for rid, s in statuses.items() if rid not in inside and rid in bank.recommendations]
    if not rest:
        return
    st.markdown(f"#### {t('plan.outside_title', lang)}")
    lines = []
    for rid, s in rest:
        parts = [bank.recommendations[rid].title(lang), _status_label(s.status, lang)]
        parts += [p for p in (s.owner, s.due.isoformat() if s.due else None) if p]
        lines.append("- " + state.md(" · ".join(parts)))
    st.markdown("\n".join(lines))


@st.fragment
def panel(
    bank: Bank,
    result: Result,
    plan: Plan,
    who: tuple[str, str, str],
    given: Mapping[str, Given],
    stem: str,
    lang: str,
) -> None:
    """The plan's items with their owner, date and status (one table, and an editor of one item), each item in
    detail, the targets, where the plan leads, and the plan's files.
    `who`: the organization, the unit and the organization type; `given`: the answers' notes and times."""
    persist.pull_plan()
    s = persist.session()
    build = entry_now(who[0], who[1], result, plan, who[2])
    entry = build()
    if plan.items:
        _items(plan, entry.statuses, lang)
    details(bank, plan, lang)
    with st.container(key="plan_panel"):
        _targets(bank, result, lang)
        st.markdown(f"#### {t('plan.projection_title', lang)}")
        if not older_bank(bank, result, lang):
            projection = projection_of(bank, entry)
            # A static image, not a plotly chart: nothing in it is interactive, and plotly.js's mount was
            # the larger part of the tab's drawing (benchmarks/NOTES.md, section 5).
            svg, alt = projection_svg_with_alt(bank, projection, lang)
            with st.container(key="projection"):
                st.image(svg, alt=alt, width="content", caption=alt)
            _reach(bank, projection, plan, lang)
        _outside(bank, plan, entry.statuses, lang)
        if s.assessment_id is None or s.plan_pending or s.targets_pending:
            st.warning(t("plan.waiting", lang), icon=":material/cloud_off:")
        st.markdown(f"#### {t('plan.files_title', lang)}")
        notes = {
            qid: AnswerNote(
                g.note, g.evidence, g.answered_at.isoformat(timespec="seconds") if g.answered_at else None
            )
            for qid, g in given.items()
        }
        downloads(bank, build, notes, lang, stem)


# --- what changed, and why -----------------------------------------------------------------------------


def changes(bank: Bank, previous: Result, since: str, current: Result, lang: str) -> None:
    """Per dimension, the answers that rose or fell since the last assessment and the done items that
    moved them (the statuses carried from the earlier plan, and any marked done since)."""
    persist.pull_plan()  # drawn above the panel: the statuses carried from the earlier plan first
    done = ids_with_status(persist.plan_statuses(), "done")
    changed = what_changed(bank, previous, current, done)
    st.subheader(t("changes.title", lang, date=since), anchor=False)
    if not changed.anything:
        st.caption(t("changes.none", lang))
    for dim_id in bank.dimensions:
        dim = changed.dimensions[dim_id]
        if not (dim.rose or dim.fell):
            continue
        st.markdown(f"**{state.md(dimension_line(bank, dim, lang))}**")
        lines = [f"- ↑ {state.md(answer_line(bank, c, lang))}" for c in dim.rose]
        lines += [f"- ↓ {state.md(answer_line(bank, c, lang))}" for c in dim.fell]
        st.markdown("\n".join(lines))
    if changed.done_no_effect:
        titles = t("why.list_separator", lang).join(
            bank.recommendations[r].title(lang) for r in changed.done_no_effect
        )
        st.caption(t("changes.no_effect", lang, items=titles))


# --- files --------------------------------------------------------------------------------------------


def downloads(
    bank: Bank,
    build: Callable[[], Scored],
    notes: Mapping[str, AnswerNote],
    lang: str,
    stem: str,
    prefix: str = "dl",
    with_csv: bool = True,
    deferred: bool = True,
) -> None:
    """The plan's CSV, the workbook (.xlsx) and the calendar (.ics). All three are built when clicked
    (`deferred`), from the plan as it then stands; else now (the workspace, no fragment)."""
    entry = build()
    columns = st.columns(3 if with_csv else 2)
    left, right = columns[-2:]
    if with_csv:

        def recs() -> bytes:
            return recommendations_csv(bank, [build()], lang).encode("utf-8")

        columns[0].download_button(
            t("results.download_recs", lang),
            recs if deferred else recs(),
            file_name=f"{stem}-plan.csv",
            mime="text/csv",
            key=f"{prefix}_recs",
            on_click="ignore",
            width="stretch",
        )

    def xlsx() -> bytes:
        return workbook_bytes(bank, build(), lang, dict(notes))

    left.download_button(
        t("plan.download_xlsx", lang),
        xlsx if deferred else xlsx(),
        file_name=f"{stem}-plan.xlsx",
        mime=XLSX_MIME,
        key=f"{prefix}_xlsx",
        on_click="ignore",
        icon=":material/table_view:",
        width="stretch",
    )
    today = date.today()
    dated = any(s.due is not None and s.status != "dropped" for s in entry.statuses.values())
    if not dated and not drill_plan(bank, entry.result, today):
        right.caption(t("plan.no_calendar", lang))
        return

    def ics() -> bytes:
        return calendar_bytes(bank, build(), lang, today) or b""

    right.download_button(
        t("plan.download_ics", lang),
        ics if deferred else ics(),
        file_name=f"{stem}-plan.ics",
        mime=ICS_MIME,
        key=f"{prefix}_ics",
        on_click="ignore",
        icon=":material/calendar_month:",
        width="stretch",
    )
