"""What the consultant's Clients page and the self-assessing person's Results page share about links: the
table of links with their state and last opening, the optional last day, the one-time display of a link."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from assessment.i18n import t
from assessment.records import LinkRow


def local_zone() -> tzinfo:
    """The browser's time zone (dates are read and shown in it), UTC when it is unknown."""
    name = st.context.timezone
    if name:
        with contextlib.suppress(Exception):  # an unknown or malformed zone name: fall back to UTC
            return ZoneInfo(name)
    return UTC


def when(value: datetime | None, lang: str, empty: str = "—") -> str:
    if value is None:
        return empty
    return value.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M")


def expiry(lang: str, key: str) -> datetime | None:
    """An optional last valid day; the link then works until the end of that day in the browser's zone."""
    zone = local_zone()
    today = datetime.now(zone).date()
    picked = st.date_input(
        t("links.expires", lang),
        value=None,
        min_value=today,
        key=key,
        help=t("links.expires_help", lang),
        format="YYYY-MM-DD",
    )
    if not isinstance(picked, date):
        return None
    return datetime.combine(picked + timedelta(days=1), time.min, tzinfo=zone)


def table(rows: list[LinkRow], lang: str, key: str, describe: Callable[[LinkRow], str] | None = None) -> None:
    now = datetime.now(UTC)
    columns: dict[str, list[str]] = {}
    if describe is not None:
        columns[t("links.ws.assessment", lang)] = [describe(r) for r in rows]
    columns.update(
        {
            t("links.col.kind", lang): [t(f"links.kind.{r.kind}", lang) for r in rows],
            t("links.col.for", lang): [r.label or "" for r in rows],
            t("links.col.issued", lang): [when(r.created_at, lang) for r in rows],
            t("links.col.expires", lang): [when(r.expires_at, lang) for r in rows],
            t("links.col.opened", lang): [when(r.last_opened_at, lang, t("links.never", lang)) for r in rows],
            t("links.col.state", lang): [t(f"links.state.{r.state(now)}", lang) for r in rows],
        }
    )
    # st.dataframe draws every cell as text: a label a person typed is never markup.
    st.dataframe(pd.DataFrame(columns), hide_index=True, key=key)


def option(row: LinkRow, lang: str, describe: Callable[[LinkRow], str] | None = None) -> str:
    parts = [t(f"links.kind.{row.kind}", lang), when(row.created_at, lang)]
    if row.label:
        parts.append(row.label)
    if describe is not None:
        parts.insert(0, describe(row))
    return " · ".join(parts)


def made(link: str, lang: str) -> None:
    # st.code has a copy button; the link is ours (a random token), never text a person typed.
    st.code(link, language=None, wrap_lines=True)
    st.caption(t("links.shown_once", lang))
