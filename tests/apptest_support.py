"""Drive the real app through Streamlit's AppTest, and read back what its download buttons hold."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl
from xml.etree import ElementTree

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from assessment.bank.model import LANGUAGES
from assessment.i18n import t

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


class RecordingStorage(MemoryMediaFileStorage):
    """AppTest keeps download-button files in a storage it discards after the run; keep a handle on it."""

    instances: list[RecordingStorage] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        RecordingStorage.instances.append(self)


class RecordingManager(MediaFileManager):
    """AppTest's media file manager, kept so a test can click a deferred download (one built on click)."""

    instances: list[RecordingManager] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        RecordingManager.instances.append(self)


def download_bytes(at: AppTest, key: str, storages: list[RecordingStorage]) -> bytes:
    """The file behind a download button; a deferred one (data given as a function) is built now, as a
    click would build it."""
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(key) or key in b.proto.id)
    url: str = button.proto.url
    deferred = button.proto.deferred_file_id
    if deferred:
        manager = next(
            (m for m in reversed(RecordingManager.instances) if deferred in m._deferred_callables), None
        )
        assert manager is not None, f"no deferred file behind download button {key!r}"
        url = manager.execute_deferred(deferred)
    file_id = url.rsplit("/", 1)[-1].split(".")[0]
    for storage in reversed(storages):
        try:
            return bytes(storage.get_file(file_id).content)
        except Exception:  # noqa: BLE001 - another run's storage; try the next one
            continue
    raise AssertionError(f"no stored file behind download button {key!r} ({url})")


