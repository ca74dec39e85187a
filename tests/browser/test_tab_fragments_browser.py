"""Opening one of the Results page's tabs reruns the tabs' fragment, not the page (issue 15) — unless what the
fragment drew from has changed elsewhere: an answer saved from another device since the page's last run. Then
the page reruns whole and shows it. Seen in Chromium, where fragments run (AppTest reruns the page whole).

How a run ended is read off the wire as in test_survey_fragments_browser: `script_finished` 0 for the whole
page, 3 for a fragment's own run."""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from assessment.bank import Bank
from assessment.i18n import t
from assessment.storage import AnswerInput, Store, upgrade
from assessment.ui.persist import RECHECK_EVERY
from tests.browser.test_survey_fragments_browser import FRAGMENT, WATCH, WHOLE, runs_after
from tests.browser_support import open_tab, settle
from tests.server import running_app

pytestmark = pytest.mark.browser
BANK: Bank  # set by the _bank fixture below, never at import
LANG = "en"
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    global BANK
    BANK = app_bank


def _runs(page) -> int:
    return len(page.evaluate("window.__runs"))


def fragment_only(runs: list[int]) -> bool:
    return FRAGMENT in runs and WHOLE not in runs


def wait_for_whole(page, before: int) -> None:
    """Until a run of the whole page has ended since `before` (a fragment's run may end first)."""
    page.wait_for_function(f"window.__runs.slice({before}).includes({WHOLE})", timeout=30_000)
    settle(page)


@contextmanager
def results_page(browser, tmp_path, organization: str):
    """A server on a database of its own holding one assessment, every question at step 1 of the five (0–4:
    every dimension, and so the overall score, is 25.0), and its Results page open in a page that records
    its runs (WATCH): yields (store, record, token, page)."""
    url_db = f"sqlite:///{tmp_path / 'foco.db'}"
    upgrade(url_db)
    store = Store(url_db)
    record, token = store.start(organization, "library", None, LANG, BANK.version, "0")
    then = datetime.now(UTC) - timedelta(minutes=5)
    store.save_answers(record.id, {q: AnswerInput("1", then) for q in BANK.questions}, BANK.version)
    try:
        with running_app({"DATABASE_URL": url_db}) as url:
            context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
            context.add_init_script(WATCH)
            page = context.new_page()
            page.goto(f"{url}/results?a={token}")
            settle(page)
            main = page.locator("[data-testid='stMain']")
            expect(main.get_by_text("25.0 / 100", exact=True)).to_be_visible(timeout=30_000)
            yield store, record, token, page
            context.close()
    finally:
        store.close()


def test_a_results_tab_reruns_the_tabs_alone_and_an_answer_from_elsewhere_the_page(browser, tmp_path) -> None:
    with results_page(browser, tmp_path, "Biblioteca de Tabs") as (store, record, _token, page):
        main = page.locator("[data-testid='stMain']")

        before = _runs(page)
        open_tab(page, "plan", LANG)
        page.locator(".st-key-plan_panel").wait_for(timeout=30_000)
        assert fragment_only(runs_after(page, before)), "a tab reruns the tabs' fragment, not the page"
        # Outside the fragment and left in place by its run: the header, the way back, the submit box.
        header = t("results.header", LANG, org="Biblioteca de Tabs")
        expect(page.get_by_role("heading", name=header)).to_be_visible()
        expect(page.get_by_role("button", name=t("results.back", LANG), exact=True)).to_be_visible()
        expect(page.get_by_role("button", name=t("results.submit", LANG), exact=True)).to_be_visible()
        expect(page.locator(".st-key-chart_curve")).to_have_count(0)  # the summary is not drawn here

        # Another device moves every answer to step 3: every score becomes 75.0. The next tab opened sees it
        # and reruns the page (whose header, banner and figures were worked out from the answers before).
        store.save_answers(
            record.id, {q: AnswerInput("3", datetime.now(UTC)) for q in BANK.questions}, BANK.version
        )
        before = _runs(page)
        open_tab(page, "next", LANG)
        wait_for_whole(page, before)  # an answer saved elsewhere reruns the page
        next_tab = page.get_by_role("tab", name=t("results.tab_next", LANG), exact=True)
        expect(next_tab).to_have_attribute("aria-selected", "true")  # the page's run keeps the tab open
        before = _runs(page)
        open_tab(page, "summary", LANG)
        assert fragment_only(runs_after(page, before))
        expect(main.get_by_text("75.0 / 100", exact=True)).to_be_visible(timeout=30_000)
        expect(main.get_by_text("25.0 / 100", exact=True)).to_have_count(0)


def test_a_link_withdrawn_while_the_results_are_open_is_noticed_on_the_next_tab(browser, tmp_path) -> None:
    # The tabs' fragment checks, as the page's run does, that the link still opens (at most every
    # persist.RECHECK_EVERY): a link withdrawn meanwhile shows the page of a link that opens nothing, not the
    # assessment it no longer gives access to.
    with results_page(browser, tmp_path, "Biblioteca Retirada") as (store, _record, token, page):
        main = page.locator("[data-testid='stMain']")
        before = _runs(page)
        open_tab(page, "files", LANG)
        assert fragment_only(runs_after(page, before)), "the link still opens: the tabs alone"

        assert store.revoke(token)
        time.sleep(RECHECK_EVERY.total_seconds() + 1)  # the next check is due
        before = _runs(page)
        open_tab(page, "plan", LANG)
        wait_for_whole(page, before)
        expect(page.get_by_text(t("link.bad", LANG))).to_be_visible(timeout=30_000)
        expect(main.get_by_text("25.0 / 100", exact=True)).to_have_count(0)
        header = t("results.header", LANG, org="Biblioteca Retirada")
        expect(page.get_by_role("heading", name=header)).to_have_count(0)
        expect(page.locator(".st-key-plan_panel")).to_have_count(0)
