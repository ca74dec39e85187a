"""The peer benchmark and evidence that expires in Streamlit's runtime (AppTest): the opt-in at Start, the
evidence date in the survey, the flag and the peer table on Results, and the portfolio's follow-up (due
re-assessments, expired evidence, where each client stands, the consultant's opt-in).

Scores by hand: on the real bank (every weight 1) all answers at step k give every dimension and the overall
25 × k; with cr_drill_calendar capped from 4 to 2, crisis readiness is (5 × 4 + 2) / 24 = 91.7."""

from __future__ import annotations

import os
import secrets
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from assessment.bank import Bank
from assessment.engine import snapshot
from assessment.engine.evidence import add_months
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.i18n import t, tn
from assessment.storage import StorageUnavailable, Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.engine import make_engine
from assessment.storage.workspace import Workspace
from assessment.ui.pages.results_benchmark import OPT_IN_KEY
from assessment.ui.pages.start import BENCHMARK_KEY
from assessment.ui.workspace.auth import KEY, Signed
from tests.apptest_support import answer_radios, cards, new_app, open_note, open_portfolio_tab, opened, press
from tests.workspace_support import frame, go

BANK: Bank  # set by the _bank fixture below, never at import
PASSWORD = "correct horse battery"
TODAY = datetime.now(UTC).date()
THIRTEEN_MONTHS_AGO = add_months(TODAY, -13)


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK
    BANK = app_bank


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    url = f"sqlite:///{tmp_path / 'foco.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    upgrade(url)
    return Store(url)


def stored_result(step: int, org_type: str = "library", dated: dict[str, date] | None = None) -> str:
    result = score(BANK, dict.fromkeys(BANK.questions, step), org_type, dated=dated, today=TODAY)
    return snapshot.dumps(result, recommend(BANK, result))


def peers(db: Store, steps: list[int], *, opted_in: bool = True) -> None:
    for step in steps:
        record, _ = db.start(
            f"Library {secrets.token_hex(3)}",
            "library",
            None,
            "en",
            BANK.version,
            "0",
            benchmark_opt_in=opted_in,
        )
        db.submit(record.id, stored_result(step), BANK.version)


def start(at: AppTest, name: str, *, opt_in: bool = False) -> None:
    at.text_input[0].input(name)
    at.selectbox[1].set_value("library")
    if opt_in:
        at.checkbox(key=BENCHMARK_KEY).check()
    at.button[0].click().run()
    assert not at.exception, at.exception


def answer_all(at: AppTest, step: int, lang: str = "en") -> None:
    last = len(BANK.dimensions) - 1
    for index in range(last + 1):
        for radio in answer_radios(at):
            radio.set_value(step)
        at.run()
        label = t("survey.next", lang) if index < last else t("survey.see_results", lang)
        press(at, label)
        assert not at.exception, at.exception


@pytest.mark.parametrize("lang,locale", [("en", "en-GB"), ("es", "es-ES"), ("it", "it-IT")])
def test_the_opt_in_at_start_is_off_and_says_so(db: Store, lang: str, locale: str) -> None:
    at = new_app(locale)
    at.run()
    box = at.checkbox(key=BENCHMARK_KEY)
    assert box.value is False, "off by default"
    assert box.label == t("start.benchmark", lang)
    assert any(c.value == t("start.benchmark.help", lang, min=5) for c in at.caption)


def organizations_opted_in(db: Store) -> list[bool]:
    engine = make_engine(db_url())
    try:
        with engine.connect() as conn:
            return [
                bool(r[0])
                for r in conn.execute(text("SELECT benchmark_opt_in FROM organizations ORDER BY id"))
            ]
    finally:
        engine.dispose()


def db_url() -> str:
    return os.environ["DATABASE_URL"]


