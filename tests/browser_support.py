"""Playwright driving Debian's Chromium (never a downloaded browser) against the real app: the helpers of
the browser tests (the `browser` fixture is in tests/browser/conftest.py)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from assessment.io.importing import plan_import
from assessment.outputs.export import to_csv
from assessment.storage import Store
from assessment.storage.workspace import Workspace
from tests.helpers import app_bank
from tests.server import CHROMIUM

# The Results summary drawn: its two pictures (the curve and the radar, st.image of an SVG; issue 15).
RESULT_CHARTS = ".st-key-chart_curve img, .st-key-chart_radar img"

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — under CI=true browser tests must run")
        pytest.skip(reason)


def settle(page) -> None:
    """Wait for the rerun a click started: first (briefly) for it to begin, then for it to end."""
    with contextlib.suppress(Exception):  # the rerun may already be over
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='running']", timeout=700)
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_timeout(150)


def shot(page, name: str) -> Path:
    # Streamlit scrolls an inner container, so a "full page" shot stops at the viewport: grow the
    # viewport to the content's height for the picture, then put it back.
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')]"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(int(height) + 80, size["height"]), 6000)}
    )
    page.wait_for_timeout(400)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def pick(page, label: str, option: str) -> None:
    # Typing filters the list and Enter takes the match: steadier than waiting for a dropdown to open.
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).wait_for(timeout=10_000)
    box.press("Enter")
    settle(page)


def click(page, name: str) -> None:
    # A button, or a link drawn as one ("See the results": survey._see_results).
    button = page.get_by_role("button", name=name, exact=True)
    button.or_(page.get_by_role("link", name=name, exact=True)).first.click()
    settle(page)


def import_units(
    store: Store, consultant_id: int, rows: list[tuple[str, str, int]], lang: str = "es"
) -> None:
    """Clients and units imported for a consultant, each row answering every question with one step."""
    bank = app_bank()
    ws = Workspace(store, consultant_id)
    qids = list(bank.questions)
    text = to_csv(
        ["organization", "unit", *qids], [[org, unit, *([step] * len(qids))] for org, unit, step in rows]
    ).removeprefix("\ufeff")
    existing = {c.name.casefold(): c.org_type for c in ws.clients(include_archived=True)}
    items, problems = plan_import(bank, text, existing, "other")
    assert problems == []
    ws.apply_import(items, lang, bank.version)


def open_tab(page, name: str, lang: str = "en") -> None:
    """Click one of the Results page's tabs (assessment.ui.pages.results.TABS) and wait for its content."""
    from assessment.i18n import t

    page.get_by_role("tab", name=t(f"results.tab_{name}", lang), exact=True).click()
    settle(page)


def open_portfolio_tab(page, name: str, lang: str = "en") -> None:
    """Click one of the Portfolio page's tabs (assessment.ui.workspace.portfolio_page.TABS): its content is
    drawn only once it is open."""
    from assessment.ui.workspace.portfolio_page import tab_label

    page.get_by_role("tab", name=tab_label(name, lang), exact=True).click()
    settle(page)
