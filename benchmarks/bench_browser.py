"""Foco in a real browser (Playwright + Debian's Chromium) next to an empty Streamlit app: the time from a
click to the end of the rerun, the results page's draw, and the server's memory per concurrent session.

Times are taken inside the page: from the click event's timestamp to the moment the app reports its script
idle again *and* the DOM shows the new state, so Playwright's own round trips are not counted.
Used by benchmarks/run.py; prints nothing itself.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment.bank import DEFAULT_BANK_DIR, load_bank  # noqa: E402
from assessment.i18n import t  # noqa: E402
from tests.server import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402

EMPTY_APP = Path(__file__).resolve().parent / "empty_app.py"
EMPTY_PAGES_APP = Path(__file__).resolve().parent / "empty_pages_app.py"
SECTION_FLOOR_APP = Path(__file__).resolve().parent / "section_floor_app.py"
RESULTS_FLOOR_APP = Path(__file__).resolve().parent / "results_floor_app.py"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
LANG = "en"
SECTION_ROUNDS = 5  # trips back and forth between the last two sections, after the survey's own moves
PAUSE_S = 0.1  # after a rerun, before the next click: let the page settle as a person would

# Installed in every page before Streamlit loads: counts the server's "script finished" messages. The frontend
# may never show a short rerun as running, so that attribute alone cannot say a rerun happened and ended.
# A ForwardMsg is protobuf; its `script_finished` is field 6, a varint (2 = stopped early for a rerun).
WATCH_SOCKET = """(() => {
  const Native = window.WebSocket;
  window.__finished = 0;
  const varint = (b, i) => { let v = 0, m = 1; for (;;) { const x = b[i++]; v += (x & 127) * m;
                              if (x < 128) return [v, i]; m *= 128; } };
  const finished = (b) => {
    let i = 0;
    while (i < b.length) {
      let tag; [tag, i] = varint(b, i);
      const kind = tag & 7, field = Math.floor(tag / 8);
      if (kind === 0) { let v; [v, i] = varint(b, i); if (field === 6) return v !== 2; }
      else if (kind === 2) { let n; [n, i] = varint(b, i); i += n; }
      else if (kind === 1) i += 8; else if (kind === 5) i += 4; else return false;
    }
    return false;
  };
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        if (e.data instanceof ArrayBuffer && finished(new Uint8Array(e.data))) {
          window.__finished += 1;
          window.__finishedAt = performance.now();
        }
      });
    }
  };
})();"""

# Armed before a click: resolves with the milliseconds from the click event to the moment the server has
# finished the rerun, the app shows itself idle and `done()` holds in the DOM. `__benchServer` keeps the
# part until the server's "script finished" message arrived; the rest is the browser drawing.
ARM = """([done, timeoutMs]) => {
  const ready = new Function("return (" + done + ")()");
  const base = window.__finished;
  window.__bench = new Promise((resolve, reject) => {
    const app = document.querySelector("[data-testid='stApp']");
    let t0 = null, over = false;
    window.addEventListener("click", (e) => { t0 = e.timeStamp; }, {capture: true, once: true});
    const stop = () => { over = true; obs.disconnect(); clearInterval(poll); clearTimeout(limit); };
    const check = () => {
      if (over || t0 === null || window.__finished <= base) return;
      if (app.getAttribute("data-test-script-state") === "notRunning" && ready()) {
        const ms = performance.now() - t0; stop();
        window.__benchServer = window.__finishedAt - t0; resolve(ms);
      }
    };
    const obs = new MutationObserver(check);
    obs.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    const poll = setInterval(check, 4);
    const limit = setTimeout(() => { if (!over) { stop(); reject(new Error("no rerun in time")); } },
                             timeoutMs);
  });
}"""


def radio_checked(group: int, option: int) -> str:
    return (
        f"() => {{ const g = document.querySelectorAll(\"[role='radiogroup']\")[{group}];"
        f" const i = g && g.querySelectorAll(\"input[type='radio']\")[{option}];"
        " return !!(i && i.checked); }"
    )


def section_drawn(heading: str, questions: list[Any]) -> str:
    """A section drawn: its heading, and a radio group for each of its questions besides the picker's."""
    return (
        f"() => [...document.querySelectorAll('h1, h2, h3')].some(h => h.innerText.trim() === {heading!r})"
        f" && document.querySelectorAll(\"[role='radiogroup']\").length >= {len(questions) + 1}"
    )


# The summary drawn: its two pictures (the curve and the radar, SVG images since issue 15) decoded.
PLOTS_DRAWN = (
    "() => [...document.querySelectorAll('.st-key-chart_curve img, .st-key-chart_radar img')]"
    ".filter(i => i.complete && i.naturalWidth > 0).length >= 2"
)

