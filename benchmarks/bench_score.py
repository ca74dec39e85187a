"""How long `python -m assessment score` takes on N organizations, next to pandas just reading the same file.

Prints figures and ratios; asserts nothing. Usage: python benchmarks/bench_score.py [N ...]
"""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment.bank import load_bank  # noqa: E402

CHOICES = ["0", "1", "2", "3", "4", "dk", ""]


def make_file(path: Path, n: int, seed: int = 7) -> None:
    bank = load_bank()
    rng = random.Random(seed)
    qids = list(bank.questions)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["organization", "unit", *qids])
        for i in range(n):
            row = [
                rng.choice(CHOICES) if not bank.questions[q].allow_na or rng.random() > 0.1 else "na"
                for q in qids
            ]
            w.writerow([f"Organization {i}", f"Unit {i % 7}", *row])


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(n: int, runs: int = 3) -> dict[str, float]:
    """Best of `runs` for `score` (a whole process, as people run it), Python's start-up and pandas."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "responses.csv"
        make_file(src, n)
        out = Path(tmp) / "out"
        cmd = [sys.executable, "-m", "assessment", "score", str(src), "--out-dir", str(out)]
        score_s = best_of(runs, lambda: subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True))
        read_s = best_of(runs, lambda: pd.read_csv(src, dtype=str, keep_default_na=False))
        imports = [sys.executable, "-c", "import assessment.cli.main"]
        startup = best_of(runs, lambda: subprocess.run(imports, cwd=ROOT, check=True, capture_output=True))
        return {
            "organizations": n,
            "runs": runs,
            "file_mb": round(src.stat().st_size / 1e6, 2),
            "score_s": round(score_s, 3),
            "startup_s": round(startup, 3),
            "read_csv_s": round(read_s, 4),
            "ratio": round(score_s / read_s, 1),
            "per_organization_us": round(1e6 * (score_s - startup) / n, 1),
        }


def main(sizes: list[int]) -> None:
    for n in sizes:
        m = measure(n)
        print(
            f"{n:>7} organizations ({m['file_mb']:.1f} MB): score {m['score_s']:.2f} s (process start and "
            f"imports {m['startup_s']:.2f} s) | pandas.read_csv {m['read_csv_s']:.3f} s | ratio "
            f"{m['ratio']:.1f}× | per organization {m['per_organization_us']:.0f} µs"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000])
