"""Small pieces several pages draw."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

import streamlit as st
from streamlit.elements.lib.mutable_tab_container import TabContainer
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from assessment.bank.model import LANGUAGES
from assessment.i18n import t, tn
from assessment.ui import persist, state

# Streamlit's own focus cue is faint (a grey wash on a radio) or missing (page links, text fields): a keyboard
# user must always see where they are (WCAG 2.4.7). A fixed style sheet of ours, never user text.
FOCUS_RING = "#1d4ed8"  # 6.7:1 on white, 6.3:1 on the fields' grey: over the 3:1 a focus cue needs
_FOCUS_CSS = f"""<style>
:focus-visible {{ outline: 3px solid {FOCUS_RING} !important; outline-offset: 2px !important; }}
input:focus-visible, textarea:focus-visible {{ outline-offset: -3px !important; }}
label:has(input[type="radio"]:focus-visible), label:has(input[type="checkbox"]:focus-visible) {{
  outline: 3px solid {FOCUS_RING}; outline-offset: 2px; border-radius: 4px;
}}
/* "See the results" is a link (one run to the results page, survey._see_results) drawn as the section's main
   button: white on the focus ring's blue, 6.7:1. */
.st-key-see_results [data-testid="stPageLink"] a, .st-key-see_results_deep [data-testid="stPageLink"] a {{
  justify-content: center; border-radius: 0.5rem; min-height: 2.5rem; font-weight: 600;
}}
.st-key-see_results [data-testid="stPageLink"] a {{ background: {FOCUS_RING}; }}
.st-key-see_results [data-testid="stPageLink"] a, .st-key-see_results [data-testid="stPageLink"] a * {{
  color: #ffffff !important;
}}
.st-key-see_results_deep [data-testid="stPageLink"] a {{ border: 1px solid {FOCUS_RING}; }}
/* The plan's table (results_plan.items_table) on a phone: narrower cells, so its five columns fit 390 px. */
@media (max-width: 640px) {{
  .st-key-plan_items table th, .st-key-plan_items table td {{ padding: 0.25rem 0.35rem; }}
}}
/* The portfolio's heatmap is a picture of a table (portfolio_page._heatmap): on a narrow screen it keeps its
   size and scrolls sideways, where shrunk to the column its 13 px numbers would fall to 6 px. */
@media (max-width: 720px) {{
  .st-key-ws_heatmap [data-testid="stImageContainer"] {{ overflow-x: auto; }}
  .st-key-ws_heatmap [data-testid="stImageContainer"] img {{ max-width: none !important; }}
}}
/* The radar's numbers in the portfolio (portfolio_page._radar), a column per client picked: on a phone, the
   size of a data grid's text in narrower cells, and a table wider than the screen (long names, six clients)
   scrolls sideways in its box rather than being cut off (the table keeps its display: a screen reader still
   reads it as a table). */
