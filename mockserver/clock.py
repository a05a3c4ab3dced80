"""The mock clock: every time-dependent rule reads time from here and nowhere else.

Real time by default; it can be frozen at an instant, set, and advanced. Times are
``int`` epoch milliseconds (UTC). Every instant the clock is given, or would reach by an
advance, must lie in the accepted range (:mod:`mockserver.time_range`); outside it the call
raises :class:`~mockserver.time_range.InstantOutOfRange` and the clock is unchanged.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from mockserver.time_range import check_instant

# Time units in milliseconds: the one definition every module uses.
SECOND_MS = 1000
MINUTE_MS = 60 * SECOND_MS
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS
WEEK_MS = 7 * DAY_MS
DURATION_UNITS_MS = {"w": WEEK_MS, "d": DAY_MS, "h": HOUR_MS, "m": MINUTE_MS, "s": SECOND_MS, "ms": 1}


def system_time_ms() -> int:
    return time.time_ns() // 1_000_000


class MockClock:
    """A clock that follows real time with an offset, or stands still when frozen."""

    def __init__(
        self, *, start: int | None = None, frozen: bool = False, source: Callable[[], int] = system_time_ms
    ) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._frozen_at: int | None = None
        self._offset = 0
        self.moves = 0  # bumped by every freeze, unfreeze, set and advance (caches key on it)
        if start is not None:
            check_instant(start)
            self._offset = start - source()
        if frozen:
            self._frozen_at = start if start is not None else source()

    def now(self) -> int:
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return self._source() + self._offset

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def freeze(self, at: int | None = None) -> int:
        with self._lock:
            current = self._frozen_at if self._frozen_at is not None else self._source() + self._offset
            self._frozen_at = current if at is None else check_instant(at)
            self.moves += 1
            return self._frozen_at

    def unfreeze(self) -> int:
        """Resume ticking from the current mock instant."""
        with self._lock:
            self.moves += 1
            if self._frozen_at is not None:
                self._offset = self._frozen_at - self._source()
                self._frozen_at = None
            return self._source() + self._offset

    def set(self, at: int) -> int:
        check_instant(at)
        with self._lock:
            self.moves += 1
            if self._frozen_at is not None:
                self._frozen_at = at
            else:
                self._offset = at - self._source()
            return at

    def advance(self, ms: int) -> int:
        if ms < 0:
            raise ValueError("the mock clock only moves forward")
        with self._lock:
            current = self._frozen_at if self._frozen_at is not None else self._source() + self._offset
            check_instant(current + ms)
            self.moves += 1
            if self._frozen_at is not None:
                self._frozen_at += ms
                return self._frozen_at
            self._offset += ms
            return self._source() + self._offset

    def state(self) -> dict[str, object]:
        return {"now": self.now(), "frozen": self.frozen}
