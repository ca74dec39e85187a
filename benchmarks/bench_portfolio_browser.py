"""The consultant's portfolio page with 1,000 clients in a real browser (Playwright + Debian's Chromium), next
to the empty app's click in the same run — the floor. bench_portfolio.py times the same page in AppTest
(the server's script alone); this times what a person waits for: from the click to the script idle and the
page drawn (bench_browser.timed_click), the browser's drawing included.

The clients are those of bench_portfolio.populate, in a SQLite file; Foco's server runs on it and the
consultant signs in through the Workspace page's form. Then, each followed by a click on the empty app (and
each page opened by a switch of page in the empty two-page app, the floor of a page switch):
- the Portfolio link in the top navigation, from the Clients page, the first time (the consultant's
  portfolio not yet computed on a server that has served the sign-in; the heatmap and the radar are
  pictures, plotly's code is loaded only for a client's trend chart);
- the same from the Import/Export page, cold: a client renamed (and back, the next time) through storage
  just before, which changes Workspace.version(), so the portfolio is computed again — as on a running
  replica after the consultant's data changed;
- the same, warm: nothing changed since the last draw, the computed portfolio reused;
- a filter change: an overall level picked in `ws_f_level`, then removed, until the count, the table and
  the heatmap are drawn.
Used by benchmarks/run.py; run alone it prints.

    python benchmarks/bench_portfolio_browser.py [--clients 1000] [--samples 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bench_browser  # noqa: E402
import bench_portfolio  # noqa: E402
from bench_browser import (  # noqa: E402
    IDLE,
    Empty,
    EmptySwitch,
    empty_pages_server,
    empty_server,
    summary,
    timed_click,
)

from assessment.bank import DEFAULT_BANK_DIR, load_bank  # noqa: E402
from assessment.i18n import t, tn  # noqa: E402
from tests.server import running_app  # noqa: E402

LANG = "en"
PORTFOLIO_FLOOR_APP = Path(__file__).resolve().parent / "portfolio_floor_app.py"
USER, PASSWORD = "bench", "a benchmark password"  # what bench_portfolio.populate creates

# The portfolio drawn: its heatmap's picture (an SVG image, svg_charts.heatmap_svg, decoded) and the first
# table's grid (a canvas), with the count caption saying `count`.
PAGE_DRAWN = """() => {
  const img = document.querySelector('.st-key-ws_heatmap img');
  const heat = img && img.complete && img.naturalWidth > 0;
  const grid = document.querySelector("[data-testid='stDataFrame'] canvas");
  const count = [...document.querySelectorAll("[data-testid='stCaptionContainer']")]
    .some(c => c.innerText.trim() === COUNT);
  return !!(heat && grid && count);
}"""

# What the page holds once drawn: the elements Streamlit draws and the heaviest of them.
CONTENTS = """() => ({
  elements: document.querySelectorAll("[data-testid='stElementContainer']").length,
  plotly_charts: document.querySelectorAll('.js-plotly-plot').length,
  dataframes: document.querySelectorAll("[data-testid='stDataFrame']").length,
  widgets: document.querySelectorAll("[data-testid='stElementContainer'][class*='st-key-']").length,
  dom_nodes: document.querySelectorAll('*').length,
})"""


def drawn(count: int, total: int) -> str:
    return PAGE_DRAWN.replace("COUNT", repr(tn("ws.portfolio.count", count, LANG, total=total)))


def level_counts(url: str) -> dict[int, int]:
    """Clients per overall level, from the stored scores (one assessment each, each with its row)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT overall_level, count(*) FROM assessment_scores "
                "WHERE overall_level IS NOT NULL GROUP BY overall_level"
            )
        ).all()
    engine.dispose()
    return {int(level): int(n) for level, n in rows}


