"""The consensus of two respondents in a real browser (Debian's Chromium), in Spanish: sign in, open the
consensus, take the answers both share, agree the one they disagree on with a reason, make it official, and
see the portfolio and the export show the unit by its consensus. Screenshots in artifacts/consensus-*.png."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.bank import Bank
from assessment.bank.model import Question
from assessment.i18n import t, tn
from assessment.storage import AnswerInput, Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.workspace import Workspace
from tests.browser_support import settle, shot
from tests.server import running_app

pytestmark = pytest.mark.browser
BANK: Bank  # and QUESTIONS, SPLIT: set by the _bank fixture below, never at import
QUESTIONS: list[Question]
SPLIT: Question
LANG = "es"
PASSWORD = "correct horse battery"
ORG, UNIT, ORG_TYPE = "Ayuntamiento de Soria", "Policía local", "town_hall"
# Bank 2026.12.1 asks a town hall all its 31 questions (none has `applies_to`); 30 of them both answer 3.
SHARED = 30
REASON = "Hay un simulacro previsto; este año no se ha hecho ninguno"


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK, QUESTIONS, SPLIT
    BANK = app_bank
    QUESTIONS = [q for q in BANK.questions.values() if q.applies(ORG_TYPE)]
    SPLIT = BANK.questions["cr_drill_calendar"]  # the drills: the chief says 4, the new officer 0


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()
    settle(page)


def nav(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    settle(page)


def respondents(store: Store, consultant_id: int) -> None:
    # Both answer step 3 everywhere but on one question, where the chief says 4 and the new officer 0.
    ws = Workspace(store, consultant_id)
    town = ws.create_client(ORG, ORG_TYPE)
    unit = ws.create_unit(town.id, UNIT)
    now = datetime.now(UTC)
    for who, step, note in (("Jefa", "4", "Hacemos un simulacro cada año"),
                            ("Agente nuevo", "0", "Nunca he visto un simulacro")):  # fmt: skip
        record, _ = ws.issue_link(town.id, unit.id, LANG, BANK.version, respondent=who)
        answers = {q.id: AnswerInput("3", now) for q in QUESTIONS}
        answers[SPLIT.id] = AnswerInput(step, now, note=note)
        store.save_answers(record.id, answers)


def test_consensus_of_two_respondents_in_the_browser(browser, tmp_path: Path) -> None:
    url_db = f"sqlite:///{tmp_path / 'foco.db'}"
    upgrade(url_db)
    store = Store(url_db)
    consultant_id = Accounts(store).create("ana", PASSWORD, "Ana Ruiz")
    respondents(store, consultant_id)
    with running_app({"DATABASE_URL": url_db}) as url:
        context = browser.new_context(
            locale="es-ES", viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        page.goto(f"{url}/workspace")
        settle(page)
        page.get_by_role("textbox", name=t("ws.signin.username", LANG)).fill("ana")
        page.get_by_role("textbox", name=t("ws.signin.password", LANG)).fill(PASSWORD)
        click(page, t("ws.signin.button", LANG))
        page.get_by_role("heading", name=t("ws.clients.title", LANG)).wait_for(timeout=20_000)

        # Before any consensus the portfolio shows each respondent.
        nav(page, t("ws.nav.portfolio", LANG))
        page.get_by_text(tn("ws.portfolio.count", 2, LANG, total=2)).wait_for(timeout=20_000)

        nav(page, t("ws.nav.consensus", LANG))
        page.get_by_role("heading", name=t("ws.consensus.title", LANG)).wait_for(timeout=20_000)
        questions = page.locator("[data-testid='stForm']")
        expect(questions).to_have_count(10, timeout=20_000)  # ten at a time
        # The disagreement first, with both notes beside it.
        first = page.locator("[class*='st-key-ws_cons_q_']").first
        expect(first).to_have_class(re.compile(rf"\bst-key-ws_cons_q_{SPLIT.id}\b"))
        expect(first).to_contain_text(SPLIT.text(LANG))
        expect(first).to_contain_text("Nunca he visto un simulacro")
        expect(first).to_contain_text("Hacemos un simulacro cada año")
        expect(first).to_contain_text(tn("ws.consensus.range", 4, LANG))
        expect(page.locator("[data-testid='stRadio']")).to_have_count(10, timeout=20_000)
        shot(page, "consensus-1-open")

        click(page, tn("ws.consensus.take_unanimous", SHARED, LANG))
        expect(questions).to_have_count(1, timeout=20_000)
        form = questions.first
        form.get_by_text(f"3 · {SPLIT.options[3].text(LANG)}", exact=True).click()
        form.get_by_role("textbox", name=t("ws.consensus.reason", LANG)).fill(REASON)
        form.get_by_role("button", name=t("ws.consensus.save", LANG)).click()
        settle(page)
        page.get_by_text(t("ws.consensus.nothing.open", LANG)).wait_for(timeout=20_000)

        click(page, t("ws.consensus.make_official", LANG))
        page.get_by_text(t("ws.consensus.now_official", LANG)).wait_for(timeout=20_000)
        assert page.get_by_text("75.0 / 100").is_visible(), "step 3 everywhere: 75 overall"
        # The agreed question with its reason, the respondents' answers and the log, for the screenshot.
        page.get_by_text(t("ws.consensus.show.disagree", LANG), exact=True).click()
        settle(page)
        expect(questions).to_have_count(1, timeout=20_000)
        expect(page.get_by_text(REASON).first).to_be_visible()
        shot(page, "consensus-2-official")

        # The portfolio now shows the unit once, by its consensus.
        nav(page, t("ws.nav.portfolio", LANG))
        page.get_by_text(tn("ws.portfolio.count", 1, LANG, total=1)).wait_for(timeout=20_000)
        shot(page, "consensus-3-portfolio")
        nav(page, t("ws.nav.transfer", LANG))
        with page.expect_download() as caught:
            click(page, t("ws.export.scores", LANG))
        path = tmp_path / "scores.csv"
        caught.value.save_as(path)
        rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
        assert [(r["organization"], r["unit"], float(r["overall_score"])) for r in rows] == [
            (ORG, UNIT, 75.0)
        ]
        context.close()
    ws = Workspace(store, consultant_id)
    record = ws.consensus_of(ws.clients()[0].id, ws.clients()[0].units[0].id)
    assert record is not None and record.submitted_at is not None
    assert [(c.question_id, c.new_value, c.reason) for c in ws.consensus_log(record.id)][-1] == (
        SPLIT.id,
        "3",
        REASON,
    )
    store.close()
