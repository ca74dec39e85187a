"""Nothing lost (issue 3) in Streamlit's runtime: resume links, bad links, the database going away, two tabs,
notes and evidence, submit, and re-assessment with the change since last time."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.bank import Bank
from assessment.i18n import t
from assessment.storage import Store
from tests.apptest_support import (
    answer_radios,
    cards,
    download_bytes,
    new_app,
    open_note,
    open_tab,
    opened,
    press,
)

BANK: Bank  # and FIRST: set by the _bank fixture below, never at import
FIRST: str


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK, FIRST
    BANK = app_bank
    FIRST = list(BANK.dimensions)[0]


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'foco.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def started(locale: str = "en-GB", name: str = "Biblioteca de Getafe", unit: str = "") -> AppTest:
    at = new_app(locale)
    at.run()
    at.text_input[0].input(name)
    at.text_input[1].input(unit)
    at.button[0].click().run()
    assert not at.exception
    return at


def answer(at: AppTest, qid: str, value: object) -> None:
    next(r for r in answer_radios(at) if r.key.endswith(f":{qid}")).set_value(value).run()
    assert not at.exception


def values(at: AppTest) -> dict[str, object]:
    return {r.key.split(":")[-1]: r.value for r in answer_radios(at)}


def test_token_link_restores_every_answer_and_the_section(db_url: str) -> None:
    at = started(unit="Sala infantil")
    token = at.query_params["a"]
    assert isinstance(token, str) and len(token) >= 32, "a random token of at least 128 bits"
    qs = [q.id for q in BANK.questions_by_dimension[FIRST]]
    answer(at, qs[0], 3)
    answer(at, qs[1], "dk")
    next(b for b in at.button if b.label == t("survey.next", "en")).click().run()
    second = [q.id for q in BANK.questions_by_dimension[list(BANK.dimensions)[1]]]
    answer(at, second[0], 1)

    # A reload, another device, days later: a new session that has only the link.
    again = opened(token, "it-IT")
    assert again.session_state["lang"] == "en", "the assessment's language comes back with it"
    assert again.session_state["section"] == 1, "and the section the person was on"
    assert values(again)[second[0]] == 1
    assert again.session_state["answers"] == {qs[0]: 3, qs[1]: "dk", second[0]: 1}

    # Only the hash of the token is stored.
    raw = Path(db_url.removeprefix("sqlite:///")).read_bytes()
    assert token.encode() not in raw


@pytest.mark.parametrize("token", ["not-a-token", "A" * 32, "x" * 500, "'; DROP TABLE answers; --"])
def test_a_bad_link_shows_a_clear_page_and_nothing_else(db_url: str, token: str) -> None:
    started()  # there is an assessment in the database, which the bad link must not reveal
    at = opened(token, "es-ES")
    assert any(t("link.bad", "es") in e.value for e in at.error)
    assert not answer_radios(at)
    assert "Biblioteca" not in str([m.value for m in at.markdown])


def test_a_revoked_link_opens_nothing(db_url: str) -> None:
    at = started()
    token = at.query_params["a"]
    assert Store(db_url).revoke(token)
    again = opened(token, "es-ES")
    assert any(t("link.bad", "es") in e.value for e in again.error)


def test_database_down_keeps_answers_and_writes_them_when_it_returns(tmp_path: Path, monkeypatch) -> None:
    # A file stands where the database's folder should be, so the database cannot be opened: it is "down".
    folder = tmp_path / "later"
    folder.write_text("not a folder")
    url = f"sqlite:///{folder / 'foco.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    at = started(name="Comune di Lucca")
    assert not at.query_params.get("a"), "no link while nothing could be stored"
    qs = [q.id for q in BANK.questions_by_dimension[FIRST]]
    answer(at, qs[0], 2)
    answer(at, qs[1], 4)
    assert any("database" in w.value for w in at.warning), "the person is told"
    assert values(at)[qs[0]] == 2 and values(at)[qs[1]] == 4, "the answers stay on screen"

    folder.unlink()
    folder.mkdir()  # the database is back
    answer(at, qs[2], 0)
    token = at.query_params.get("a")
    assert token, "the assessment was created once the database answered"
    assert not [w for w in at.warning if "database" in w.value]
    store = Store(url)
    record = store.open(token)
    assert record is not None
    stored = {qid: a.value for qid, a in store.answers(record.id).items()}
    assert stored == {qs[0]: "2", qs[1]: "4", qs[2]: "0"}, "every answer given while it was down was written"


def test_two_tabs_do_not_overwrite_newer_answers(db_url: str) -> None:
    tab_a = started()
    token = tab_a.query_params["a"]
    qid = BANK.questions_by_dimension[FIRST][0].id
    answer(tab_a, qid, 1)
    tab_b = opened(token, "en-GB")
    answer(tab_b, qid, 3)  # later, in the other tab

    # Tab A draws again (any click): it shows the newer answer instead of writing its older one back.
    other = BANK.questions_by_dimension[FIRST][1].id
    answer(tab_a, other, 2)
    assert values(tab_a)[qid] == 3
    store = Store(db_url)
    record = store.open(token)
    assert record is not None
    assert store.answers(record.id)[qid].value == "3"

    # An older write that arrives late (a flush after an outage) loses to the newer one.
    assert not store.save_answer(record.id, qid, "0", datetime.now(UTC) - timedelta(hours=1))
    assert store.answers(record.id)[qid].value == "3"


def fill_all(at: AppTest, choose, lang: str = "en") -> None:
    n = len(BANK.dimensions)
    for index in range(n):
        for radio in answer_radios(at):
            radio.set_value(choose(BANK.questions[radio.key.split(":")[-1]]))
        at.run()
        label = t("survey.next", lang) if index < n - 1 else t("survey.see_results", lang)
        press(at, label)
        assert not at.exception


def test_notes_and_evidence_are_saved_and_exported(db_url: str, recorded_files) -> None:
    at = started()
    token = at.query_params["a"]
    q = BANK.questions_by_dimension[FIRST][0]
    answer(at, q.id, 2)
    assert not at.text_area, "the note's fields are drawn only once their expander is opened"
    open_note(at, q.id)
    at.text_area(key=f"note:en:0:{q.id}").input("Guide approved by the council, March").run()
    at.text_input(key=f"evidence:en:0:{q.id}").input('=HYPERLINK("http://evil")').run()
    assert not at.exception

    again = open_note(opened(token, "en-GB"), q.id)
    assert again.text_area(key=f"note:en:0:{q.id}").value == "Guide approved by the council, March"
    fill_all(again, lambda q: 3)
    open_tab(again, "files")
    tables = [d.value.to_string() for d in again.dataframe]
    assert any("Guide approved by the council, March" in table for table in tables), (
        "the note is in the results"
    )
    rows = {
        r["question_id"]: r
        for r in csv.DictReader(
            io.StringIO(download_bytes(again, "dl_answers", recorded_files).decode("utf-8-sig"))
        )
    }
    assert rows[q.id]["note"] == "Guide approved by the council, March"
    assert rows[q.id]["evidence"] == '\'=HYPERLINK("http://evil")', "evidence escaped like any text cell"
    assert rows[q.id]["answer"] == "3"


def test_submit_freezes_and_reassessment_shows_the_change(db_url: str) -> None:
    at = started(name="Ajuntament de Girona", unit="Ràdio")
    fill_all(at, lambda q: 1)
    next(b for b in at.button if b.key == "submit").click().run()
    assert not at.exception
    assert any(t("save.frozen", "en", date="")[:20] in i.value for i in at.info)
    token = at.query_params["a"]

    # The frozen result survives a new session, and the survey cannot change it.
    again = opened(token, "en-GB")
    assert all(r.disabled for r in answer_radios(again))
    store = Store(db_url)
    record = store.open(token)
    assert record is not None and record.submitted and record.result_json

    # Re-assess, starting from the last answers, and improve one dimension.
    next(b for b in at.button if b.key == "reassess").click().run()
    assert not at.exception
    new_token = at.query_params["a"]
    assert new_token != token
    assert set(values(at).values()) == {1}, "pre-filled with the last answers"
    fill_all(at, lambda q: 3 if q.dimension == FIRST else 1)
    deltas = [c.delta for c in cards(at).values()]
    # By hand: every answer 1 → 25.0 before; the first dimension now all 3 → 75.0, so +50.0; others +0.0.
    # The table's rows in the bank's order, the first dimension first.
    assert deltas == ["+50.0"] + ["+0.0"] * (len(BANK.dimensions) - 1)
    open_tab(at, "history")
    assert at.get("plotly_chart")[-1].proto is not None
    history = next(d.value for d in at.dataframe if d.value.shape[1] == 2)
    assert list(history.index) == [BANK.dimensions[d].name("en") for d in BANK.dimensions]
    assert list(history.iloc[0]) == [25.0, 75.0], "the earlier assessment and this one, by hand"


@pytest.mark.parametrize("name", ["Acme\x00", "Acme\x1b[2J", "Acme\u2028Library"])
def test_a_name_with_a_control_character_is_refused_on_the_start_page(db_url: str, name: str) -> None:
    # Issue 11's neighbour: a NUL pasted into the name reached the database's own error, a traceback.
    at = new_app("it-IT")
    at.run()
    at.text_input[0].input(name)
    at.button[0].click().run()
    assert not at.exception, "a message, not a traceback"
    assert [e.value for e in at.error] == [t("start.name_invalid", "it")]
    assert not at.query_params.get("a"), "nothing stored"
    assert not answer_radios(at), "still on the start page"
