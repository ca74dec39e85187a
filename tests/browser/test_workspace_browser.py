"""The consultant's workspace in a real browser: sign in, create two clients with two units each, issue a
link and fill one unit's survey through it, import the other three, then check the portfolio, the heatmap,
the radar, the coherence view and a download. Screenshots land in artifacts/ws-*.png."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.bank import Bank
from assessment.i18n import t, tn
from assessment.storage import Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.workspace import Workspace
from tests.browser_support import click, import_units, open_portfolio_tab, pick, settle, shot
from tests.server import running_app

pytestmark = pytest.mark.browser
BANK: Bank  # set by the _bank fixture below, never at import
LANG = "es"
PASSWORD = "correct horse battery"
CLIENTS = {"Ayuntamiento de Soria": ("town_hall", ["Biblioteca", "Radio"]),
           "Diputación de León": ("public_body", ["Archivo", "Turismo"])}  # fmt: skip


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK
    BANK = app_bank


def fill_survey(page, org_type: str, step: int) -> None:
    sections = list(BANK.dimensions)
    for index, dim in enumerate(sections):
        page.get_by_role("heading", name=BANK.dimensions[dim].name(LANG)).wait_for(timeout=20_000)
        settle(page)
        questions = [q for q in BANK.questions_by_dimension[dim] if q.applies(org_type)]
        groups = page.locator("[data-testid='stRadio']").filter(has=page.locator("[role='radiogroup']"))
        answers = groups.locator("[role='radiogroup']")
        expect(answers).to_have_count(len(questions) + 1, timeout=30_000)
        for i, q in enumerate(questions):
            answers.nth(i + 1).get_by_text(q.options[step].text(LANG), exact=True).click()
            settle(page)
        label = t("survey.next", LANG) if index < len(sections) - 1 else t("survey.see_results", LANG)
        click(page, label)


def test_consultant_workspace_end_to_end(browser, tmp_path: Path) -> None:
    url_db = f"sqlite:///{tmp_path / 'foco.db'}"
    upgrade(url_db)
    store = Store(url_db)
    consultant_id = Accounts(store).create("ana", PASSWORD, "Ana Ruiz")
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

        for name, (org_type, units) in CLIENTS.items():
            page.get_by_role("textbox", name=t("start.org", LANG), exact=True).fill(name)
            pick(page, t("start.type", LANG), BANK.org_type_name(org_type, LANG))
            click(page, t("ws.clients.create", LANG))
            pick(page, t("ws.clients.manage", LANG), name)
            for unit in units:
                page.get_by_role("textbox", name=t("ws.clients.new_unit", LANG)).fill(unit)
                click(page, t("ws.clients.add_unit", LANG))
        clients = Workspace(store, consultant_id).clients()
        assert {c.name: [u.name for u in c.units] for c in clients} == {
            name: sorted(units) for name, (_, units) in CLIENTS.items()
        }

        # One unit answers through the link it is sent, in its own browser.
        pick(page, t("ws.clients.manage", LANG), "Ayuntamiento de Soria")
        # The panel of the client just picked draws in the rerun: wait for its units before using its form.
        page.get_by_text("Biblioteca", exact=True).first.wait_for(timeout=20_000)
        settle(page)
        pick(page, t("ws.clients.for", LANG), "Biblioteca")
        click(page, t("ws.clients.issue", LANG))
        link = page.locator("[data-testid='stCode']").first.inner_text().strip()
        assert "/survey?a=" in link
        shot(page, "ws-1-clients")
        respondent = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900}).new_page()
        respondent.goto(link)
        settle(respondent)
        fill_survey(respondent, "town_hall", 3)
        click(respondent, t("results.submit", LANG))
        respondent.get_by_text(t("results.reassess_title", LANG)).wait_for(timeout=20_000)
        respondent.goto(f"{url}/workspace?a={link.rsplit('=', 1)[1]}")
        settle(respondent)
        assert respondent.get_by_role("heading", name=t("ws.signin.title", LANG)).is_visible()
        assert not respondent.get_by_text("Diputación de León").count(), "the link opens no workspace"

        # The other three units through the store, for speed.
        import_units(store, consultant_id, [("Ayuntamiento de Soria", "Radio", 1),
                                            ("Diputación de León", "Archivo", 2),
                                            ("Diputación de León", "Turismo", 4)])  # fmt: skip

        page.get_by_role("link", name=t("ws.nav.portfolio", LANG)).click()
        settle(page)
        # The overview first: the table and the heatmap, a picture with its description; the radar, the
        # trend and the follow-up wait in their tabs.
        expect(page.locator(".st-key-ws_heatmap img")).to_have_count(1, timeout=20_000)
        heat = page.locator(".st-key-ws_heatmap img")
        assert (heat.get_attribute("alt") or "").startswith("Mapa de calor de 4 clientes y unidades")
        assert heat.evaluate("img => img.complete && img.naturalWidth > 0"), "the heatmap's picture is drawn"
        assert page.locator("[data-testid='stDataFrame']").count() == 1, "the people table alone"
        assert page.locator(".st-key-ws_radar_chart, .st-key-ws_radar, .st-key-ws_due_client").count() == 0
        assert page.get_by_text(tn("ws.portfolio.count", 4, LANG, total=4)).is_visible()
        shot(page, "ws-2-portfolio")
        # The radar, a picture too, and its numbers in one table: a row per dimension, a column per client
        # picked (three by default).
        open_portfolio_tab(page, "compare", LANG)
        expect(page.locator(".st-key-ws_radar_chart img")).to_have_count(1, timeout=20_000)
        numbers = page.locator("[data-testid='stMarkdownContainer'] table")
        expect(numbers).to_have_count(1, timeout=20_000)
        expect(numbers.locator("tbody tr")).to_have_count(len(BANK.dimensions))
        expect(numbers.locator("thead th")).to_have_count(1 + 3)
        assert page.locator(".st-key-ws_heatmap").count() == 0, "the overview's content is not drawn here"
        shot(page, "ws-2b-portfolio-radar")
        # On a 390 px phone the table stays on the screen; were it wider (long names, six clients), it would
        # scroll sideways within itself. A column per dimension, it was 680 px wide, cut off after two.
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(600)
        holder = page.locator(".st-key-ws_radar_numbers [data-testid='stMarkdownContainer']")
        holder.scroll_into_view_if_needed()
        box = holder.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        # The table keeps its own display (a table to a screen reader); the box around it scrolls.
        assert numbers.evaluate("t => getComputedStyle(t).display") == "table"
        reachable = "b => b.scrollWidth <= b.clientWidth || getComputedStyle(b).overflowX === 'auto'"
        assert holder.evaluate(reachable), "every client's column can be reached"
        shot(page, "ws-2c-portfolio-radar-phone")
        page.set_viewport_size({"width": 1280, "height": 900})
        settle(page)
        # No plotly chart: no trend yet (each unit has one submitted assessment), which the tab says.
        open_portfolio_tab(page, "trend", LANG)
        expect(page.get_by_text(t("ws.portfolio.no_trend", LANG))).to_be_visible(timeout=20_000)
        assert page.locator(".js-plotly-plot").count() == 0
        open_portfolio_tab(page, "follow_up", LANG)
        expect(page.get_by_role("heading", name=t("ws.due.header", LANG))).to_be_visible(timeout=20_000)
        expect(page.locator(".st-key-ws_due_client")).to_have_count(1)

        page.get_by_role("link", name=t("ws.nav.compare", LANG)).click()
        settle(page)
        page.get_by_role("heading", name=t("ws.coherence.title", LANG)).wait_for(timeout=20_000)
        page.wait_for_selector(".js-plotly-plot", timeout=20_000)
        shot(page, "ws-3-compare")

        page.get_by_role("link", name=t("ws.nav.transfer", LANG)).click()
        settle(page)
        with page.expect_download() as caught:
            click(page, t("ws.export.scores", LANG))
        path = tmp_path / "scores.csv"
        caught.value.save_as(path)
        rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
        scores = {(r["organization"], r["unit"]): float(r["overall_score"]) for r in rows}
        # Step 3 everywhere → 75; 1 → 25; 2 → 50; 4 → 100.
        assert scores == {
            ("Ayuntamiento de Soria", "Biblioteca"): 75.0,
            ("Ayuntamiento de Soria", "Radio"): 25.0,
            ("Diputación de León", "Archivo"): 50.0,
            ("Diputación de León", "Turismo"): 100.0,
        }
        context.close()
    store.close()
