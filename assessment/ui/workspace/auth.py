"""Who is signed in to the workspace. The state lives under its own session key, set only by a successful
sign-in (a password checked by assessment.storage.accounts, or Streamlit's OIDC login); a client's resume link
(`?a=`) fills other keys and never this one. Every workspace page calls `require()` on every run."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import streamlit as st

from assessment.i18n import t
from assessment.storage import StorageUnavailable
from assessment.storage.accounts import AccountError, Accounts
from assessment.storage.workspace import Workspace
from assessment.ui import persist, state

log = logging.getLogger("foco")
KEY = "_foco_ws"


@dataclass(frozen=True)
class Signed:
    consultant_id: int
    name: str
    oidc: bool = False


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
            str(subject or ""), st.user.get("name"), st.user.get("email")
        )
    except (AccountError, StorageUnavailable):
        log.warning("could not map the OIDC user to a consultant")
        return
    name = str(st.user.get("name") or st.user.get("email") or "")
    st.session_state[KEY] = Signed(consultant_id, name, oidc=True)


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
    st.session_state[KEY] = Signed(consultant_id, row.display_name if row else username)
    st.rerun()


def sign_out_page() -> None:
    signed = current()
    for key in [k for k in st.session_state if str(k).startswith("ws_") or k == KEY]:
        del st.session_state[key]
    if signed is not None and signed.oidc:
        # The browser is sent to the provider's end-session page and back, into a new session. A rerun
        # here raced that redirect: the rerun's page change could win and the browser stay signed in.
        st.logout()
        return
    st.rerun()