# The Results page's other tabs (assessment/ui/pages/results.py): each is drawn only once opened. What marks
# each one drawn: the plan panel's projection chart (an image, loaded), the "next steps" heading, the download
# buttons.
TABS_DRAWN = {
    "plan": (
        "() => { const i = document.querySelector('.st-key-plan_panel .st-key-projection img');"
        " return !!(i && i.complete && i.naturalWidth > 0); }"
    ),
    "next": (
        "() => [...document.querySelectorAll('h4')].some(h => h.innerText.trim() === "
        + repr(t("results.next_steps", LANG))
        + ")"
    ),
    "files": "() => document.querySelectorAll(\"[data-testid='stDownloadButton']\").length >= 2",
}


async def timed_click(
    page: Any,
    locator: Any,
    done: str,
    timeout_ms: int = 60_000,
    pause: float = PAUSE_S,
    force: bool = False,
    server_ms: list[float] | None = None,
) -> float:
    await page.evaluate(ARM, [done, timeout_ms])
    await locator.click(force=force)
    try:
        ms = float(await page.evaluate("window.__bench"))
    except Exception as exc:
        shot = Path(tempfile.gettempdir()) / "foco-bench-failure.png"
        await page.screenshot(path=str(shot))
        raise RuntimeError(f"a click got no rerun in time ({exc}); the page is in {shot}") from exc
    if server_ms is not None:
        server_ms.append(float(await page.evaluate("window.__benchServer")))
    await asyncio.sleep(pause)
    return ms


def summary(samples: list[float]) -> dict[str, Any]:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * len(ordered)) - 1)]
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(p90, 1),
        "samples_ms": [round(s, 1) for s in samples],
    }


# --- the servers -------------------------------------------------------------------------------------------


@contextmanager
def foco_server() -> Iterator[str]:
    # A database of its own: the benchmark never writes to data/foco.db.
    with (
        tempfile.TemporaryDirectory(prefix="foco-bench-") as folder,
        running_app({"DATABASE_URL": f"sqlite:///{folder}/bench.db"}) as url,
    ):
        yield url


@contextmanager
def empty_server() -> Iterator[str]:
    # The same server settings as Foco's, so the ratio compares the apps, not two configurations.
    with running_app(script=EMPTY_APP) as url:
        yield url


@contextmanager
def empty_default_server() -> Iterator[str]:
    # The empty app as Streamlit runs it by default: a full garbage collection after every run, which
    # Foco's settings turn off (.streamlit/config.toml). The floor the figures before issue 15 were taken on.
    with running_app(script=EMPTY_APP, extra_args=["--runner.postScriptGC", "true"]) as url:
        yield url


@contextmanager
def empty_pages_server() -> Iterator[str]:
    # Two pages and a switch between them: the floor of "See the results", which is a page switch too.
    with running_app(script=EMPTY_PAGES_APP) as url:
        yield url


@contextmanager
def section_floor_server() -> Iterator[str]:
    # A section's content in a bare app: the floor of "Next section".
    with running_app(script=SECTION_FLOOR_APP) as url:
        yield url


@contextmanager
def results_floor_server() -> Iterator[str]:
    # The Results summary's content in a bare app: the floor of "See the results" for what it draws.
    with running_app(script=RESULTS_FLOOR_APP) as url:
        yield url


async def section_floor(browser: Any, url: str, moves: int) -> dict[str, Any]:
    """The bare app's section change, `moves` times (the first one not counted)."""
    context = await browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    await context.add_init_script(WATCH_SOCKET)
    page = await context.new_page()
    await page.goto(url)
    await ready(page, 7)
    samples = []
    for k in range(moves + 1):
        name = f"Section {2 if k % 2 == 0 else 1}"
        drawn = section_drawn(name, [None] * 6)
        ms = await timed_click(page, page.get_by_role("button", name="Next section"), drawn)
        if k:
            samples.append(ms)
    await context.close()
    return summary(samples)


def server_pid(url: str) -> int:
    # The server is our child process; find it by the port on its command line.
    port = url.rsplit(":", 1)[1]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == os.getpid() and port.encode() in argv:
            return int(entry.name)
    raise RuntimeError(f"no server process of ours listens on port {port}")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


# --- Foco's pages ------------------------------------------------------------------------------------------


