"""`make bench`: Foco's speed and memory next to their baselines, printed as figures and ratios.

- a click on an answer → the rerun over, in Chromium, next to an empty Streamlit app (the framework's floor);
- the results page's draw, next to the empty app's rerun;
- the server's memory per concurrent session (50 sessions), next to the empty app's;
- `python -m assessment score` on 10,000 and 100,000 organizations, next to pandas.read_csv on the same file;
- save latency (p50/p99/max) with 20 and 50 concurrent writers, on SQLite and on PostgreSQL;
- the portfolio page with 1,000 and 10,000 clients: first draw and a filter change (AppTest);
- the portfolio page with 1,000 clients in Chromium: opened cold and warm, a filter changed, next to the
  empty app's click and page switch in the same run;
- where a survey click's, a section change's and a Results draw's server time goes (cProfile,
  benchmarks/profile_pages.py);
- the capacity of one replica: click latency p50/p99 and the server's memory with 10, 50, 100 and 200
  respondents clicking every few seconds (websocket clients speaking Streamlit's protocol); --quick skips it.

The figures go to benchmarks/results/<UTC time>.json with the machine's details; the change against the
previous file is printed. How busy the machine was is recorded with every part (load average, and the CPU
other processes took meanwhile): on a busy machine times are slower and noisier, so compare quiet runs. Usage:
  python benchmarks/run.py [--quick]
                           [--only click,memory,score,storage,portfolio,portfolio_browser,profile,capacity]
                           [--sessions 50] [--draws 10] [--sizes 10000,100000] [--writers 20,50]
                           [--saves 40] [--clients 1000,10000] [--capacity 10,50,100,200] [--pace 3]
                           [--window 20]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sys
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import bench_browser  # noqa: E402
import bench_capacity  # noqa: E402
import bench_portfolio  # noqa: E402
import bench_portfolio_browser  # noqa: E402
import bench_score  # noqa: E402
import bench_storage  # noqa: E402
import profile_pages  # noqa: E402

PARTS = ("click", "memory", "score", "storage", "portfolio", "portfolio_browser", "profile", "capacity")
QUICK_SKIPS = ("capacity",)


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def git_commit() -> str | None:
    # Read from .git directly: the benchmark runs no git command.
    head = ROOT / ".git" / "HEAD"
    try:
        ref = head.read_text().strip()
        if not ref.startswith("ref: "):
            return ref
        name = ref[5:]
        loose = ROOT / ".git" / name
        if loose.exists():
            return loose.read_text().strip()
        for line in (ROOT / ".git" / "packed-refs").read_text().splitlines():
            if line.endswith(" " + name):
                return line.split()[0]
    except OSError:
        return None
    return None


def machine() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "streamlit": version("streamlit"),
        "plotly": version("plotly"),
        "pandas": version("pandas"),
        "playwright": version("playwright"),
        "platform": platform.platform(),
        "git_commit": git_commit(),
    }


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def _proc_stats() -> dict[int, tuple[int, int]]:
    """pid → (parent pid, CPU ticks the process itself has used, user and system)."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            out[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return out


