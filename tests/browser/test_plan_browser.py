"""The plan panel in a real browser (Chromium): set an owner and a due date on a submitted assessment's
Results, reload, still there; download the workbook and the calendar and read them back (openpyxl,
icalendar). The projection chart's screenshot goes to artifacts/plan-panel.png."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from assessment.bank import Bank
from assessment.engine import snapshot
from assessment.engine.recommend import recommend
from assessment.engine.scoring import score
from assessment.i18n import t
from assessment.records import PlanStatus
from assessment.storage import AnswerInput, Store, upgrade
from tests.browser_support import open_tab, settle, shot
from tests.server import running_app

pytestmark = pytest.mark.browser
BANK: Bank  # and DIMS: set by the _bank fixture below, never at import
DIMS: list[str]
LANG = "es"


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    global BANK, DIMS
    BANK = app_bank
    DIMS = list(BANK.dimensions)


DUE = date(2027, 4, 20)
OWNER = "Lucía Pérez (comunicación)"


def submitted(url: str) -> tuple[str, str]:
    """A submitted assessment, every answer at step 1, made with the Store: (its token, first item id)."""
    upgrade(url)
    store = Store(url)
    try:
        record, token = store.start("Biblioteca Pública de Soria", "library", None, LANG, BANK.version, "0")
        now = datetime.now(UTC)
        answers = dict.fromkeys(BANK.questions, 1)
        store.save_answers(record.id, {q: AnswerInput("1", now) for q in answers}, BANK.version)
        result = score(BANK, answers, "library")
        plan = recommend(BANK, result)
        store.submit(record.id, snapshot.dumps(result, plan), BANK.version)
        return token, plan.items[0].id
    finally:
        store.close()


def panel(page):
    """The plan tab's content: the items' table and editor, the targets, the projection, the files."""
    return page.locator("[data-testid='stMain']")


def expand(page, label: str) -> None:
    """Open an expander drawn only while open (its content comes with the rerun the click asks for)."""
    page.locator("[data-testid='stExpander'] summary", has_text=label).click()
    settle(page)


def to_plan(page) -> None:
    """The Results page opens on its summary: open the plan's tab, then the item editor."""
    page.get_by_role("tab", name=t("results.tab_summary", LANG), exact=True).wait_for(timeout=30_000)
    settle(page)
    open_tab(page, "plan", LANG)
    page.locator(".st-key-plan_panel").wait_for(timeout=30_000)
    settle(page)
    expand(page, t("plan.edit_item", LANG))
    panel(page).get_by_label(t("xlsx.owner", LANG), exact=True).wait_for(timeout=30_000)


def pick(page, label: str, option: str) -> None:
    """Choose an option of a Streamlit select box in the plan panel."""
    box = panel(page).get_by_role("combobox", name=label, exact=True)
    box.scroll_into_view_if_needed()
    box.click()
    if not page.get_by_role("option").first.is_visible():
        box.press("ArrowDown")  # the first click only focused it
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def test_owner_and_date_survive_a_reload_and_reach_the_workbook_and_the_calendar(
    browser,
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'foco.db'}"
    token, first = submitted(url)
    title = BANK.recommendations[first].title(LANG)
    with running_app({"DATABASE_URL": url}) as base:
        context = browser.new_context(
            locale="es-ES", viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        page.goto(f"{base}/survey?a={token}")
        to_plan(page)
        owner = panel(page).get_by_label(t("xlsx.owner", LANG), exact=True)
        owner.fill(OWNER)
        owner.press("Enter")
        settle(page)
        # Streamlit's date field is a group of year, month and day segments: type into the first, the
        # field moves on by itself, and leaving it commits the date.
        due = panel(page).get_by_role("group", name=t("xlsx.due", LANG), exact=True)
        due.get_by_role("spinbutton").first.click()
        page.keyboard.type(DUE.strftime("%Y%m%d"))
        page.keyboard.press("Enter")
        settle(page)
        panel(page).get_by_role("heading", name=t("plan.items_title", LANG)).click()  # leave the field
        settle(page)
        shot(page, "plan-panel")

        check = Store(url)
        record = check.open(token)
        assert record is not None
        saved = check.plan(record.id)
        check.close()
        assert saved.statuses[first].status == PlanStatus(OWNER, DUE, "todo", None), saved
        page.reload()
        to_plan(page)
        expect(panel(page).get_by_label(t("xlsx.owner", LANG), exact=True)).to_have_value(OWNER)
        shown = panel(page).get_by_role("group", name=t("xlsx.due", LANG), exact=True).inner_text()
        assert "".join(shown.split()) == DUE.isoformat(), shown

        with page.expect_download(timeout=60_000) as caught:
            panel(page).get_by_role("button", name=t("plan.download_xlsx", LANG)).click()
        xlsx = tmp_path / "plan.xlsx"
        caught.value.save_as(xlsx)
        book = openpyxl.load_workbook(xlsx)
        sheet = book[t("xlsx.sheet_plan", LANG)]
        header = [c.value for c in sheet[1]]
        row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if title in r)
        assert row[header.index(t("xlsx.owner", LANG))] == OWNER
        due = row[header.index(t("xlsx.due", LANG))]
        assert isinstance(due, datetime) and due.date() == DUE

        with page.expect_download(timeout=60_000) as caught:
            panel(page).get_by_role("button", name=t("plan.download_ics", LANG)).click()
        ics = tmp_path / "plan.ics"
        caught.value.save_as(ics)
        calendar = Calendar.from_ical(ics.read_bytes())
        events = list(calendar.walk("VEVENT"))
        assert all("UID" in e and "DTSTAMP" in e and "DTSTART" in e for e in events)
        mine = next(e for e in events if str(e["summary"]) == title)
        assert mine.decoded("dtstart") == DUE and OWNER in str(mine["description"])

        # A target and a status, then a re-assessment that raises what the done item moves.
        dim = BANK.dimensions[DIMS[0]].name(LANG)
        expand(page, t("plan.targets_change", LANG))
        pick(
            page,
            t("plan.target_for", LANG, dimension=dim),
            t("plan.target_option", LANG, n=5, level=BANK.dimensions[DIMS[0]].level(5).summary(LANG)),
        )
        pick(page, t("xlsx.status", LANG), t("xlsx.status_done", LANG))
        page.reload()
        to_plan(page)
        expand(page, t("plan.targets_change", LANG))
        level5 = t("plan.target_option", LANG, n=5, level=BANK.dimensions[DIMS[0]].level(5).summary(LANG))
        target = panel(page).get_by_role(
            "combobox", name=t("plan.target_for", LANG, dimension=dim), exact=True
        )
        expect(target).to_have_value(level5)
        page.get_by_role("button", name=t("results.reassess", LANG)).click()
        page.get_by_role("heading", name=dim).wait_for(timeout=20_000)
        settle(page)
        rec = BANK.recommendations[first]
        for qid, step in rec.moves.items():
            q = BANK.questions[qid]
            if q.dimension == DIMS[0]:
                page.get_by_role("radio", name=q.options[step].text(LANG), exact=True).first.check(force=True)
                settle(page)
        page.get_by_role("link", name=t("nav.results", LANG)).click()
        to_plan(page)
        assert OWNER in panel(page).inner_text(), "the carried status, with its owner"
        open_tab(page, "history", LANG)
        page.get_by_role("heading", name=t("changes.title", LANG, date=date.today().isoformat())).wait_for(
            timeout=30_000
        )
        body = page.locator("[data-testid='stMain']").inner_text()
        assert t("changes.moved_by", LANG, items=title) in body, "the done item moved the answers"
        shot(page, "plan-what-changed")
        context.close()
