"""Accessibility in a real browser: an axe-core audit (axe-playwright-python, which bundles axe-core) of the
Start, Survey and Results pages in Debian's Chromium, a text alternative beside every chart, and a walk
through the survey with the keyboard alone, the focus visible at every stop."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from assessment.bank import Bank
from assessment.engine.scoring import DK, NA, progress
from assessment.i18n import t
from assessment.storage import AnswerInput, Store
from assessment.ui.components import FOCUS_RING
from tests.browser_support import ARTIFACTS, RESULT_CHARTS, open_tab, settle, shot
from tests.server import running_app

pytestmark = pytest.mark.browser
BANK: Bank  # and ORG_TYPE, DIMS: set by the _bank fixture below, never at import
ORG_TYPE: str
DIMS: list[str]
LANG = "en"
BLOCKING = ("serious", "critical")


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK, ORG_TYPE, DIMS
    BANK = app_bank
    ORG_TYPE = BANK.info.organization_types[0].id  # what the start form preselects
    DIMS = list(BANK.dimensions)


def questions(dim: str) -> list:
    return [q for q in BANK.questions_by_dimension[dim] if q.applies(ORG_TYPE)]


def choice_label(q, value) -> str:
    if value == DK:
        return t("survey.dk", LANG)
    if value == NA:
        return t("survey.na", LANG)
    return str(q.options[value].text(LANG))


def choices(q) -> list:
    return [0, 1, 2, 3, 4, DK, *([NA] if q.allow_na else [])]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('a11y') / 'foco.db'}"


@pytest.fixture(scope="module")
def app_url(database: str) -> Iterator[str]:
    with running_app({"DATABASE_URL": database}) as url:
        yield url


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    scheme = getattr(request, "param", "light")
    context = browser.new_context(
        locale="en-US", color_scheme=scheme, viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


# --- the audit ---------------------------------------------------------------------------------------------


def audit(page, where: str) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    violations: list[dict[str, Any]] = Axe().run(page).response["violations"]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{where}.json").write_text(json.dumps(violations, indent=1))
    for v in violations:
        if v["impact"] not in BLOCKING:
            print(f"axe {where}: {v['id']} ({v['impact']}) on {len(v['nodes'])} element(s): {v['help']}")
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']} {n.get('failureSummary', '')}" for n in v["nodes"][:5])
        for v in violations
        if v["impact"] in BLOCKING
    )
    assert not report, f"axe on the {where} page found serious or critical problems:\n{report}"
    return violations


def load(page, url: str) -> None:
    # On a first load the app may look idle before its script has even started: wait for the form.
    page.goto(url)
    page.get_by_role("textbox", name=t("start.org", LANG), exact=True).wait_for(timeout=60_000)
    settle(page)


def begin(page, url: str, name: str) -> None:
    load(page, url)
    page.get_by_role("textbox", name=t("start.org", LANG), exact=True).fill(name)
    page.get_by_role("button", name=t("start.button", LANG)).click()
    page.get_by_role("heading", name=BANK.dimensions[DIMS[0]].name(LANG)).wait_for(timeout=20_000)
    settle(page)


def click_answer(page, q, value) -> None:
    group = page.get_by_role("radiogroup", name=q.text(LANG), exact=True)
    group.get_by_text(choice_label(q, value), exact=True).click()
    settle(page)


@pytest.mark.parametrize("page", ["light", "dark"], indirect=True)
def test_start_page_passes_the_audit(page, app_url: str) -> None:
    load(page, app_url)
    assert page.get_by_role("combobox", name=t("app.language", LANG), exact=True).is_visible()
    background = page.locator("[data-testid='stApp']").evaluate("e => getComputedStyle(e).backgroundColor")
    scheme = page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
    audit(page, f"start-{'dark' if scheme else 'light'}")
    # The dark run only means something if the app did follow the browser into its dark theme.
    assert (background == "rgb(255, 255, 255)") != scheme, background


def chart_alternatives(page) -> list[dict[str, str | None]]:
    # Each chart's own label, and its caption: a plotly chart's aria-label and the caption drawn right after
    # it, or a static picture's alt text and its own caption (the Results summary's curve and radar and the
    # plan's projection are images, outputs/svg_charts.py and projection_chart.py).
    return page.evaluate(
        """() => [...document.querySelectorAll(
                "[data-testid='stPlotlyChart'], [data-testid='stImage'] img"
            )].map(chart => {
            // A picture's caption is its own (st.image's); a plotly chart's, the caption drawn after it.
            const own = chart.closest("[data-testid='stImage']");
            const holder = chart.closest("[data-testid='stElementContainer']");
            const next = holder && holder.nextElementSibling;
            const caption = own ? own.querySelector("[data-testid='stImageCaption']")
                : next && next.querySelector("[data-testid='stCaptionContainer']");
            const text = caption ? caption.innerText.trim() : null;
            const picture = chart.tagName === "IMG";
            const label = chart.getAttribute(picture ? "alt" : "aria-label");
            return {kind: picture ? "picture" : "plotly", label: label, caption: text};
        })"""
    )


def chart_prefix(lang: str) -> str:
    # "Chart description" in every language: what the three alternatives' texts start with.
    texts = [t(k, lang) for k in ("results.curve_alt", "results.radar_alt", "results.history_alt")]
    return os.path.commonprefix(texts).rstrip(" ,:")


def test_survey_page_passes_the_audit(page, app_url: str) -> None:
    begin(page, app_url, "Riverside Public Library")
    first = questions(DIMS[0])
    for q in first[:3]:
        click_answer(page, q, 2)
    # Open one question's note so its fields are audited too.
    page.get_by_text(t("survey.note_title", LANG), exact=True).first.click()
    settle(page)
    for q in first:
        assert page.get_by_role("radiogroup", name=q.text(LANG), exact=True).count() == 1, q.id
    assert page.get_by_text(t("survey.progress", LANG, done=3, total=progress(BANK, {}, ORG_TYPE)[1])).count()
    audit(page, "survey")


def answered_survey(database: str, name: str) -> str:
    # A whole survey answered (step 2 of 0-4 everywhere), saved as the app saves each answer; the resume
    # link opens it. tests/browser/test_browser.py clicks through all of it already: here it would only cost
    # time.
    store = Store(database)
    try:
        store.migrate()
        record, token = store.start(name, ORG_TYPE, None, LANG, BANK.version, str(len(DIMS) - 1))
        now = datetime.now(UTC)
        every = [q.id for dim in DIMS for q in questions(dim)]
        store.save_answers(record.id, {qid: AnswerInput(value="2", answered_at=now) for qid in every})
    finally:
        store.close()
    return token


def test_results_page_passes_the_audit(page, app_url: str, database: str) -> None:
    token = answered_survey(database, "Riverside Public Library")
    page.goto(f"{app_url}/?a={token}")
    page.get_by_role("link", name=t("survey.see_results", LANG)).click()
    page.wait_for_selector(RESULT_CHARTS, timeout=30_000)
    settle(page)
    # The summary first: the level, the curve, the radar and the cards; "why this level" opened.
    page.locator("[data-testid='stExpander'] summary").first.click()
    # Worked out and drawn only once opened (a rerun): its text must be there for the audit to read it.
    page.locator("[data-testid='stExpanderDetails'] [data-testid='stMarkdownContainer']").first.wait_for()
    settle(page)
    audit(page, "results")
    shot(page, "a11y-results")
    # Step 2 of 0–4 everywhere: every dimension scores 2/4 = 50.0.
    # The maturity curve and the radar: no earlier assessment, no history tab.
    charts = check_charts(page, 2)
    assert [c["kind"] for c in charts] == ["picture", "picture"], "the summary mounts no plotly chart"
    radar = charts[1]["caption"] or ""
    for dim in DIMS:
        assert f"{BANK.dimensions[dim].name(LANG)} 50.0" in radar, radar
    assert page.get_by_role("tab", name=t("results.tab_history", LANG), exact=True).count() == 0

    # The other tabs by keyboard: the tab list is one stop, the arrow keys move between its tabs.
    summary = page.get_by_role("tab", name=t("results.tab_summary", LANG), exact=True)
    assert summary.get_attribute("aria-selected") == "true"
    summary.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    settle(page)
    plan_tab = page.get_by_role("tab", name=t("results.tab_plan", LANG), exact=True)
    assert plan_tab.get_attribute("aria-selected") == "true", "the arrow key and Enter open the plan"
    page.get_by_role("heading", name=t("results.plan", LANG)).wait_for(timeout=20_000)
    # The item editor, the first phase's details and the targets opened (each drawn only while open), so
    # their widgets and text are audited as well; the plan's projection is its chart.
    for label in (t("plan.edit_item", LANG), t("phase.now", LANG), t("plan.targets_change", LANG)):
        page.locator("[data-testid='stExpander'] summary", has_text=label).first.click()
        settle(page)
    page.get_by_label(t("xlsx.owner", LANG), exact=True).wait_for(timeout=20_000)
    audit(page, "results-plan")
    check_charts(page, 1)
    for name in ("next", "files"):
        open_tab(page, name, LANG)
        audit(page, f"results-{name}")
    page.get_by_role("heading", name=t("results.downloads", LANG)).wait_for(timeout=20_000)

    # Submitted, then assessed again with the same answers: a history tab, its chart and table.
    page.get_by_role("button", name=t("results.submit", LANG)).click()
    settle(page)
    page.get_by_role("button", name=t("results.reassess", LANG)).click()
    page.get_by_role("heading", name=BANK.dimensions[DIMS[0]].name(LANG)).wait_for(timeout=20_000)
    settle(page)
    page.get_by_role("link", name=t("nav.results", LANG)).click()
    page.wait_for_selector(RESULT_CHARTS, timeout=30_000)
    settle(page)
    open_tab(page, "history", LANG)
    page.get_by_role("heading", name=t("results.history", LANG)).wait_for(timeout=20_000)
    # The history chart is plotly's: its code loads on this first plotly chart of the session, which on a
    # busy machine takes longer than the heading.
    page.wait_for_selector("[data-testid='stPlotlyChart']", timeout=30_000)
    settle(page)
    audit(page, "results-history")
    history = check_charts(page, 1)[0]["caption"] or ""
    assert history == t("results.history_alt", LANG, n=2), history


def check_charts(page, count: int) -> list[dict[str, str | None]]:
    charts = chart_alternatives(page)
    assert len(charts) == count, charts
    prefix = chart_prefix(LANG)
    assert prefix == "Chart description"
    for chart in charts:
        assert chart["caption"] and chart["caption"].startswith(prefix), chart
        # The chart itself is announced (a plotly chart's aria-label from st.plotly_chart's alt, a picture's
        # alt text), not only the caption beside it: a chart drawn without its alt has no label and fails.
        assert chart["label"] == chart["caption"], "the chart's own label says what its caption says"
    return charts


def test_every_language_has_a_chart_description_prefix() -> None:
    for lang in ("en", "es", "it"):
        assert len(chart_prefix(lang)) > 10, lang


# --- the keyboard ------------------------------------------------------------------------------------------

FOCUSED = """() => {
    const e = document.activeElement;
    const group = e.closest('[role=radiogroup]');
    return {
        tag: e.tagName, type: e.getAttribute('type') || '', label: e.getAttribute('aria-label') || '',
        text: (e.innerText || '').trim().slice(0, 80), checked: e.checked === true,
        group: group ? group.getAttribute('aria-label') : null,
        option: e.closest('label') ? e.closest('label').innerText.trim() : null,
    };
}"""

# A cue a person can see: an outline or a shadow on the focused element or on the frame around it. A visually
# hidden input (Streamlit's radios) has no box of its own, so the cue must be on its label.
FOCUS_CUE = """() => {
    let e = document.activeElement;
    for (let i = 0; e && i < 4; i++, e = e.parentElement) {
        const r = e.getBoundingClientRect();
        const s = getComputedStyle(e);
        const box = e.parentElement && e.parentElement.getBoundingClientRect();
        const clipped = box && (box.width < 4 || box.height < 4)
            && getComputedStyle(e.parentElement).overflow === 'hidden';
        if (r.width < 4 || r.height < 4 || clipped) continue;
        if (s.opacity === '0' || s.visibility !== 'visible') continue;
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
            && !/rgba\\(.*, 0\\)$/.test(s.outlineColor) && s.outlineColor !== 'transparent';
        if (outline || s.boxShadow !== 'none') {
            return `${e.tagName} outline=${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`
                + ` shadow=${s.boxShadow}`;
        }
    }
    return null;
}"""


def focused(page) -> dict[str, Any]:
    return dict(page.evaluate(FOCUSED))


def press_until(page, want: Callable[[dict[str, Any]], bool], key: str = "Tab", limit: int = 60) -> dict:
    trail = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if want(now):
            cue = page.evaluate(FOCUS_CUE)
            assert cue, f"no visible focus on {now}"
            return now
        trail.append(f"{now['tag']} {now['label'] or now['text'][:40]}")
    raise AssertionError(f"{key} never reached it in {limit} presses; went through: {trail}")


def in_group(q) -> Callable[[dict[str, Any]], bool]:
    return lambda f: f["type"] == "radio" and f["group"] == q.text(LANG)


def button(label: str) -> Callable[[dict[str, Any]], bool]:
    return lambda f: f["tag"] == "BUTTON" and f["text"] == label


# How each question of the first section is answered, in turn: the key presses and the choice they land on.
KEYS: list[tuple[list[str], Callable[[list], Any]]] = [
    (["Space"], lambda cs: cs[0]),
    (["ArrowDown", "ArrowDown", "ArrowDown"], lambda cs: cs[3]),
    (["ArrowUp"], lambda cs: cs[-1]),  # from the first choice, wraps round to the last
    (["ArrowRight"], lambda cs: cs[1]),
]


NOTE = "Goals are in the 2025 communication plan, page 4."


def test_the_survey_works_with_the_keyboard_alone(page, app_url: str) -> None:
    load(page, app_url)
    press_until(page, lambda f: f["tag"] == "INPUT" and f["label"] == t("start.org", LANG))
    page.keyboard.type("Biblioteca Municipal de Almería")
    shot(page, "a11y-keyboard-1-name")
    press_until(page, button(t("start.button", LANG)))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=BANK.dimensions[DIMS[0]].name(LANG)).wait_for(timeout=20_000)
    settle(page)
    assert page.get_by_text(t("survey.for_org", LANG, org="Biblioteca Municipal de Almería")).is_visible()

    first = questions(DIMS[0])
    expected = {}
    for i, q in enumerate(first):
        keys, pick = KEYS[i % len(KEYS)]
        now = press_until(page, in_group(q))
        assert not now["checked"], "Tab lands on a group's first choice while nothing is chosen"
        for key in keys:
            page.keyboard.press(key)
            settle(page)
        expected[q.id] = pick(choices(q))
        now = focused(page)
        assert now["checked"] and now["option"] == choice_label(q, expected[q.id]), (q.id, now)
        cue = page.evaluate(FOCUS_CUE) or ""
        assert cue.startswith("LABEL"), f"the choice's label shows the focus, after the rerun too: {cue}"
        if i == 0:
            # The note under a question opens and fills from the keyboard too; leaving the field saves it.
            press_until(page, lambda f: f["tag"] == "SUMMARY" and t("survey.note_title", LANG) in f["text"])
            page.keyboard.press("Enter")
            settle(page)
            press_until(page, lambda f: f["tag"] == "TEXTAREA" and f["label"] == t("survey.note", LANG))
            page.keyboard.type(NOTE)
            page.keyboard.press("Tab")
            settle(page)
        if i == 1:
            shot(page, "a11y-keyboard-2-radio")
            # Shift+Tab goes back to the previous question, onto the choice made there.
            back = press_until(page, in_group(first[0]), key="Shift+Tab")
            assert back["checked"] and back["option"] == choice_label(first[0], expected[first[0].id])

    total = progress(BANK, {}, ORG_TYPE)[1]
    answered = t("survey.progress", LANG, done=len(first), total=total)
    assert page.get_by_text(answered).is_visible()

    press_until(page, button(t("survey.next", LANG)))
    shot(page, "a11y-keyboard-3-next")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=BANK.dimensions[DIMS[1]].name(LANG)).wait_for(timeout=20_000)
    settle(page)
    # The focus is on the new section's heading (a screen reader reads it), and Tab goes on from there.
    assert focused(page)["text"] == BANK.dimensions[DIMS[1]].name(LANG), focused(page)
    now = press_until(page, lambda f: f["type"] == "radio")
    assert now["group"] == questions(DIMS[1])[0].text(LANG), "Tab goes on to the section's first question"
    assert page.get_by_text(answered).is_visible(), "the answers count once in the next section"
    section = f"1. {BANK.dimensions[DIMS[0]].name(LANG)} ({len(first)}/{len(first)})"
    assert page.get_by_role("radio", name=section, exact=True).count() == 1

    # And back again, to see every choice still made.
    press_until(page, button(t("survey.prev", LANG)), limit=120)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=BANK.dimensions[DIMS[0]].name(LANG)).wait_for(timeout=20_000)
    settle(page)
    for q in first:
        group = page.get_by_role("radiogroup", name=q.text(LANG), exact=True)
        assert group.get_by_role("radio", name=choice_label(q, expected[q.id]), exact=True).is_checked(), q.id
        assert sum(r.is_checked() for r in group.get_by_role("radio").all()) == 1, q.id
    # The note's fields are drawn only while their expander is open (issue 15): open it again to read it.
    note = page.get_by_role("textbox", name=t("survey.note", LANG), exact=True, include_hidden=True)
    assert note.count() == 0, "closed, the note's fields are not drawn"
    press_until(page, lambda f: f["tag"] == "SUMMARY" and t("survey.note_title", LANG) in f["text"])
    page.keyboard.press("Enter")
    settle(page)
    assert note.first.input_value() == NOTE


def test_the_focus_cue_comes_from_our_style_sheet(page, app_url: str) -> None:
    # The cue check must be able to fail: Streamlit alone marks a focused text field only by tinting its
    # border, which FOCUS_CUE does not count. If a Streamlit upgrade draws a ring of its own, drop this test.
    load(page, app_url)
    press_until(page, lambda f: f["tag"] == "INPUT" and f["label"] == t("start.org", LANG))
    removed = page.evaluate(
        f"""() => [...document.querySelectorAll('style')]
            .filter(s => s.textContent.includes('{FOCUS_RING}')).map(s => s.remove()).length"""
    )
    assert removed >= 1
    assert page.evaluate(FOCUS_CUE) is None


def test_the_page_says_which_language_it_is_in(browser, app_url: str) -> None:
    # WCAG 3.1.1: Streamlit serves <html lang="en">; a screen reader would read Italian as English.
    context = browser.new_context(locale="it-IT", viewport={"width": 1100, "height": 800})
    page = context.new_page()
    try:
        page.goto(app_url)
        page.get_by_role("textbox", name=t("start.org", "it"), exact=True).wait_for(timeout=60_000)
        settle(page)
        assert page.evaluate("document.documentElement.lang") == "it"
        page.get_by_role("combobox", name=t("app.language", "it"), exact=True).click()
        page.get_by_role("option", name="Español", exact=True).click()
        page.get_by_role("textbox", name=t("start.org", "es"), exact=True).wait_for(timeout=20_000)
        settle(page)
        assert page.evaluate("document.documentElement.lang") == "es", "follows a change of language"
    finally:
        context.close()