class Survey:
    """The default organization type's questions, section by section, as the page shows them."""

    def __init__(self) -> None:
        self.bank = load_bank(os.environ.get("FOCO_BANK") or DEFAULT_BANK_DIR)
        org_type = self.bank.info.organization_types[0].id
        self.sections = [
            (d.name(LANG), [q for q in self.bank.questions_by_dimension[d.id] if q.applies(org_type)])
            for d in self.bank.dimensions.values()
        ]


async def begin(
    page: Any, url: str, survey: Survey, name: str, pause: float = PAUSE_S, force: bool = False
) -> None:
    await page.goto(url)
    await page.wait_for_selector(IDLE, timeout=60_000)
    await page.get_by_role("textbox", name=t("start.org", LANG), exact=True).fill(name)
    await page.get_by_role("button", name=t("start.button", LANG)).click(force=force)
    await page.get_by_role("heading", name=survey.sections[0][0]).wait_for(timeout=60_000)
    await ready(page, 2, pause)


async def ready(page: Any, groups: int, pause: float = PAUSE_S) -> None:
    # Streamlit draws a placeholder until a widget's code has loaded: wait for the radios themselves.
    await page.wait_for_function(
        f"document.querySelectorAll(\"[role='radiogroup']\").length >= {groups}", timeout=60_000
    )
    await page.wait_for_selector(IDLE, timeout=60_000)
    await asyncio.sleep(pause)


def option(page: Any, group: int, index: int) -> Any:
    return page.locator("[role='radiogroup']").nth(group).locator("label").nth(index)


class Empty:
    """The empty app's page; a click on it is taken after each of Foco's, so both see the same load."""

    def __init__(self, page: Any) -> None:
        self.page, self.n = page, 0
        self.samples: list[float] = []

    async def click(self, counted: bool = True) -> None:
        self.n += 1
        pick = (3 * self.n + 1) % 7  # never the option already chosen
        ms = await timed_click(self.page, option(self.page, 0, pick), radio_checked(0, pick))
        if counted:
            self.samples.append(ms)


class BareAnswer:
    """The survey's content in a bare app (section_floor_app.py): a click on one of its six questions'
    answers, a whole run of that script. Taken after each of Foco's answers, as the empty app's: the floor
    of a click on a page that holds what a survey section holds."""

    def __init__(self, page: Any) -> None:
        self.page, self.n = page, 0
        self.samples: list[float] = []

    async def click(self, counted: bool = True) -> None:
        self.n += 1
        group, pick = 1 + self.n % 6, (3 * self.n + 1) % 6  # group 0 is the picker
        if await self.page.evaluate(radio_checked(group, pick)):
            pick = (pick + 1) % 6
        ms = await timed_click(self.page, option(self.page, group, pick), radio_checked(group, pick))
        if counted:
            self.samples.append(ms)


class BareResults:
    """The Results page's content in a bare app (results_floor_app.py): its "Go" link timed until both
    pictures are decoded and the script is idle, as Foco's "See the results", then its Plan tab until the
    projection is decoded, as Foco's; then back to its first page."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.samples: list[float] = []
        self.plan: list[float] = []

    async def click(self, counted: bool = True) -> None:
        go = self.page.get_by_role("link", name="Go", exact=True)
        ms = await timed_click(self.page, go, PLOTS_DRAWN)
        plan = self.page.get_by_role("tab", name="Plan", exact=True)
        plan_ms = await timed_click(self.page, plan, TABS_DRAWN["plan"])
        if counted:
            self.samples.append(ms)
            self.plan.append(plan_ms)
        await self.page.get_by_role("link", name="Back", exact=True).click()
        await self.page.wait_for_selector(".st-key-go a", timeout=60_000)
        await self.page.wait_for_selector(IDLE, timeout=60_000)
        await asyncio.sleep(PAUSE_S)


class EmptySwitch:
    """The empty two-page app: a switch to its second page timed (until that page is drawn), then back."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.samples: list[float] = []

    async def click(self, counted: bool = True) -> None:
        go = self.page.get_by_role("link", name="Go", exact=True)
        ms = await timed_click(self.page, go, "() => !!document.querySelector('.st-key-back a')")
        if counted:
            self.samples.append(ms)
        await self.page.get_by_role("link", name="Back", exact=True).click()
        await self.page.wait_for_selector(".st-key-go a", timeout=60_000)
        await self.page.wait_for_selector(IDLE, timeout=60_000)
        await asyncio.sleep(PAUSE_S)