def _descendants(procs: dict[int, tuple[int, int]], root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in procs.items():
        children.setdefault(parent, []).append(pid)
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        found.add(pid)
        todo += [c for c in children.get(pid, ()) if c not in found]
    return found


class Watch:
    """How busy the machine was during a part: the load average, and the CPUs that processes other than
    this benchmark (its browser and servers included) kept busy — the part's own work does not count.

    Other processes are compared one by one between the start and the end of the part: a process that is
    not this benchmark's at either moment counts with the CPU it used meanwhile. (Counting the machine's
    total minus our own would charge us nothing for a browser that has exited — its CPU is gone from
    /proc — and so report a quiet machine as busy.) A process that starts and ends within the part is
    not seen."""

    def __init__(self) -> None:
        self.load, self.start, self.procs = load(), time.monotonic(), _proc_stats()

    def stop(self) -> dict[str, Any]:
        seconds = time.monotonic() - self.start
        now = _proc_stats()
        me = os.getpid()
        ours = _descendants(self.procs, me) | _descendants(now, me)
        ticks = sum(
            max(0, used - self.procs.get(pid, (0, 0))[1]) for pid, (_, used) in now.items() if pid not in ours
        )
        others = ticks / os.sysconf("SC_CLK_TCK") / max(seconds, 1e-9)
        return {"load": [self.load, load()], "seconds": round(seconds, 1), "others_cpu": round(others, 2)}


def busy(watch: dict[str, Any]) -> str:
    cpus = os.cpu_count() or 1
    (before, *_), (after, *_) = watch["load"]
    note = " — BUSY: other processes took CPU, times inflated" if watch["others_cpu"] > 0.25 * cpus else ""
    return (
        f"{watch['seconds']:.0f} s; other processes used {watch['others_cpu']:.2f} of {cpus} CPUs, "
        f"load average {before:.2f} → {after:.2f}{note}"
    )


def part_click(args: argparse.Namespace) -> dict[str, Any]:
    watch = Watch()
    r = bench_browser.measure_reruns(args.draws)
    w = watch.stop()
    click, empty, draw = r["click"], r["empty_click"], r["results"]
    out = {
        **r,
        "ratio_median": ratio(click["median_ms"], empty["median_ms"]),
        "ratio_p90": ratio(click["p90_ms"], empty["p90_ms"]),
        "results_ratio_median": ratio(draw["median_ms"], r["empty_click_during_results"]["median_ms"]),
        "watch": w,
    }
    print(f"\nClick on an answer → rerun over (Chromium; {busy(w)})")
    for name, m in (("survey", click), ("empty app", empty)):
        print(f"  {name:<10} median {m['median_ms']:7.1f} ms  p90 {m['p90_ms']:7.1f} ms  ({m['n']} clicks)")
    print(f"  ratio      median {out['ratio_median']}×  p90 {out['ratio_p90']}×")
    section = r.get("section")
    if section:
        out["section_ratio_median"] = ratio(section["median_ms"], empty["median_ms"])
        print(
            f"  next section (the page's whole run) median {section['median_ms']:.1f} ms, p90 "
            f"{section['p90_ms']:.1f} ms ({section['n']}), {out['section_ratio_median']}× the empty click; "
            f"{section['server_median_ms']:.0f} ms until the server's script finished"
        )
    floor = r.get("section_floor")
    if section and floor:
        out["section_floor_ratio_median"] = ratio(section["median_ms"], floor["median_ms"])
        print(
            f"  the same content in a bare app (benchmarks/section_floor_app.py): median "
            f"{floor['median_ms']:.1f} ms; next section / it {out['section_floor_ratio_median']}×"
        )
    bare = r.get("bare_answer_click")
    if bare:
        out["ratio_bare_median"] = ratio(click["median_ms"], bare["median_ms"])
        print(
            f"  a click on an answer in the same content's bare app (benchmarks/section_floor_app.py, six "
            f"questions, taken after each of Foco's): median {bare['median_ms']:.1f} ms, p90 "
            f"{bare['p90_ms']:.1f} ms; survey / it {out['ratio_bare_median']}×"
        )
    default = r.get("empty_default_click")
    if default:
        out["ratio_default_median"] = ratio(click["median_ms"], default["median_ms"])
        print(
            f"  empty app with Streamlit's default garbage collection after every run: median "
            f"{default['median_ms']:.1f} ms, p90 {default['p90_ms']:.1f} ms"
        )
        print(f"  ratio to it median {out['ratio_default_median']}×")
    base = r["empty_click_during_results"]
    print("\nResults page: 'See the results' → charts drawn, script idle")
    print(
        f"  results    median {draw['median_ms']:7.1f} ms  p90 {draw['p90_ms']:7.1f} ms  ({draw['n']} draws; "
        f"first, cold: {draw['first_ms']:.0f} ms)"
    )
    print(
        f"             of which {draw['server_median_ms']:.0f} ms until the server's script finished, "
        f"{draw['median_ms'] - draw['server_median_ms']:.0f} ms drawing after it"
    )
    print(f"  empty app  median {base['median_ms']:7.1f} ms (its rerun, taken between the draws)")
    print(f"  ratio      median {out['results_ratio_median']}×")
    switch = r.get("empty_page_switch")
    if switch:
        out["results_switch_ratio_median"] = ratio(draw["median_ms"], switch["median_ms"])
        print(
            f"  empty app, a switch to its other page (the floor of a page switch): median "
            f"{switch['median_ms']:.1f} ms; results / it {out['results_switch_ratio_median']}×"
        )
    bare_results = r.get("bare_results")
    if bare_results:
        out["results_bare_ratio_median"] = q = ratio(draw["median_ms"], bare_results["median_ms"])
        print(
            f"  the summary's content in a bare app (benchmarks/results_floor_app.py, its link taken between "
            f"the draws): median {bare_results['median_ms']:.1f} ms; results / it {q}×"
        )
    tabs = r.get("results_tabs") or {}
    if tabs:
        print("  then each other tab opened (drawn only once opened), median:")
        out["results_tabs_ratio_median"] = {}
        for name, m in tabs.items():
            out["results_tabs_ratio_median"][name] = q = ratio(m["median_ms"], base["median_ms"])
            print(f"    {name:<8} {m['median_ms']:7.1f} ms  p90 {m['p90_ms']:7.1f} ms  {q}×")
            bare_plan = r.get("bare_plan_tab")
            if name == "plan" and bare_plan:
                out["plan_bare_ratio_median"] = q = ratio(m["median_ms"], bare_plan["median_ms"])
                print(
                    f"             the tab's content in the bare app (its tab, a whole run there): median "
                    f"{bare_plan['median_ms']:.1f} ms; plan / it {q}×"
                )
        whole = draw["median_ms"] + sum(m["median_ms"] for m in tabs.values())
        out["results_whole_ratio_median"] = ratio(whole, base["median_ms"])
        print(f"  every tab in turn: {whole:.0f} ms, {out['results_whole_ratio_median']}× one empty rerun")
    return out


def part_memory(args: argparse.Namespace) -> dict[str, Any]:
    watch = Watch()
    r = bench_browser.measure_memory(args.sessions)
    w = watch.stop()
    foco, empty = r["foco"], r["empty"]
    n = args.sessions
    out = {**r, "ratio": ratio(foco["per_session_mb"], empty["per_session_mb"]), "watch": w}
    print(f"\nServer memory per concurrent session ({n} sessions; {busy(w)})")
    for name, m in (("survey", foco), ("empty app", empty)):
        print(
            f"  {name:<10} RSS {m['rss_1_mb']:.1f} MB with 1 session, {m[f'rss_{n}_mb']:.1f} MB with {n}: "
            f"{1024 * m['per_session_mb']:.0f} KB per session"
        )
    print(f"  ratio      {out['ratio']}×")
    return out


def part_score(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    print("\n`python -m assessment score` next to pandas.read_csv on the same file")
    for n in args.sizes:
        watch = Watch()
        m: dict[str, Any] = dict(bench_score.measure(n, runs=3 if n <= 20_000 else 1))
        m["watch"] = watch.stop()
        out[str(n)] = m
        print(
            f"  {n:>7} organizations ({m['file_mb']:.1f} MB): score {m['score_s']:.2f} s "
            f"(of which start-up {m['startup_s']:.2f} s) | read_csv {m['read_csv_s']:.3f} s | "
            f"ratio {m['ratio']}× | {m['per_organization_us']:.0f} µs per organization"
        )
        print(f"           {busy(m['watch'])}")
    return out


def part_storage(args: argparse.Namespace) -> dict[str, Any]:
    watch = Watch()
    print(f"\nSave latency, concurrent writers ({args.saves} saves each, one assessment per writer)")
    out = bench_storage.measure(args.writers, args.saves)
    out["watch"] = watch.stop()
    print(f"  {busy(out['watch'])}")
    return out


def part_portfolio(args: argparse.Namespace) -> dict[str, Any]:
    watch = Watch()
    out = bench_portfolio.measure(args.clients)
    out["watch"] = w = watch.stop()
    floor = args.floor_ms
    print(f"\nPortfolio page in Streamlit's runtime (AppTest), signed in as the consultant ({busy(w)})")
    print(f"  empty app's rerun in the same runtime: {out['empty_rerun_ms']:.1f} ms")
    for n in args.clients:
        m = out[str(n)]
        print(
            f"  {n:>6} clients: first draw {m['first_ms']:7.1f} ms ({m['first_ratio']}×), in another session "
            f"{m['first_warm_ms']:6.1f} ms ({m['first_warm_ratio']}×), a filter changed "
            f"{m['filter_ms']:6.1f} ms ({m['filter_ratio']}×);\n"
            f"{18 * chr(32)}the consultant's first draw on a running replica {m['first_replica_ms']:6.1f} ms "
            f"({m['first_replica_ratio']}×), the same with every score in progress stale "
            f"{m['first_stale_ms']:6.1f} ms ({m['first_stale_ratio']}×)"
        )
        if floor:
            for k in ("first", "first_warm", "filter", "first_replica", "first_stale"):
                m[f"{k}_ratio_browser_floor"] = ratio(m[f"{k}_ms"], floor)
            print(
                f"          against the empty app's click in Chromium ({floor:.0f} ms): "
                f"{m['first_ratio_browser_floor']}×, {m['first_warm_ratio_browser_floor']}×, "
                f"{m['filter_ratio_browser_floor']}×, {m['first_replica_ratio_browser_floor']}×, "
                f"{m['first_stale_ratio_browser_floor']}×"
            )
    if floor:
        print(
            "  (AppTest times over a browser click are server against browser: the portfolio_browser part "
            "times the page in Chromium)"
        )
    print(
        "  (the first draw, the first of a fresh process, computes the portfolio from the stored scores, "
        "another session's reuses it;\n"
        "   on a running replica the process is warm and only the consultant's portfolio is computed;\n"
        "   'stale': the 1 in 5 assessments in progress answered since the last look, scored again and kept)"
    )
    return out


def part_portfolio_browser(args: argparse.Namespace) -> dict[str, Any]:
    watch = Watch()
    out = bench_portfolio_browser.measure(args.browser_clients, args.browser_samples)
    out["watch"] = w = watch.stop()
    floor, hop = out["empty_click"], out["empty_page_switch"]
    print(
        f"\nPortfolio page in Chromium, {out['clients']} clients, signed in through the form: from the click "
        f"to the script idle and the table, heatmap and count drawn ({busy(w)})"
    )
    print(
        "  (the portfolio part's AppTest figures are the server's script alone; these are what the consultant"
        " waits for, the browser's drawing included, against floors taken in the same browser)"
    )
    print(
        f"  empty app  click median {floor['median_ms']:7.1f} ms, p90 {floor['p90_ms']:.1f} ms; "
        f"a switch to its other page median {hop['median_ms']:.1f} ms"
    )
    if "bare_opened" in out:
        print(
            f"  the same content in a bare app (benchmarks/portfolio_floor_app.py, taken between Foco's): "
            f"opened median {out['bare_opened']['median_ms']:.1f} ms, a level filter median "
            f"{out['bare_filter']['median_ms']:.1f} ms"
        )
    c = out["first_cpu"]
    print(
        f"  opened, the first time (portfolio computed, the table's code loaded): {out['first_ms']:7.1f} ms "
        f"({out['first_ratio']}× the click, {out['first_switch_ratio']}× the switch); "
        f"CPU server {c['server_cpu_ms']:.0f} ms, browser {c['browser_cpu_ms']:.0f} ms"
    )
    rows = (("cold", "opened, cold (data changed)"), ("warm", "opened, warm"), ("filter", "a level filter"))
    for key, label in rows:
        m = out[key]
        switch = f", {out[f'{key}_switch_ratio_median']}× the switch" if key != "filter" else ""
        bare = (
            f", {out[f'{key}_bare_ratio_median']}× the bare app" if f"{key}_bare_ratio_median" in out else ""
        )
        print(
            f"  {label:<28} median {m['median_ms']:7.1f} ms  p90 {m['p90_ms']:7.1f} ms  ({m['n']}; "
            f"{out[f'{key}_ratio_median']}× the click{switch}{bare})"
        )
        print(
            f"  {'':<28} CPU server {m['server_cpu_ms']:.0f} ms, browser {m['browser_cpu_ms']:.0f} ms; the "
            f"page's main thread {m['page_tasks_ms']:.0f} ms (script {m['page_script_ms']:.0f}, layout "
            f"{m['page_layout_ms']:.0f}, style {m['page_style_ms']:.0f})"
        )
    p = out["page"]
    print(
        f"  the page holds {p['elements']} elements ({p['plotly_charts']} plotly charts, {p['dataframes']} "
        f"dataframes, {p['widgets']} keyed widgets), {p['dom_nodes']} DOM nodes"
    )
    return out


def part_profile(args: argparse.Namespace) -> dict[str, Any]:
    watch = Watch()
    out = profile_pages.measure(args.profile_runs)
    out["watch"] = w = watch.stop()
    print(f"\nWhere a run's time goes on the server (cProfile in AppTest, ms a run, cumulative; {busy(w)})")
    for part in ("click", "section", "results"):
        print(f"  {part}: {out[f'{part}_ms']} ms a run (profiled)")
        for label, ms in out[part][:8]:
            print(f"    {ms:8.1f}  {label}")
    return out


def part_capacity(args: argparse.Namespace) -> dict[str, Any]:
    watch = Watch()
    print(
        f"\nCapacity of one replica (`streamlit run asgi.py`, SQLite): respondents clicking an answer every "
        f"{0.5 * args.pace:g}–{1.5 * args.pace:g} s, each level measured over {args.window:g} s"
    )
    out = bench_capacity.measure(args.capacity, args.pace, args.window)
    out["watch"] = watch.stop()
    print("  sessions  clicks/s   p50 ms   p90 ms   p99 ms   max ms  server CPU  RSS MB  KB/session")
    for n, m in out["levels"].items():
        print(
            f"  {n:>8}  {m['clicks_per_s']:8.1f} {m['p50_ms']:8.1f} {m['p90_ms']:8.1f} {m['p99_ms']:8.1f} "
            f"{m['max_ms']:8.1f}  {m['server_cpu']:10.2f} {m['rss_mb']:7.1f} {m['per_session_kb']:11}"
            + (f"  ({m['errors']} errors)" if m["errors"] else "")
        )
    within = [int(n) for n, m in out["levels"].items() if m["p99_ms"] is not None and m["p99_ms"] <= 500]
    out["sessions_within_p99_500ms"] = max(within) if within else 0
    print(
        f"  served within p99 ≤ 500 ms: {out['sessions_within_p99_500ms']} sessions of those tried; "
        f"{out['answers_saved']} answers in the database afterwards"
    )
    print(f"  {busy(out['watch'])}")
    return out


def numbers(data: Any, prefix: str = "") -> dict[str, float]:
    """Every figure in a results file as 'a.b.c' → value, leaving out samples and how busy the machine was."""
    if isinstance(data, dict):
        out: dict[str, float] = {}
        for k, v in data.items():
            if k not in ("samples_ms", "watch", "load", "machine", "runs", "sessions", "n", "organizations"):
                out.update(numbers(v, f"{prefix}{k}."))
        return out
    if isinstance(data, int | float) and not isinstance(data, bool):
        return {prefix.rstrip("."): float(data)}
    return {}


def compare(current: dict[str, Any], path: Path) -> None:
    previous = json.loads(path.read_text())
    old, new = numbers(previous["figures"]), numbers(current["figures"])
    then, now = previous.get("load_start"), current["load_start"]
    print(f"\nChange against {path.name} (load average then {then}, now {now})")
    for key in sorted(new):
        if key in old and old[key]:
            change = 100 * (new[key] - old[key]) / old[key]
            print(f"  {key:<50} {old[key]:>10.3f} → {new[key]:>10.3f}  {change:+6.1f}%")


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # unwinds the parts, so their servers and browser close behind them


def main() -> None:
    # `timeout` sends SIGTERM; a job started in the background ignores SIGINT. Both stop the run cleanly.
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGINT, _interrupted)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts of {PARTS}")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--draws", type=int, default=10, help="results page draws (after a first, cold one)")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--writers", default="20,50", help="concurrent writers for the storage part")
    parser.add_argument("--saves", type=int, default=40, help="saves per writer in the storage part")
    parser.add_argument("--clients", default="1000,10000", help="portfolio sizes")
    parser.add_argument("--browser-clients", type=int, default=1000, help="portfolio size in Chromium")
    parser.add_argument(
        "--browser-samples", type=int, default=5, help="portfolio openings (cold, warm) and filter pairs"
    )
    parser.add_argument("--profile-runs", type=int, default=10, help="runs profiled in the profile part")
    parser.add_argument("--capacity", default="10,50,100,200", help="concurrent respondents per level")
    parser.add_argument("--pace", type=float, default=3.0, help="mean seconds between a respondent's clicks")
    parser.add_argument("--window", type=float, default=15.0, help="seconds each capacity level is measured")
    parser.add_argument(
        "--quick", action="store_true", help=f"skip the slow part(s): {', '.join(QUICK_SKIPS)}"
    )
    parser.add_argument("--no-save", action="store_true", help="print only; write no results file")
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    args.writers = [int(s) for s in args.writers.split(",") if s]
    args.capacity = [int(s) for s in args.capacity.split(",") if s]
    args.clients = [int(s) for s in args.clients.split(",") if s]
    args.floor_ms = None
    parts = [p for p in args.only.split(",") if p and not (args.quick and p in QUICK_SKIPS)]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")

    started = time.perf_counter()
    stamp = datetime.now(UTC)
    info = machine()
    print(
        f"Foco benchmark {stamp:%Y-%m-%d %H:%M:%S} UTC — {info['cpu_count']} CPUs, Python {info['python']}, "
        f"Streamlit {info['streamlit']}, commit {(info['git_commit'] or '?')[:10]}; load {load()}"
    )
    run: dict[str, Any] = {"timestamp": stamp.isoformat(), "machine": info, "load_start": load()}
    run["figures"] = {}
    steps = {
        "click": part_click,
        "memory": part_memory,
        "score": part_score,
        "storage": part_storage,
        "portfolio": part_portfolio,
        "portfolio_browser": part_portfolio_browser,
        "profile": part_profile,
        "capacity": part_capacity,
    }
    run["seconds_by_part"] = {}
    for part in parts:
        begun = time.perf_counter()
        run["figures"][part] = steps[part](args)
        run["seconds_by_part"][part] = round(time.perf_counter() - begun, 1)
        if part == "click":
            args.floor_ms = run["figures"]["click"]["empty_click"]["median_ms"]
    run["load_end"] = load()
    run["seconds"] = round(time.perf_counter() - started, 1)
    split = ", ".join(f"{part} {s:.0f}" for part, s in run["seconds_by_part"].items())
    print(f"\nTook {run['seconds']:.0f} s ({split}).")

    if args.no_save:
        return
    RESULTS.mkdir(exist_ok=True)
    earlier = sorted(RESULTS.glob("*.json"))
    path = RESULTS / f"{stamp:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(run, indent=2) + "\n")
    print(f"Figures written to {path.relative_to(ROOT)}")
    if earlier:
        compare(run, earlier[-1])


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("\nInterrupted: servers and browser closed, no results file written.")
