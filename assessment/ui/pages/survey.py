"""Survey: one section per dimension, progress across the whole survey, help on every question.

The answers live in the session (state.answers), not in the widgets: a radio is drawn from them each run, so
moving between sections, pages or languages never drops an answer."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import streamlit as st
from streamlit import config

from assessment.bank import Bank
from assessment.bank.model import QUICK, Question
from assessment.engine.forms import asked, deep_dimensions, progress
from assessment.engine.scoring import DK, NA, AnswerValue
from assessment.i18n import t, tn
from assessment.outputs.notice import carried_notice
from assessment.records import EVIDENCE_DATE_MIN
from assessment.storage import EVIDENCE_MAX, NOTE_MAX
from assessment.ui import nav, persist, state
from assessment.ui.components import bring_into_view, resume_link, status_banner

SECTION_KEY = "survey_section"
SEE_RESULTS_KEY = "see_results"  # the container of the link on the last section
SEE_RESULTS_DEEP_KEY = "see_results_deep"  # and on every section of a deep dive
DRAWN_KEY = "_foco_survey_drawn"
SHOWN_KEY = "_foco_survey_shown"  # what the last full run drew the section's questions from
BANNER_FRAGMENT = "survey_banner"
STATUS_FRAGMENT = "survey_status"
LEFT_FRAGMENT = "survey_left"
FOOT_FRAGMENT = "survey_foot"
SECTION_HEAD = "survey_head"  # the section's heading and description: where a move to it brings the view
MOVED_KEY = "_foco_survey_moved"  # when the last move to another section was (time.monotonic): see _moved
MOVE_FRESH_S = 15.0  # a move older than this brings nothing into view (a busy replica is slow)
# + ":" + the question's id: its note and evidence expander, open or not.
NOTE_OPEN = state.expander_key("survey_note_open")


def _choices(q: Question) -> list[AnswerValue]:
    return [0, 1, 2, 3, 4, DK, *([NA] if q.allow_na else [])]


def _key(kind: str, lang: str, qid: str) -> str:
    # The language and the answer's revision are part of the key: a new language, or an answer changed in
    # another tab, draws a fresh widget from the stored answers.
    return f"{kind}:{lang}:{persist.session().revision.get(qid, 0)}:{qid}"


def _on_answer(qid: str, key: str) -> None:
    before = _looks()
    persist.record_answer(qid, st.session_state.get(key))
    if persist.pull():
        st.rerun()  # another tab's answers came in: the whole page shows them
    # The radio shows its new value already: what else changes is the progress, the sections' counts and the
    # line of questions left; the banner, the buttons and the resume link only now and then (_looks). Rerun
    # those fragments alone, and of the others only what changed: each is a few deltas the browser would
    # redraw unchanged (issue 15).
    _rerun_only(STATUS_FRAGMENT, LEFT_FRAGMENT, *_changed(before))


def _on_note(qid: str, note_key: str, evidence_key: str) -> None:
    before = _looks()
    persist.record_note(qid, st.session_state.get(note_key), st.session_state.get(evidence_key))
    # The field shows what was typed: only whether it was saved (and the first save's resume link) can change.
    # With nothing changed the banner's fragment reruns all the same, the cheapest there is (an empty block):
    # a callback that does not call st.rerun lets the question's own fragment rerun, all its widgets.
    _rerun_only(*(_changed(before) or [BANNER_FRAGMENT]))


def _looks() -> tuple[tuple[object, ...], tuple[object, ...]]:
    """What the banner and the foot (buttons, resume link) are drawn from, besides the language and section:
    a click reruns either only when its part changed."""
    s = persist.session()
    # The offline and reload banners count the answers waiting to be saved.
    waiting = len(s.pending) if s.offline or s.bank_changed else 0
    banner = (s.offline, s.bank_changed, waiting, s.frozen, s.submitted_at)
    bank = state.bank()
    deep = bool(deep_dimensions(bank, state.answers(), s.deep, s.form)) if isinstance(bank, Bank) else False
    return banner, (s.token, deep, s.form)


def _changed(before: tuple[tuple[object, ...], tuple[object, ...]]) -> list[str]:
    after = _looks()
    return [
        key
        for key, old, new in zip((BANNER_FRAGMENT, FOOT_FRAGMENT), before, after, strict=True)
        if old != new
    ]


def _rerun_only(*fragments: str) -> None:
    """From a callback: rerun these fragments alone, not the page nor the widget's own fragment. Streamlit's
    AppTest builds its element tree from the last run's messages alone, so there a fragment's rerun would
    look like a page holding only that fragment: under AppTest the page reruns whole, as it did before the
    fragments, and the AppTest tests check what a click changes on it. The browser tests take the
    fragments' path."""
    if config.get_option("global.appTest"):
        st.rerun()
    st.rerun(list(fragments))


