"""The consensus page in Streamlit's runtime (AppTest): two respondents' answers side by side, the largest
disagreement first, agreed answers with reasons, the agreed set made official and then shown by the portfolio
and the exports in place of the respondents, every change logged — and nothing of it for another consultant,
whatever ids the session or the URL holds. On SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from streamlit.testing.v1 import AppTest

from assessment.bank import Bank
from assessment.bank.model import Question
from assessment.i18n import t, tn
from assessment.outputs import report
from assessment.storage import AnswerInput, Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.workspace import Agreed, Workspace
from assessment.ui.state import md
from assessment.ui.workspace.auth import KEY, Signed
from tests.apptest_support import download_bytes, new_app
from tests.workspace_support import PASSWORD, everything_shown, frame, go

BANK: Bank  # and QUESTIONS, SPLIT, UNSURE: set by the _bank fixture below, never at import
QUESTIONS: list[Question]
SPLIT: Question
UNSURE: Question

ORG_TYPE = "town_hall"
# Bank 2026.12.1 asks a town hall all its 31 questions (none has `applies_to`): 6 + 7 + 6 + 6 + 6.
TOTAL = 31
PAGE = "ws-consensus"


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK, QUESTIONS, SPLIT, UNSURE
    BANK = app_bank
    QUESTIONS = [q for q in BANK.questions.values() if q.applies(ORG_TYPE)]
    # The chief says 4 and the intern 0 on the drills; on the guide the chief says 3 and the intern does not
    # know.
    SPLIT, UNSURE = BANK.questions["cr_drill_calendar"], BANK.questions["sf_social_media_guide"]


@pytest.fixture
def db(fresh_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    # The app itself on SQLite and on PostgreSQL (a database of its own per test: the accounts are "ana"
    # and "bea" every time).
    monkeypatch.setenv("DATABASE_URL", fresh_url)
    upgrade(fresh_url)
    store = Store(fresh_url)
    yield store
    store.close()


@pytest.fixture
def ana(db: Store) -> Workspace:
    return Workspace(db, Accounts(db).create("ana", PASSWORD, "Ana Ruiz"))


@pytest.fixture
def bea(db: Store) -> Workspace:
    return Workspace(db, Accounts(db).create("bea", PASSWORD, "Bea Sanz"))


def two_respondents(ws: Workspace, db: Store, client: str = "Town", unit: str = "Police") -> tuple[int, int]:
    town = ws.create_client(client, ORG_TYPE)
    police = ws.create_unit(town.id, unit)
    now = datetime.now(UTC)
    ids = []
    for who, split, unsure, note in (("Chief", "4", "3", "We drill every year\n\n[see](https://x.test)"),
                                     ("Intern", "0", "dk", "Never seen a drill")):  # fmt: skip
        record, _ = ws.issue_link(town.id, police.id, "en", BANK.version, respondent=who)
        answers = {q.id: AnswerInput("3", now) for q in QUESTIONS}
        answers[SPLIT.id] = AnswerInput(split, now, note=note)
        answers[UNSURE.id] = AnswerInput(unsure, now)
        db.save_answers(record.id, answers)
        ids.append(record.id)
    return town.id, police.id


def page(at: AppTest) -> AppTest:
    return go(at, PAGE)


def signed(ws: Workspace, name: str = "Ana Ruiz") -> AppTest:
    at = new_app("en-GB")
    at.session_state[KEY] = Signed(ws.consultant_id, name)
    at.run()
    return page(at)


def save(at: AppTest, qid: str, value: object, reason: str = "") -> AppTest:
    at.radio(key=f"ws_cons_value_{qid}").set_value(value)
    at.text_area(key=f"ws_cons_reason_{qid}").input(reason)
    at.button(key=f"ws_cons_save_{qid}").click().run()
    assert not at.exception, at.exception
    return at


def test_consensus_of_two_respondents_becomes_the_units_official_assessment(
    ana: Workspace,
    db: Store,
    recorded_files,
) -> None:
    two_respondents(ana, db)
    at = signed(ana)
    assert at.header[0].value == t("ws.consensus.title", "en")
    total = TOTAL
    # The largest disagreement first: 4 against 0, then a step against a "don't know" (range 0, mixed).
    questions = {f"**{md(q.text('en'))}**" for q in QUESTIONS}
    titles = [m.value for m in at.markdown if m.value in questions]
    assert len(titles) == 10, "ten at a time"
    assert t("ws.consensus.shown", "en", n=10, total=total) in everything_shown(at)
    at.button(key="ws_cons_more").click().run()
    assert len([m for m in at.markdown if m.value in questions]) == 20
    assert titles[:2] == [f"**{md(SPLIT.text('en'))}**", f"**{md(UNSURE.text('en'))}**"]
    shown = everything_shown(at)
    assert "We drill every year" in shown and "Never seen a drill" in shown, "each respondent's note"
    # What a respondent typed is text: no link, and on one line so the list it sits in holds together.
    assert "[see](https" not in shown
    assert r"_We drill every year \[see\]\(https\://x\.test\)_" in shown
    assert f"{BANK.dimensions[SPLIT.dimension].name('en')} · 4 steps apart" in shown
    assert "1 doesn't know" in shown
    assert at.button(key="ws_cons_official").disabled, "nothing agreed yet"
    assert tn("ws.consensus.missing", total, "en") in shown

    alike = at.button(key="ws_cons_unanimous")
    assert alike.label == tn("ws.consensus.take_unanimous", 29, "en"), "31 questions, 2 not shared"
    alike.click().run()
    assert [x.value for x in at.toast] == [t("ws.consensus.took_unanimous", "en")]
    assert t("ws.consensus.progress", "en", n=29, total=31) in everything_shown(at)

    # A disagreement agreed without a reason is refused, under its question, and nothing is saved.
    save(at, SPLIT.id, 3)
    assert [e.value for e in at.error] == [t("ws.consensus.problem.reason", "en")]
    record = ana.consensus_of(*[(c.id, c.units[0].id) for c in ana.clients()][0])
    assert record is not None and SPLIT.id not in ana.agreed(record.id)
    save(at, SPLIT.id, 3, "A drill is planned; none was held this year")
    assert not at.error and [x.value for x in at.toast] == [t("ws.consensus.saved", "en")]
    save(at, UNSURE.id, 3, "The chief showed the intern the guide")
    assert t("ws.consensus.nothing.open", "en") in [i.value for i in at.info]

    at.button(key="ws_cons_official").click().run()
    assert [x.value for x in at.toast] == [t("ws.consensus.now_official", "en")]
    assert any(s.value.startswith("The official assessment of this unit since") for s in at.success)
    # Every agreed answer is step 3: 75 in every dimension and overall.
    assert [m.value for m in at.metric][1] == "75.0 / 100"
    assert frame(at, t("results.score", "en"))[t("results.score", "en")].tolist() == [75.0] * 5

    # The portfolio shows the unit once, by its consensus; the respondents no longer stand for it.
    go(at, "ws-portfolio")
    table = frame(at, t("ws.col.overall", "en"))
    assert table[t("ws.col.respondent", "en")].tolist() == [t("ws.consensus.label", "en")]
    assert table[t("ws.col.overall", "en")].tolist() == [75.0]
    # … as do the exports.
    go(at, "ws-transfer")
    scores = download_bytes(at, "ws_dl_scores", recorded_files).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(scores)))
    assert [(r["organization"], r["unit"], r["overall_score"]) for r in rows] == [("Town", "Police", "75.0")]

    # A later change: scored again at once, and logged with who, from, to and why.
    page(at)
    assert not at.radio, "every question is agreed: none is still to agree"
    at.button_group(key="ws_cons_show").set_value("disagree").run()
    save(at, SPLIT.id, 2, "The drill was cancelled")
    log = frame(at, t("ws.consensus.col.why", "en"))
    # The 29 shared answers, the two agreed with a reason, one change: 32 lines.
    assert len(log) == 32, "the shared answers, two agreed, one change"
    newest = log.iloc[0]
    assert newest[t("ws.consensus.col.who", "en")] == "Ana Ruiz"
    assert newest[t("ws.consensus.col.from", "en")] == f"3 · {SPLIT.options[3].text('en')}"
    assert newest[t("ws.consensus.col.to", "en")] == f"2 · {SPLIT.options[2].text('en')}"
    assert newest[t("ws.consensus.col.why", "en")] == "The drill was cancelled"
    first = log.iloc[-1]
    assert first[t("ws.consensus.col.why", "en")] == t("ws.consensus.unanimous_reason", "en")
    dims = frame(at, t("results.score", "en")).set_index(t("col.dimension", "en"))[t("results.score", "en")]
    lowered = BANK.dimensions[SPLIT.dimension].name("en")
    assert dims[lowered] < 75.0 and all(v == 75.0 for k, v in dims.items() if k != lowered)
    answers = download_bytes(at, "ws_cons_dl_answers", recorded_files).decode("utf-8-sig")
    assert "The drill was cancelled" in answers
    # The PDF itself is the report's tests' business; here, that it is offered (or why it is not).
    offered = any(b.proto.id.endswith("ws_cons_dl_report") for b in at.get("download_button"))
    assert offered if report.available() else t("report.unavailable", "en") in everything_shown(at)

    # The respondents' own answers are still there, side by side with the agreed ones.
    side = frame(at, "Chief")
    by_question = side.set_index(t("col.question", "en"))
    assert by_question.loc[
        SPLIT.text("en"), ["Chief", "Intern", t("ws.consensus.agreed", "en")]
    ].tolist() == [
        "4",
        "0",
        "2",
    ]
    assert by_question.loc[UNSURE.text("en"), "Intern"] == t("survey.dk", "en")


def test_another_consultant_reaches_nothing_of_it(ana: Workspace, bea: Workspace, db: Store) -> None:
    town, police = two_respondents(ana, db, "Ana Town", "Ana Police")
    record = ana.start_consensus(town, police, "en", BANK.version)
    ana.agree(record.id, {SPLIT.id: Agreed("2", "Ana's secret reason")})
    at = new_app("en-GB")
    at.session_state[KEY] = Signed(bea.consultant_id, "Bea")
    # What an attacker might plant: Ana's unit in the picker's state and in the URL.
    at.session_state["ws_cons_target"] = (town, police)
    at.query_params["unit"] = f"{town}-{police}"
    at.run()
    page(at)
    shown = everything_shown(at)
    assert (
        "Ana Town" not in shown and "Ana's secret reason" not in shown and "Never seen a drill" not in shown
    )
    assert [i.value for i in at.info] == [t("ws.consensus.none", "en")]
    # With a unit of her own to settle, Bea still gets hers, never Ana's.
    two_respondents(bea, db, "Bea Town", "Bea Police")
    at.session_state["ws_cons_target"] = (town, police)
    page(at)
    shown = everything_shown(at)
    assert "Bea Town · Bea Police" in shown and "Ana Town" not in shown and "Ana's secret reason" not in shown
    assert at.session_state["ws_cons_target"] != (town, police)
    assert {q: a.note for q, a in ana.agreed(record.id).items()} == {SPLIT.id: "Ana's secret reason"}
    # Signed out, or holding only a client's link, the page is not there at all.
    out = new_app("en-GB")
    out.query_params["unit"] = f"{town}-{police}"
    out.run()
    go(out, PAGE)
    assert KEY not in out.session_state and "Ana" not in everything_shown(out)


def test_a_link_opens_one_units_consensus_and_a_bad_one_is_ignored(ana: Workspace, db: Store) -> None:
    two_respondents(ana, db, "Alpha Town", "Library")
    town, radio = two_respondents(ana, db, "Zeta Town", "Radio")
    at = new_app("en-GB")
    at.session_state[KEY] = Signed(ana.consultant_id, "Ana Ruiz")
    at.query_params["unit"] = f"{town}-{radio}"
    at.run()
    page(at)
    assert at.selectbox(key="ws_cons_target").value == (town, radio), "the link's unit, not the first"
    # The page keeps the unit in the URL, so a reload or a shared link lands on it.
    assert at.query_params["unit"] == f"{town}-{radio}"
    for bad in ("x", "1-", "-1", f"{town}-{radio}-9", "10000-all"):
        fresh = new_app("en-GB")
        fresh.session_state[KEY] = Signed(ana.consultant_id, "Ana Ruiz")
        fresh.query_params["unit"] = bad
        fresh.run()
        page(fresh)
        assert fresh.selectbox(key="ws_cons_target").value != (town, radio), bad
        assert "Alpha Town · Library" in everything_shown(fresh), "the first unit, as without a link"