def test_the_choice_at_start_is_stored(db: Store) -> None:
    at = new_app("en-GB")
    at.run()
    start(at, "Not counted")
    assert organizations_opted_in(db) == [False]
    at = new_app("en-GB")
    at.run()
    start(at, "Counted", opt_in=True)
    assert organizations_opted_in(db) == [False, True]


def test_results_show_the_peer_table_from_five_organizations(db: Store) -> None:
    peers(db, [1, 1, 2, 2])  # four libraries: 25, 25, 50, 50
    peers(db, [4, 4, 4], opted_in=False)  # never counted
    at = new_app("en-GB")
    at.run()
    start(at, "Biblioteca Central")
    answer_all(at, 3)
    assert not at.table, "four organizations: no figure"
    assert any(c.value == t("bench.none", "en", type="Library", min=5) for c in at.caption)

    peers(db, [3])  # the fifth: 25, 25, 50, 50, 75
    _figures_cache_clear()
    at.run()
    table = at.table[0].value
    # q1 25 (two at 25), median 50 and q3 50 (two at 50); this library's 75 is in the top quarter.
    overall = table.loc[t("bench.overall", "en")]
    assert overall[t("bench.col.you", "en")] == "75"
    assert (overall[t("bench.col.q1", "en")], overall[t("bench.col.median", "en")]) == ("25", "50")
    assert overall[t("bench.col.q3", "en")] == "50"
    assert overall[t("bench.col.where", "en")] == t("bench.pos.above_q3", "en")
    assert any(c.value == tn("bench.caption", 5, "en", type="Library") for c in at.caption)


def _figures_cache_clear() -> None:
    from assessment.ui.pages import results_benchmark

    results_benchmark._figures.clear()


@pytest.mark.parametrize("lang,locale", [("en", "en-GB"), ("es", "es-ES"), ("it", "it-IT")])
def test_a_drill_13_months_old_is_flagged_and_capped_on_results(db: Store, lang: str, locale: str) -> None:
    at = new_app(locale)
    at.run()
    start(at, "Biblioteca")
    # Every answer at step 4; the drill's date set in the survey, in the crisis readiness section.
    last = len(BANK.dimensions) - 1
    for index in range(last + 1):
        for radio in answer_radios(at):
            radio.set_value(4)
        at.run()
        if any(r.key.endswith(":cr_drill_calendar") for r in answer_radios(at)):
            open_note(at, "cr_drill_calendar")
        dates = [d for d in at.date_input if str(d.key or "").endswith(":cr_drill_calendar")]
        if dates:
            dates[0].set_value(THIRTEEN_MONTHS_AGO).run()
        label = t("survey.next", lang) if index < last else t("survey.see_results", lang)
        press(at, label)
        assert not at.exception, at.exception
    evidence = BANK.questions["cr_drill_calendar"].evidence_label
    assert evidence is not None
    label = evidence(lang)
    line = tn("evidence.age", 13, lang, label=label)
    line = line[:1].upper() + line[1:] + f" ({t('evidence.capped', lang, counted=2, given=4)})"
    assert any(line in w.value for w in at.warning), [w.value for w in at.warning]
    scores = sorted(m.value for m in cards(at).values())
    assert scores == ["100.0", "100.0", "100.0", "100.0", "91.7"]
    # Stored with the answer: a fresh session on the same link reads the date back.
    stored = Store(db_url()).answers(1, dated=True)
    assert stored["cr_drill_calendar"].evidence_date == THIRTEEN_MONTHS_AGO


def signed_in(ws: Workspace, page: str) -> AppTest:
    at = new_app("en-GB")
    at.session_state[KEY] = Signed(ws.consultant_id, "Ana Ruiz")
    at.run()
    return go(at, page)


