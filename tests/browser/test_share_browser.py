"""A read-only share link in Debian's Chromium: the consultant makes it on the Clients page; a fresh browser
(no cookies, nobody signed in) opens it and finds the results and the PDF, no enabled control that changes
anything and no way to another page; the database is the same after every click; once withdrawn, or past
its last day, the link shows the generic "this link opens nothing" page. Screenshots: artifacts/share-*."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from assessment.bank import Bank
from assessment.i18n import t
from assessment.records import SHARE
from assessment.storage import Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.models import AccessToken
from assessment.storage.workspace import Workspace
from tests.browser_support import RESULT_CHARTS, click, import_units, pick, settle, shot
from tests.server import ROOT, running_app
from tests.storage_fixtures import dump_database

pytestmark = pytest.mark.browser
BANK: Bank  # set by the _bank fixture below, never at import
LANG = "es"
PASSWORD = "correct horse battery"
CLIENT, UNIT = "Ayuntamiento de Soria", "Biblioteca"

# Every element a person could operate, with what it is: Streamlit's element type, its label or text.
CONTROLS = """() => [...document.querySelectorAll(
    'button, input, textarea, select, a[href], [role=button], [role=radio], [role=checkbox], [role=switch],'
    + '[role=slider], [role=combobox], [role=menuitem], [contenteditable=true]')]
  .filter(e => !e.disabled && e.getAttribute('aria-disabled') !== 'true' && e.offsetParent !== null)
  .map(e => {
    const box = e.closest('[data-testid=stElementContainer]');
    const label = box && box.querySelector('[data-testid=stWidgetLabel]');
    return {
      tag: e.tagName.toLowerCase(),
      element: box ? ((box.querySelector('[data-testid]') || {dataset: {}}).dataset.testid || '') : '',
      widget: label ? label.innerText.trim() : '',
      chrome: !!e.closest('[data-testid=stElementToolbar], [data-testid=stToolbar], [data-testid=stHeader]'),
      text: (e.getAttribute('aria-label') || e.innerText || e.value || '').trim().slice(0, 80),
      href: e.getAttribute('href') || '',
    };
  })"""
# Controls that only read: the PDF, opening a section, a help tooltip, a heading's anchor, the language of
# this view (stored nowhere), and Streamlit's own chrome and table toolbars (search, fullscreen, download).
READ_ONLY = {"stDownloadButton", "stExpander", "stMetric", "stTooltipIcon"}


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK
    BANK = app_bank


def read_only_controls(page) -> list[dict]:
    """The controls on the page that are not known to only read; an empty list passes."""
    unexpected = []
    for c in page.evaluate(CONTROLS):
        if c["chrome"] or c["element"] in READ_ONLY or c["href"].startswith("#"):
            continue
        if c["element"] == "stSelectbox" and c["widget"] == t("app.language", LANG):
            continue
        unexpected.append(c)
    return unexpected


def sign_in(page, url: str) -> None:
    page.goto(f"{url}/workspace")
    settle(page)
    page.get_by_role("textbox", name=t("ws.signin.username", LANG)).fill("ana")
    page.get_by_role("textbox", name=t("ws.signin.password", LANG)).fill(PASSWORD)
    click(page, t("ws.signin.button", LANG))
    page.get_by_role("heading", name=t("ws.clients.title", LANG)).wait_for(timeout=20_000)


def choose(page, label: str, part: str) -> None:
    """Pick the option of a selectbox that contains `part` (typing filters the list, Enter takes it)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(part)
    page.get_by_role("option").filter(has_text=part).first.wait_for(timeout=10_000)
    box.press("Enter")
    settle(page)


def link_page(page) -> bool:
    page.get_by_text(t("link.bad", LANG)).wait_for(timeout=20_000)
    return not page.get_by_text(CLIENT).count()


