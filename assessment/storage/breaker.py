"""After a failure that cost a whole deadline, the next calls fail at once for a moment.

A silent network makes every call wait out its deadline (seconds each); a rerun of the app makes several,
and fifty sessions make them all at once, filling the pool with connections that wait for nothing. After
one such slow failure the Store answers StorageUnavailable straight away for OPEN_FOR_S, then tries again.
Failures that come fast (connection refused, a reset) or that the server itself reported (a lock or a
statement timeout: it is alive) do not count.
"""

from __future__ import annotations

import time

from .errors import StorageUnavailable

SLOW_FAILURE_S = 1.0
OPEN_FOR_S = 2.0


def _server_reported(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        orig = getattr(seen, "orig", None)
        if getattr(orig, "sqlstate", None) or getattr(seen, "sqlstate", None):
            return True
        seen = seen.__cause__
    return False


class Breaker:
    def __init__(self) -> None:
        self._open_until = 0.0

    def check(self) -> None:
        if time.monotonic() < self._open_until:
            raise StorageUnavailable("database unavailable: it did not answer a moment ago (not tried yet)")

    def failed(self, exc: StorageUnavailable, seconds: float) -> None:
        if seconds >= SLOW_FAILURE_S and not _server_reported(exc):
            self._open_until = time.monotonic() + OPEN_FOR_S
