"""A click on an answer reruns the survey's fragments, not the page (issue 15), and still updates all it
changes: the progress, the section's count in the picker and the line of questions left. Another section is
the whole page again. Seen in a real browser (Playwright + Debian's Chromium), where fragments run; AppTest
reruns the page whole (survey._rerun_only).

How a run ended is read off the wire: the server's ForwardMsg `script_finished` (field 6) is 0 for a whole
run and 3 for a fragment's run (streamlit.proto ForwardMsg.ScriptFinishedStatus); each `delta` (field 5) is
one element or block the browser draws anew."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment.bank import Bank
from assessment.i18n import t, tn
from tests.browser_support import settle
from tests.server import running_app

pytestmark = pytest.mark.browser
BANK: Bank  # set by the _bank fixture below, never at import


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    global BANK
    BANK = app_bank


LANG = "en"
WHOLE, FRAGMENT = 0, 3
# What an answer redraws when the banner, the buttons and the resume link stay as they are: the progress and
# section picker's fragment (its block, the progress bar, the picker) and the line of questions left (its
# block, the caption). The resume link, the buttons, the banner and the questions are not sent again.
ANSWER_DELTAS = 5

# Records every script_finished status the page receives, in order, in window.__runs, and in
# window.__deltas how many deltas came since the previous run ended (a run stopped early for a rerun,
# status 2, sends none of its own: its deltas count with the run that follows).
WATCH = """(() => {
  const Native = window.WebSocket;
  window.__runs = [];
  window.__deltas = [];
  let deltas = 0;
  const varint = (b, i) => { let v = 0, m = 1; for (;;) { const x = b[i++]; v += (x & 127) * m;
                              if (x < 128) return [v, i]; m *= 128; } };
  const finished = (b) => {
    let i = 0;
    while (i < b.length) {
      let tag; [tag, i] = varint(b, i);
      const kind = tag & 7, field = Math.floor(tag / 8);
      if (kind === 0) { let v; [v, i] = varint(b, i); if (field === 6) return v; }
      else if (kind === 2) { let n; [n, i] = varint(b, i); i += n; if (field === 5) deltas += 1; }
      else if (kind === 1) i += 8; else if (kind === 5) i += 4; else return null;
    }
    return null;
  };
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        if (!(e.data instanceof ArrayBuffer)) return;
        const status = finished(new Uint8Array(e.data));
        if (status !== null && status !== 2) {
          window.__runs.push(status);
          window.__deltas.push(deltas);
          deltas = 0;
        }
      });
    }
  };
})();"""


# How far the page's main area is scrolled down (Streamlit scrolls its main block, not the window).
SCROLLED = "document.querySelector('[data-testid=stMain]').scrollTop"


@pytest.fixture(scope="module")
def app_url():
    with running_app() as url:
        yield url


def runs_after(page, before: int) -> list[int]:
    page.wait_for_function(f"window.__runs.length > {before}", timeout=30_000)
    settle(page)
    return list(page.evaluate("window.__runs"))[before:]


def _survey(browser, app_url: str, name: str):
    """A new assessment's first section, in a page that records its runs (WATCH)."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(app_url)
    settle(page)
    page.get_by_role("textbox", name=t("start.org", LANG), exact=True).fill(name)
    page.get_by_role("button", name=t("start.button", LANG)).click()
    first = next(iter(BANK.dimensions))
    page.get_by_role("heading", name=BANK.dimensions[first].name(LANG)).wait_for(timeout=30_000)
    settle(page)
    org_type = BANK.info.organization_types[0].id
    questions = [q for q in BANK.questions_by_dimension[first] if q.applies(org_type)]
    answers = page.locator("[role='radiogroup']")  # the section picker first, then the questions
    expect(answers).to_have_count(len(questions) + 1, timeout=30_000)
    return context, page, questions


def test_an_answer_reruns_the_fragments_and_updates_every_count(browser, app_url) -> None:
    context, page, questions = _survey(browser, app_url, "Fragment library")
    first, second = list(BANK.dimensions)[:2]
    org_type = BANK.info.organization_types[0].id
    total = sum(1 for q in BANK.questions.values() if q.applies(org_type))
    answers = page.locator("[role='radiogroup']")

    for n, q in enumerate(questions[:2], start=1):
        before = len(page.evaluate("window.__runs"))
        answers.nth(n).get_by_text(q.options[2].text(LANG), exact=True).click()
        assert runs_after(page, before) == [FRAGMENT], "an answer reruns fragments, not the page"
        deltas = page.evaluate("window.__deltas")[before:]
        assert deltas == [ANSWER_DELTAS], f"an answer redraws only what it changes, got {deltas} deltas"
        expect(page.get_by_text(t("survey.progress", LANG, done=n, total=total))).to_be_visible()
        label = f"1. {BANK.dimensions[first].name(LANG)} ({n}/{len(questions)})"
        expect(answers.first.get_by_text(label, exact=True)).to_be_visible()
        left = tn("survey.unanswered_left", len(questions) - n, LANG)
        expect(page.get_by_text(left, exact=True)).to_be_visible()
        # The questions are all still on the page, with the answers given.
        expect(answers).to_have_count(len(questions) + 1)
        assert answers.nth(n).locator("input[type='radio']").nth(2).is_checked()
        # Not re-sent, still there: the resume link (made at Start) and the way on.
        expect(page.get_by_text(t("save.link_title", LANG), exact=True)).to_be_visible()
        expect(page.get_by_role("button", name=t("survey.next", LANG))).to_be_visible()

    before = len(page.evaluate("window.__runs"))
    go = page.get_by_role("button", name=t("survey.next", LANG))
    go.scroll_into_view_if_needed()
    assert page.evaluate(SCROLLED) > 500, "the way on is at the foot of the section"
    go.click()
    heading = page.get_by_role("heading", name=BANK.dimensions[second].name(LANG))
    heading.wait_for(timeout=30_000)
    assert WHOLE in runs_after(page, before), "another section is the whole page"
    # The next section is read from its top, not from where the button was; its heading has the focus, so a
    # screen reader says where the person now is and Tab goes on to its first question.
    brought_into_view(page, heading, BANK.dimensions[second].name(LANG))
    # And back: the script runs again for the second move (its text changes with each move).
    back = page.get_by_role("button", name=t("survey.prev", LANG))
    back.scroll_into_view_if_needed()
    assert page.evaluate(SCROLLED) > 500
    back.click()
    heading = page.get_by_role("heading", name=BANK.dimensions[first].name(LANG))
    heading.wait_for(timeout=30_000)
    brought_into_view(page, heading, BANK.dimensions[first].name(LANG))

    # The picker at the top keeps the focus: with the keyboard its arrow keys go on from section to section.
    picker = page.get_by_role("radiogroup", name=t("survey.section", LANG), exact=True)
    picker.focus()
    label = f"2. {BANK.dimensions[second].name(LANG)}"
    picker.get_by_text(label, exact=False).first.click()
    page.get_by_role("heading", name=BANK.dimensions[second].name(LANG)).wait_for(timeout=30_000)
    settle(page)
    assert page.evaluate("document.activeElement.type") == "radio", "the focus stays on the picker"
    context.close()