class BarePortfolio:
    """The portfolio's content in a bare app (portfolio_floor_app.py), in a context of its own: opened from
    its Import/Export page by the top navigation, as Foco's, and filtered by an overall level (picked from
    the open list, then removed), each timed until the count, the grid and the heatmap are drawn."""

    def __init__(self, page: Any, clients: int) -> None:
        self.page, self.clients = page, clients
        self.opened: list[float] = []
        self.filters: list[float] = []
        nav = page.locator("[data-testid='stTopNavLink']")
        self.portfolio, self.away = nav.filter(has_text="Portfolio"), nav.filter(has_text="Import/Export")

    async def open(self, counted: bool = True) -> None:
        await self.away.click()
        await settled(self.page, "h3:has-text('Import and export')")
        ms = await bench_browser.timed_click(self.page, self.portfolio, drawn(self.clients, self.clients))
        if counted:
            self.opened.append(ms)

    async def filter(self, name: str) -> None:
        box = self.page.locator(".st-key-ws_f_level .react-aria-ComboBox")
        await box.locator("input").click()
        option = self.page.get_by_role("option", name=name, exact=True)
        await option.wait_for(timeout=60_000)
        # Narrowed: a count of fewer than all ("N of 1000 shown."), whatever N the made-up levels give.
        every = repr(tn("ws.portfolio.count", self.clients, LANG, total=self.clients))
        shown = f"/ of {self.clients} shown\\.$/"
        fewer = f"(c => {shown}.test(c.innerText.trim()) && c.innerText.trim() !== {every})"
        narrowed = PAGE_DRAWN.replace("(c => c.innerText.trim() === COUNT)", fewer)
        self.filters.append(await bench_browser.timed_click(self.page, option, narrowed))
        await self.page.keyboard.press("Escape")
        remove = box.get_by_role("button", name=f"Remove {name}", exact=True)
        self.filters.append(
            await bench_browser.timed_click(self.page, remove, drawn(self.clients, self.clients))
        )


class Renamer:
    """Renames the consultant's first client and back, through storage: a write that changes
    Workspace.version(), so the next draw computes the portfolio again."""

    def __init__(self, url: str, consultant: int) -> None:
        from assessment.storage import Store
        from assessment.storage.workspace import Workspace

        self.store = Store(url)
        self.ws = Workspace(self.store, consultant)
        self.client = self.ws.clients()[0]
        self.n = 0

    def __call__(self) -> None:
        self.n += 1
        self.ws.rename_client(self.client.id, self.client.name + (" (renamed)" if self.n % 2 else ""))

    def close(self) -> None:
        self.store.close()


def _ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])


def _browser_pids() -> list[int]:
    """Chromium's processes (ours: started by Playwright's driver, a child of this process)."""
    children: dict[int, list[int]] = {}
    names: dict[int, bytes] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                names[int(entry.name)] = (entry / "cmdline").read_bytes().split(b"\0")[0]
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [os.getpid()]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        if b"chrom" in names.get(pid, b""):
            found.append(pid)
    return found


# The page's main thread over a click, from Chromium's own counters (DevTools' Performance.getMetrics, s).
RENDERER = {
    "TaskDuration": "page_tasks_ms",
    "ScriptDuration": "page_script_ms",
    "LayoutDuration": "page_layout_ms",
    "RecalcStyleDuration": "page_style_ms",
}


class Cpu:
    """The CPU the server and the browser used over a timed click, in ms (10 ms ticks, so a median over
    several clicks): what the wall time in the page cannot tell apart, as the page handles the server's
    "script finished" only once it has drawn the messages before it."""

    def __init__(self, server: int, cdp: Any) -> None:
        self.server, self.cdp = server, cdp
        self.tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
        self.samples: dict[str, list[dict[str, float]]] = {}

    async def _metrics(self) -> dict[str, float]:
        found = (await self.cdp.send("Performance.getMetrics"))["metrics"]
        return {m["name"]: float(m["value"]) for m in found if m["name"] in RENDERER}

    async def timed(self, part: str, page: Any, locator: Any, done: str, server_ms: list[float]) -> float:
        """timed_click, with the CPU the server and the browser used and the page's main-thread work."""
        server, browser = _ticks(self.server), {p: _ticks(p) for p in _browser_pids()}
        metrics = await self._metrics()
        ms = await timed_click(page, locator, done, pause=0, server_ms=server_ms)
        after = await self._metrics()
        used = sum(max(0, n - browser.get(p, 0)) for p, n in ((p, _ticks(p)) for p in _browser_pids()))
        sample = {
            "server_cpu_ms": self.tick_ms * (_ticks(self.server) - server),
            "browser_cpu_ms": self.tick_ms * used,
        }
        sample |= {key: 1000 * (after[name] - metrics[name]) for name, key in RENDERER.items()}
        self.samples.setdefault(part, []).append(sample)
        await asyncio.sleep(bench_browser.PAUSE_S)
        return ms

    def medians(self, part: str) -> dict[str, float]:
        rows = self.samples[part]
        return {key: round(statistics.median(r[key] for r in rows), 1) for key in rows[0]}


