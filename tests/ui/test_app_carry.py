"""A bank that changes, in Streamlit's runtime, on SQLite and PostgreSQL: an assessment begun on bank N and
opened after the upgrade to N+1 (helpers.py: a rename, two merges, a split, a step remap, a drop) carries its
answers as worked out by hand, tells the person in one line, and keeps the old rows in the database; a
submitted one renders exactly as it did."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from assessment.bank import load_bank
from assessment.i18n import t, tn
from assessment.storage import AnswerInput, Store, StoredAnswer
from assessment.storage.accounts import Accounts
from assessment.storage.workspace import Workspace
from assessment.ui.workspace.auth import KEY, Signed
from tests.apptest_support import (
    answer_radios,
    cards,
    each_tab,
    new_app,
    open_details,
    open_note,
    open_tab,
    opened,
    pictures,
    press,
)
from tests.helpers import (
    CARRIED_TO_N1,
    IN_PROGRESS_ON_N,
    NEXT_MAPPING,
    NEXT_VERSION,
    next_bank_files,
    valid_bank_files,
    write_bank,
)
from tests.workspace_support import go

N = "2026.test.1"
NOTICE_EN = (
    "The questionnaire was updated (2026.test.1 → 2026.test.2): 1 question was revised, 4 questions were "
    "merged into 2, 1 question was split into 2, 1 question you had answered was removed, the answer options "
    "of 1 question changed, 2 questions need a new answer; please check your answers to "
    "“How is ho_q1 done?”, “How is ho_q7 done?”, “How is cs_together done?” and 2 more."
)


@pytest.fixture
def banks(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write_bank(tmp_path / "n" / "questions", valid_bank_files()),
        write_bank(tmp_path / "n1" / "questions", next_bank_files()),
    )


@pytest.fixture
def app_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    return db_url


def _start(name: str) -> AppTest:
    at = new_app("en-GB")
    at.run()
    at.text_input[0].input(name)
    at.button[0].click().run()
    assert not at.exception
    return at


def _notices(at: AppTest) -> list[str]:
    return [i.value for i in at.info if "questionnaire was updated" in i.value]


def test_an_assessment_in_progress_is_carried_when_opened_after_the_upgrade(
    app_db: str, banks: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bank_n, bank_n1 = banks
    monkeypatch.setenv("FOCO_BANK", str(bank_n))
    token = _start("Biblioteca de Getafe").query_params["a"]
    store = Store(app_db)
    try:
        record = store.open(token)
        assert record is not None and record.bank_version == N
        store.save_answers(
            record.id, {q: AnswerInput(v, at, n, e) for q, (v, n, e, at) in IN_PROGRESS_ON_N.items()}
        )
        store.set_section(record.id, "1")  # the person was on help_orientation

        # The new bank is deployed; the person opens their link.
        monkeypatch.setenv("FOCO_BANK", str(bank_n1))
        at = opened(token)
        assert _notices(at) == [NOTICE_EN]
        assert at.session_state["answers"] == {
            "sf_goals": 3,
            "sf_q2": "dk",
            "ho_q1": 3,
            "cs_together": 1,
            "pi_q1a": 2,
            "pi_q1b": 2,
            "pi_q7": "na",
            "cr_q1": 1,
            "cr_q4": 0,
        }
        radios = {r.key.split(":")[-1]: r.value for r in answer_radios(at)}
        assert radios["ho_q1"] == 3 and radios["ho_q7"] is None, (
            "merged answer shown; N/A not allowed any more"
        )
        assert (
            open_note(at, "ho_q1").text_area(key="note:en:0:ho_q1").value
            == "Replies within a day\n\nTwo people answer"
        )
        check = [c.value for c in at.caption if t("migrate.check_this", "en") in c.value]
        assert len(check) == 2, "ho_q1 and ho_q7 are marked on this section"

        # In the database: the carried answers, the new version, and every old row kept with its version.
        assert store.get(record.id).bank_version == NEXT_VERSION
        assert store.answers(record.id) == {
            q: StoredAnswer(v, n, e, a) for q, (v, n, e, a) in CARRIED_TO_N1.items()
        }
        archived = store.archived_answers(record.id)
        assert {(r.bank_version, r.question_id, r.value, r.note) for r in archived} == {
            (N, q, v, n) for q, (v, n, _, _) in IN_PROGRESS_ON_N.items()
        }

        # The person answers a question of the new bank: it is written for the new version.
        next(r for r in answer_radios(at) if r.key.endswith(":ho_q7")).set_value(2).run()
        assert not at.exception
        assert store.answers(record.id)["ho_q7"].value == "2"

        # Told once: the next opening has no notice, and nothing is carried again.
        again = opened(token)
        assert _notices(again) == []
        assert again.session_state["answers"]["ho_q7"] == 2
        assert len(store.archived_answers(record.id)) == len(IN_PROGRESS_ON_N)
    finally:
        store.close()


# Answers for the submitted assessment: every question the mapping changes at the top step (so nothing of
# theirs names a question that changed), the others mixed, "don't know" and a note on unchanged ones.
CHANGED = {q for q, e in NEXT_MAPPING["questions"].items() if e["to"] != [q] or "steps" in e}


def _choose(qid: str) -> Any:
    if qid in CHANGED:
        return 4
    return {"sf_q3": "dk", "ho_q3": 1, "cs_q4": 2, "cr_q5": 0, "pi_q7": "na"}.get(qid, 3)


# Today's reading of a plan, not the frozen result: the plan panel (targets, owners, dates and the projection,
# which follow the statuses set since) and "why this level". Under another bank they say why they are not
# worked out (checked below) instead of showing numbers the frozen result never showed.
TODAYS_READING = ("-plan_panel", "-plan_why")


def _outside_todays_reading(at: AppTest) -> set[int]:
    inside: set[int] = set()

    def walk(node: Any, skip: bool) -> None:
        block_id = getattr(getattr(node, "proto", None), "id", "")
        skip = skip or (isinstance(block_id, str) and block_id.endswith(TODAYS_READING))
        if skip:
            inside.add(id(node))
        for child in getattr(node, "children", {}).values():
            walk(child, skip)

    walk(at.main, False)
    return inside


def _rendered(at: AppTest) -> dict[str, list[Any]]:
    """What the results page shows of the frozen result, in all its tabs: every text, figure, metric and
    table."""
    out: dict[str, list[Any]] = {}
    open_details(at)  # each phase's details drawn, so their texts are compared too
    for _ in each_tab(at):
        for kind, shown in _rendered_tab(at).items():
            out.setdefault(kind, []).extend(shown)
    return out


def _rendered_tab(at: AppTest) -> dict[str, list[Any]]:
    skip = _outside_todays_reading(at)

    def shown(kind: str) -> list[Any]:
        return [e for e in at.get(kind) if id(e) not in skip]

    return {
        "headers": [h.value for h in shown("header")] + [s.value for s in shown("subheader")],
        "markdown": [m.value for m in shown("markdown")],
        "captions": [c.value for c in shown("caption")],
        "info": [i.value for i in shown("info")],
        "warnings": [w.value for w in shown("warning")],
        "metrics": [(m.label, m.value, m.delta) for m in shown("metric")],
        "tables": [d.value.to_csv() for d in shown("dataframe")],
        "charts": [c.proto.spec for c in shown("plotly_chart")] + [svg for _, svg in pictures(at, skip)],
        "expanders": [e.label for e in at.expander if id(e) not in skip],
    }


def test_a_submitted_assessment_renders_exactly_as_before_after_the_upgrade(
    app_db: str, banks: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bank_n, bank_n1 = banks
    monkeypatch.setenv("FOCO_BANK", str(bank_n))
    at = _start("Comune di Lucca")
    token = at.query_params["a"]
    open_note(at, "sf_q4").text_area(key="note:en:0:sf_q4").input("Guide approved by the council").run()
    for section in range(5):
        for radio in answer_radios(at):
            radio.set_value(_choose(radio.key.split(":")[-1]))
        at.run()
        label = t("survey.next", "en") if section < 4 else t("survey.see_results", "en")
        press(at, label)
        assert not at.exception
    next(b for b in at.button if b.key == "submit").click().run()
    assert not at.exception
    before = _rendered(opened(token))
    assert before["metrics"], "the results page was drawn"
    read_only = go(go(opened(token), "survey"), "survey")  # the link opens Results; asked again, the answers
    for _ in range(4):  # back from the last section to the one holding sf_q4
        if "sf_q4" in [r.key.split(":")[-1] for r in answer_radios(read_only)]:
            break
        press(read_only, t("survey.prev", "en"))
    titles = [e.label for e in read_only.expander]
    given = t("survey.note_title_given", "en")
    assert titles.count(given) == 1 and len(titles) == len(answer_radios(read_only)), "which one has a note"

    monkeypatch.setenv("FOCO_BANK", str(bank_n1))
    after_page = opened(token)
    after = _rendered(after_page)
    old_bank = tn("results.old_bank", 0, "en", then=N, now=NEXT_VERSION)
    assert old_bank in after["captions"], "it says which bank scored it"
    # Above the tabs: drawn with each of them.
    after["captions"] = [c for c in after["captions"] if c != old_bank]
    assert after == before
    said = t("plan.old_bank", "en", then=N, now=NEXT_VERSION)
    assert [c.value for c in after_page.caption].count(said) == 1, "why this level"
    open_tab(after_page, "plan")
    assert [c.value for c in after_page.caption].count(said) == 1, "the projection"
    store = Store(app_db)
    try:
        record = store.open(token)
        assert record is not None and record.submitted and record.bank_version == N
        assert store.archived_answers(record.id) == [], "a submitted assessment is never carried"
        assert store.answers(record.id)["sf_q1"].value == "4"
    finally:
        store.close()


def test_a_submitted_assessment_with_answers_to_changed_questions_opens_in_todays_terms(
    app_db: str, banks: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bank_n, bank_n1 = banks
    monkeypatch.setenv("FOCO_BANK", str(bank_n))
    at = _start("Ayuntamiento de Soria")
    token = at.query_params["a"]
    # sf_q1 (renamed in N+1) at 1, cr_q3 (dropped) "don't know", everything else at 3.
    for section in range(5):
        for radio in answer_radios(at):
            qid = radio.key.split(":")[-1]
            radio.set_value({"sf_q1": 1, "cr_q3": "dk"}.get(qid, 3))
        at.run()
        label = t("survey.next", "en") if section < 4 else t("survey.see_results", "en")
        press(at, label)
    next(b for b in at.button if b.key == "submit").click().run()
    assert not at.exception
    before_page = opened(token)
    before = _rendered(before_page)

    monkeypatch.setenv("FOCO_BANK", str(bank_n1))
    after_page = opened(token)
    after = _rendered(after_page)
    assert after["metrics"] == before["metrics"], "the frozen overall level and score"
    scores = {name: (c.value, c.level) for name, c in cards(after_page).items()}
    assert scores == {name: (c.value, c.level) for name, c in cards(before_page).items()}, "each dimension's"

    def plan_table(shown: dict[str, list[Any]]) -> str:
        return next(m for m in shown["markdown"] if m.startswith(r"| \#"))

    assert plan_table(after) == plan_table(before), "the frozen plan"
    # Crisis readiness still counts the "don't know" on the dropped question, without naming it: the count
    # alone, not a colon followed by nothing.
    unknowns = (
        "1 answered “don't know” (counted as the lowest step), "
        "to a question the questionnaire no longer includes."
    )
    # The notes under the table: a line a dimension, its name in bold, then its level's words and these.
    notes = next(c.value for c in after_page.caption if "\n\n**" in c.value)
    lines = re.sub(r"\\(.)", r"\1", notes).split("\n\n")
    assert [line for line in lines if line.endswith(unknowns)] == [lines[-1]], "crisis readiness, last"
    assert not [line for line in lines if line.rstrip().endswith(":")], "no note ends on a colon"
    # Next steps name today's question the answer was carried to, with today's options.
    next_steps = "\n".join(after["markdown"])
    assert "**How is sf_goals done?**" in next_steps and "sf_goals practice b" in next_steps


def _fill(at: AppTest, choose: Any) -> None:
    for section in range(5):
        for radio in answer_radios(at):
            radio.set_value(choose(radio.key.split(":")[-1]))
        at.run()
        label = t("survey.next", "en") if section < 4 else t("survey.see_results", "en")
        press(at, label)
        assert not at.exception


def test_a_reassessment_across_versions_carries_the_prefill_and_says_the_bank_changed(
    app_db: str, banks: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bank_n, bank_n1 = banks
    monkeypatch.setenv("FOCO_BANK", str(bank_n))
    at = _start("Biblioteca de Getafe")
    _fill(at, _choose)
    next(b for b in at.button if b.key == "submit").click().run()
    token = at.query_params["a"]

    monkeypatch.setenv("FOCO_BANK", str(bank_n1))
    again = opened(token)
    next(b for b in again.button if b.key == "reassess").click().run()
    assert not again.exception
    # Pre-filled from N's answers, carried to N+1 and said so (every changed question was at 4).
    assert _notices(again) and _notices(again)[0].startswith(
        "The questionnaire was updated (2026.test.1 → 2026.test.2): 1 question was revised, 4 questions were "
        "merged into 2, 1 question was split into 2, 1 question you had answered was removed"
    )
    assert again.session_state["answers"]["sf_goals"] == 4
    assert (
        again.session_state["answers"]["cs_together"] == 4 and "cr_q3" not in again.session_state["answers"]
    )

    _fill(again, lambda qid: 3)
    between = "The questionnaire changed between these assessments (2026.test.1 → 2026.test.2)"
    assert sum(between in c.value for c in again.caption) == 1, "under the cards"
    open_tab(again, "history")
    assert sum(between in c.value for c in again.caption) == 1, "over the history"
    open_tab(again, "summary")
    deltas = {name: m.delta for name, m in cards(again).items()}
    assert deltas, "the cards were drawn"
    # By hand, strategic_focus: on N sf_q1 4, sf_q3 "don't know" (0), the rest 3 with sf_q5 weighing 2:
    # (4 + 3 + 0 + 3 + 6 + 3 + 3) / 32 = 68.75 -> 68.8; on N+1 every answer 3 -> 75.0: +6.2.
    assert list(deltas.values())[0] == "+6.2", deltas  # the first card: strategic focus


def test_the_workspace_carries_a_clients_assessment_and_the_respondent_is_told_later(
    app_db: str, banks: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bank_n, bank_n1 = banks
    store = Store(app_db)
    try:
        tag = secrets.token_hex(4)
        ws = Workspace(store, Accounts(store).create(f"ana-{tag}", "correct horse battery", "Ana Ruiz"))
        client = ws.create_client(f"Comune di Lucca {tag}", "town_hall")
        record, token = ws.issue_link(client.id, None, "en", N)
        store.save_answers(
            record.id, {q: AnswerInput(v, at, n, e) for q, (v, n, e, at) in IN_PROGRESS_ON_N.items()}
        )

        monkeypatch.setenv("FOCO_BANK", str(bank_n1))
        at = new_app("en-GB")
        at.session_state[KEY] = Signed(ws.consultant_id, "Ana Ruiz")
        at.run()
        at._page_hash = calc_hash("workspace")
        at.run()
        assert not at.exception
        status = next(d.value for d in at.dataframe if t("ws.col.progress", "en") in d.value.columns)
        # By hand: 9 answers carried (13 given on N) of N+1's 36 questions, all of which apply to a town
        # hall: 25 %, where the 13 old ones would have shown 36 %.
        assert list(status[t("ws.col.progress", "en")]) == [25.0]
        assert store.get(record.id).bank_version == NEXT_VERSION
        assert len(store.archived_answers(record.id)) == len(IN_PROGRESS_ON_N)

        # The respondent opens the link afterwards: the carry-over is theirs to hear about.
        assert _notices(opened(token)) == [NOTICE_EN]
    finally:
        store.close()


def test_a_tab_left_open_on_the_old_version_asks_to_reload_and_mixes_nothing_in(
    app_db: str, banks: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bank_n, bank_n1 = banks
    monkeypatch.setenv("FOCO_BANK", str(bank_n))
    at = _start("Biblioteca de Getafe")
    token = at.query_params["a"]
    next(r for r in answer_radios(at) if r.key.endswith(":sf_q1")).set_value(3).run()
    store = Store(app_db)
    try:
        record = store.open(token)
        assert record is not None
        # A replica with the new bank carries it (the person opened it there too, say).
        assert store.carry_over(record.id, load_bank(bank_n1)) is not None
        next(r for r in answer_radios(at) if r.key.endswith(":sf_q2")).set_value(1).run()
        assert not at.exception
        assert [w.value for w in at.warning] == [t("migrate.reload", "en", n=1)]
        assert set(store.answers(record.id)) == {"sf_goals"}, "no answer of the old version mixed in"
    finally:
        store.close()