def new_app(locale: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if locale:
        at.context["locale"] = locale
    return at


def answer_radios(at: AppTest) -> list[Any]:
    return [r for r in at.radio if str(r.key or "").startswith("answer:")]


def _select_tab(at: AppTest, key: str, label: Callable[[str, str], str], first: str, name: str,
                lang: str | None) -> AppTest:  # fmt: skip
    if lang is None:
        shown = {tab.label for tab in at.tabs}
        lang = next(code for code in ("en", "es", "it") if label(first, code) in shown)
    at.session_state[key] = label(name, lang)
    return at.run()


def open_tab(at: AppTest, name: str, lang: str | None = None) -> AppTest:
    """Select one of the Results page's tabs (results.TABS) as a click on it would, and rerun: only the
    selected tab's content is drawn. `lang`: the page's language, read from its tabs when not given."""
    from assessment.ui.pages.results import TAB_KEY, TABS, tab_label

    return _select_tab(at, TAB_KEY, tab_label, TABS[0], name, lang)


def open_note(at: AppTest, qid: str) -> AppTest:
    """Open a survey question's "note and evidence" expander as a click on it would, and rerun: its fields
    are drawn only while it is open."""
    from assessment.ui.pages.survey import NOTE_OPEN

    at.session_state[f"{NOTE_OPEN}:{qid}"] = True
    return at.run()


def open_portfolio_tab(at: AppTest, name: str, lang: str | None = None) -> AppTest:
    """Select one of the Portfolio page's tabs (portfolio_page.TABS) as a click on it would, and rerun: only
    the selected tab's content is drawn. `lang`: the page's language, read from its tabs when not given."""
    from assessment.ui.workspace.portfolio_page import TAB_KEY, TABS, tab_label

    return _select_tab(at, TAB_KEY, tab_label, TABS[0], name, lang)


def open_plan(at: AppTest, lang: str | None = None) -> AppTest:
    """The Results page's plan tab with its item editor and its targets opened, as a click on each would:
    both are drawn only while their expander is open (results_plan.EDIT_OPEN, TARGETS_OPEN)."""
    from assessment.ui.pages.results_plan import EDIT_OPEN, TARGETS_OPEN

    at.session_state[EDIT_OPEN] = True
    at.session_state[TARGETS_OPEN] = True
    return open_tab(at, "plan", lang)


def open_details(at: AppTest) -> None:
    """Mark each phase's details in the plan tab opened (drawn only while open) for the next run."""
    from assessment.engine.recommend import PHASES
    from assessment.ui.pages.results_plan import DETAILS_OPEN

    for phase in PHASES:
        at.session_state[f"{DETAILS_OPEN}:{phase}"] = True


def table_rows(markdown: str) -> list[list[str]]:
    """A Markdown table (components.md_table) as rows of cells, its header first, the rule under it left out
    and the Markdown escapes taken out."""
    lines = markdown.strip().split("\n")
    return [
        [re.sub(r"\\(.)", r"\1", cell).strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        for line in [lines[0], *lines[2:]]
    ]


def plan_rows(at: AppTest) -> list[list[str]]:
    """The plan tab's items table (results_plan.items_table) as rows of cells, its header first."""
    return table_rows(next(m.value for m in at.markdown if m.value.startswith(r"| \#")))


def each_tab(at: AppTest, lang: str | None = None) -> Iterator[str]:
    """Open each of the Results page's tabs in turn (the page's own order), yielding its name once drawn."""
    from assessment.ui.pages.results import TABS, tab_label

    shown = {tab.label for tab in at.tabs}
    if lang is None:
        lang = next(code for code in ("en", "es", "it") if tab_label("summary", code) in shown)
    for name in TABS:
        if tab_label(name, lang) in shown:
            open_tab(at, name, lang)
            yield name
    open_tab(at, TABS[0], lang)


@dataclass(frozen=True)
class Card:
    """One dimension's row of the Results summary's table (results._cards): its score cell read back as the
    metric it once was, `value` and `delta` (None when no earlier result), and the row's other cells."""

    value: str
    delta: str | None
    level: str
    answered: str


def cards(at: AppTest) -> dict[str, Card]:
    """The Results summary's dimensions (results._cards): the dimension's name -> its row (score, change since
    the last result, level, answers). The overall level and score are metrics, with plain labels."""
    heads = {t("col.dimension", lang) for lang in LANGUAGES}
    for block in at.markdown:
        rows = table_rows(block.value) if block.value.startswith("| ") else []
        if rows and rows[0][0] in heads:
            out = {}
            for name, score, level, answered in rows[1:]:
                value, _, delta = score.partition(" (")
                out[name.strip("*")] = Card(value, delta.rstrip(")") or None, level, answered)
            return out
    raise AssertionError("no table of the dimensions on this page")


def pictures(at: AppTest, skip: set[int] | None = None) -> list[tuple[str, str]]:
    """The static charts the page drew (st.image of an SVG): each one's alt text and its SVG; images whose
    id() is in `skip` left out."""
    out = []
    for image in at.get("image"):
        if skip and id(image) in skip:
            continue
        for img in image.proto.imgs:
            prefix = "data:image/svg+xml;base64,"
            if img.url.startswith(prefix):
                out.append((img.alt, base64.b64decode(img.url[len(prefix) :]).decode("utf-8")))
    return out


def heatmap_cells(svg: str) -> list[tuple[str, list[float | None]]]:
    """The heatmap picture read back (svg_charts.heatmap_svg): each row's label and its cells' numbers, None
    for a blank cell (a <rect> with no <text> after it)."""
    ns = "{http://www.w3.org/2000/svg}"
    out: list[tuple[str, list[float | None]]] = []
    for row in ElementTree.fromstring(svg).iter(f"{ns}g"):
        if row.get("class") != "row":
            continue
        label, *cells = list(row)
        values: list[float | None] = []
        for e in cells:
            if e.tag == f"{ns}rect":
                values.append(None)
            else:
                values[-1] = float(e.text or "")
        out.append((label.text or "", values))
    return out


def chart_picture(at: AppTest, alt_start: str) -> str:
    """The SVG of the picture whose alt text starts so."""
    svgs = [svg for alt, svg in pictures(at) if alt.startswith(alt_start)]
    assert len(svgs) == 1, [alt for alt, _ in pictures(at)]
    return svgs[0]


def follow_link(at: AppTest, label: str) -> AppTest:
    """Follow a page link (st.page_link) as the browser does: the next run is of its page, with its query
    string (AppTest cannot click a link; this is what the click asks the server for)."""
    links = [e for e in at.get("page_link") if e.proto.label == label]
    assert links, f"no link {label!r} on the page"
    link = links[0].proto
    for name, value in parse_qsl(link.query_string):
        at.query_params[name] = value
    # What AppTest.switch_page() sets (it takes file paths only); cleared after the run, so that later runs
    # stay on whatever page the app itself went to, as in the browser.
    at._page_hash = link.page_script_hash
    try:
        return at.run()
    finally:
        at._page_hash = ""


def press(at: AppTest, label: str) -> AppTest:
    """The button with this label, or else the page link ("See the results" is a link): clicked, run."""
    buttons = [b for b in at.button if b.label == label]
    if buttons:
        return buttons[0].click().run()
    return follow_link(at, label)


def opened(token: str, locale: str = "en-GB", param: str = "a") -> AppTest:
    """A new session opened from a link, as after a reload or on another device: `?a=` (an assessment's
    resume link) or `?s=` (a share link)."""
    at = new_app(locale)
    at.query_params[param] = token
    at.run()
    assert not at.exception, at.exception
    return at