def _on_date(qid: str, date_key: str) -> None:
    before = _looks()
    meta = persist.session().meta.get(qid)
    note, evidence = (meta.note, meta.evidence) if meta else (None, None)
    persist.record_note(qid, note, evidence, st.session_state.get(date_key))
    # Its own question's fragment reruns (what the date changes is drawn there); a save that found the
    # database away or the assessment locked, or made the first link, changes the banner or the foot too:
    # then the whole page, rare enough not to matter.
    if _changed(before):
        st.rerun()


def _evidence_date(q: Question, lang: str, frozen: bool) -> None:
    """The date of the evidence, for a question whose evidence the bank lets expire (engine.evidence)."""
    if q.evidence_expires_months is None or q.evidence_label is None:
        return
    meta = persist.session().meta.get(q.id)
    key = _key("evidence_date", lang, q.id)
    st.date_input(
        t("survey.evidence_date", lang, label=q.evidence_label(lang)),
        value=meta.evidence_date if meta else None,
        min_value=EVIDENCE_DATE_MIN,
        max_value=datetime.now(UTC).date(),
        format="YYYY-MM-DD",
        key=key,
        help=tn("survey.evidence_date_help", q.evidence_expires_months, lang),
        on_change=_on_date,
        args=(q.id, key),
        disabled=frozen,
    )


def _on_section() -> None:
    # No _moved(): the picker is at the top already, and with the keyboard its arrow keys change the section
    # at each press; taking the focus away from it would stop them (WCAG 3.2.2).
    state.set_section(int(st.session_state[SECTION_KEY]))
    persist.save_position(state.section())
    st.rerun()  # another section: the whole page, not only the fragment the picker is in


def _move(to: int) -> None:
    state.set_section(to)
    st.session_state[SECTION_KEY] = to
    persist.save_position(to)
    _moved()
    # The buttons are in the foot's fragment, so this stops its run and runs the page. Drawn outside every
    # fragment, a click on one was a page run of its own, and a note typed just before it (sent as its field
    # lost focus, a run of the question's fragment) was lost (tests/browser/test_survey_fragments_browser.py).
    st.rerun()


def _moved() -> None:
    # The page's next run brings the view and the focus to the new section's heading (show()): only the run
    # right after the click, not a later one (a run cut short by a click elsewhere leaves this behind).
    st.session_state[MOVED_KEY] = time.monotonic()


@st.fragment
def _question(q: Question, number: int, lang: str, frozen: bool) -> None:
    """One question, a fragment of its own: a note reruns this question alone. `adopting`: the first draw
    in this session, where what the widgets hold came from the browser, not from us (see show())."""
    adopting = not st.session_state.get(DRAWN_KEY, False)
    answers = state.answers()
    choices = _choices(q)
    labels = {c: o.text(lang) for c, o in zip(choices, q.options, strict=False)}
    labels[DK] = t("survey.dk", lang)
    labels[NA] = t("survey.na", lang)
    current = answers.get(q.id)
    key = _key("answer", lang, q.id)
    with st.container(border=True):
        # The question and its help as one element: every element drawn is redrawn several times per
        # click (benchmarks/NOTES.md §2). Help is bank text; a bracket would end the :small[…] early.
        help_text = q.help(lang).replace("[", "\\[").replace("]", "\\]")
        st.markdown(f"**{number}.** {q.text(lang)}\n\n:small[:gray[{help_text}]]")
        if not frozen and q.id in persist.session().review:
            st.caption(f":material/update: {t('migrate.check_this', lang)}")
        if q.beyond_sources:
            st.caption(f"_{t('survey.beyond_sources', lang)}_")
        shown = st.radio(
            q.text(lang),
            choices,
            index=choices.index(current) if current in choices else None,
            format_func=labels.__getitem__,
            key=key,
            label_visibility="collapsed",
            on_change=_on_answer,
            args=(q.id, key),
            disabled=frozen,
        )
        if adopting and not frozen and shown is not None and shown != current:
            persist.record_answer(q.id, shown)
        meta = persist.session().meta.get(q.id)
        note, evidence = (meta.note, meta.evidence) if meta else (None, None)
        # The note, the evidence and its date are drawn only while their expander is open: the radio and the
        # expander are then a question's only widgets, of four or five, on a section's whole run (another
        # section, a first draw: benchmarks/NOTES.md §7). Opening one reruns this question's fragment alone;
        # what was typed is saved when the field loses focus, before the expander closes. A field open in a
        # tab that reconnects to another replica comes back open, and what it holds is taken as before.
        # Read-only (a submitted survey), the label says which questions have a note or evidence. Not while
        # editing: a new label is a new expander, and it would close as the first letter is saved.
        given = frozen and bool(note or evidence)
        title = t("survey.note_title_given", lang) if given else t("survey.note_title", lang)
        with st.expander(title, key=f"{NOTE_OPEN}:{q.id}", on_change="rerun") as box:
            if box.open:
                shown_note, shown_evidence = _note_fields(q, lang, frozen, note, evidence)
                if (
                    adopting
                    and not frozen
                    and (shown_note or None, shown_evidence or None) != (note, evidence)
                ):
                    persist.record_note(q.id, shown_note, shown_evidence)


