"""SQLite: the saves waiting for the one write lock are written together, in one transaction.

SQLite writes one transaction at a time and each commit waits for the disk. Behind the first-come gate
(gate.py) every save needed the previous one's thread to wake up, run and hand over, and on a busy machine
each handover waited for a CPU: fifty writers managed a couple of hundred saves a second. Here the saves
that queue up meanwhile are taken by one thread, the leader, and written in one transaction, each inside
its own savepoint so that one refused save (a submitted assessment) leaves the others alone. The leader
writes one batch, then hands the lead to the first save still waiting: nobody leads forever.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

MAX_BATCH = 100


@dataclass(eq=False)
class Job:
    payload: Any
    result: Any = None
    error: BaseException | None = None
    done: bool = False
    lead: bool = False
    wake: threading.Event = field(default_factory=threading.Event)


# Writes a batch: returns, for each job in order, its result or the exception that job alone raised; a
# raised exception fails the whole batch (nothing of it was committed).
RunBatch = Callable[[Sequence[Any]], list[Any]]


class Combiner:
    def __init__(self, run_batch: RunBatch) -> None:
        self._run_batch = run_batch
        self._lock = threading.Lock()
        self._queue: list[Job] = []
        self._leading = False

    def submit(self, payload: Any) -> Any:
        job = Job(payload)
        with self._lock:
            self._queue.append(job)
            if not self._leading:
                self._leading = job.lead = True
        if not job.lead:
            job.wake.wait()
        if not job.done:  # our turn to lead (our own job is still queued, so it is in this batch)
            self._lead()
        assert job.done
        if job.error is not None:
            raise job.error
        return job.result

    def _lead(self) -> None:
        with self._lock:
            batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
        try:
            outcomes = self._run_batch([job.payload for job in batch])
            if len(outcomes) != len(batch):
                raise RuntimeError(f"a batch of {len(batch)} saves gave {len(outcomes)} outcomes")
        except BaseException as exc:  # noqa: BLE001 - handed to every caller of the batch
            outcomes = [exc] * len(batch)
        for job, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                job.error = outcome
            else:
                job.result = outcome
            job.done = True
            job.wake.set()
        with self._lock:
            if self._queue:
                successor = self._queue[0]
                successor.lead = True
                successor.wake.set()
            else:
                self._leading = False
