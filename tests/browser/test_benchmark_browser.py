"""The peer benchmark panel and the expiry flag in Debian's Chromium, on the Results page of a submitted
self-assessment opened from its link. Five libraries opted in (25, 25, 50, 50, 75 overall, by hand: every
answer at step k gives 25 × k); a sixth that did not is never counted. The assessment answered step 4
everywhere with its last drill dated 13 months ago: crisis readiness (5 × 4 + 2) / 24 = 91.7, overall
(4 × 100 + 91.7) / 5 = 98.3, in the top quarter. Screenshot: artifacts/benchmark-panel.png."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assessment.bank import Bank
from assessment.engine import snapshot
from assessment.engine.evidence import add_months
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.i18n import t, tn
from assessment.records import AnswerInput
from assessment.storage import Store, upgrade
from tests.browser_support import settle, shot
from tests.server import running_app

pytestmark = pytest.mark.browser
BANK: Bank  # set by the _bank fixture below, never at import
LANG = "it"


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK
    BANK = app_bank


def seed(store: Store) -> str:
    for step, opted_in in ((1, True), (1, True), (2, True), (2, True), (3, True), (4, False)):
        record, _ = store.start(
            f"Biblioteca {secrets.token_hex(3)}", "library", None, "it", BANK.version, "0",
            benchmark_opt_in=opted_in,
        )  # fmt: skip
        result = score(BANK, dict.fromkeys(BANK.questions, step), "library")
        store.submit(record.id, snapshot.dumps(result, recommend(BANK, result)), BANK.version)
    today = datetime.now(UTC).date()
    drill = add_months(today, -13)
    record, token = store.start("Biblioteca di Anon", "library", None, "it", BANK.version, "0")
    now = datetime.now(UTC) - timedelta(minutes=1)
    store.save_answers(
        record.id,
        {
            q: AnswerInput("4", now, evidence_date=drill if q == "cr_drill_calendar" else None)
            for q in BANK.questions
        },
    )
    result = score(
        BANK, dict.fromkeys(BANK.questions, 4), "library", dated={"cr_drill_calendar": drill}, today=today
    )
    store.submit(record.id, snapshot.dumps(result, recommend(BANK, result)), BANK.version)
    return token


def test_benchmark_panel_and_expiry_flag(browser, tmp_path: Path) -> None:
    url_db = f"sqlite:///{tmp_path / 'foco.db'}"
    upgrade(url_db)
    store = Store(url_db)
    try:
        token = seed(store)
    finally:
        store.close()
    with running_app({"DATABASE_URL": url_db}) as url:
        context = browser.new_context(locale="it-IT")
        page = context.new_page()
        try:
            page.goto(f"{url}/survey?a={token}")
            panel = page.locator(".st-key-benchmark_panel")
            panel.wait_for(timeout=30_000)
            settle(page)
            assert panel.get_by_role("heading", name=t("bench.header", LANG)).is_visible()
            text = panel.inner_text()
            assert tn("bench.caption", 5, LANG, type="Biblioteca") in text, "five counted, not six"
            row = panel.locator("tr", has_text=t("bench.overall", LANG)).inner_text().split("\t")
            # Overall: you 98, q1 25, median 50, q3 50, top quarter. No minimum or maximum anywhere.
            assert [c.strip() for c in row] == [
                "Complessivo",
                "98",
                "25",
                "50",
                "50",
                t("bench.pos.above_q3", LANG),
            ]
            assert "100" not in panel.locator("tr", has_text=t("bench.overall", LANG)).inner_text()

            evidence = BANK.questions["cr_drill_calendar"].evidence_label
            assert evidence is not None
            label = evidence(LANG)
            flag = tn("evidence.age", 13, LANG, label=label)
            flag = flag[:1].upper() + flag[1:]
            warning = page.locator("[data-testid=stAlertContentWarning]", has_text=t("evidence.header", LANG))
            assert flag in warning.inner_text()
            assert t("evidence.capped", LANG, counted=2, given=4) in warning.inner_text()
            panel.scroll_into_view_if_needed()
            shot(page, "benchmark-panel")
        finally:
            context.close()
