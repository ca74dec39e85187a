"""Links that open nothing, in a real browser (issue 11, item 11): whatever page of Foco a bad link
names, the person sees Foco's own page in their language, never Streamlit's English "Page not found"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assessment.bank import DEFAULT_BANK_DIR
from assessment.i18n import t
from tests.browser_support import settle, shot
from tests.server import running_app

pytestmark = pytest.mark.browser
# The paths Foco's pages live at: a link Foco hands out names /survey; /results and the others are a
# reload or a bookmark away. (The start page is the default one, served at the root: Streamlit itself
# answers /start with "Page not found", with or without a link.)
PATHS = ["", "/survey", "/results", "/workspace", "/ws-portfolio"]
STREAMLIT_NOT_FOUND = "Page not found"


@pytest.mark.parametrize("path", PATHS)
def test_a_bad_link_shows_the_link_page_at_every_path(browser, tmp_path: Path, path: str) -> None:
    with running_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'foco.db'}"}) as url:
        context = browser.new_context(locale="it-IT")
        page = context.new_page()
        page.goto(f"{url}{path}?a=not-a-token-{'x' * 20}")
        settle(page)
        page.get_by_text(t("link.bad", "it")).wait_for(timeout=20_000)
        shot(page, f"bad-link{path.replace('/', '-') or '-root'}")
        assert page.get_by_text(STREAMLIT_NOT_FOUND).count() == 0, "Streamlit's own English dialog"
        assert page.get_by_role("dialog").count() == 0
        # The way out: a new assessment, on the start page, with the bad token gone from the address.
        page.get_by_role("button", name=t("link.start_new", "it")).click()
        settle(page)
        page.get_by_role("textbox", name=t("start.org", "it"), exact=True).wait_for(timeout=20_000)
        assert "a=" not in page.url
        assert page.get_by_text(STREAMLIT_NOT_FOUND).count() == 0
        context.close()


def test_a_broken_bank_shows_its_problems_at_every_path(browser, tmp_path: Path) -> None:
    bank = tmp_path / "questions"
    shutil.copytree(DEFAULT_BANK_DIR, bank)
    (bank / "bank.yaml").unlink()
    (bank / "bank.yaml").mkdir()
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'foco.db'}", "FOCO_BANK": str(bank)}
    with running_app(env) as url:
        context = browser.new_context(locale="es-ES")
        page = context.new_page()
        for path in PATHS:
            page.goto(f"{url}{path}?a=whatever")
            settle(page)
            page.get_by_text(t("bank.broken.title", "es")).wait_for(timeout=20_000)
            # The title may be drawn a moment before the list of problems under it.
            problem = page.get_by_text("bank.yaml: is a folder, not a YAML file")
            problem.first.wait_for(timeout=20_000)
            assert problem.count() == 1
            assert page.get_by_text(STREAMLIT_NOT_FOUND).count() == 0, path
        context.close()
