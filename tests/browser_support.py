"""Playwright driving Debian's Chromium (never a downloaded browser) against the real app."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.server import CHROMIUM, CHROMIUM_ARGS

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — under CI=true browser tests must run")
        pytest.skip(reason)


# One Playwright and one Chromium serve every browser test, closed by the last user: a second sync
# Playwright cannot start while the first runs (tests/conftest.py registers this fixture once).
_shared: dict[str, Any] = {"users": 0, "playwright": None, "browser": None}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    if _shared["users"] == 0:
        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    _shared["users"] += 1
    try:
        yield _shared["browser"]
    finally:
        _shared["users"] -= 1
        if _shared["users"] == 0:
            _shared["browser"].close()
            _shared["playwright"].stop()


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait for the rerun a click started: first (briefly) for it to begin, then for it to end."""
    with contextlib.suppress(Exception):  # the rerun may already be over
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='running']", timeout=700)
    page.wait_for_selector(IDLE, timeout=30_000)
    page.wait_for_timeout(150)


def shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
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
