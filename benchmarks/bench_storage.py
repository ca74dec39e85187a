"""Times Store.save_answer, the call made on every click, on SQLite and PostgreSQL: one caller alone, then
20 and 50 concurrent writers (threads sharing one Store, as the sessions of one app process do), each on its
own assessment, saving as fast as they can. Prints p50/p99/max latency per save, errors and lost answers.

Run from the repository root: python benchmarks/bench_storage.py [--calls N] [--writers 20,50]
[--saves N] [--pg-admin-url URL]. PostgreSQL is skipped (with a note) when its server cannot be reached.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessment.storage import Store  # noqa: E402

VALUES = ("0", "1", "2", "3", "4", "dk", "na")
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{folder}/bench.db"


@contextmanager
def postgres_url(admin_url: str) -> Iterator[str]:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    name = f"foco_bench_{secrets.token_hex(8)}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()


def bench(url: str, calls: int) -> list[float]:
    store = Store(url)
    try:
        store.migrate()
        record, _ = store.start("Bench Org", "ngo", "Unit", "en", "bench", "s")
        for i in range(20):  # warm the pool and the statement caches
            store.save_answer(record.id, f"warm{i}", "1", datetime.now(UTC))
        timings = []
        for i in range(calls):
            answered_at = datetime.now(UTC)
            started = time.perf_counter()
            store.save_answer(record.id, f"q{i % 60}", VALUES[i % len(VALUES)], answered_at, note="n")
            timings.append(time.perf_counter() - started)
        return timings
    finally:
        store.close()


def concurrent(url: str, writers: int, saves: int) -> dict[str, Any]:
    """`writers` threads, each saving `saves` answers to its own assessment, all released at once."""
    store = Store(url)
    try:
        store.migrate()
        records = [store.start(f"Writer {i}", "ngo", None, "en", "bench", "s")[0] for i in range(writers)]
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        gate = threading.Barrier(writers)

        def write(assessment_id: int) -> None:
            mine, failed = [], []
            gate.wait()
            for i in range(saves):
                started = time.perf_counter()
                try:
                    store.save_answer(assessment_id, f"q{i}", VALUES[i % len(VALUES)], datetime.now(UTC))
                except Exception as exc:  # noqa: BLE001 - counted and shown, it is what we measure
                    failed.append(f"{type(exc).__name__}: {exc}")
                mine.append(time.perf_counter() - started)
            with lock:
                latencies.extend(mine)
                errors.extend(failed)

        threads = [threading.Thread(target=write, args=(r.id,)) for r in records]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
        stored = sum(len(store.answers(r.id)) for r in records)
    finally:
        store.close()
    ms = sorted(t * 1000 for t in latencies)
    return {
        "writers": writers,
        "saves": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p99_ms": round(ms[min(len(ms) - 1, round(0.99 * len(ms)) - 1)], 1),
        "max_ms": round(ms[-1], 1),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "lost": writers * saves - len(errors) - stored,
        "saves_per_s": round(len(ms) / seconds, 1),
    }


def print_concurrent(label: str, m: dict[str, Any]) -> None:
    print(
        f"{label:<11} {m['writers']:>3} writers  {m['saves']:>5} saves  p50 {m['p50_ms']:7.1f} ms  "
        f"p99 {m['p99_ms']:7.1f} ms  max {m['max_ms']:7.1f} ms  errors {m['errors']}  lost {m['lost']}  "
        f"({m['saves_per_s']:.0f} saves/s)"
    )
    if m["first_error"]:
        print(f"{'':<11} first error: {m['first_error'][:160]}")


def measure(writer_counts: list[int], saves: int, pg_admin_url: str = PG_ADMIN) -> dict[str, Any]:
    """For `make bench`: the concurrent figures on both databases (PostgreSQL left out when unreachable)."""
    out: dict[str, Any] = {}
    for n in writer_counts:
        with sqlite_url() as url:
            out[f"sqlite_{n}"] = concurrent(url, n, saves)
        print_concurrent("sqlite", out[f"sqlite_{n}"])
    try:
        for n in writer_counts:
            with postgres_url(pg_admin_url) as url:
                out[f"postgresql_{n}"] = concurrent(url, n, saves)
            print_concurrent("postgresql", out[f"postgresql_{n}"])
    except OperationalError as exc:
        print(f"postgresql  skipped: server unreachable ({exc.orig})")
    return out


def report(label: str, timings: list[float]) -> None:
    ms = sorted(t * 1000 for t in timings)
    p95 = ms[min(len(ms) - 1, round(0.95 * len(ms)) - 1)]
    median = statistics.median(ms)
    print(f"{label:<11} n={len(ms)}  median={median:.3f} ms  p95={p95:.3f} ms  max={ms[-1]:.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--writers", default="20,50", help="concurrent writers, comma-separated")
    parser.add_argument("--saves", type=int, default=40, help="saves per concurrent writer")
    parser.add_argument("--pg-admin-url", default=PG_ADMIN)
    args = parser.parse_args()
    print(f"save_answer over {args.calls} calls")
    with sqlite_url() as url:
        report("sqlite", bench(url, args.calls))
    try:
        with postgres_url(args.pg_admin_url) as url:
            report("postgresql", bench(url, args.calls))
    except OperationalError as exc:
        print(f"postgresql  skipped: server unreachable ({exc.orig})")
    print(f"\nConcurrent writers, {args.saves} saves each, one assessment per writer")
    measure([int(n) for n in args.writers.split(",") if n], args.saves, args.pg_admin_url)


if __name__ == "__main__":
    main()
