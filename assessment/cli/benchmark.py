"""`python -m assessment benchmark [--min N] [--out FILE] [--bank DIR] [--lang L]`: the peer benchmark's
figures as CSV, from the database ($DATABASE_URL, default data/foco.db), for a deployment that publishes
them. The same figures as the app, under the same rules (assessment.engine.benchmark): only organizations
that opted in, each once, at least N of them (default $FOCO_BENCHMARK_MIN, else 5; never below 3)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from assessment.bank import DEFAULT_BANK_DIR, BankError, load_bank
from assessment.bank.model import LANGUAGES
from assessment.engine.benchmark import MIN_ORGS_FLOOR, check_min, configured_min
from assessment.outputs.benchmark_csv import benchmark_csv


def cmd_benchmark(args: argparse.Namespace) -> int:
    # Imported here: the contract commands never need a database.
    from assessment.storage import StorageUnavailable, Store

    try:
        min_orgs = check_min(args.min) if args.min is not None else configured_min(os.environ)
    except ValueError as exc:
        print(f"benchmark: {exc}", file=sys.stderr)
        return 2
    try:
        bank = load_bank(args.bank)
    except BankError as exc:
        print(f"benchmark: the bank in {args.bank} does not load: {exc}", file=sys.stderr)
        return 1
    store = Store()
    try:
        store.migrate()
        found = store.benchmark(list(bank.dimensions), min_orgs)
    except StorageUnavailable as exc:
        print(f"Cannot reach the database: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    data = benchmark_csv(bank, found, args.lang).encode("utf-8")
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        tmp = args.out.with_name(f".{args.out.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(args.out)
        print(
            f"{len(found)} figures (minimum {min_orgs} organizations) written to {args.out}", file=sys.stderr
        )
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("benchmark", help="the peer benchmark's figures as CSV (organizations that opted in)")
    p.add_argument(
        "--min",
        type=int,
        default=None,
        metavar="N",
        help="fewest organizations behind a figure "
        f"(default $FOCO_BENCHMARK_MIN or 5; at least {MIN_ORGS_FLOOR})",
    )
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="write here (default: stdout)")
    p.add_argument("--bank", type=Path, default=DEFAULT_BANK_DIR, help="question bank folder")
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the names (default en)")
    p.set_defaults(func=cmd_benchmark)
