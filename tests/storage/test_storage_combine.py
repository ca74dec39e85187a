"""SQLite writes the saves that queue up together (assessment/storage/combine.py): each caller still gets its
own outcome, a refused save leaves the others of its batch written, and a failed batch fails every caller."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

import pytest

from assessment.storage import AssessmentFrozen, Store
from assessment.storage.combine import Combiner
from tests.storage_fixtures import start


def run_all(calls: list[Any]) -> list[Any]:
    """Calls them all at once from as many threads; each one's result or exception, in order."""
    out: list[Any] = [None] * len(calls)
    gate = threading.Barrier(len(calls))

    def run(i: int) -> None:
        gate.wait()
        try:
            out[i] = calls[i]()
        except Exception as exc:  # noqa: BLE001 - compared by the test
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(t.is_alive() for t in threads), "a caller never got its outcome"
    return out


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_refused_save_leaves_the_rest_of_its_batch_written(store: Store) -> None:
    submitted, _ = start(store, org="Done")
    store.submit(submitted.id, "{}", "2025.1")
    open_ones = [start(store, org=f"Open {i}")[0] for i in range(20)]
    now = datetime.now(UTC)
    calls: list[Callable[[], bool]] = [partial(store.save_answer, r.id, "q1", "2", now) for r in open_ones]
    calls += [lambda: store.save_answer(submitted.id, "q1", "2", now)] * 20
    outcomes = run_all(calls)
    assert outcomes[:20] == [True] * 20
    assert all(isinstance(o, AssessmentFrozen) for o in outcomes[20:]), outcomes[20:]
    assert all(store.answers(r.id)["q1"].value == "2" for r in open_ones)
    assert store.answers(submitted.id) == {}


def test_each_caller_gets_its_own_result_and_nobody_leads_forever() -> None:
    batches: list[int] = []
    release = threading.Event()

    def double(payloads: Sequence[int]) -> list[Any]:
        release.wait(10)  # the first batch is slow: the others queue up behind it meanwhile
        batches.append(len(payloads))
        return [ValueError(p) if p % 7 == 0 else 2 * p for p in payloads]

    combiner = Combiner(double)
    threading.Timer(0.5, release.set).start()
    outcomes = run_all([lambda p=p: combiner.submit(p) for p in range(1, 41)])
    for p, outcome in zip(range(1, 41), outcomes, strict=True):
        if p % 7 == 0:
            assert isinstance(outcome, ValueError) and outcome.args == (p,)
        else:
            assert outcome == 2 * p
    assert sum(batches) == 40 and len(batches) < 40, batches  # some saves went out together


def test_a_failed_batch_fails_every_caller_in_it() -> None:
    release = threading.Event()

    def broken(payloads: Sequence[int]) -> list[Any]:
        release.wait(10)
        raise OSError("disk full")

    combiner = Combiner(broken)
    threading.Timer(0.5, release.set).start()
    outcomes = run_all([lambda p=p: combiner.submit(p) for p in range(10)])
    assert all(isinstance(o, OSError) and str(o) == "disk full" for o in outcomes), outcomes
