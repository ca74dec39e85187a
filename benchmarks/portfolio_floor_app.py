"""The floor of the consultant's Portfolio for `make bench`: its content in a bare Streamlit app.

The workspace's top navigation (nine entries with their icons) in Foco's wide layout, and two of its pages:
Import/Export (a heading and a line: the page the benchmark opens the portfolio from) and Portfolio, which
draws what Foco's draws for as many clients (FOCO_FLOOR_CLIENTS, 1,000 unless told), element for element
(counted in Chromium on the benchmark's own data): the app's title, a language select box and the script
setting the page's language, the header, the three filters, the search box, the sort, the count, four tabs
kept in state and on the first one the page number, the two captions, a page of 100 rows of the table's
columns in a data grid, the heatmap's heading, its grouping toggle, its caption and its picture (Foco's own
SVG of the first 60 rows shown), and the line under it. The rows are made up once (a fixed seed); the overall-
level filter narrows the table, the count and the heatmap as Foco's does. What the framework and the browser
cost for that content, without Foco's sign-in, database, cache or checks.
"""

import os
import random
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from floor_chrome import chrome  # noqa: E402  # this folder: Streamlit puts a script's own on the path

from assessment.bank import DEFAULT_BANK_DIR, load_bank  # noqa: E402
from assessment.i18n import t, tn  # noqa: E402
from assessment.outputs.svg_charts import HEATMAP_WIDTH, heatmap_svg  # noqa: E402

LANG = "en"
CLIENTS = int(os.environ.get("FOCO_FLOOR_CLIENTS", "1000"))  # as many as the benchmark's portfolio
PAGE_ROWS, HEATMAP_MAX = 100, 60


@st.cache_resource
def clients() -> tuple[pd.DataFrame, list[str], dict[int, str]]:
    bank = load_bank(DEFAULT_BANK_DIR)
    dims = [d.name(LANG) for d in bank.dimensions.values()]
    levels = {lv.level: f"{lv.level} {lv.name(LANG)}" for lv in bank.levels}
    types = [bank.org_type_name(o.id, LANG) for o in bank.info.organization_types]
    pick = random.Random(15)
    rows = []
    for n in range(CLIENTS):
        scores = [round(pick.uniform(20, 90), 1) for _ in dims]
        overall = round(sum(scores) / len(scores), 1)
        rows.append(
            {
                "Client": f"Client {n:05d}",
                "Unit": "",
                "Type of organization": types[n % len(types)],
                "Overall score": overall,
                "Overall level": levels[min(5, 1 + int(overall // 20))],
                "Result": "Final",
                **dict(zip(dims, scores, strict=True)),
                "Status": "Submitted",
                "Date": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
            }
        )
    return pd.DataFrame(rows), dims, levels


def transfer() -> None:
    chrome()
    st.subheader("Import and export", anchor=False)
    st.write("Move clients, units and their assessments between workspaces as one file.")


def portfolio() -> None:
    chrome()
    table, dims, levels = clients()
    st.header("Portfolio", anchor=False)
    left, right, third = st.columns(3)
    types = sorted(set(table["Type of organization"]))
    left.multiselect("Type of organization", types, key="ws_f_type", placeholder="All")
    chosen = right.multiselect(
        "Overall level", list(levels), format_func=levels.__getitem__, key="ws_f_level", placeholder="All"
    )
    third.selectbox(
        "Results", ["All, provisional ones marked", "Final only", "Provisional only"], key="ws_f_prov"
    )
    st.text_input("Search clients and units", key="ws_f_search")
    st.selectbox("Sort by", ["Name", "Weakest first", "Strongest first", "Most recent first"], key="ws_sort")
    shown = table[table["Overall level"].isin([levels[c] for c in chosen])] if chosen else table
    st.caption(tn("ws.portfolio.count", len(shown), LANG, total=len(table)))
    tabs = st.tabs(["Overview", "Side by side", "Trend", "Follow-up"], key="ws_tab", on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            pages = max(1, -(-len(shown) // PAGE_ROWS))
            page = (
                int(st.number_input("Page", 1, pages, step=1, key="ws_page", width=160)) if pages > 1 else 1
            )
            st.caption(
                "Click a column header to sort the rows of this page; “Sort by” orders the whole list."
            )
            first = (min(page, pages) - 1) * PAGE_ROWS
            st.caption(f"Rows {first + 1}–{first + PAGE_ROWS} of {len(shown)}.")
            st.dataframe(
                shown.iloc[first : first + PAGE_ROWS],
                hide_index=True,
                key="ws_portfolio_table",
                column_config={d: st.column_config.NumberColumn(format="%.1f") for d in dims},
            )
            st.subheader("Heatmap: clients × dimensions", anchor=False)
            st.toggle("One row per organization type (averages)", key="ws_heatmap_by_type")
            st.caption(f"The first {HEATMAP_MAX} of {len(shown)}; filter the table to see others.")
            head = shown.head(HEATMAP_MAX)
            svg = heatmap_svg(
                list(head["Client"]), dims, head[dims].values.tolist(), t("results.score", LANG)
            )
            with st.container(key="ws_heatmap"):
                alt = f"Heatmap of {len(head)} clients by dimension, scores 0–100."
                st.image(svg, alt=alt, caption=alt, width=HEATMAP_WIDTH)
            st.caption("Where each client stands among similar organizations, and the setting: Follow-up.")


def nothing() -> None:
    chrome()


ICONS = {
    "Start": "flag",
    "Survey": "edit_note",
    "Results": "insights",
    "Clients": "work",
    "Portfolio": "table_chart",
    "Compare": "compare",
    "Consensus": "handshake",
    "Import/Export": "swap_vert",
    "Sign out": "logout",
}
PAGES = [
    st.Page(
        {"Portfolio": portfolio, "Import/Export": transfer}.get(name, nothing),
        title=name,
        url_path=name.lower().replace("/", "_").replace(" ", "_"),
        icon=f":material/{icon}:",
        default=name == "Import/Export",
    )
    for name, icon in ICONS.items()
]
st.set_page_config(page_title="Floor", layout="wide")
st.navigation(PAGES, position="top").run()