async def reruns(
    browser: Any,
    foco_url: str,
    empty_url: str,
    draws: int,
    default_url: str | None = None,
    switch_url: str | None = None,
    bare_url: str | None = None,
    bare_results_url: str | None = None,
) -> dict[str, Any]:
    survey = Survey()
    # A context each: a page that is not the front tab of its context is throttled, and so slower.
    contexts = [
        await browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900}) for _ in range(6)
    ]
    for context in contexts:
        await context.add_init_script(WATCH_SOCKET)
    empty_page, page = await contexts[0].new_page(), await contexts[1].new_page()
    await empty_page.goto(empty_url)
    await ready(empty_page, 1)
    empty = Empty(empty_page)
    default: Empty | None = None
    if default_url is not None:
        default_page = await contexts[2].new_page()
        await default_page.goto(default_url)
        await ready(default_page, 1)
        default = Empty(default_page)
    switch: EmptySwitch | None = None
    if switch_url is not None:
        switch_page = await contexts[3].new_page()
        await switch_page.goto(switch_url)
        await switch_page.wait_for_selector(".st-key-go a", timeout=60_000)
        await switch_page.wait_for_selector(IDLE, timeout=60_000)
        switch = EmptySwitch(switch_page)
        await switch.click(counted=False)
    bare: BareAnswer | None = None
    if bare_url is not None:
        bare_page = await contexts[4].new_page()
        await bare_page.goto(bare_url)
        await ready(bare_page, 7)
        bare = BareAnswer(bare_page)
    bare_results: BareResults | None = None
    if bare_results_url is not None:
        bare_results_page = await contexts[5].new_page()
        await bare_results_page.goto(bare_results_url)
        await bare_results_page.wait_for_selector(".st-key-go a", timeout=60_000)
        await bare_results_page.wait_for_selector(IDLE, timeout=60_000)
        bare_results = BareResults(bare_results_page)
        await bare_results.click(counted=False)
    await begin(page, foco_url, survey, "Benchmark library")
    for warm in (0, 4):  # two clicks on each not counted: the first reruns of a fresh session
        await timed_click(page, option(page, 1, warm), radio_checked(1, warm))
        await empty.click(counted=False)
        if default is not None:
            await default.click(counted=False)
        if bare is not None:
            await bare.click(counted=False)

    clicks: list[float] = []
    sections: list[float] = []
    section_server: list[float] = []
    chosen: dict[int, int] = {}
    last = len(survey.sections) - 1
    for s, (_, questions) in enumerate(survey.sections):
        for i in range(len(questions)):
            step = (3 * (s + i) + 1) % 5  # a mix of steps, so the plan has items in every phase
            chosen[i] = step
            clicks.append(await timed_click(page, option(page, i + 1, step), radio_checked(i + 1, step)))
            await empty.click()
            if default is not None:
                await default.click()
            if bare is not None:
                await bare.click()
        if s < last:
            # A whole run of the page: the next section's questions drawn in place of these.
            name, following = survey.sections[s + 1]
            go = page.get_by_role("button", name=t("survey.next", LANG))
            sections.append(
                await timed_click(page, go, section_drawn(name, following), server_ms=section_server)
            )
            await page.get_by_role("heading", name=name).wait_for(timeout=60_000)
            await ready(page, 2)
    # Then back and forth between the last two sections, for more samples of a section change than the
    # survey's four.
    for k in range(2 * SECTION_ROUNDS):
        s = last - 1 if k % 2 == 0 else last
        name, following = survey.sections[s]
        go = page.get_by_role("button", name=t("survey.prev" if k % 2 == 0 else "survey.next", LANG))
        sections.append(await timed_click(page, go, section_drawn(name, following), server_ms=section_server))
        await ready(page, 2)
    empty_click = summary(empty.samples)

    # Each draw follows a changed answer, as when a person goes back, changes their mind and looks again.
    see = page.get_by_role("link", name=t("survey.see_results", LANG), exact=True)  # a link: one run
    back = page.get_by_role("button", name=t("results.back", LANG), exact=True)
    results: list[float] = []
    server: list[float] = []
    tabs: dict[str, list[float]] = {name: [] for name in TABS_DRAWN}
    empty.samples = []
    for n in range(draws + 1):
        q = n % len(survey.sections[last][1])
        chosen[q] = (chosen[q] + 2) % 5
        await timed_click(page, option(page, q + 1, chosen[q]), radio_checked(q + 1, chosen[q]))
        results.append(await timed_click(page, see, PLOTS_DRAWN, server_ms=server))
        await empty.click(counted=n > 0)
        if switch is not None:
            await switch.click(counted=n > 0)
        if bare_results is not None:
            await bare_results.click(counted=n > 0)
        # Then each other tab opened, as a person reading on would (the first round warms them up).
        for name, drawn in TABS_DRAWN.items():
            tab = page.get_by_role("tab", name=t(f"results.tab_{name}", LANG), exact=True)
            ms = await timed_click(page, tab, drawn)
            if n > 0:
                tabs[name].append(ms)
        await back.click()
        await page.get_by_role("heading", name=survey.sections[last][0]).wait_for(timeout=60_000)
        await ready(page, 2)
    for context in contexts:
        await context.close()
    draw = summary(results[1:])
    draw["first_ms"] = round(results[0], 1)  # cold caches (before issue 15 also plotly.js mounting)
    draw["server_median_ms"] = round(statistics.median(server[1:]), 1)
    out = {} if default is None else {"empty_default_click": summary(default.samples)}
    if switch is not None:
        out["empty_page_switch"] = summary(switch.samples)
    if bare is not None:
        out["bare_answer_click"] = summary(bare.samples)
    if bare_results is not None:
        out["bare_results"] = summary(bare_results.samples)
        out["bare_plan_tab"] = summary(bare_results.plan)
    return {
        **out,
        "click": summary(clicks),
        "section": {**summary(sections), "server_median_ms": round(statistics.median(section_server), 1)},
        "empty_click": empty_click,
        "results": draw,
        "results_tabs": {name: summary(samples) for name, samples in tabs.items()},
        "empty_click_during_results": summary(empty.samples),
    }


