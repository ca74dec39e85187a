"""First come, first served: a bounded number of transactions at a time, the others queued in arrival order.

SQLAlchemy's pool and SQLite's busy handler both let a late caller overtake one that has waited longer (the
pool hands a returned connection to whoever asks next, SQLite's busy handler polls with growing sleeps), so
under fifty concurrent writers a few saves waited behind hundreds of later ones, and on SQLite some gave up
with "database is locked". Behind a gate each caller waits only for those who came before it.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager


class GateTimeout(Exception):
    pass


class FairGate:
    def __init__(self, size: int) -> None:
        self._size = size
        self._busy = 0
        self._waiters: deque[threading.Lock] = deque()
        self._lock = threading.Lock()
        self._held = threading.local()

    def held(self) -> bool:
        """Whether the calling thread is inside."""
        return getattr(self._held, "depth", 0) > 0

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    @contextmanager
    def enter(self, timeout: float) -> Iterator[None]:
        # A thread already inside (a transaction opened within another) goes on: waiting for itself
        # would be a deadlock.
        depth = getattr(self._held, "depth", 0)
        if depth == 0 and not self._acquire(timeout):
            raise GateTimeout(f"no database connection free within {timeout:g} s")
        self._held.depth = depth + 1
        try:
            yield
        finally:
            self._held.depth = depth
            if depth == 0:
                self._release()

    def _acquire(self, timeout: float) -> bool:
        with self._lock:
            if self._busy < self._size and not self._waiters:
                self._busy += 1
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        if turn.acquire(timeout=timeout):
            return True  # _release handed its place over to us
        with self._lock:
            try:
                self._waiters.remove(turn)
            except ValueError:
                return True  # handed over between our timeout and now
            return False

    def _release(self) -> None:
        with self._lock:
            if self._waiters:
                self._waiters.popleft().release()  # the place passes on; _busy stays as it is
            else:
                self._busy -= 1