def test_a_share_link_opens_a_read_only_report_and_ends_when_withdrawn_or_expired(
    browser,
    tmp_path: Path,
) -> None:
    url_db = f"sqlite:///{tmp_path / 'foco.db'}"
    upgrade(url_db)
    store = Store(url_db)
    ana = Accounts(store).create("ana", PASSWORD, "Ana Ruiz")
    ws = Workspace(store, ana)
    client = ws.create_client(CLIENT, "town_hall")
    ws.create_unit(client.id, UNIT)
    ws.create_unit(client.id, "Radio")
    import_units(store, ana, [(CLIENT, UNIT, 2), (CLIENT, "Radio", 1)])  # step 2: a plan to show
    with running_app({"DATABASE_URL": url_db}, script=ROOT / "asgi.py") as url:
        consultant = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
        page = consultant.new_page()
        sign_in(page, url)
        pick(page, t("ws.clients.manage", LANG), CLIENT)
        page.get_by_text(t("links.ws.title", LANG), exact=True).wait_for(timeout=20_000)
        settle(page)
        choose(page, t("links.ws.assessment", LANG), UNIT)
        page.get_by_role("textbox", name=t("links.label", LANG)).fill("Junta de gobierno")
        click(page, t("links.ws.share", LANG))
        # The link is drawn by the rerun the click starts: wait for it rather than read the page at once.
        page.locator("[data-testid='stCode']", has_text="/?s=").first.wait_for(timeout=20_000)
        link = next(
            c.inner_text().strip()
            for c in page.locator("[data-testid='stCode']").all()
            if "/?s=" in c.inner_text()
        )
        token = link.rsplit("=", 1)[1]
        shot(page, "share-0-clients")
        dump = dump_database(url_db)
        assert token not in dump and hashlib.sha256(token.encode()).hexdigest() in dump

        # A fresh browser: no cookie, no session, only the link.
        reader_context = browser.new_context(
            locale="es-ES", viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        reader = reader_context.new_page()
        reader.goto(link)
        settle(reader)
        reader.get_by_role("heading", name=t("results.header", LANG, org=f"{CLIENT} · {UNIT}")).wait_for(
            timeout=30_000
        )
        reader.wait_for_selector(RESULT_CHARTS, timeout=30_000)
        assert reader.get_by_text("Junta de gobierno").count() == 0, "the label is the consultant's"
        found = read_only_controls(reader)
        assert found == [], "\n".join(map(str, found))
        for other in ("nav.start", "nav.survey", "nav.results", "ws.nav"):
            assert reader.get_by_role("link", name=t(other, LANG), exact=True).count() == 0
        assert reader.get_by_text("Radio", exact=True).count() == 0, "the client's other unit: not reachable"
        shot(reader, "share-1-report-es")

        before = dump_database(url_db)
        reader.locator("[data-testid='stExpander'] summary").first.click()
        settle(reader)
        with reader.expect_download(timeout=60_000) as caught:
            reader.get_by_role("button", name=t("report.download", LANG)).click()
        pdf = tmp_path / "report.pdf"
        caught.value.save_as(pdf)
        assert pdf.read_bytes().startswith(b"%PDF")
        settle(reader)
        assert read_only_controls(reader) == []
        pick(reader, t("app.language", LANG), "Italiano")
        reader.get_by_role("heading", name=t("results.downloads", "it")).wait_for(timeout=20_000)
        reader.wait_for_selector(RESULT_CHARTS, timeout=30_000)
        shot(reader, "share-1-report-it")
        assert dump_database(url_db) == before, "nothing the reader did wrote anything"

        # Withdrawn on the Clients page: the same link now opens nothing.
        page.reload()
        settle(page)
        pick(page, t("ws.clients.manage", LANG), CLIENT)
        page.get_by_role("button", name=t("links.withdraw", LANG)).wait_for(timeout=20_000)
        [share] = [r for r in ws.links(client.id) if r.kind == SHARE]
        choose(page, t("links.withdraw_pick", LANG), t("links.kind.share", LANG))
        click(page, t("links.withdraw", LANG))
        page.get_by_text(t("links.withdrawn", LANG)).wait_for(timeout=20_000)
        assert [r.withdrawn_at is not None for r in ws.links(client.id) if r.id == share.id] == [True]
        shot(page, "share-2-withdrawn-in-workspace")
        gone = browser.new_context(locale="es-ES").new_page()
        gone.goto(link)
        settle(gone)
        assert link_page(gone)
        shot(gone, "share-3-withdrawn-link")

        # Past its last day: the same page.
        [bib] = [r for r in ws.assessments() if r.unit_name == UNIT]
        later = ws.share_link(bib.id, expires_at=datetime.now(UTC) + timedelta(days=7))
        fresh = browser.new_context(locale="es-ES").new_page()
        fresh.goto(f"{url}/?s={later}")
        settle(fresh)
        fresh.wait_for_selector(RESULT_CHARTS, timeout=30_000)
        with store.tx(write=True) as conn:
            conn.execute(
                update(AccessToken)
                .where(AccessToken.token_hash == hashlib.sha256(later.encode()).hexdigest())
                .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
            )
        expired = browser.new_context(locale="es-ES").new_page()
        expired.goto(f"{url}/?s={later}")
        settle(expired)
        assert link_page(expired)
        consultant.close()
        reader_context.close()
    store.close()
