"""Clients: create, rename and archive clients and units, issue assessment links, see every status."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from assessment.bank import Bank
from assessment.bank.model import FULL, QUICK
from assessment.i18n import t
from assessment.records import NAME_MAX, BadName
from assessment.storage import StorageUnavailable
from assessment.storage.workspace import Client, DuplicateName, NotFound, Workspace
from assessment.ui import links_view, persist, state
from assessment.ui.workspace import data, links


def _guard(action: Callable[[], object], lang: str) -> bool:
    """Run a workspace change; a bad name or a stale id gets a message, never a traceback."""
    try:
        action()
    except DuplicateName:
        st.error(t("ws.clients.duplicate", lang))
    except NotFound:
        st.error(t("ws.not_found", lang))
    except BadName:
        st.error(t("start.name_invalid", lang))
    except ValueError:
        st.error(t("ws.clients.name_missing", lang))
    except StorageUnavailable:
        st.error(t("ws.db_down", lang))
    else:
        return True
    return False


def _new_client(ws: Workspace, b: Bank, lang: str) -> None:
    types = [ot.id for ot in b.info.organization_types]
    with st.form("ws_new_client", clear_on_submit=True, border=True):
        st.markdown(f"**{t('ws.clients.new', lang)}**")
        left, right = st.columns([2, 1])
        name = left.text_input(t("start.org", lang), max_chars=NAME_MAX, key="ws_new_name")
        org_type = right.selectbox(
            t("start.type", lang), types, format_func=lambda x: b.org_type_name(x, lang), key="ws_new_type"
        )
        if st.form_submit_button(t("ws.clients.create", lang), type="primary") and _guard(
            lambda: ws.create_client(name, org_type), lang
        ):
            st.success(t("ws.clients.created", lang, name=state.md(name.strip())))


def _status_table(b: Bank, loaded: data.Loaded, lang: str) -> None:
    st.subheader(t("ws.clients.status", lang), anchor=False)
    if not loaded.entries:
        st.info(t("ws.clients.no_assessments", lang))
        return
    rows = sorted(loaded.entries, key=lambda e: (e.client.casefold(), e.unit.casefold(), e.date))
    table = pd.DataFrame(
        {
            t("ws.col.client", lang): [e.client for e in rows],
            t("ws.col.unit", lang): [e.unit for e in rows],
            t("ws.col.respondent", lang): [data.who_text(e, lang) for e in rows],
            t("ws.col.status", lang): [data.status_text(e, lang) for e in rows],
            t("ws.col.progress", lang): [e.percent for e in rows],
            t("ws.col.date", lang): [e.date.strftime("%Y-%m-%d") for e in rows],
            t("quick.ws.form", lang): [data.form_text(e.form, lang) for e in rows],
            t("quick.ws.col_result", lang): [data.result_text(e, lang) for e in rows],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        key="ws_status_table",
        column_config={
            t("ws.col.progress", lang): st.column_config.ProgressColumn(
                min_value=0, max_value=100, format="%d%%"
            )
        },
    )


def _manage(ws: Workspace, b: Bank, client: Client, lang: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{state.md(client.name)}** · {b.org_type_name(client.org_type, lang)}")
        rename, units = st.columns(2)
        with rename, st.form(f"ws_rename_{client.id}", border=False):
            name = st.text_input(t("ws.clients.rename", lang), value=client.name, max_chars=NAME_MAX)
            if st.form_submit_button(t("ws.save", lang)) and _guard(
                lambda: ws.rename_client(client.id, name), lang
            ):
                st.rerun()
        with units:
            live = [u for u in client.units if not u.archived]
            st.markdown(f"**{t('ws.clients.units', lang)}**")
            if not live:
                st.caption(t("ws.clients.no_units", lang))
            for unit in live:
                cols = st.columns([3, 1])
                cols[0].markdown(state.md(unit.name))
                if cols[1].button(t("ws.archive", lang), key=f"ws_arch_unit_{unit.id}") and _guard(
                    partial(ws.archive_unit, unit.id), lang
                ):
                    st.rerun()
            with st.form(f"ws_new_unit_{client.id}", clear_on_submit=True, border=False):
                unit_name = st.text_input(t("ws.clients.new_unit", lang), max_chars=NAME_MAX)
                if st.form_submit_button(t("ws.clients.add_unit", lang)) and _guard(
                    lambda: ws.create_unit(client.id, unit_name), lang
                ):
                    st.rerun()
        _issue(ws, b, client, lang)
        links.show(ws, client, lang)
        if st.button(t("ws.clients.archive", lang), key=f"ws_arch_client_{client.id}") and _guard(
            lambda: ws.archive_client(client.id), lang
        ):
            st.session_state.pop("ws_manage", None)
            st.rerun()


def _issue(ws: Workspace, b: Bank, client: Client, lang: str) -> None:
    st.markdown(f"**{t('ws.clients.link', lang)}**")
    st.caption(t("ws.clients.link_help", lang))
    targets: list[int | None] = [None, *(u.id for u in client.units if not u.archived)]
    names = {u.id: u.name for u in client.units}
    with st.form(f"ws_issue_{client.id}", border=False):
        left, right = st.columns(2)
        with left:
            target = data.pick(
                t("ws.clients.for", lang),
                targets,
                f"ws_issue_target_{client.id}",
                lambda u: t("ws.clients.whole", lang) if u is None else names[u],
            )
        respondent = right.text_input(t("ws.clients.respondent", lang), max_chars=100)
        expires = links_view.expiry(lang, f"ws_issue_expires_{client.id}")
        form: str = FULL
        if b.quick is not None:
            form = st.radio(
                t("quick.ws.form", lang),
                [FULL, QUICK],
                format_func=lambda f: data.form_text(f, lang),
                horizontal=True,
                key=f"ws_issue_form_{client.id}",
            )
        issue = st.form_submit_button(t("ws.clients.issue", lang), type="primary")
    if issue:
        try:
            _, token = ws.issue_link(
                client.id,
                target,
                lang,
                b.version,
                respondent or None,
                expires,
                form=form,
            )
        except NotFound:
            st.error(t("ws.not_found", lang))
            return
        except StorageUnavailable:
            st.error(t("ws.db_down", lang))
            return
        st.session_state["ws_last_link"] = (client.id, persist.link_for(token))
    last = st.session_state.get("ws_last_link")
    if isinstance(last, tuple) and last[0] == client.id:
        # st.code has a copy button; the link is ours (a random token), never text a person typed.
        st.code(last[1], language=None, wrap_lines=True)


def _archived(ws: Workspace, gone: list[Client], lang: str) -> None:
    if not gone:
        return
    with st.expander(t("ws.clients.archived", lang, n=len(gone))):
        for client in gone:
            cols = st.columns([3, 1])
            cols[0].markdown(state.md(client.name))
            if cols[1].button(t("ws.restore", lang), key=f"ws_restore_{client.id}") and _guard(
                partial(ws.archive_client, client.id, archived=False), lang
            ):
                st.rerun()


def show() -> None:
    ws = data.signed_workspace()
    lang = state.lang()
    b = data.bank()
    st.header(t("ws.clients.title", lang), anchor=False)
    _new_client(ws, b, lang)
    try:
        everyone = ws.clients(include_archived=True)
    except StorageUnavailable:
        st.error(t("ws.db_down", lang))
        return
    active = {c.id: c for c in everyone if not c.archived}
    if active:
        chosen = data.pick(t("ws.clients.manage", lang), list(active), "ws_manage", lambda i: active[i].name)
        if chosen is not None:
            _manage(ws, b, active[chosen], lang)
    else:
        st.info(t("ws.clients.none", lang))
    # Read after _manage: a link issued or a unit archived just above shows at once.
    try:
        loaded = data.load(ws, b)
    except StorageUnavailable:
        st.error(t("ws.db_down", lang))
        return
    _status_table(b, loaded, lang)
    _archived(ws, [c for c in everyone if c.archived], lang)
