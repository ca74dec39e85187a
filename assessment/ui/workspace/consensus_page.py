"""Consensus: for a unit with several respondents, every respondent's answer and note side by side per
question, the largest disagreements first (engine/consensus.py measures them). The consultant sets the agreed
answer with a reason, makes the agreed set the unit's official assessment, and sees every change logged."""

from __future__ import annotations

import streamlit as st

from assessment.bank import Bank
from assessment.engine import consensus
from assessment.engine.consensus import Spread, Target
from assessment.engine.portfolio import SUBMITTED, Entry, parsed_answers
from assessment.i18n import t, tn
from assessment.records import NOTE_MAX, AgreedChange, StoredAnswer
from assessment.storage import StorageUnavailable
from assessment.storage.workspace import Workspace
from assessment.ui import state
from assessment.ui.workspace import consensus_actions as act
from assessment.ui.workspace import consensus_views as views
from assessment.ui.workspace import data

TARGET = "ws_cons_target"
# The last ?unit= followed: a link picks its unit once, then the picker rules.
SEEN = "ws_cons_param"
SHOW = "ws_cons_show"
PARAM = "unit"  # ?unit=<client id>-<unit id or "all">: a link to one unit's consensus
SHOWS = ("open", "disagree", "all")
LIMIT = "ws_cons_limit"
PAGE_SIZE = 10  # questions drawn at once: each is a form with seven choices


def param(target: Target) -> str:
    return f"{target[0]}-{'all' if target[1] is None else target[1]}"


def _from_param(text: str | None) -> Target | None:
    client, _, unit = (text or "").partition("-")
    if not client.isdigit() or not (unit.isdigit() or unit == "all"):
        return None
    return int(client), None if unit == "all" else int(unit)


def _spread_text(s: Spread, lang: str) -> str:
    if s.unanimous is not None:
        return t("ws.consensus.alike", lang)
    parts = [tn("ws.consensus.range", s.range, lang)] if s.range else []
    parts += [
        tn(f"ws.consensus.{k}_count", n, lang)
        for k, n in (("dk", s.dk), ("na", s.na), ("blank", s.blank))
        if n
    ]
    return " · ".join(parts) or t("ws.consensus.alike", lang)


def _pick(loaded: data.Loaded, found: dict[Target, list[Entry]], lang: str) -> Target:
    names: dict[Target, str] = {}
    for e in loaded.entries:
        names.setdefault((e.client_id, e.unit_id), " · ".join(p for p in (e.client, e.unit) if p))
    options = sorted(found, key=lambda k: names[k].casefold())
    asked = st.query_params.get(PARAM)
    wanted = _from_param(asked)
    if asked != st.session_state.get(SEEN) and wanted in found:
        st.session_state[TARGET] = wanted  # only one of this consultant's units: a planted id is ignored
    chosen = data.pick(t("ws.respondents.pick", lang), options, TARGET, names.__getitem__)
    assert chosen is not None  # show() asks only when `found` has a unit
    st.session_state[SEEN] = st.query_params[PARAM] = param(chosen)
    return chosen


def _status(ctx: act.Context, entry: Entry | None, people: list[Entry], names: list[str], lang: str) -> None:
    who = " · ".join(f"{n}: {data.status_text(e, lang)}" for n, e in zip(names, people, strict=True))
    st.caption(t("ws.consensus.respondents", lang, who=state.md(who)))
    total = len(ctx.spreads)
    done = sum(1 for q in ctx.spreads if q in ctx.agreed)
    official = entry is not None and entry.status == SUBMITTED
    with st.container(border=True):
        st.markdown(f"**{t('ws.consensus.progress', lang, n=done, total=total)}**")
        if official and entry is not None:
            st.success(t("ws.consensus.official_since", lang, date=entry.date.strftime("%Y-%m-%d")))
        else:
            st.caption(t("ws.consensus.official_help", lang))
        left, right = st.columns(2)
        alike = consensus.unanimous_open(list(ctx.spreads.values()), ctx.agreed)
        left.button(
            tn("ws.consensus.take_unanimous", len(alike), lang),
            key="ws_cons_unanimous",
            disabled=not alike,
            on_click=act.take_unanimous,
            args=(ctx,),
            width="stretch",
        )
        if not official:
            missing = consensus.missing(ctx.bank, ctx.org_type, ctx.agreed)
            right.button(
                t("ws.consensus.make_official", lang),
                key="ws_cons_official",
                type="primary",
                disabled=bool(missing) or ctx.consensus_id is None,
                on_click=act.make_official,
                args=(ctx,),
                width="stretch",
            )
            if missing:
                right.caption(tn("ws.consensus.missing", len(missing), lang))


