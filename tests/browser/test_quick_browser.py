"""The quick check in a real browser (Playwright + Debian's Chromium): start a quick check, answer its two
questions a section, reload through the resume link, go deeper into the dimension Foco suggests, and take home
a PDF and a CSV that carry the provisional marks. Screenshots go to artifacts/quick-*.png.

By hand (as in test_quick_app.py), for a library: quick answers 3, crisis readiness 1 → 75.0 ×4 and 25.0,
overall 65.0 capped at level 3, provisional; crisis readiness holds it down and is suggested first. After the
deep dive (every crisis question 1) crisis readiness is final at 25.0; the other four stay provisional."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessment.bank import Bank
from assessment.i18n import t
from assessment.ui.pages.start import form_label
from tests.browser_support import RESULT_CHARTS, click, open_tab, settle, shot
from tests.server import running_app

pytestmark = pytest.mark.browser
BANK: Bank  # set by the _bank fixture below, never at import
CRISIS = "crisis_readiness"
LANG = "en"


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK
    BANK = app_bank


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("quick-browser") / "foco.db"
    with running_app(env={"DATABASE_URL": f"sqlite:///{db}"}) as url:
        yield url


def step_for(dim: str) -> int:
    return 1 if dim == CRISIS else 3


def answer_shown(page, questions) -> None:
    groups = page.locator("[data-testid='stRadio']").filter(has=page.locator("[role='radiogroup']"))
    answers = groups.locator("[role='radiogroup']")
    # The first radio group is the section picker; the rest are the section's questions, in order.
    expect(answers).to_have_count(len(questions) + 1, timeout=30_000)
    for i, q in enumerate(questions):
        choice = answers.nth(i + 1).get_by_text(q.options[step_for(q.dimension)].text(LANG), exact=True)
        if not choice.locator("xpath=ancestor::label").locator("input").is_checked():
            choice.click()
            settle(page)


def download(page, label: str, path):
    with page.expect_download(timeout=60_000) as caught:
        page.get_by_role("button", name=label).click()
    caught.value.save_as(path)
    return path.read_bytes()


def test_quick_check_reload_deep_dive_and_the_files(browser, app_url, tmp_path) -> None:
    context = browser.new_context(
        locale="en-GB", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(app_url)
    settle(page)
    page.get_by_role("textbox", name=t("start.org", LANG), exact=True).fill("Biblioteca Lucca")
    page.get_by_role("combobox", name=t("start.type", LANG), exact=True).click()
    page.get_by_role("option", name=BANK.org_type_name("library", LANG), exact=True).click()
    settle(page)
    page.get_by_text(form_label(BANK, LANG, "quick"), exact=True).click()
    settle(page)
    shot(page, "quick-0-start")
    page.get_by_role("button", name=t("start.button", LANG)).click()
    settle(page)

    sections = list(BANK.dimensions)
    for index, dim in enumerate(sections):
        page.get_by_role("heading", name=BANK.dimensions[dim].name(LANG)).wait_for(timeout=20_000)
        answer_shown(page, [q for q in BANK.form_questions("quick") if q.dimension == dim])
        label = t("survey.next", LANG) if index < len(sections) - 1 else t("survey.see_results", LANG)
        click(page, label)
        settle(page)

    page.wait_for_selector(RESULT_CHARTS, timeout=20_000)
    mark = t("quick.mark", LANG)
    level3 = t("results.level_n", LANG, n=3, name=BANK.level(3).name(LANG))
    expect(page.get_by_text(f"{t('results.overall', LANG)} {mark}", exact=True)).to_be_visible()
    expect(page.get_by_text(level3, exact=True).first).to_be_visible()
    expect(page.get_by_text(t("quick.overall", LANG))).to_be_visible()
    crisis = BANK.dimensions[CRISIS].name(LANG)
    expect(page.get_by_text(t("quick.suggest_weakest", LANG, dim=crisis))).to_be_visible()
    shot(page, "quick-1-results")

    # A reload through the resume link, as another device would: the same quick check comes back.
    link = page.locator("[data-testid='stCode'] code").last.inner_text().strip()
    assert "/survey?a=" in link
    page.goto(link)
    settle(page)
    page.get_by_role("heading", name=crisis).wait_for(timeout=20_000)
    n_quick = len(BANK.form_questions("quick"))
    expect(page.get_by_text(t("quick.survey_quick", LANG, n=n_quick))).to_be_visible()
    page.get_by_role("link", name=t("survey.see_results", LANG)).click()
    settle(page)
    page.wait_for_selector(RESULT_CHARTS, timeout=20_000)
    expect(page.get_by_text(f"{t('results.overall', LANG)} {mark}", exact=True)).to_be_visible()

    page.get_by_role("button", name=t("quick.deep_one", LANG, dim=crisis)).click()
    settle(page)
    page.get_by_role("heading", name=crisis).wait_for(timeout=20_000)
    expect(page.get_by_text(t("quick.survey_deep", LANG, dims=crisis))).to_be_visible()
    answer_shown(page, [q for q in BANK.questions_by_dimension[CRISIS] if q.applies("library")])
    shot(page, "quick-2-deep-dive")
    page.get_by_role("link", name=t("survey.see_results", LANG)).click()
    settle(page)
    page.wait_for_selector(RESULT_CHARTS, timeout=20_000)
    # Four provisional cards now: crisis readiness is final.
    expect(page.get_by_text(t("quick.badge", LANG), exact=True)).to_have_count(4)
    first = BANK.dimensions[sections[0]].name(LANG)
    expect(page.get_by_text(t("quick.suggest_uncertain", LANG, dim=first))).to_be_visible()
    shot(page, "quick-3-results-after-deep-dive")

    open_tab(page, "files", LANG)
    scores = download(page, t("results.download_scores", LANG), tmp_path / "scores.csv")
    [row] = list(csv.DictReader(io.StringIO(scores.decode("utf-8-sig"))))
    assert row["provisional"] == "true"
    assert (row[f"{CRISIS}_provisional"], row[f"{CRISIS}_score"]) == ("false", "25.0")
    assert [row[f"{d}_provisional"] for d in sections if d != CRISIS] == ["true"] * 4
    pdf = download(page, t("report.download", LANG), tmp_path / "report.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert f"{level3} {mark}" in text
    assert text.count(t("quick.badge", LANG)) >= 4
    assert text.count("Provisional: placed from the quick check.") == 4, "one per provisional dimension page"
    context.close()
