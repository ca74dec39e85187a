"""Times Store.save_answer, the call made on every click, on SQLite and PostgreSQL.

Run from the repository root: python benchmarks/bench_storage.py [--calls N] [--pg-admin-url URL]
PostgreSQL is skipped (with a note) when its server cannot be reached.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessment.storage import Store  # noqa: E402

VALUES = ("0", "1", "2", "3", "4", "dk", "na")


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


def report(label: str, timings: list[float]) -> None:
    ms = sorted(t * 1000 for t in timings)
    p95 = ms[min(len(ms) - 1, round(0.95 * len(ms)) - 1)]
    median = statistics.median(ms)
    print(f"{label:<11} n={len(ms)}  median={median:.3f} ms  p95={p95:.3f} ms  max={ms[-1]:.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--pg-admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    print(f"save_answer over {args.calls} calls")
    with sqlite_url() as url:
        report("sqlite", bench(url, args.calls))
    try:
        with postgres_url(args.pg_admin_url) as url:
            report("postgresql", bench(url, args.calls))
    except OperationalError as exc:
        print(f"postgresql  skipped: server unreachable ({exc.orig})")


if __name__ == "__main__":
    main()
