"""Clients page, one client's links: every survey and read-only link of its assessments, with its state and
when it was last opened; a new survey link (withdrawing the earlier ones, on by default), a read-only link to
a submitted report, each with an optional last day; withdrawing a link. Everything goes through the
consultant's Workspace, the one place that scopes by consultant."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st

from assessment.i18n import t
from assessment.records import ACTIVE, LABEL_MAX, AssessmentRow, LinkRow
from assessment.storage import StorageUnavailable
from assessment.storage.errors import NotSubmitted
from assessment.storage.workspace import Client, NotFound, Workspace
from assessment.ui import links_view, persist
from assessment.ui.workspace import data

MADE_KEY = "ws_made_link"
DONE_KEY = "ws_link_withdrawn"


def _who(unit: str | None, respondent: str | None, lang: str) -> str:
    return " · ".join([unit or t("ws.clients.whole", lang), *([respondent] if respondent else [])])


def _assessment(a: AssessmentRow, lang: str) -> str:
    if a.submitted_at is not None:
        status = t("ws.status.submitted", lang)
    elif a.answered:
        status = t("links.ws.open", lang)
    else:
        status = t("ws.status.not_started", lang)
    return f"{_who(a.unit_name, a.respondent, lang)} · {status} · {a.started_at.strftime('%Y-%m-%d')}"


def show(ws: Workspace, client: Client, lang: str) -> None:
    st.markdown(f"**{t('links.ws.title', lang)}**")
    st.caption(t("links.ws.help", lang))
    try:
        assessments = {a.id: a for a in ws.assessments(client.id)}
        if assessments:
            _make(ws, client, assessments, lang)
        rows = ws.links(client.id)
    except NotFound:
        st.error(t("ws.not_found", lang))
        return
    except StorageUnavailable:
        st.error(t("ws.db_down", lang))
        return
    made = st.session_state.get(MADE_KEY)
    if isinstance(made, tuple) and made[0] == client.id:
        links_view.made(made[1], lang)
    if st.session_state.pop(DONE_KEY, False):
        st.success(t("links.withdrawn", lang), icon=":material/link_off:")
    if not rows:
        st.caption(t("links.ws.none", lang))
        return

    def describe(r: LinkRow) -> str:
        return _who(r.unit_name, r.respondent, lang)

    links_view.table(rows, lang, f"ws_links_{client.id}", describe)
    _withdraw(ws, client, rows, lang, describe)


def _make(ws: Workspace, client: Client, assessments: dict[int, AssessmentRow], lang: str) -> None:
    key = f"ws_links_{client.id}"
    with st.form(f"{key}_make", border=False):
        target = data.pick(
            t("links.ws.assessment", lang),
            list(reversed(assessments)),  # the newest first
            f"ws_links_target_{client.id}",
            lambda i: _assessment(assessments[i], lang),
        )
        left, right = st.columns(2)
        with left:
            expires = links_view.expiry(lang, f"ws_links_expires_{client.id}")
        label = right.text_input(
            t("links.label", lang), max_chars=LABEL_MAX, key=f"ws_links_label_{client.id}"
        )
        withdraw_old = st.checkbox(
            t("links.ws.withdraw_old", lang), value=True, key=f"ws_links_old_{client.id}"
        )
        new_col, share_col = st.columns(2)
        new = new_col.form_submit_button(t("links.ws.new", lang), width="stretch")
        share = share_col.form_submit_button(t("links.ws.share", lang), width="stretch")
    st.caption(t("links.ws.submitted_note", lang))
    if not (new or share) or target is None or target not in assessments:
        return
    try:
        if new:
            token = ws.new_link(target, withdraw_old=withdraw_old, expires_at=expires, label=label or None)
            link = persist.link_for(token)
        else:
            token = ws.share_link(target, expires_at=expires, label=label or None)
            link = persist.share_link_for(token)
    except NotSubmitted:
        st.error(t("links.ws.not_submitted", lang))
        return
    st.session_state[MADE_KEY] = (client.id, link)


def _withdraw(
    ws: Workspace, client: Client, rows: list[LinkRow], lang: str, describe: Callable[[LinkRow], str]
) -> None:
    now = datetime.now(UTC)
    active = {r.id: r for r in rows if r.state(now) == ACTIVE}
    if not active:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    with left:
        picked = data.pick(
            t("links.withdraw_pick", lang),
            list(active),
            f"ws_links_withdraw_{client.id}",
            lambda i: links_view.option(active[i], lang, describe),
        )
    if (
        right.button(t("links.withdraw", lang), key=f"ws_links_withdraw_btn_{client.id}")
        and picked is not None
    ):
        try:
            st.session_state[DONE_KEY] = ws.withdraw_link(picked)
        except NotFound:
            st.error(t("ws.not_found", lang))
            return
        except StorageUnavailable:
            st.error(t("ws.db_down", lang))
            return
        st.rerun()
