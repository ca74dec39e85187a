"""The capacity of one replica: N respondents answering the survey at once, each clicking an answer every few
seconds, against one real server (`streamlit run asgi.py`, as `make run` serves it, on its own SQLite file).

A respondent here is a websocket client speaking Streamlit's own protocol (BackMsg/ForwardMsg from
streamlit.proto), not a browser: 200 Chromium pages do not fit on a 2-CPU machine, and the browser's drawing
is not the server's capacity. Each client opens its assessment by its resume link (?a=<token>, the
assessments made beforehand in the database, as a consultant's invitations would be), then clicks: a
BackMsg rerun_script carrying the changed radio's new value, as the browser sends it. A click's latency is
from that message sent to the ForwardMsg script_finished of its rerun (the answer saved, the section drawn).

Sessions are added level by level (10, then up to 50, 100, 200) and keep clicking throughout; each level is
measured over a window once its sessions are all open. Used by benchmarks/run.py; prints nothing itself.
"""

from __future__ import annotations

import asyncio
import os
import random
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

from bench_browser import rss_mb, server_pid  # noqa: E402

from tests.server import running_app  # noqa: E402

ANSWER = "-answer:"  # in the element id of a keyed answer radio (survey._key: "answer:<lang>:<rev>:<qid>")
RUN_TIMEOUT_S = 60.0


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


class Respondent:
    """One browser tab, as far as the server can tell: a websocket, its widget states, its page."""

    def __init__(self, url: str, token: str, rng: random.Random) -> None:
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.token, self.rng = token, rng
        self.page_hash = ""
        self.states: dict[str, Any] = {}  # widget id → WidgetState, as the frontend keeps them
        self.radios: dict[str, list[str]] = {}  # answer radio id → its options (formatted, as sent)
        self.fragments: dict[str, str] = {}  # answer radio id → the fragment it is drawn in, if any
        self.ws: Any = None

    async def open(self) -> float:
        import websockets
        from websockets.typing import Subprotocol

        self.ws = await websockets.connect(
            self.ws_url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            open_timeout=60,
            ping_interval=None,
        )
        return await self.rerun()

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def rerun(self, fragment_id: str = "") -> float:
        """One rerun with the current widget states; returns the seconds until its script finished. A
        widget drawn in a fragment names it, as the browser does: the server then reruns that fragment."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = f"a={self.token}"
        if self.page_hash:
            client.page_script_hash = self.page_hash
        else:
            client.page_name = "survey"
        client.widget_states.widgets.extend(self.states.values())
        if fragment_id:
            client.fragment_id = fragment_id
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            data = await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT_S)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                element = fwd.delta.new_element
                if element.WhichOneof("type") == "radio" and ANSWER in element.radio.id:
                    self.radios[element.radio.id] = list(element.radio.options)
                    self.fragments[element.radio.id] = fwd.delta.fragment_id
            elif kind == "new_session":
                self.page_hash = fwd.new_session.page_script_hash
            elif kind == "page_info_changed" or kind == "navigation":
                if kind == "navigation" and fwd.navigation.page_script_hash:
                    self.page_hash = fwd.navigation.page_script_hash
            elif kind == "script_finished" and fwd.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ):
                return time.perf_counter() - started

    async def click(self) -> float:
        """A changed answer on one of the section's questions, as the radio sends it."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        if not self.radios:
            raise RuntimeError("the survey drew no answer radio")
        wid = self.rng.choice(sorted(self.radios))
        options = self.radios[wid][:5]  # the five steps (not "don't know"/"not applicable")
        now = self.states.get(wid)
        state = WidgetState(id=wid, string_value=self.rng.choice([o for o in options if now is None
                                                                  or o != now.string_value]))  # fmt: skip
        self.states[wid] = state
        return await self.rerun(self.fragments.get(wid, ""))


def make_assessments(url: str, n: int) -> list[str]:
    """n assessments in progress, each with its resume token, written as the app would have."""
    from assessment.bank import DEFAULT_BANK_DIR, load_bank
    from assessment.storage import Store, upgrade

    bank = load_bank(os.environ.get("FOCO_BANK") or DEFAULT_BANK_DIR)
    upgrade(url)
    store = Store(url)
    org_type = bank.info.organization_types[0].id
    tokens = [
        store.start(f"Capacity organization {i}", org_type, None, "en", bank.version, "0")[1]
        for i in range(n)
    ]
    store.close()
    return tokens


