"""Nothing lost, in a real browser: answer part of the survey, reload, open the resume link in a fresh browser
context; then two app processes sharing one PostgreSQL serve the same assessment."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessment.bank import Bank
from assessment.i18n import t
from tests.browser_support import settle, shot
from tests.server import running_app
from tests.storage_fixtures import find_pg_admin, temp_pg_database

pytestmark = pytest.mark.browser
BANK: Bank  # and FIRST: set by the _bank fixture below, never at import
FIRST: str
LANG = "es"


@pytest.fixture(autouse=True, scope="module")
def _bank(app_bank: Bank) -> None:
    # What this module's tests and helpers read, from the app_bank fixture (tests/conftest.py): a bank
    # that does not load fails that fixture, not the collection of the whole suite.
    global BANK, FIRST
    BANK = app_bank
    FIRST = list(BANK.dimensions)[0]


def questions() -> list:
    return [q for q in BANK.questions_by_dimension[FIRST] if q.applies("library")]


def groups(page):
    # The first radio group is the section picker; the rest are the questions, in order.
    return page.locator("[role='radiogroup']")


def begin(page, url: str, name: str) -> None:
    page.goto(url)
    settle(page)
    page.get_by_role("textbox", name=t("start.org", LANG), exact=True).fill(name)
    page.get_by_role("button", name=t("start.button", LANG)).click()
    page.get_by_role("heading", name=BANK.dimensions[FIRST].name(LANG)).wait_for(timeout=20_000)
    settle(page)


def click_answer(page, index: int, step: int) -> None:
    q = questions()[index]
    groups(page).nth(index + 1).get_by_text(q.options[step].text(LANG), exact=True).click()
    settle(page)


def checked(page, index: int, step: int) -> bool:
    q = questions()[index]
    return bool(
        groups(page).nth(index + 1).get_by_role("radio", name=q.options[step].text(LANG)).is_checked()
    )


def token_of(page) -> str:
    query = urllib.parse.urlparse(page.url).query
    return urllib.parse.parse_qs(query)["a"][0]


def test_reload_and_resume_link_keep_every_answer(browser, tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'foco.db'}"}
    with running_app(env) as url:
        context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        begin(page, url, "Biblioteca Pública de Soria")
        click_answer(page, 0, 3)
        click_answer(page, 1, 1)
        click_answer(page, 2, 4)
        token = token_of(page)
        assert len(token) >= 32

        page.reload()
        page.get_by_role("heading", name=BANK.dimensions[FIRST].name(LANG)).wait_for(timeout=20_000)
        settle(page)
        assert checked(page, 0, 3) and checked(page, 1, 1) and checked(page, 2, 4), "a reload keeps them"
        link = page.locator("[data-testid='stCode']").inner_text().strip()
        assert token in link
        shot(page, "saving-1-after-reload")

        # Another device: a new browser context with nothing but the link.
        other = browser.new_context(locale="it-IT", viewport={"width": 390, "height": 844})
        phone = other.new_page()
        phone.goto(link)
        phone.get_by_role("heading", name=BANK.dimensions[FIRST].name(LANG)).wait_for(timeout=20_000)
        settle(phone)
        assert checked(phone, 0, 3) and checked(phone, 1, 1) and checked(phone, 2, 4)
        shot(phone, "saving-2-resumed-on-a-phone")

        # A mistyped link reveals nothing.
        phone.goto(f"{url}/survey?a={token[:-4]}XXXX")
        settle(phone)
        phone.get_by_text(t("link.bad", "it")).wait_for(
            timeout=10_000
        )  # no assessment: the browser's language
        assert phone.get_by_text("Soria").count() == 0
        other.close()
        context.close()


@pytest.fixture
def pg_database() -> Iterator[str]:
    admin, reason = find_pg_admin()
    if admin is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is needed under CI=true: {reason}")
        pytest.skip(f"PostgreSQL not reachable: {reason}")
    with temp_pg_database(admin) as url:
        yield url
    admin.dispose()


def test_two_processes_share_one_postgresql(browser, pg_database: str) -> None:
    env = {"DATABASE_URL": pg_database}
    with running_app(env) as url_a, running_app(env, asgi=True) as url_b:
        with urllib.request.urlopen(f"{url_b}/healthz", timeout=10) as resp:
            assert resp.status == 200
            assert json.loads(resp.read()) == {"status": "ok", "database": "ok"}

        first = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
        page_a = first.new_page()
        begin(page_a, url_a, "Ayuntamiento de Teruel")
        click_answer(page_a, 0, 2)
        click_answer(page_a, 1, 4)
        token = token_of(page_a)

        # Resumed on the other process (another replica), answered further there.
        second = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
        page_b = second.new_page()
        page_b.goto(f"{url_b}/survey?a={token}")
        page_b.get_by_role("heading", name=BANK.dimensions[FIRST].name(LANG)).wait_for(timeout=20_000)
        settle(page_b)
        assert checked(page_b, 0, 2) and checked(page_b, 1, 4)
        click_answer(page_b, 2, 0)
        shot(page_b, "saving-3-second-process")

        # Back on the first process, a reload shows the answer given on the second.
        page_a.reload()
        page_a.get_by_role("heading", name=BANK.dimensions[FIRST].name(LANG)).wait_for(timeout=20_000)
        settle(page_a)
        assert checked(page_a, 2, 0) and checked(page_a, 0, 2)
        first.close()
        second.close()


def test_healthz_reports_an_unreachable_database() -> None:
    env = {"DATABASE_URL": "postgresql://foco@127.0.0.1:1/none?connect_timeout=1"}
    with running_app(env, asgi=True) as url:
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(f"{url}/healthz", timeout=10)
        assert caught.value.code == 503
        assert json.loads(caught.value.read())["database"] == "unreachable"