def _question(ctx: act.Context, s: Spread, names: list[str], notes: list[StoredAnswer | None],
              agreed: StoredAnswer | None, last: AgreedChange | None, error: str | None,
              lang: str) -> None:  # fmt: skip
    q = ctx.bank.questions[s.question_id]
    with st.container(border=True, key=f"ws_cons_q_{q.id}"):
        st.markdown(f"**{state.md(q.text(lang))}**")
        st.caption(f"{ctx.bank.dimensions[q.dimension].name(lang)} · {_spread_text(s, lang)}")
        answers, form = st.columns([3, 2])
        with answers:
            lines = []
            for name, value, note in zip(names, s.values, notes, strict=True):
                line = f"- **{state.md(name)}**: {state.md(views.answer_text(q, value, lang))}"
                if note is not None and note.note:
                    line += f"  \n  _{state.md(_one_line(note.note))}_"
                lines.append(line)
            st.markdown("\n".join(lines))
            if agreed is not None:
                value = parsed_answers({q.id: agreed.value or ""}).get(q.id)
                st.markdown(
                    f"**{t('ws.consensus.agreed', lang)}:** {state.md(views.answer_text(q, value, lang))}"
                )
                why = agreed.note or t("ws.consensus.unanimous_reason", lang)
                by = f" — {last.consultant}, {last.changed_at.strftime('%Y-%m-%d %H:%M')} UTC" if last else ""
                st.caption(state.md(_one_line(why) + by))
        with form, st.form(f"ws_cons_form_{q.id}", border=False):
            options = consensus.choices(q)
            before = ctx.agreed.get(q.id)
            st.radio(
                t("ws.consensus.agreed", lang),
                options,
                index=options.index(before) if before in options else None,
                format_func=lambda v: views.answer_text(q, v, lang),
                key=act.value_key(q.id),
            )
            st.text_area(
                t("ws.consensus.reason", lang),
                max_chars=NOTE_MAX,
                height=80,
                key=act.reason_key(q.id),
                help=t("ws.consensus.reason_help", lang),
            )
            label = t("ws.consensus.change", lang) if before is not None else t("ws.consensus.save", lang)
            st.form_submit_button(label, on_click=act.save, args=(ctx, q.id), key=f"ws_cons_save_{q.id}")
        if error:
            st.error(error)


def _one_line(text: str) -> str:
    # A note typed on several lines would end the list item (or the italics) it is shown in.
    return " ".join(text.split())


def _flash() -> tuple[str, str] | None:
    """The last button's message: a success as a toast (the question saved may have left the list), an
    error for the whole page at the top; an error about one question is returned, to show under it."""
    said = st.session_state.pop(act.FLASH, None)
    if not isinstance(said, tuple):
        return None
    where, kind, text = said
    if kind == "success":
        st.toast(text, icon=":material/check:")
    elif not where:
        st.error(text)
    else:
        return where, text
    return None


def _unit(
    ws: Workspace, b: Bank, loaded: data.Loaded, target: Target, people: list[Entry], lang: str
) -> None:
    entry = consensus.consensus_entry(loaded.entries, target)
    first = people[0] if people else entry
    assert first is not None  # a unit without respondents is a candidate only once its consensus is begun
    org_type = first.org_type
    details = ws.answer_details_of([e.assessment_id for e in people])
    mine = [details.get(e.assessment_id, {}) for e in people]
    sets = [parsed_answers({q: a.value for q, a in answers.items() if a.value}) for answers in mine]
    names = [e.respondent or t("ws.respondents.unnamed", lang, n=i + 1) for i, e in enumerate(people)]
    agreed = ws.agreed(entry.assessment_id) if entry else {}
    log = ws.consensus_log(entry.assessment_id) if entry else []
    spread_list = consensus.spreads(b, sets, org_type)
    ctx = act.Context(
        ws=ws,
        bank=b,
        lang=lang,
        target=target,
        org_type=org_type,
        consensus_id=entry.assessment_id if entry else None,
        spreads={s.question_id: s for s in spread_list},
        agreed=parsed_answers({q: a.value for q, a in agreed.items() if a.value}),
    )
    _status(ctx, entry, people, names, lang)
    error = _flash()
    show = st.segmented_control(
        t("ws.consensus.show", lang),
        SHOWS,
        default="open",
        required=True,
        format_func=lambda k: t(f"ws.consensus.show.{k}", lang),
        key=SHOW,
        on_change=lambda: st.session_state.pop(LIMIT, None),
    )
    shown = [
        s
        for s in spread_list
        if show == "all"
        or (show == "disagree" and s.disagree)
        or (show == "open" and s.question_id not in agreed)
    ]
    if not shown:
        st.info(t(f"ws.consensus.nothing.{show}", lang))
    last = {c.question_id: c for c in log}
    limit = st.session_state.get(LIMIT, PAGE_SIZE)
    limit = limit if isinstance(limit, int) and limit > 0 else PAGE_SIZE
    for s in shown[:limit]:
        notes = [answers.get(s.question_id) for answers in mine]
        said = error[1] if error and error[0] == s.question_id else None
        _question(ctx, s, names, notes, agreed.get(s.question_id), last.get(s.question_id), said, lang)
    if len(shown) > limit:
        st.caption(t("ws.consensus.shown", lang, n=limit, total=len(shown)))
        st.button(
            t("ws.consensus.more", lang),
            key="ws_cons_more",
            on_click=lambda: st.session_state.__setitem__(LIMIT, limit + PAGE_SIZE),
        )
    views.side_by_side(ctx, names, lang)
    if entry is not None and entry.status == SUBMITTED:
        label = " · ".join(p for p in (entry.client, entry.unit) if p)
        views.official_result(b, entry, agreed, label, lang)
    views.change_log(b, log, lang)


def show() -> None:
    ws = data.signed_workspace()
    lang = state.lang()
    b = data.bank()
    st.header(t("ws.consensus.title", lang), anchor=False)
    st.caption(t("ws.consensus.intro", lang))
    try:
        loaded = data.load(ws, b)
        found = consensus.candidates(loaded.entries)
        if not found:
            st.info(t("ws.consensus.none", lang))
            return
        target = _pick(loaded, found, lang)
        _unit(ws, b, loaded, target, found[target], lang)
    except StorageUnavailable:
        st.error(t("ws.db_down", lang))
