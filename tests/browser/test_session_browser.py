"""A consultant's sign-in that survives a reload, in Debian's Chromium against the real servers — `streamlit
run asgi.py` (what `make run` starts) and `uvicorn asgi:app` (a shared deployment): a reload keeps the
consultant signed in on the same page, a second tab is signed in, the cookie is HttpOnly and SameSite=Strict
and only its hash is in the database; after sign-out a reload, the other tab and even the old cookie replayed
in a fresh browser are signed out."""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from assessment.i18n import t
from assessment.storage import Store, upgrade
from assessment.storage.accounts import Accounts
from assessment.storage.sessions import COOKIE_NAME, Sessions
from assessment.storage.workspace import Workspace
from tests.browser_support import settle, shot
from tests.server import ROOT, running_app
from tests.storage_fixtures import dump_database

pytestmark = pytest.mark.browser
LANG = "it"
PASSWORD = "correct horse battery"


def sign_in(page, url: str) -> None:
    page.goto(f"{url}/workspace")
    settle(page)
    page.get_by_role("textbox", name=t("ws.signin.username", LANG)).fill("ana")
    page.get_by_role("textbox", name=t("ws.signin.password", LANG)).fill(PASSWORD)
    page.get_by_role("button", name=t("ws.signin.button", LANG)).click()
    settle(page)
    heading(page, "ws.clients.title")


def heading(page, key: str) -> None:
    page.get_by_role("heading", name=t(key, LANG)).wait_for(timeout=20_000)


def signed_out(page) -> bool:
    heading(page, "ws.signin.title")
    # The heading may be drawn a moment before the form under it (seen once on a busy machine).
    password = page.get_by_role("textbox", name=t("ws.signin.password", LANG))
    try:
        password.wait_for(timeout=10_000)
    except PlaywrightTimeout:
        return False
    return password.is_visible()


def session_cookie(context) -> dict:
    # The route sets it from a fetch once the page has drawn: give that fetch a moment to land.
    for _ in range(50):
        found = [c for c in context.cookies() if c["name"] == COOKIE_NAME]
        if found:
            return dict(found[0])
        context.pages[0].wait_for_timeout(100)
    raise AssertionError("the session cookie was never set")


def post(url: str, body: dict, origin: str | None) -> int:
    headers = {"Content-Type": "application/json", **({"Origin": origin} if origin else {})}
    request = urllib.request.Request(
        f"{url}/api/session", data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.parametrize("server", ["streamlit run asgi.py", "uvicorn asgi:app"])
def test_sign_in_survives_a_reload_and_a_second_tab_until_sign_out(
    browser,
    tmp_path: Path,
    server: str,
) -> None:
    url_db = f"sqlite:///{tmp_path / 'foco.db'}"
    upgrade(url_db)
    store = Store(url_db)
    ana = Accounts(store).create("ana", PASSWORD, "Ana Ruiz")
    Workspace(store, ana).create_client("Biblioteca di Mantova", "library")
    serve = {"asgi": True} if server.startswith("uvicorn") else {"script": ROOT / "asgi.py"}
    with running_app({"DATABASE_URL": url_db}, **serve) as url:
        context = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in(page, url)
        cookie = session_cookie(context)
        assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
        assert COOKIE_NAME not in page.evaluate("document.cookie"), "no script of the page can read it"
        dump = dump_database(url_db)
        assert cookie["value"] not in dump
        assert hashlib.sha256(cookie["value"].encode()).hexdigest() in dump

        page.get_by_role("link", name=t("ws.nav.portfolio", LANG)).click()
        settle(page)
        heading(page, "ws.portfolio.title")
        page.reload()
        settle(page)
        heading(page, "ws.portfolio.title")
        assert page.url.split("?")[0].endswith("/ws-portfolio"), "a reload lands on the same page"
        assert not page.get_by_text("Page not found").count()
        shot(page, f"session-reloaded-{server.split()[0]}")

        second = context.new_page()
        second.goto(f"{url}/ws-compare")
        settle(second)
        heading(second, "ws.compare.title")

        page.get_by_role("link", name=t("ws.nav.signout", LANG)).click()
        settle(page)
        assert signed_out(page)
        # The route drops the cookie; the session row is ended whatever happens to the cookie.
        for _ in range(50):
            if not [c for c in context.cookies() if c["name"] == COOKIE_NAME]:
                break
            page.wait_for_timeout(100)
        assert not [c for c in context.cookies() if c["name"] == COOKIE_NAME]
        page.goto(f"{url}/workspace")
        settle(page)
        assert signed_out(page)
        second.goto(f"{url}/workspace")
        settle(second)
        assert signed_out(second), "the other tab is signed out too"

        # The old cookie, replayed in a browser that never signed out, opens nothing: ended server-side.
        replay = browser.new_context(locale="it-IT")
        replay.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path")}])
        stale = replay.new_page()
        stale.goto(f"{url}/workspace")
        settle(stale)
        assert signed_out(stale)
        replay.close()
        context.close()

        # The route takes tickets only from Foco's own page, and each ticket once.
        _, ticket = Sessions(store).begin(ana)
        assert post(url, {"ticket": ticket}, "http://evil.example") == 403
        assert post(url, {"ticket": ticket}, None) == 403
        own = url  # the page's origin is the server's own
        assert post(url, {"ticket": ticket}, own) == 204
        assert post(url, {"ticket": ticket}, own) == 403, "a ticket is traded once"
        assert post(url, {"ticket": "x" * 5000}, own) == 403
    store.close()