def test_portfolio_follow_up(db: Store) -> None:
    ana = Workspace(db, Accounts(db).create("ana", PASSWORD, "Ana Ruiz"))
    bea = Workspace(db, Accounts(db).create("bea", PASSWORD))
    ids = []
    for i, step in enumerate((1, 1, 2, 2, 3)):
        client = ana.create_client(f"Biblioteca {i}", "library")
        record, _ = ana.issue_link(client.id, None, "en", BANK.version)
        dated = {"cr_drill_calendar": THIRTEEN_MONTHS_AGO} if i == 4 else None
        db.submit(record.id, stored_result(step, dated=dated), BANK.version)
        ids.append(client.id)
    secret = bea.create_client("Bea Secret", "library")
    record, _ = bea.issue_link(secret.id, None, "en", BANK.version)
    db.submit(record.id, stored_result(4), BANK.version)
    # Biblioteca 0 was last assessed 13 months ago: due on its 12-month cadence.
    engine = make_engine(db_url())
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE assessments SET submitted_at = :d WHERE organization_id = :o"),
            {"d": datetime.combine(THIRTEEN_MONTHS_AGO, datetime.min.time()), "o": ids[0]},
        )
    engine.dispose()

    _figures_cache_clear()
    overview = signed_in(ana, "ws-portfolio")
    # The first tab says where the peer comparison and its setting are (the toggle below is in that tab).
    where = (
        "Where each client stands among similar organizations, and the setting that counts your clients "
        "in that comparison, are in the “Follow-up” tab."
    )
    assert where in [c.value for c in overview.caption]
    at = open_portfolio_tab(overview, "follow_up")
    due = frame(at, t("ws.due.col.due", "en"))
    assert due[t("ws.col.client", "en")].tolist() == ["Biblioteca 0"]
    assert due[t("ws.due.col.due", "en")].tolist() == [add_months(THIRTEEN_MONTHS_AGO, 12).isoformat()]
    flagged = frame(at, t("ws.evidence.col", "en"))
    assert flagged[t("ws.col.client", "en")].tolist() == ["Biblioteca 4"]
    assert flagged[t("ws.evidence.col", "en")].tolist() == [
        "Last drill 13 months ago (counted as step 2 instead of 3)"
    ]
    # Not opted in: Ana's clients are not counted, so there is nothing to place them among.
    toggle = at.toggle(key="ws_bench_opt_in")
    assert toggle.value is False
    assert not any(t("ws.bench.where", "en") == c.value for c in at.caption)
    toggle.set_value(True).run()
    assert ana.benchmark_opt_in() is True
    _figures_cache_clear()
    at.run()
    placed = frame(at, t("bench.overall", "en"))
    # Overall: 25, 25, 50, 50 and Biblioteca 4's, all at step 3 but its drill capped at 2: crisis readiness
    # (5 × 3 + 2) / 24 = 70.8, overall (4 × 75 + 70.8) / 5 = 74.2 → q1 25, median 50, q3 50.
    # 25 is from the first quartile up to the median, 50 the median, 74.2 (→ 75) above the third.
    assert placed[t("bench.overall", "en")].tolist() == [
        t("bench.pos.q1_median", "en"),
        t("bench.pos.q1_median", "en"),
        t("bench.pos.at_median", "en"),
        t("bench.pos.at_median", "en"),
        t("bench.pos.above_q3", "en"),
    ]
    # The distribution itself: Bea did not opt in, so her client at 100 is not among the five.
    dist = frame(at, t("ws.bench.col.organizations", "en"))
    overall_row = dist[dist[t("bench.col.dimension", "en")] == t("bench.overall", "en")].iloc[0]
    assert overall_row[t("ws.bench.col.organizations", "en")] == 5
    assert [overall_row[t(f"bench.col.{c}", "en")] for c in ("q1", "median", "q3")] == ["25", "50", "50"]
    # A cadence set here is the client's own.
    at.selectbox(key="ws_due_client").set_value(ids[0])
    at.number_input(key="ws_due_months").set_value(24)
    next(b for b in at.button if b.label == t("ws.due.save", "en")).click().run()
    assert ana.client(ids[0]).reassess_months == 24
    assert "Bea Secret" not in str([d.value.to_csv() for d in at.dataframe])