def _note_fields(
    q: Question, lang: str, frozen: bool, note: str | None, evidence: str | None
) -> tuple[str, str]:
    """A question's note, evidence and evidence date (in its expander); returns what the first two show."""
    if q.quality is not None:
        st.caption(f"{t('survey.evidence_title', lang)}: {q.quality(lang)}")
    note_key, evidence_key = _key("note", lang, q.id), _key("evidence", lang, q.id)
    shown_note = st.text_area(
        t("survey.note", lang),
        value=note or "",
        key=note_key,
        max_chars=NOTE_MAX,
        height=80,
        on_change=_on_note,
        args=(q.id, note_key, evidence_key),
        disabled=frozen,
    )
    shown_evidence = st.text_input(
        t("survey.evidence", lang),
        value=evidence or "",
        key=evidence_key,
        max_chars=EVIDENCE_MAX,
        help=t("survey.evidence_help", lang),
        on_change=_on_note,
        args=(q.id, note_key, evidence_key),
        disabled=frozen,
    )
    _evidence_date(q, lang, frozen)
    return shown_note, shown_evidence


def show() -> None:
    bank = state.bank()
    assert isinstance(bank, Bank)
    lang = state.lang()
    profile = state.profile()
    if profile is None:
        st.info(t("survey.need_start", lang))
        if st.button(t("survey.go_start", lang), type="primary"):
            nav.go("start")
        return
    s = persist.session()
    if s.just_opened:
        s.just_opened = False
        if s.frozen:  # the link of a submitted assessment opens its read-only result, not the answers
            nav.go("results")

    persist.pull()
    _banner(lang)
    s = persist.session()
    frozen = s.frozen
    if not frozen:
        # The questionnaire changed since the person last opened this assessment: one line each time.
        for changes in s.notices:
            st.info(carried_notice(bank, changes, lang), icon=":material/update:")
    dims = list(bank.dimensions.values())
    per_dim = _asked(bank, profile)
    who = profile.organization + (f" · {profile.unit}" if profile.unit else "")
    st.caption(t("survey.for_org", lang, org=state.md(who)))
    deep = deep_dimensions(bank, state.answers(), s.deep, s.form)
    if s.form == QUICK and bank.quick is not None:
        st.caption(t("quick.survey_quick", lang, n=len(bank.form_questions(QUICK))))
        if deep:
            names = ", ".join(d.name(lang) for d in dims if d.id in deep)
            st.info(t("quick.survey_deep", lang, dims=names), icon=":material/zoom_in:")

    index = min(max(state.section(), 0), len(dims) - 1)
    st.session_state[SHOWN_KEY] = _drawn(per_dim[dims[index].id], frozen)
    _status(bank, profile, lang, index)
    dim = dims[index]
    with st.container(key=SECTION_HEAD):
        st.subheader(dim.name(lang))
        st.write(dim.description(lang))
        at = st.session_state.pop(MOVED_KEY, None)  # the first run after the move takes it
        if at is not None and time.monotonic() - at < MOVE_FRESH_S:
            bring_into_view(SECTION_HEAD, round(at * 1000))  # each move's script text differs: it runs again

    start_number = sum(len(per_dim[d.id]) for d in dims[:index]) + 1
    # A tab whose replica died reconnects to another one, where its session is new: its next click starts
    # the first run here with every value on its screen, for widgets this process never drew, so no
    # on_change fires. What the person sees differs from what is stored only where they just answered:
    # take it (in _question). On any other first draw the widgets hold what we drew, which is what is stored.
    for offset, q in enumerate(per_dim[dim.id]):
        _question(q, start_number + offset, lang, frozen)
    st.session_state[DRAWN_KEY] = True
    _left(bank, profile, lang, index)
    _foot(bank, lang, index)


