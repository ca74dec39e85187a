"""`score` on many organizations: worker processes share the work, and the files are the same bytes."""

from __future__ import annotations

import io
import multiprocessing
import os
import random
from pathlib import Path

import pytest

from assessment.bank import Bank, load_bank
from assessment.engine.recommend import recommend
from assessment.engine.scoring import DK, NA, AnswerValue, score
from assessment.io import batch
from assessment.io.responses import Response
from assessment.outputs.export import Scored, recommendations_csv, scores_csv


def responses(bank: Bank, n: int, seed: int = 3) -> list[Response]:
    rng = random.Random(seed)
    names = ["Biblioteca Salaborsa", '=HYPERLINK("x")', "Città di Bra, «Ufficio»", "-1", "Müller & Söhne"]
    out = []
    for i in range(n):
        answers: dict[str, AnswerValue] = {}
        for q in bank.questions.values():
            pick = rng.random()
            if pick < 0.1:
                continue
            answers[q.id] = DK if pick < 0.2 else NA if pick < 0.25 and q.allow_na else rng.randint(0, 4)
        unit = f"Unit {i % 3}" if i % 2 else ""
        out.append(Response(i + 2, f"{rng.choice(names)} {i}", unit, None, answers))
    return out


def expected(bank: Bank, rows: list[Response], lang: str) -> tuple[bytes, bytes]:
    entries = []
    for r in rows:
        result = score(bank, r.answers, r.organization_type)
        entries.append(Scored(r.organization, r.unit, result, recommend(bank, result), r.organization_type))
    return scores_csv(bank, entries, lang).encode(), recommendations_csv(bank, entries, lang).encode()


def written(bank: Bank, rows: list[Response], lang: str, jobs: int) -> tuple[bytes, bytes]:
    scores, recs = io.BytesIO(), io.BytesIO()
    count = batch.write_scored(bank, rows, lang, scores, recs, jobs=jobs)
    assert count == len(rows)
    return scores.getvalue(), recs.getvalue()


@pytest.mark.parametrize("lang", ["en", "it"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_same_bytes_as_the_exports(
    bank_dir: Path, monkeypatch: pytest.MonkeyPatch, lang: str, jobs: int
) -> None:
    bank = load_bank(bank_dir)
    monkeypatch.setattr(batch, "CHUNK", 7)  # many chunks, more than the window holds, the last one short
    rows = responses(bank, 130)
    got = written(bank, rows, lang, jobs)
    want = expected(bank, rows, lang)
    assert got[0] == want[0], "scores.csv"
    assert got[1] == want[1], "recommendations.csv"
    assert got[1].count(b"\r\n") > len(rows), "a plan row per recommendation, not one per organization"


def test_workers_that_start_afresh_get_the_bank(bank_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Where processes cannot fork (Windows, macOS by default), each worker receives a pickled bank.
    bank = load_bank(bank_dir)
    monkeypatch.setattr(batch, "CHUNK", 10)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    rows = responses(bank, 25, seed=9)
    assert written(bank, rows, "es", jobs=2) == expected(bank, rows, "es")


def test_no_organizations_writes_the_headers_only(bank_dir: Path) -> None:
    bank = load_bank(bank_dir)
    scores, recs = written(bank, [], "en", jobs=2)
    assert scores.startswith("\ufeff".encode()) and scores.count(b"\r\n") == 1
    assert recs.startswith(b"\xef\xbb\xbforganization,unit,rank,") and recs.count(b"\r\n") == 1


@pytest.mark.parametrize(
    ("n", "env", "jobs"),
    [
        (100, {}, 1),  # too few to be worth starting workers
        (batch.MIN_PARALLEL, {"FOCO_JOBS": "4"}, 4),
        (batch.MIN_PARALLEL, {"FOCO_JOBS": "1"}, 1),
        (batch.MIN_PARALLEL, {"FOCO_JOBS": "lots"}, 1),  # not a number: the safe choice
        (batch.MIN_PARALLEL, {"FOCO_JOBS": "0"}, 1),
        (batch.MIN_PARALLEL, {"FOCO_JOBS": "1000"}, -(-batch.MIN_PARALLEL // batch.CHUNK)),  # a chunk each
    ],
)
def test_jobs_wanted(n: int, env: dict[str, str], jobs: int) -> None:
    assert batch.jobs_wanted(n, env) == jobs


def test_default_is_one_worker_per_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert batch.jobs_wanted(100_000, {}) == 3
