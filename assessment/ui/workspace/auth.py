"""Who is signed in to the workspace. The state lives under its own session key, set only by a successful
sign-in (a password checked by assessment.storage.accounts, or Streamlit's OIDC login) or by the cookie of
a server-side session such a sign-in opened (assessment.storage.sessions); a client's resume link (`?a=`)
fills other keys and never this one. Every workspace page calls `require()` on every run.

A built-in sign-in outlives its tab: the page trades a one-time ticket for an HttpOnly cookie at Foco's
session route (session_route.py), and a reload or a second tab resumes the session from that cookie. The
session is checked on every run, so a sign-out, or 30 minutes idle, ends it in every tab."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import streamlit as st

from assessment.i18n import t
from assessment.storage import StorageUnavailable, tokens
from assessment.storage.accounts import AccountError, Accounts
from assessment.storage.sessions import COOKIE_NAME, Sessions
from assessment.storage.workspace import Workspace
from assessment.ui import persist, state
from assessment.ui.workspace import session_route

log = logging.getLogger("foco")
KEY = "_foco_ws"
TICKET_KEY = "_foco_ws_ticket"  # a fresh sign-in's ticket, traded for the cookie on the next run
BYE_KEY = "_foco_ws_bye"  # signed out: drop the cookie on the next run
DEAD_KEY = "_foco_ws_dead_cookie"  # hash of a cookie found dead in this session: not looked up again
HOME_KEY = "_foco_ws_home"  # the workspace's first page, where a sign-out lands
# The cookie this session was opened with has been looked at: it is the page's first request's (st.context),
# the same on every run, so it is read once, not on each of a respondent's runs (4 ms a run: issue 15).
# Cleared with the rest by _forget, so a session ended here looks at it again. Not seen so: a tab whose
# websocket reconnects to its session after a sign-in in another tab (Streamlit copies the new cookie on the
# reconnect) stays signed out until it is reloaded, as a tab opened before the sign-in does.
CHECKED_KEY = "_foco_ws_cookie_checked"


@dataclass(frozen=True)
class Signed:
    consultant_id: int
    name: str
    oidc: bool = False
    session_id: int | None = None  # the server-side session of a built-in sign-in


def current() -> Signed | None:
    value = st.session_state.get(KEY)
    return value if isinstance(value, Signed) else None


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all is the common case
        return False


def sync_oidc() -> None:
    """A person signed in through the identity provider becomes (or is) a consultant."""
    if current() is not None or not oidc_configured():
        return
    try:
        logged_in = bool(st.user.is_logged_in)
    except Exception:  # noqa: BLE001 - an auth section Streamlit cannot use: built-in accounts only
        return
    if not logged_in:
        return
    subject = st.user.get("sub")
    try:
        consultant_id = Accounts(persist.store()).from_oidc(
            str(subject or ""), _claim("name"), _claim("email")
        )
    except (AccountError, StorageUnavailable):
        log.warning("could not map the OIDC user to a consultant")
        return
    name = str(st.user.get("name") or st.user.get("email") or "")
    st.session_state[KEY] = Signed(consultant_id, name, oidc=True)


def _claim(name: str) -> str | None:
    """A text claim of the signed-in user; anything else (a provider's odd value) is no claim."""
    value = st.user.get(name)
    return value if isinstance(value, str) else None


def sync_session() -> None:
    """Resume a session from its cookie (a reload, a second tab), or end this tab's if it was ended."""
    signed = current()
    if signed is not None:
        if signed.session_id is not None and not _alive(signed):
            _forget()
        return
    if st.session_state.get(CHECKED_KEY):
        return
    cookie = st.context.cookies.get(COOKIE_NAME)
    # Anything but one of our tokens (a tampered cookie) is looked up nowhere.
    if not tokens.is_well_formed(cookie) or st.session_state.get(DEAD_KEY) == tokens.token_hash(cookie):
        st.session_state[CHECKED_KEY] = True
        return
    try:
        resumed = Sessions(persist.store()).resume(cookie)
    except StorageUnavailable:
        return  # tried again on the next run
    st.session_state[CHECKED_KEY] = True
    if resumed is None:
        st.session_state[DEAD_KEY] = tokens.token_hash(cookie)
        return
    st.session_state[KEY] = Signed(resumed.consultant_id, resumed.display_name, session_id=resumed.session_id)


def _alive(signed: Signed) -> bool:
    assert signed.session_id is not None
    try:
        return Sessions(persist.store()).check(signed.session_id, signed.consultant_id)
    except StorageUnavailable:
        return True  # nothing of the workspace loads without the database anyway


def _forget() -> None:
    ours = (KEY, TICKET_KEY, CHECKED_KEY)
    for key in [k for k in st.session_state if str(k).startswith("ws_") or k in ours]:
        del st.session_state[key]


def cookie_scripts() -> None:
    """The page's side of the session cookie: trade a fresh ticket for it, or drop it after a sign-out. Our
    fixed script with a token of ours, never text a person typed."""
    ticket = st.session_state.pop(TICKET_KEY, None)
    bye = st.session_state.pop(BYE_KEY, False)
    if not session_route.INSTALLED:
        return
    calls: list[tuple[str, str | None]] = []
    if isinstance(ticket, str) and tokens.is_well_formed(ticket):
        calls.append(("POST", json.dumps({"ticket": ticket})))
    if bye:
        calls.append(("DELETE", None))
    for method, body in calls:
        payload = {
            "method": method,
            "credentials": "same-origin",
            "headers": {"Content-Type": "application/json"},
        }
        if body is not None:
            payload["body"] = body
        st.html(
            f"<script>fetch({json.dumps(session_route.PATH)}, {json.dumps(payload)});</script>",
            unsafe_allow_javascript=True,
        )


def workspace() -> Workspace:
    signed = current()
    if signed is None:  # the pages call require() first; this is a second lock on the same door
        raise PermissionError("not signed in")
    return Workspace(persist.store(), signed.consultant_id)


def require() -> Signed:
    signed = current()
    if signed is None:
        st.warning(t("ws.signin.needed", state.lang()), icon=":material/lock:")
        st.stop()
    assert signed is not None
    return signed


def sign_in_page() -> None:
    lang = state.lang()
    st.header(t("ws.signin.title", lang), anchor=False)
    st.caption(t("ws.signin.intro", lang))
    if session_route.INSTALLED:
        st.caption(t("ws.signin.lasts", lang))
    if oidc_configured():
        st.button(t("ws.signin.oidc", lang), on_click=st.login, type="primary", key="ws_oidc")
        st.caption(t("ws.signin.or", lang))
    with st.form("ws_signin"):
        username = st.text_input(t("ws.signin.username", lang), max_chars=100, autocomplete="username")
        password = st.text_input(
            t("ws.signin.password", lang), type="password", max_chars=1024, autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("ws.signin.button", lang), type="primary")
    if not submitted:
        return
    accounts = Accounts(persist.store())
    try:
        consultant_id = accounts.verify(username, password)
    except StorageUnavailable:
        st.error(t("ws.db_down", lang))
        return
    if consultant_id is None:
        # One message for an unknown user, a wrong password and a locked account.
        st.error(t("ws.signin.failed", lang))
        return
    row = accounts.get(consultant_id)
    try:
        session_id, ticket = Sessions(persist.store()).begin(consultant_id)
    except StorageUnavailable:
        st.error(t("ws.db_down", lang))
        return
    st.session_state[KEY] = Signed(
        consultant_id, row.display_name if row else username, session_id=session_id
    )
    st.session_state[TICKET_KEY] = ticket
    st.rerun()


def sign_out_page() -> None:
    signed = current()
    if signed is not None and signed.session_id is not None:
        try:
            Sessions(persist.store()).end(signed.session_id)
        except StorageUnavailable:
            log.warning("could not end the session in the database; its cookie is dropped all the same")
        st.session_state[BYE_KEY] = True
    _forget()
    if signed is not None and signed.oidc:
        # The browser is sent to the provider's end-session page and back, into a new session. A rerun
        # here raced that redirect: the rerun's page change could win and the browser stay signed in.
        st.logout()
        return
    home = st.session_state.get(HOME_KEY)
    if home is not None:
        st.switch_page(home)
    st.rerun()