@media (max-width: 640px) {{
  .st-key-ws_radar_numbers [data-testid="stMarkdownContainer"] {{ overflow-x: auto; }}
  .st-key-ws_radar_numbers table {{ font-size: 0.875rem; }}
  .st-key-ws_radar_numbers table th, .st-key-ws_radar_numbers table td {{ padding: 0.25rem 0.35rem; }}
}}
/* What bring_into_view scrolls to sits below Streamlit's top bar, not under it. */
.st-key-survey_head {{ scroll-margin-top: 4.5rem; }}
/* Our script-only elements (page_language, bring_into_view) draw nothing: leave no gap in the layout. */
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script:only-child) {{ display: none; }}
</style>"""


def focus_ring() -> None:
    st.html(_FOCUS_CSS)


def page_language(lang: str) -> None:
    """Tell the browser, and so screen readers and hyphenation, which language the page is in (WCAG 3.1.1).

    Streamlit serves every page as <html lang="en">: a screen reader would read Spanish with English
    pronunciation. The script is ours and holds one of three fixed codes, never text a person typed."""
    if lang not in LANGUAGES:
        return
    st.html(
        f"<script>document.documentElement.lang = {json.dumps(lang)};</script>", unsafe_allow_javascript=True
    )


_KEY = re.compile(r"[a-z][a-z0-9_]*")


def bring_into_view(key: str, nonce: int) -> None:
    """Scroll the page to the container `key` and put the keyboard's focus on its first heading: after a move
    to another section, whose button is at the foot of the page, the person would otherwise land in the
    middle of the next section, and a screen reader would not hear that anything changed. The browser runs
    the script each time its text changes, so `nonce` tells one move from the next; `key` is ours (a fixed
    container key), never text a person typed."""
    if not _KEY.fullmatch(key):
        raise ValueError(f"bring_into_view: {key!r} is not one of our container keys")
    script = (
        "(() => { const box = document.querySelector(" + json.dumps(f".st-key-{key}") + ");"
        " if (!box) return; const head = box.querySelector('h1, h2, h3, h4') || box;"
        " head.setAttribute('tabindex', '-1'); box.scrollIntoView({block: 'start'});"
        " head.focus({preventScroll: true}); })();"
    )
    st.html(f"<script>/* {int(nonce)} */ {script}</script>", unsafe_allow_javascript=True)


def status_banner(lang: str) -> None:
    s = persist.session()
    if s.offline:
        st.warning(tn("save.offline", len(s.pending), lang), icon=":material/cloud_off:")
    if s.bank_changed:
        st.warning(t("migrate.reload", lang, n=len(s.pending)), icon=":material/update:")
    if s.frozen and s.submitted_at is not None:
        st.info(t("save.frozen", lang, date=s.submitted_at.strftime("%Y-%m-%d")), icon=":material/lock:")


DASH = "—"  # a figure that is not there (not assessed, no benchmark), in every table


def alone() -> bool:
    """True in a fragment's own rerun (a widget in it changed, or st.rerun named it), where the page's other
    code does not run; False in a run of the page, the fragments in it included."""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def lazy_tabs(names: Sequence[str], labels: Sequence[str], key: str) -> dict[str, TabContainer]:
    """Tabs by name whose content is run only while selected: each click on a tab reruns the page, or the
    fragment the tabs are drawn in (on_change="rerun"), and the code draws a tab's content under
    `if tabs[name].open:`. What a person sees first is then the first tab alone (benchmarks/NOTES.md §3–6)."""
    return dict(zip(names, st.tabs(list(labels), key=key, on_change="rerun"), strict=True))


def md_cell(text: str) -> str:
    """A Markdown table cell's text, on one line and escaped: a name cannot become markup, a pipe end the
    cell, a line break (\\r too) the row."""
    return state.md(" ".join(text.split()))


def md_table(heads: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int] = ()) -> str:
    """A Markdown table, one element however many rows: a real <table> a screen reader walks, where a grid of
    cards or a data grid is several elements each (benchmarks/NOTES.md §4). `heads` are plain text (escaped
    here); the rows' cells are Markdown already, their text escaped with md_cell. Columns in `right` are
    right-aligned (numbers)."""
    rule = ["---:" if i in right else "---" for i in range(len(heads))]
    lines = ["| " + " | ".join(md_cell(h) for h in heads) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def titled(title: str, help_text: str) -> str:
    """A box's bold title and its help in small grey type, as a caption looks (the theme's grey text, 6:1 on
    white), in one element: each element drawn costs about a millisecond on a page switch (benchmarks/NOTES.md
    §4). Both are our own messages, never user text."""
    return f"**{title}**\n\n:small[:gray[{help_text}]]"


def resume_link(lang: str) -> None:
    s = persist.session()
    if s.token is None:
        return
    with st.container(border=True):
        st.markdown(titled(t("save.link_title", lang), t("save.link_help", lang)))
        # st.code has a copy button; the link is ours (a random token), never text a person typed.
        st.code(persist.link_for(s.token), language=None, wrap_lines=True)