def brought_into_view(page, heading, name: str) -> None:
    page.wait_for_function(f"document.activeElement.innerText.trim() === {name!r}", timeout=30_000)
    settle(page)
    top = heading.bounding_box()
    assert top is not None and 0 <= top["y"] < 200, top
    assert page.evaluate(SCROLLED) < 1000, "scrolled up to the section's top"


NOTE = "Approved by the board in March; page 4 of the plan."
EVIDENCE = "https://example.org/plan-2026.pdf"
SECOND_NOTE = "Reviewed with the library's director."


def test_a_note_is_drawn_when_opened_saved_when_left_and_there_when_opened_again(browser, app_url) -> None:
    # The note and evidence fields are drawn only while their expander is open (issue 15): opening one is a
    # run of its question's fragment, and what was typed is saved and read back from the database.
    context, page, questions = _survey(browser, app_url, "Note library")
    # Hidden ones too: a closed expander's content would be in the page, only not shown.
    note = page.get_by_role("textbox", name=t("survey.note", LANG), exact=True, include_hidden=True)
    evidence = page.get_by_role("textbox", name=t("survey.evidence", LANG), exact=True, include_hidden=True)
    expect(note).to_have_count(0)
    opener = page.get_by_text(t("survey.note_title", LANG), exact=True)
    expect(opener).to_have_count(len(questions))

    before = len(page.evaluate("window.__runs"))
    opener.first.click()
    expect(note).to_have_count(1, timeout=30_000)
    assert runs_after(page, before) == [FRAGMENT], "opening a note reruns its question alone"
    expect(evidence).to_have_count(1)
    note.fill(NOTE)
    evidence.click()  # leaving the note saves it
    settle(page)
    before = len(page.evaluate("window.__runs"))
    opener.first.click()  # closed again: its fields go
    expect(note).to_have_count(0, timeout=30_000)
    assert runs_after(page, before) == [FRAGMENT]

    # Closed straight from a field: leaving the field saves what it holds. (The save and the closing come
    # in one run, so the fields may stay drawn, hidden, until the question next reruns: never lost.)
    opener.first.click()
    expect(evidence).to_have_count(1, timeout=30_000)
    settle(page)
    evidence.fill(EVIDENCE)
    before = len(page.evaluate("window.__runs"))
    opener.first.click()
    assert WHOLE not in runs_after(page, before)

    # Typed and then Next clicked straight from the field: the note is kept (it was lost when the buttons
    # were drawn outside the foot's fragment).
    second_note = (
        page.locator("[data-testid='stExpander']")
        .nth(1)
        .get_by_role("textbox", name=t("survey.note", LANG), exact=True, include_hidden=True)
    )
    opener.nth(1).click()
    expect(second_note).to_have_count(1, timeout=30_000)
    settle(page)
    second_note.fill(SECOND_NOTE)
    page.get_by_role("button", name=t("survey.next", LANG)).click()
    second = list(BANK.dimensions)[1]
    page.get_by_role("heading", name=BANK.dimensions[second].name(LANG)).wait_for(timeout=30_000)
    settle(page)
    page.get_by_role("button", name=t("survey.prev", LANG)).click()
    page.get_by_role("heading", name=BANK.dimensions[questions[0].dimension].name(LANG)).wait_for(
        timeout=30_000
    )
    settle(page)
    opener.nth(1).click()
    expect(second_note).to_have_value(SECOND_NOTE, timeout=30_000)

    # A new session from the same link reads both from the database.
    page.reload()
    heading = BANK.dimensions[questions[0].dimension].name(LANG)
    page.get_by_role("heading", name=heading).wait_for(timeout=30_000)
    settle(page)
    expect(note).to_have_count(0)
    opener.first.click()
    expect(note).to_have_value(NOTE, timeout=30_000)
    expect(evidence).to_have_value(EVIDENCE)

    # Another language keeps it open, in view: to Streamlit a new label is a new expander, drawn closed.
    page.get_by_role("combobox", name=t("app.language", LANG), exact=True).click()
    page.get_by_role("option", name="Español", exact=True).click()
    spanish_note = page.get_by_role("textbox", name=t("survey.note", "es"), exact=True)
    expect(spanish_note).to_have_value(NOTE, timeout=30_000)
    context.close()