@contextmanager
def replica(url: str) -> Iterator[str]:
    with running_app({"DATABASE_URL": url}, script=ROOT / "asgi.py") as served:
        yield served


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _drive(url: str, tokens: list[str], levels: list[int], pace_s: float, window_s: float) -> dict:
    pid = server_pid(url)
    rng = random.Random(15)
    stop = asyncio.Event()
    samples: list[tuple[float, float]] = []  # (when the click was sent, seconds)
    errors: list[str] = []
    people: list[Respondent] = []

    async def clicking(person: Respondent) -> None:
        # A first pause drawn over a whole interval, so the sessions do not click in step.
        await asyncio.sleep(rng.uniform(0, pace_s))
        while not stop.is_set():
            sent = time.perf_counter()
            try:
                samples.append((sent, await person.click()))
            except Exception as exc:  # a timeout or a dropped connection: counted, the session stops
                errors.append(f"{type(exc).__name__}: {exc}")
                return
            # "A click every few seconds": pace_s on average, jittered ±50 %.
            await asyncio.sleep(
                max(0.0, rng.uniform(0.5 * pace_s, 1.5 * pace_s) - (time.perf_counter() - sent))
            )

    tasks: list[asyncio.Task[None]] = []
    gate = asyncio.Semaphore(4)  # sessions open a few at a time, as people arrive

    async def arrive(token: str) -> Respondent:
        async with gate:
            person = Respondent(url, token, random.Random(rng.random()))
            await person.open()
            return person

    # The first session loads what every session shares (the bank, plotly, the database engine): memory per
    # session is counted from there.
    first = await arrive(tokens[0])
    people.append(first)
    tasks.append(asyncio.create_task(clicking(first)))
    await asyncio.sleep(2)
    base_rss = rss_mb(pid)
    out: dict[str, Any] = {
        "pace_s": pace_s,
        "window_s": window_s,
        "rss_1_mb": round(base_rss, 1),
        "levels": {},
    }
    try:
        for n in levels:
            began = time.perf_counter()
            opened = await asyncio.gather(*(arrive(t) for t in tokens[len(people) : n]))
            opening_s = time.perf_counter() - began
            people += opened
            tasks += [asyncio.create_task(clicking(p)) for p in opened]
            await asyncio.sleep(min(pace_s, 3.0))  # let the newcomers' first clicks pass
            t0, cpu0, own0 = time.perf_counter(), _cpu_s(pid), time.process_time()
            await asyncio.sleep(window_s)
            t1, cpu1, own1 = time.perf_counter(), _cpu_s(pid), time.process_time()
            lat = sorted(1000 * s for sent, s in samples if t0 <= sent < t1 - 0.0)
            rss = rss_mb(pid)
            level = {
                "sessions": n,
                "opening_s": round(opening_s, 1),
                "clicks": len(lat),
                "clicks_per_s": round(len(lat) / (t1 - t0), 1),
                "p50_ms": round(statistics.median(lat), 1) if lat else None,
                "p90_ms": round(percentile(lat, 0.9), 1) if lat else None,
                "p99_ms": round(percentile(lat, 0.99), 1) if lat else None,
                "max_ms": round(lat[-1], 1) if lat else None,
                "rss_mb": round(rss, 1),
                "per_session_kb": round(1024 * (rss - base_rss) / max(1, n - 1)),
                "server_cpu": round((cpu1 - cpu0) / (t1 - t0), 2),
                "client_cpu": round((own1 - own0) / (t1 - t0), 2),
                "load": [round(x, 2) for x in os.getloadavg()],
                "errors": len(errors),
            }
            out["levels"][str(n)] = level
            print(f"    [capacity] {n} sessions: {level}", file=sys.stderr, flush=True)
            if errors:
                out["first_error"] = errors[0]
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(*(p.close() for p in people), return_exceptions=True)
    return out


def saved_answers(url: str) -> int:
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(sqlalchemy.text("SELECT count(*) FROM answers")).scalar_one()
    engine.dispose()
    return int(n)


def measure(levels: list[int], pace_s: float = 3.0, window_s: float = 15.0) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="foco-capacity-") as folder:
        db = f"sqlite:///{folder}/capacity.db"
        tokens = make_assessments(db, max(levels))
        with replica(db) as url:
            out = asyncio.run(_drive(url, tokens, levels, pace_s, window_s))
        # Every click changed an answer, which the server wrote: a run that saved nothing measured nothing.
        out["answers_saved"] = saved_answers(db)
        return out


if __name__ == "__main__":
    import json

    print(
        json.dumps(
            measure([int(x) for x in (sys.argv[1] if len(sys.argv) > 1 else "10").split(",")]), indent=2
        )
    )
