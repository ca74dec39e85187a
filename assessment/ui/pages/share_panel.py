"""On the Results page of a submitted self-assessment: the person's read-only share links — make one (with an
optional last day), see when each was last opened, withdraw one. Reached through the person's own resume
link only; an assessment a consultant owns is shared from the workspace instead, so the panel stays away."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from assessment.i18n import t
from assessment.records import ACTIVE, LABEL_MAX, LinkRow
from assessment.storage import StorageUnavailable
from assessment.storage.errors import NotSubmitted
from assessment.storage.links import SelfLinks
from assessment.ui import links_view, persist

MADE_KEY = "share_made"
PICK_KEY = "share_withdraw_pick"
DONE_KEY = "share_withdrawn"


def show(lang: str) -> None:
    s = persist.session()
    if not s.frozen or s.token is None:
        return
    mine = SelfLinks(persist.store(), s.token)
    try:
        if not mine.available():
            return
        rows = mine.links()
    except StorageUnavailable:
        return
    with st.container(border=True):
        st.markdown(f"**{t('share.panel.title', lang)}**")
        st.caption(t("share.panel.help", lang))
        with st.form("share_new", border=False):
            left, right = st.columns(2)
            label = left.text_input(t("links.label", lang), max_chars=LABEL_MAX, key="share_label")
            with right:
                expires = links_view.expiry(lang, "share_expires")
            create = st.form_submit_button(t("share.panel.create", lang), type="primary")
        if create:
            try:
                token = mine.share(expires, label or None)
            except StorageUnavailable:
                st.error(t("ws.db_down", lang))
                token = None
            except (NotSubmitted, ValueError):
                st.error(t("links.ws.not_submitted", lang))
                token = None
            if token is not None:
                st.session_state[MADE_KEY] = (s.token, persist.share_link_for(token))
                rows = mine.links()
        made = st.session_state.get(MADE_KEY)
        if isinstance(made, tuple) and made[0] == s.token:
            links_view.made(made[1], lang)
        if not rows:
            st.caption(t("share.panel.none", lang))
            return
        links_view.table(rows, lang, "share_links")
        _withdraw(mine, rows, lang)


def _withdraw(mine: SelfLinks, rows: list[LinkRow], lang: str) -> None:
    now = datetime.now(UTC)
    active = {r.id: r for r in rows if r.state(now) == ACTIVE}
    if st.session_state.pop(DONE_KEY, False):
        st.success(t("links.withdrawn", lang), icon=":material/link_off:")
    if not active:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox(
        t("links.withdraw_pick", lang),
        list(active),
        format_func=lambda i: links_view.option(active[i], lang),
        key=PICK_KEY,
    )
    right.button(
        t("links.withdraw", lang), key="share_withdraw", on_click=_on_withdraw, args=(mine, set(active))
    )


def _on_withdraw(mine: SelfLinks, active: set[int]) -> None:
    # A callback runs before the page is drawn again, so the table already shows the link withdrawn.
    picked = st.session_state.get(PICK_KEY)
    if picked not in active:
        return
    try:
        st.session_state[DONE_KEY] = mine.withdraw(int(picked))
    except StorageUnavailable:
        st.session_state[DONE_KEY] = False