def submitted_here(at: AppTest) -> None:
    next(b for b in at.button if b.key == "submit").click().run()
    assert not at.exception, at.exception


def counted_caption(at: AppTest) -> bool:
    return any(c.value == tn("bench.caption", 5, "en", type="Library") for c in at.caption)


def too_few_caption(at: AppTest) -> bool:
    return any(c.value == t("bench.none", "en", type="Library", min=5) for c in at.caption)


def test_the_person_changes_their_mind_on_results(db: Store) -> None:
    peers(db, [1, 1, 2, 2])  # four opted-in libraries: 25, 25, 50, 50
    at = new_app("en-GB")
    at.run()
    start(at, "Biblioteca Central", opt_in=True)
    token = at.query_params["a"]
    answer_all(at, 3)
    toggle = at.toggle(key=OPT_IN_KEY)
    assert toggle.value is True, "the choice made at Start"
    assert toggle.label == t("bench.opt_in", "en")
    assert toggle.help == t("bench.opt_in.help", "en", min=5)
    submitted_here(at)  # the submit itself makes the figures be read anew: no wait for the minute's cache
    at.run()
    # Counted: 25, 25, 50, 50 and this library's 75 make five organizations, so the table is shown.
    assert at.table and counted_caption(at)

    at.toggle(key=OPT_IN_KEY).set_value(False).run()
    assert not at.exception, at.exception
    # Out at once: four organizations are too few, so no figure is shown any more.
    assert not at.table and too_few_caption(at)
    assert at.toggle(key=OPT_IN_KEY).value is False
    assert organizations_opted_in(db)[-1] is False
    assert Store(db_url()).benchmark(list(BANK.dimensions)) == []

    again = opened(token)
    assert again.toggle(key=OPT_IN_KEY).value is False, "the choice survives a reload"
    assert not again.table and too_few_caption(again)
    # And can be changed back at any time.
    again.toggle(key=OPT_IN_KEY).set_value(True).run()
    assert again.table and counted_caption(again)
    assert organizations_opted_in(db)[-1] is True


def test_a_choice_made_while_the_database_is_away_is_saved_when_it_returns(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = new_app("en-GB")
    at.run()
    start(at, "Biblioteca Central", opt_in=True)
    answer_all(at, 3)

    def away(self: Store, assessment_id: int, on: bool) -> None:
        raise StorageUnavailable("down")

    real = Store.set_benchmark_opt_in
    monkeypatch.setattr(Store, "set_benchmark_opt_in", away)
    at.toggle(key=OPT_IN_KEY).set_value(False).run()
    assert not at.exception, at.exception
    assert any(w.value == t("bench.opt_in.offline", "en") for w in at.warning), "the person is told"
    assert at.toggle(key=OPT_IN_KEY).value is False, "the choice stays on screen"
    assert organizations_opted_in(db) == [True], "not written yet"

    monkeypatch.setattr(Store, "set_benchmark_opt_in", real)
    at.run()  # any later run writes it
    assert organizations_opted_in(db) == [False]
    assert not any(w.value == t("bench.opt_in.offline", "en") for w in at.warning)
    assert at.toggle(key=OPT_IN_KEY).value is False


def test_a_consultants_client_sees_no_toggle(db: Store) -> None:
    peers(db, [1, 1, 2, 2])  # a panel to draw: four libraries, too few for figures
    ana = Workspace(db, Accounts(db).create("ana", PASSWORD))
    client = ana.create_client("Biblioteca de Ana", "library")
    record, token = ana.issue_link(client.id, None, "en", BANK.version)
    db.submit(record.id, stored_result(3), BANK.version)
    _figures_cache_clear()
    at = opened(token)
    assert too_few_caption(at), "the benchmark panel is drawn"
    assert not at.toggle, "the consultant decides, in the portfolio"
