"""A real identity provider: sign in to the workspace through Streamlit's `st.login` against an OpenID Connect
provider started here (oidc-provider-mock), in Chromium. The first sign-in creates the consultant, the next
finds the same one, two identities see nothing of each other's, and signing out ends the session.

The app reads its [auth] section from a secrets file written for this test only (`--secrets.files`), never
from the repository."""

from __future__ import annotations

import importlib.metadata
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from assessment.i18n import t
from assessment.storage import Store, upgrade
from assessment.storage.models import Consultant
from assessment.storage.workspace import Workspace
from tests.browser_support import settle, shot
from tests.server import ROOT, free_port, running_app

pytestmark = pytest.mark.browser
LANG = "en"
PEOPLE = {"ana-7f3a": ("Ana Ruiz", "ana@example.org"), "bruno-02c9": ("Bruno Neri", "bruno@example.org")}


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    try:
        from oidc_provider_mock import User, run_server_in_thread
    except ImportError as exc:  # pinned in requirements-dev.txt
        if os.environ.get("CI") == "true":
            pytest.fail(f"oidc-provider-mock is not installed ({exc}); under CI=true this test must run")
        pytest.skip(f"oidc-provider-mock is not installed: {exc}")
    users = [User(sub=sub, claims={"name": name, "email": email}) for sub, (name, email) in PEOPLE.items()]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def app(provider: str, tmp_path: Path) -> Iterator[tuple[str, Store]]:
    db = f"sqlite:///{tmp_path / 'foco.db'}"
    upgrade(db)
    port = free_port()
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "foco-test"\n'
        f'client_secret = "{secrets.token_urlsafe(24)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    store = Store(db)
    try:
        with running_app(
            {"DATABASE_URL": db}, port=port, extra_args=["--secrets.files", str(secrets_file)]
        ) as url:
            yield url, store
    finally:
        store.close()


def sign_in(page: Any, url: str, subject: str) -> None:
    page.goto(f"{url}/workspace")
    settle(page)
    page.get_by_role("button", name=t("ws.signin.oidc", LANG)).click()
    # The provider's own page: pick the identity (oidc-provider-mock lists its predefined users).
    page.get_by_role("button", name=subject, exact=True).click()
    page.wait_for_url(f"{url}/**", timeout=20_000)
    settle(page)
    page.goto(f"{url}/workspace")
    page.get_by_role("heading", name=t("ws.clients.title", LANG)).wait_for(timeout=20_000)
    settle(page)


def identity_cookies(context: Any) -> set[str]:
    return {c["name"] for c in context.cookies() if c["name"].startswith("_streamlit_user")}


def consultants(store: Store) -> dict[str, int]:
    with store.tx() as conn:
        rows = conn.execute(select(Consultant.oidc_subject, Consultant.id)).all()
    return {row.oidc_subject: row.id for row in rows}


def test_the_runtime_requirements_hold_what_st_login_needs() -> None:
    # The browser test runs with the dev requirements, which bring httpx along (oidc-provider-mock needs it);
    # a deployment installs requirements.txt only, where st.login once failed for want of httpx.
    pinned = {
        re.split(r"[\[=<>]", line, maxsplit=1)[0].strip().lower()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    needed = {
        re.split(r"[ ;<>=!~\[]", req, maxsplit=1)[0].lower()
        for req in importlib.metadata.requires("streamlit") or []
        if 'extra == "auth"' in req
    }
    assert needed and needed <= pinned, f"streamlit[auth] needs {sorted(needed - pinned)}"


def test_sign_in_through_an_identity_provider(browser, app: tuple[str, Store]) -> None:
    url, store = app
    ana_ctx = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    ana = ana_ctx.new_page()
    sign_in(ana, url, "ana-7f3a")
    assert "_streamlit_user" in identity_cookies(ana_ctx)
    first = consultants(store)
    assert list(first) == ["ana-7f3a"], "the first sign-in creates the consultant"
    Workspace(store, first["ana-7f3a"]).create_client("Biblioteca Alfa", "library")
    ana.reload()
    ana.get_by_text("Biblioteca Alfa").first.wait_for(timeout=20_000)

    bruno_ctx = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    bruno = bruno_ctx.new_page()
    sign_in(bruno, url, "bruno-02c9")
    both = consultants(store)
    assert set(both) == {"ana-7f3a", "bruno-02c9"} and both["bruno-02c9"] != both["ana-7f3a"]
    assert bruno.get_by_text("Biblioteca Alfa").count() == 0, "Bruno sees nothing of Ana's"
    Workspace(store, both["bruno-02c9"]).create_client("Comune Beta", "town_hall")
    bruno.reload()
    bruno.get_by_text("Comune Beta").first.wait_for(timeout=20_000)
    shot(bruno, "oidc-1-second-identity")
    ana.reload()
    ana.get_by_text("Biblioteca Alfa").first.wait_for(timeout=20_000)
    assert ana.get_by_text("Comune Beta").count() == 0, "Ana sees nothing of Bruno's"

    # Signing out ends the session: the workspace asks to sign in again, also after a reload.
    ana.get_by_role("link", name=t("ws.nav.signout", LANG)).click()
    # st.logout ends the provider's session too (its end_session_endpoint), which sends us back.
    ana.get_by_role("button", name="End session").click()
    ana.wait_for_url(f"{url}/**", timeout=20_000)
    settle(ana)
    assert identity_cookies(ana_ctx) == set(), "Streamlit's identity cookies are gone"
    ana.goto(f"{url}/workspace")
    ana.get_by_role("heading", name=t("ws.signin.title", LANG)).wait_for(timeout=20_000)
    ana.reload()
    ana.get_by_role("heading", name=t("ws.signin.title", LANG)).wait_for(timeout=20_000)
    assert ana.get_by_text("Biblioteca Alfa").count() == 0

    # Signing in again finds the same consultant, with its client.
    sign_in(ana, url, "ana-7f3a")
    assert consultants(store) == both
    ana.get_by_text("Biblioteca Alfa").first.wait_for(timeout=20_000)
    ana_ctx.close()
    bruno_ctx.close()
