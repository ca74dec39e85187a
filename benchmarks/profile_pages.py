"""Where a rerun's time goes on the server: cProfile in the script thread of Streamlit's runtime (AppTest),
for a click on a survey answer, a move to another section and a draw of the Results page, summed over
several runs. Prints, for Foco's own functions and Streamlit's element calls, the milliseconds per run
spent in each (cumulative: a function's callees included, so the lines overlap). Used by benchmarks/run.py
(part `profile`); run alone:

    python benchmarks/profile_pages.py [--runs 10]

AppTest runs the same script as the server; it does not draw, so this is the server's share of a click only
(the browser's is in the `click` part: "of which … until the server's script finished").
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Lines worth reading: Foco's functions, the database and the Streamlit calls a page makes.
KEEP = ("/assessment/", "/app.py", "sqlalchemy/engine/base.py:1450", "plotly/basedatatypes.py:1391",
        "/streamlit/elements/", "json/__init__.py")  # fmt: skip


@contextmanager
def profiled() -> Iterator[Callable[[bool], None]]:
    """Profile the script thread's runs while `on(True)`; cProfile sees one thread, the script's."""
    from streamlit.runtime.scriptrunner import script_runner

    profile = cProfile.Profile()
    state = {"on": False}
    original = script_runner.ScriptRunner._run_script

    def run_script(self: Any, *args: Any, **kwargs: Any) -> Any:
        if state["on"]:
            profile.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            if state["on"]:
                profile.disable()

    def on(value: bool) -> None:
        state["on"] = value

    script_runner.ScriptRunner._run_script = run_script  # type: ignore[method-assign]  # profiled in place
    try:
        yield on
    finally:
        script_runner.ScriptRunner._run_script = original  # type: ignore[method-assign]  # put back
        PROFILES.append(profile)


PROFILES: list[cProfile.Profile] = []


def _top(profile: cProfile.Profile, runs: int, n: int = 14) -> list[tuple[str, float]]:
    stats = pstats.Stats(profile)
    rows = []
    for (file, line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]  # not in typeshed's pstats
        where = f"{file}:{line}"
        if not any(k in where for k in KEEP):
            continue
        if "/streamlit/elements/" in where and ct / runs < 0.004:
            continue
        short = file.split("/assessment/")[-1] if "/assessment/" in file else Path(file).name
        rows.append((f"{short}:{line} {name}", 1000 * ct / runs))
    rows.sort(key=lambda r: -r[1])
    return [(label, round(ms, 1)) for label, ms in rows[:n]]


def _survey(at: Any) -> None:
    at.run()
    at.text_input[0].input("Profiled library")
    at.button[0].click().run()


def _radios(at: Any) -> list[Any]:
    return [r for r in at.radio if str(r.key or "").startswith("answer:")]


def measure(runs: int = 10) -> dict[str, Any]:
    from streamlit.testing.v1 import AppTest

    from assessment.i18n import t
    from tests.apptest_support import follow_link

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="foco-profile-") as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/profile.db"
        with profiled() as on:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            _survey(at)
            for i in range(3):  # warm: the first reruns of a session
                _radios(at)[i % 3].set_value(i % 5).run()
            on(True)
            t0 = time.perf_counter()
            for i in range(runs):
                radios = _radios(at)
                radios[i % len(radios)].set_value((3 * i + 1) % 5).run()
            out["click_ms"] = round(1000 * (time.perf_counter() - t0) / runs, 1)
            on(False)
        out["click"] = _top(PROFILES[-1], runs)

        with profiled() as on:
            # Another section: "Next" then "Previous" in turn, a whole run of the page each.
            labels = (t("survey.next", "en"), t("survey.prev", "en"))
            on(True)
            t0 = time.perf_counter()
            for i in range(runs):
                next(b for b in at.button if b.label == labels[i % 2]).click().run()
            out["section_ms"] = round(1000 * (time.perf_counter() - t0) / runs, 1)
            on(False)
        out["section"] = _top(PROFILES[-1], runs)

        with profiled() as on:
            # The Results page, drawn after a changed answer each time, as the click part draws it.
            see = t("survey.see_results", "en")
            back = t("results.back", "en")
            for _ in range(4):
                for radio in _radios(at):
                    radio.set_value(2)
                at.run()
                next(b for b in at.button if b.label == t("survey.next", "en")).click().run()
            t0 = time.perf_counter()
            elapsed = 0.0
            for i in range(runs + 1):
                radios = _radios(at)
                radios[i % len(radios)].set_value((i + 1) % 5).run()
                on(i > 0)
                t0 = time.perf_counter()
                follow_link(at, see)  # "See the results" is a link: one run of the results page
                if i > 0:
                    elapsed += time.perf_counter() - t0
                on(False)
                if at.exception:
                    raise RuntimeError(f"the results page raised: {at.exception[0].value}")
                next(b for b in at.button if b.label == back).click().run()
            out["results_ms"] = round(1000 * elapsed / runs, 1)
        out["results"] = _top(PROFILES[-1], runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    m = measure(args.runs)
    for part in ("click", "section", "results"):
        print(f"\n{part}: {m[f'{part}_ms']} ms a run in AppTest; cumulative ms a run:")
        for label, ms in m[part]:
            print(f"  {ms:8.1f}  {label}")


if __name__ == "__main__":
    main()