# --- memory per concurrent session ----------------------------------------------------------------------


async def _foco_session(page: Any, url: str, survey: Survey | None, n: int) -> None:
    assert survey is not None, "Foco's page is answered from its survey"
    await begin(page, url, survey, f"Benchmark organization {n}", pause=0, force=True)
    await timed_click(page, option(page, 1, n % 5), radio_checked(1, n % 5), pause=0, force=True)


async def _empty_session(page: Any, url: str, survey: Survey | None, n: int) -> None:
    await page.goto(url)
    await ready(page, 1, pause=0)
    await timed_click(page, option(page, 0, 1 + n % 5), radio_checked(0, 1 + n % 5), pause=0, force=True)


async def sessions_memory(browser: Any, url: str, sessions: int, foco: bool) -> dict[str, Any]:
    pid = server_pid(url)
    survey = Survey() if foco else None
    open_session = _foco_session if foco else _empty_session
    contexts = [
        await browser.new_context(locale="en-US", viewport={"width": 1100, "height": 800}) for _ in range(2)
    ]
    for context in contexts:
        await context.add_init_script(WATCH_SOCKET)
    pages = [await contexts[n % len(contexts)].new_page() for n in range(sessions)]
    started = time.perf_counter()
    await open_session(pages[0], url, survey, 0)
    await asyncio.sleep(2)
    one = rss_mb(pid)
    gate = asyncio.Semaphore(4)  # a few at a time: 2 cores, and the server is one process

    async def opened(n: int) -> None:
        async with gate:
            await open_session(pages[n], url, survey, n)

    await asyncio.gather(*(opened(n) for n in range(1, sessions)))
    await asyncio.sleep(2)
    many = rss_mb(pid)
    for context in contexts:
        await context.close()
    return {
        "sessions": sessions,
        "rss_1_mb": round(one, 1),
        f"rss_{sessions}_mb": round(many, 1),
        "per_session_mb": round((many - one) / (sessions - 1), 3),
        "seconds": round(time.perf_counter() - started, 1),
    }


async def _launch(p: Any, *extra: str) -> Any:
    return await p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra])


def measure_reruns(draws: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    async def go() -> dict[str, Any]:
        async with async_playwright() as p:
            browser = await _launch(p)
            with (
                empty_server() as empty_url,
                empty_default_server() as default_url,
                empty_pages_server() as switch_url,
                section_floor_server() as floor_url,
                results_floor_server() as results_floor_url,
                foco_server() as foco_url,
            ):
                out = await reruns(
                    browser, foco_url, empty_url, draws, default_url, switch_url, floor_url, results_floor_url
                )
                out["section_floor"] = await section_floor(browser, floor_url, 2 * SECTION_ROUNDS + 4)
            await browser.close()
        return out

    return asyncio.run(go())


def measure_memory(sessions: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    async def go() -> dict[str, Any]:
        async with async_playwright() as p:
            # One renderer process per context for all its pages: a page then costs the browser about half
            # the CPU it takes in a process of its own (the server's memory does not depend on it).
            browser = await _launch(p, "--process-per-site")
            with empty_server() as url:
                empty = await sessions_memory(browser, url, sessions, foco=False)
            with foco_server() as url:
                foco = await sessions_memory(browser, url, sessions, foco=True)
            await browser.close()
        return {"empty": empty, "foco": foco}

    return asyncio.run(go())