async def settled(page: Any, selector: str) -> None:
    await page.wait_for_selector(selector, timeout=60_000)
    await page.wait_for_selector(IDLE, timeout=60_000)
    await asyncio.sleep(bench_browser.PAUSE_S)


async def session(
    browser: Any,
    foco_url: str,
    empty_url: str,
    switch_url: str,
    url: str,
    consultant: int,
    clients: int,
    samples: int,
    bare_url: str | None = None,
) -> dict[str, Any]:
    # A context each: a page that is not the front tab of its context is throttled, and so slower.
    contexts = [
        await browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900}) for _ in range(4)
    ]
    page_context = contexts[1]
    for context in contexts:
        await context.add_init_script(bench_browser.WATCH_SOCKET)
    empty_page, page = await contexts[0].new_page(), await contexts[1].new_page()
    await empty_page.goto(empty_url)
    await bench_browser.ready(empty_page, 1)
    empty = Empty(empty_page)
    switch_page = await contexts[2].new_page()
    await switch_page.goto(switch_url)
    await settled(switch_page, ".st-key-go a")
    switch = EmptySwitch(switch_page)
    for _ in range(2):
        await empty.click(counted=False)
        await switch.click(counted=False)
    bare: BarePortfolio | None = None
    if bare_url is not None:
        bare_page = await contexts[3].new_page()
        await bare_page.goto(bare_url)
        await settled(bare_page, "h3:has-text('Import and export')")
        bare = BarePortfolio(bare_page, clients)
        await bare.open(counted=False)

    # Signed in through the form, as a consultant is: the Clients page (its data loaded with plans) follows.
    await page.goto(f"{foco_url}/workspace")
    await page.wait_for_selector(IDLE, timeout=60_000)
    await page.get_by_role("textbox", name=t("ws.signin.username", LANG)).fill(USER)
    await page.get_by_role("textbox", name=t("ws.signin.password", LANG)).fill(PASSWORD)
    await page.get_by_role("button", name=t("ws.signin.button", LANG)).click()
    await page.get_by_role("heading", name=t("ws.clients.title", LANG)).wait_for(timeout=60_000)
    await settled(page, IDLE)

    nav = page.locator("[data-testid='stTopNavLink']")
    portfolio = nav.filter(has_text=t("ws.nav.portfolio", LANG))
    away = nav.filter(has_text=t("ws.nav.transfer", LANG))
    away_drawn = f"h3:has-text({t('ws.import.title', LANG)!r})"
    whole = drawn(clients, clients)
    server: dict[str, list[float]] = {"cold": [], "warm": [], "filter": []}

    cdp = await page_context.new_cdp_session(page)
    await cdp.send("Performance.enable")
    cpu = Cpu(bench_browser.server_pid(foco_url), cdp)
    first_server: list[float] = []
    first = await cpu.timed("first", page, portfolio, whole, first_server)
    contents = await page.evaluate(CONTENTS)
    await empty.click()
    await switch.click()

    rename = Renamer(url, consultant)
    cold: list[float] = []
    warm: list[float] = []
    try:
        for _ in range(samples):
            await away.click()
            await settled(page, away_drawn)
            rename()  # after the page away is drawn: only the portfolio's draw computes
            cold.append(await cpu.timed("cold", page, portfolio, whole, server["cold"]))
            await empty.click()
            await switch.click()
            await away.click()
            await settled(page, away_drawn)
            warm.append(await cpu.timed("warm", page, portfolio, whole, server["warm"]))
            await empty.click()
            await switch.click()
            if bare is not None:
                await bare.open()
    finally:
        rename.close()

    # Filters: a level picked from the open list, then removed by its tag's button; the two commonest levels.
    counts = level_counts(url)
    levels = sorted(counts, key=lambda lv: -counts[lv])[:2]
    bank = load_bank(os.environ.get("FOCO_BANK") or DEFAULT_BANK_DIR)
    box = page.locator(".st-key-ws_f_level .react-aria-ComboBox")
    filters: list[float] = []
    for n in range(samples):
        level = levels[n % len(levels)]
        name = f"{level} {bank.level(level).name(LANG)}"
        await box.locator("input").click()
        option = page.get_by_role("option", name=name, exact=True)
        await option.wait_for(timeout=60_000)
        filters.append(
            await cpu.timed("filter", page, option, drawn(counts[level], clients), server["filter"])
        )
        await page.keyboard.press("Escape")  # the list stays open after a pick
        await empty.click()
        remove = box.get_by_role("button", name=f"Remove {name}", exact=True)
        filters.append(await cpu.timed("filter", page, remove, whole, server["filter"]))
        await empty.click()
        if bare is not None:
            await bare.filter(name)

    for context in contexts:
        await context.close()
    out: dict[str, Any] = {
        "clients": clients,
        "first_ms": round(first, 1),
        "first_server_ms": round(first_server[0], 1),
        "first_cpu": cpu.medians("first"),
        "cold": summary(cold),
        "warm": summary(warm),
        "filter": summary(filters),
        "empty_click": summary(empty.samples),
        "empty_page_switch": summary(switch.samples),
        "page": contents,
    }
    for part in ("cold", "warm", "filter"):
        out[part]["server_median_ms"] = round(statistics.median(server[part]), 1)
        out[part].update(cpu.medians(part))
    floor = out["empty_click"]["median_ms"]
    out["first_ratio"] = round(first / floor, 2)
    for part in ("cold", "warm", "filter"):
        out[f"{part}_ratio_median"] = round(out[part]["median_ms"] / floor, 2)
    # A page opened is a page switch: its own floor, the empty two-page app's switch.
    hop = out["empty_page_switch"]["median_ms"]
    out["first_switch_ratio"] = round(first / hop, 2)
    for part in ("cold", "warm"):
        out[f"{part}_switch_ratio_median"] = round(out[part]["median_ms"] / hop, 2)
    if bare is not None:
        # The like-for-like floor: the same content drawn by a bare app, opened and filtered the same way.
        out["bare_opened"], out["bare_filter"] = summary(bare.opened), summary(bare.filters)
        for part, floor_part in (("cold", "bare_opened"), ("warm", "bare_opened"), ("filter", "bare_filter")):
            out[f"{part}_bare_ratio_median"] = round(out[part]["median_ms"] / out[floor_part]["median_ms"], 2)
    return out


def measure(clients: int = 1000, samples: int = 5) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    async def go(url: str, consultant: int) -> dict[str, Any]:
        async with async_playwright() as p:
            browser = await bench_browser._launch(p)
            with (
                empty_server() as empty_url,
                empty_pages_server() as switch_url,
                running_app({"FOCO_FLOOR_CLIENTS": str(clients)}, script=PORTFOLIO_FLOOR_APP) as bare_url,
                running_app({"DATABASE_URL": url}) as foco_url,
            ):
                out = await session(
                    browser, foco_url, empty_url, switch_url, url, consultant, clients, samples, bare_url
                )
            await browser.close()
        return out

    with tempfile.TemporaryDirectory(prefix="foco-portfolio-browser-") as folder:
        url = f"sqlite:///{folder}/portfolio.db"
        t0 = time.perf_counter()
        consultant = bench_portfolio.populate(url, clients)
        populated = time.perf_counter() - t0
        out = asyncio.run(go(url, consultant))
    out["populate_s"] = round(populated, 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    print(measure(args.clients, args.samples))


if __name__ == "__main__":
    main()
