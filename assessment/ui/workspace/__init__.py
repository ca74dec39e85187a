"""The consultant's workspace: a sign-in page while signed out; Clients, Portfolio, Compare, Consensus,
Import/Export and Sign out once signed in."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from assessment.i18n import t
from assessment.ui import nav
from assessment.ui.workspace import auth

# Every path the workspace may register (signed in or not): the router keeps them all answering.
URL_PATHS = ("workspace", "ws-portfolio", "ws-compare", "ws-consensus", "ws-transfer", "ws-signout")


def pages(lang: str) -> list[StreamlitPage]:
    from assessment.ui.workspace import clients, compare, consensus_page, portfolio_page, transfer

    auth.sync_oidc()
    auth.sync_session()
    auth.cookie_scripts()
    if auth.current() is None:
        return [
            st.Page(auth.sign_in_page, title=t("ws.nav", lang), icon=":material/work:", url_path="workspace")
        ]
    home = st.Page(
        clients.show, title=t("ws.nav.clients", lang), icon=":material/work:", url_path="workspace"
    )
    # Sign-out lands on this page's address, where the sign-in page is drawn from then on.
    st.session_state[auth.HOME_KEY] = home
    agree = st.Page(
        consensus_page.show,
        title=t("ws.nav.consensus", lang),
        icon=":material/handshake:",
        url_path="ws-consensus",
    )
    nav.add({"ws-consensus": agree})
    return [
        home,
        st.Page(
            portfolio_page.show,
            title=t("ws.nav.portfolio", lang),
            icon=":material/table_chart:",
            url_path="ws-portfolio",
        ),
        st.Page(
            compare.show, title=t("ws.nav.compare", lang), icon=":material/compare:", url_path="ws-compare"
        ),
        agree,
        st.Page(
            transfer.show,
            title=t("ws.nav.transfer", lang),
            icon=":material/swap_vert:",
            url_path="ws-transfer",
        ),
        st.Page(
            auth.sign_out_page,
            title=t("ws.nav.signout", lang),
            icon=":material/logout:",
            url_path="ws-signout",
        ),
    ]