def _asked(bank: Bank, profile: state.Profile) -> dict[str, list[Question]]:
    s = persist.session()
    # The quick check asks its own questions, and every question of a dimension the person went deeper into.
    return asked(bank, profile.org_type, s.form, deep_dimensions(bank, state.answers(), s.deep, s.form))


def _drawn(questions: list[Question], frozen: bool) -> tuple[object, ...]:
    """What the section's widgets were drawn from: their questions, the answers' revisions (a new one is a
    widget with a new key, see _key) and whether they are locked."""
    revision = persist.session().revision
    return tuple((q.id, revision.get(q.id, 0)) for q in questions), frozen


@st.fragment(key=BANNER_FRAGMENT)
def _banner(lang: str) -> None:
    """The line saying the database is away or the assessment is locked: any click can change it."""
    status_banner(lang)


@st.fragment(key=STATUS_FRAGMENT)
def _status(bank: Bank, profile: state.Profile, lang: str, index: int) -> None:
    """The progress and the section picker with each section's count: what an answer changes."""
    s = persist.session()
    answers = state.answers()
    dims = list(bank.dimensions.values())
    per_dim = _asked(bank, profile)
    if st.session_state.get(SHOWN_KEY) != _drawn(per_dim[dims[index].id], s.frozen):
        # The click changed more than counts (the assessment was locked meanwhile, the questions asked
        # changed): the whole page.
        st.rerun()
    done, total = progress(bank, answers, per_dim)
    st.progress(done / total if total else 0.0, text=t("survey.progress", lang, done=done, total=total))
    st.session_state[SECTION_KEY] = index

    def section_label(i: int) -> str:
        qs = per_dim[dims[i].id]
        answered = sum(1 for q in qs if q.id in answers)
        return f"{i + 1}. {dims[i].name(lang)} ({answered}/{len(qs)})"

    st.radio(
        t("survey.section", lang),
        range(len(dims)),
        key=SECTION_KEY,
        format_func=section_label,
        horizontal=True,
        on_change=_on_section,
    )


@st.fragment(key=LEFT_FRAGMENT)
def _left(bank: Bank, profile: state.Profile, lang: str, index: int) -> None:
    """How many questions are left in the section: what every answer changes at the foot."""
    dims = list(bank.dimensions.values())
    questions = _asked(bank, profile)[dims[index].id]
    left = sum(1 for q in questions if q.id not in state.answers())
    st.caption(tn("survey.unanswered_left", left, lang) if left else t("survey.section_done", lang))


@st.fragment(key=FOOT_FRAGMENT)
def _foot(bank: Bank, lang: str, index: int) -> None:
    """The way on and the resume link (which the first answer creates): rerun on a click only when the
    assessment gets its link or the deep dive starts or ends (_looks)."""
    s = persist.session()
    dims = list(bank.dimensions.values())
    prev_col, next_col = st.columns(2)
    with prev_col:
        if index > 0:
            st.button(t("survey.prev", lang), on_click=_move, args=(index - 1,), width="stretch")
    with next_col:
        if index < len(dims) - 1:
            st.button(
                t("survey.next", lang), on_click=_move, args=(index + 1,), type="primary", width="stretch"
            )
        else:
            _see_results(lang, SEE_RESULTS_KEY)
    deep = deep_dimensions(bank, state.answers(), s.deep, s.form)
    if s.form == QUICK and bank.quick is not None and deep and index < len(dims) - 1:
        # A deep dive is a detour from the results: the way back is on every section.
        _see_results(lang, SEE_RESULTS_DEEP_KEY)
    resume_link(lang)


def _see_results(lang: str, key: str) -> None:
    """ "See the results" is a link to the results page (drawn as the section's main button,
    components.focus_ring's style sheet): the browser asks for that page at once, one script run. A button
    ran this fragment first and then switched page, two runs: 152 ms against 96 ms (benchmarks/NOTES.md)."""
    with st.container(key=key):
        nav.link("results", t("survey.see_results", lang), nav.kept_query(), width="stretch")
