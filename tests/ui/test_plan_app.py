"""The plan panel in Streamlit's runtime: a target, an owner, a due date and a status set on Results are
saved as given and come back after a rerun and after a reload from the resume link; the plan CSV carries
them; a re-assessment carries the statuses and shows what changed, and why."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.bank import Bank
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.i18n import t
from assessment.storage import Store
from assessment.ui import state
from tests.apptest_support import (
    answer_radios,
    download_bytes,
    follow_link,
    new_app,
    open_plan,
    open_tab,
    opened,
    press,
)

BANK: Bank  # and DIMS, FIRST: set by the _bank fixture below, never at import
DIMS: list[str]
FIRST: str


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    global BANK, DIMS, FIRST
    BANK = app_bank
    DIMS = list(BANK.dimensions)
    FIRST = DIMS[0]


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'foco.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def to_results(choose, name: str = "Biblioteca de Getafe") -> AppTest:
    at = new_app("en-GB")
    at.run()
    at.text_input[0].input(name)
    at.button[0].click().run()
    n = len(DIMS)
    for index in range(n):
        for radio in answer_radios(at):
            radio.set_value(choose(BANK.questions[radio.key.split(":")[-1]]))
        at.run()
        label = t("survey.next", "en") if index < n - 1 else t("survey.see_results", "en")
        press(at, label)
        assert not at.exception
    return open_plan(at)


def widget(at: AppTest, kind: str, prefix: str):
    return next(w for w in at.get(kind) if str(w.key or "").startswith(prefix))


def to_results_from_link(token: str) -> AppTest:
    at = opened(token)
    for _ in DIMS:  # the link reopens the survey where the person was; walk on to the results
        if [e for e in at.get("page_link") if e.proto.label == t("survey.see_results", "en")]:
            follow_link(at, t("survey.see_results", "en"))
            break
        next(b for b in at.button if b.label == t("survey.next", "en")).click().run()
    assert not at.exception
    return open_plan(at)


def test_target_owner_date_and_status_survive_a_rerun_and_a_reload(db_url: str, recorded_files) -> None:
    at = to_results(lambda q: 1)
    token = at.query_params["a"]
    # Every answer at step 1: each dimension at 25.0, level 2 (docs/scoring.md), so the default target is 3.
    target = widget(at, "selectbox", f"plan_target:{FIRST}:")
    assert target.value == 3 and target.label == t(
        "plan.target_for", "en", dimension=BANK.dimensions[FIRST].name("en")
    )
    target.set_value(5).run()
    assert not at.exception

    plan = recommend(BANK, score(BANK, dict.fromkeys(BANK.questions, 1), "ngo"))
    first = plan.items[0].id
    assert widget(at, "selectbox", "plan_pick").value == first
    widget(at, "text_input", f"plan_owner:{first}:").input("Ana Ruiz — comunicación").run()
    widget(at, "date_input", f"plan_due:{first}:").set_value(date(2027, 2, 15)).run()
    widget(at, "selectbox", f"plan_status:{first}:").set_value("doing").run()
    assert not at.exception

    at.run()  # a rerun keeps what was set
    assert widget(at, "text_input", f"plan_owner:{first}:").value == "Ana Ruiz — comunicación"
    assert widget(at, "selectbox", f"plan_target:{FIRST}:").value == 5

    record = Store(db_url).open(token)
    assert record is not None
    stored = Store(db_url).plan(record.id)
    assert stored.statuses[first].status.owner == "Ana Ruiz — comunicación"
    assert stored.statuses[first].status.due == date(2027, 2, 15)
    assert stored.statuses[first].status.status == "doing"
    assert stored.plain_targets() == {FIRST: 5}

    # A reload: a new session from the resume link, then the results page.
    again = to_results_from_link(token)
    assert not again.exception, again.exception
    assert widget(again, "selectbox", f"plan_target:{FIRST}:").value == 5
    assert widget(again, "text_input", f"plan_owner:{first}:").value == "Ana Ruiz — comunicación"
    assert widget(again, "date_input", f"plan_due:{first}:").value == date(2027, 2, 15)
    assert widget(again, "selectbox", f"plan_status:{first}:").value == "doing"
    rows = list(
        csv.DictReader(io.StringIO(download_bytes(again, "dl_recs", recorded_files).decode("utf-8-sig")))
    )
    mine = next(r for r in rows if r["recommendation_id"] == first)
    assert (mine["owner"], mine["due_date"], mine["status"]) == (
        "Ana Ruiz — comunicación",
        "2027-02-15",
        "doing",
    )
    # The plan's three files are built when clicked, not on each draw of the tab (the CSV above was built
    # from its deferred function, as a click builds it).
    plan_files = {b.proto.id.rsplit("-", 1)[-1]: b.proto for b in again.get("download_button")}
    for key in ("dl_recs", "dl_xlsx", "dl_ics"):
        button = next(p for k, p in plan_files.items() if k.endswith(key))
        assert button.deferred_file_id and not button.url, key
    # The projection's text alternative goes with the chart: its alt text and its own caption.
    shown = [img for image in again.get("image") for img in image.proto.imgs]
    assert any(t("plan.stage_today", "en") in img.alt and img.caption == img.alt for img in shown), shown


def test_a_reassessment_carries_the_statuses_and_shows_what_changed_and_why(db_url: str) -> None:
    at = to_results(lambda q: 1, name="Ajuntament de Girona")
    plan = recommend(BANK, score(BANK, dict.fromkeys(BANK.questions, 1), "ngo"))
    done = plan.items[0]
    widget(at, "text_input", f"plan_owner:{done.id}:").input("Jordi").run()
    widget(at, "selectbox", f"plan_status:{done.id}:").set_value("done").run()
    next(b for b in at.button if b.key == "submit").click().run()
    assert not at.exception
    # Still editable once submitted: the plan is carried out after the survey.
    assert not widget(at, "selectbox", f"plan_status:{done.id}:").disabled

    next(b for b in at.button if b.key == "reassess").click().run()
    assert not at.exception
    moves = done.recommendation.moves
    n = len(DIMS)
    for index in range(n):
        for radio in answer_radios(at):
            qid = radio.key.split(":")[-1]
            radio.set_value(moves.get(qid, 1))
        at.run()
        label = t("survey.next", "en") if index < n - 1 else t("survey.see_results", "en")
        press(at, label)
        assert not at.exception

    def texts_now() -> str:
        return "\n".join(m.value for m in at.markdown).replace("\\", "")  # Markdown escapes taken out

    title = done.recommendation.title("en")
    open_plan(at)
    # The status came along: its answers rose, so the new plan no longer holds the item; it is listed
    # from the earlier plan, still done, still Jordi's.
    assert done.id not in widget(at, "selectbox", "plan_pick").options
    assert f"{title} · {t('xlsx.status_done', 'en')} · Jordi" in texts_now()
    open_tab(at, "history")
    texts = texts_now()
    # What changed, and why: every answer the item moves rose from step 1 to its move, credited to it.
    assert any(h.value.startswith(t("changes.title", "en", date="")[:12]) for h in at.subheader)
    for qid, step in moves.items():
        if step > 1:
            line = t("changes.answer", "en", question=BANK.questions[qid].text("en"), before=1, after=step)
            assert f"{line} {t('changes.moved_by', 'en', items=title)}" in texts, [
                x for x in texts.splitlines() if "→" in x
            ]


def test_two_tabs_the_newer_status_wins_and_the_other_tab_picks_it_up(db_url: str) -> None:
    one = to_results(lambda q: 1)
    token = one.query_params["a"]
    first = widget(one, "selectbox", "plan_pick").value
    two = to_results_from_link(token)
    widget(one, "text_input", f"plan_owner:{first}:").input("Ana").run()
    # The second tab set its owner later: it wins, in the database and, on its next redraw, in the first.
    widget(two, "text_input", f"plan_owner:{first}:").input("Bea").run()
    one.run()
    assert widget(one, "text_input", f"plan_owner:{first}:").value == "Bea"
    store = Store(db_url)
    record = store.open(token)
    assert record is not None and store.plan(record.id).statuses[first].status.owner == "Bea"
    # A change the first tab makes now is newer again, and wins.
    widget(one, "selectbox", f"plan_status:{first}:").set_value("doing").run()
    two.run()
    assert widget(two, "selectbox", f"plan_status:{first}:").value == "doing"
    assert widget(two, "text_input", f"plan_owner:{first}:").value == "Bea"


def test_plan_changes_made_while_the_database_is_down_are_written_when_it_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file stands where the database's folder should be (as in test_app_saving): the database is "down".
    folder = tmp_path / "later"
    folder.write_text("not a folder")
    url = f"sqlite:///{folder / 'foco.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    at = to_results(lambda q: 1, name="Comune di Lucca")
    first = widget(at, "selectbox", "plan_pick").value
    widget(at, "text_input", f"plan_owner:{first}:").input("Marta").run()
    widget(at, "selectbox", f"plan_target:{FIRST}:").set_value(4).run()
    assert any(w.value == t("plan.waiting", "en") for w in at.warning), "the person is told"
    assert widget(at, "text_input", f"plan_owner:{first}:").value == "Marta", "it stays on screen"

    folder.unlink()
    folder.mkdir()  # the database is back: the next run stores the assessment, then its plan
    at.run()
    at.run()
    token = at.query_params.get("a")
    assert token and not any(w.value == t("plan.waiting", "en") for w in at.warning)
    store = Store(url)
    record = store.open(token)
    assert record is not None
    saved = store.plan(record.id)
    assert saved.statuses[first].status.owner == "Marta" and saved.plain_targets() == {FIRST: 4}


def test_the_items_table_carries_owner_date_and_status_escaped_and_the_editor_is_drawn_when_opened(
    db_url: str,
) -> None:
    from assessment.ui.pages.results_plan import DETAILS_OPEN, EDIT_OPEN, TARGETS_OPEN

    at = to_results(lambda q: 1)
    plan = recommend(BANK, score(BANK, dict.fromkeys(BANK.questions, 1), "ngo"))
    first = plan.items[0]
    widget(at, "text_input", f"plan_owner:{first.id}:").input("Ana | *Ruiz* [x](http://e.example)").run()
    widget(at, "date_input", f"plan_due:{first.id}:").set_value(date(2027, 2, 15)).run()
    widget(at, "selectbox", f"plan_status:{first.id}:").set_value("doing").run()

    def table() -> list[str]:
        return next(m.value for m in at.markdown if m.value.startswith(r"| \#")).split("\n")

    rows = table()
    assert len(rows) == 2 + len(plan.items), "a header, its rule, a row per item"
    # Worked out by hand: the owner's pipe, stars, brackets, parentheses, colon and dots escaped (state.md),
    # so it stays in its cell as plain text; the date and the status beside it.
    owner = r"Ana \| \*Ruiz\* \[x\]\(http\://e\.example\)"
    title = first.recommendation.title("en")
    phase, doing = t(f"phase.{first.phase}", "en"), t("xlsx.status_doing", "en")
    assert rows[2] == f"| 1 | {state.md(title)} | {phase} | {owner} · 2027-02-15 | {doing} |", rows[2]
    assert rows[3].endswith(f"| {t('xlsx.status_todo', 'en')} |") and " · " not in rows[3].split("|")[4]

    # Closed, the editor, the targets and the details draw no widget and no text; the table stays.
    for key in (EDIT_OPEN, TARGETS_OPEN):
        at.session_state[key] = False
    at.run()
    assert not [
        w for w in at.selectbox if str(w.key).startswith(("plan_pick", "plan_target:", "plan_status:"))
    ]
    assert not [w for w in at.text_input if str(w.key).startswith("plan_owner:")]
    assert not any(f"**1. {title}**" in m.value for m in at.markdown), "the details are drawn when opened"
    assert table()[2] == rows[2]
    at.session_state[f"{DETAILS_OPEN}:{first.phase}"] = True
    at.run()
    assert any(f"**1. {title}**" in m.value for m in at.markdown)
    # Reopened, the editor shows the item picked before it was closed.
    second = plan.items[1]
    at.session_state[EDIT_OPEN] = True
    at.run()
    widget(at, "selectbox", "plan_pick").set_value(second.id).run()
    at.session_state[EDIT_OPEN] = False
    at.run()
    at.session_state[EDIT_OPEN] = True
    at.run()
    assert widget(at, "selectbox", "plan_pick").value == second.id
