"""Buffer's three stacked rolling rate-limit windows, as a pure core on a given clock value.

Each API client has one :class:`RollingWindow` per window (15m, 24h, 30d). A window is a
sliding log of admitted requests, run-length encoded per second of mock time (requests
in the same second share one entry), so memory per window is bounded by
``min(quota, window seconds)`` entries and every operation is O(1) amortized: entries
are appended at the right and expire from the left.

Rules (documented in docs/fidelity.md, section Gateway):
* a request is admitted when every window still has room; it is then counted in all three;
* a refused request (429) is counted nowhere, so a client that keeps retrying recovers as
  soon as the window rolls (Buffer does not document whether refused calls count);
* a request admitted at second ``s`` stops counting at ``s + window``; instants are
  rounded up to the next whole second, so a slot is never freed early.

Nothing here reads the time: callers pass ``now_ms`` from the namespace's mock clock.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

MS_PER_SECOND = 1000


@dataclass(frozen=True, slots=True)
class WindowSpec:
    """One of Buffer's windows: ``name`` as in ``extensions.window``, length in seconds."""

    name: str
    seconds: int


WINDOWS: tuple[WindowSpec, ...] = (
    WindowSpec("15m", 900),
    WindowSpec("24h", 86_400),
    WindowSpec("30d", 2_592_000),
)

# Requests per window (15m, 24h, 30d) by plan: docs/fidelity.md, Gateway › Rate limits, "Windows and quotas".
PLAN_QUOTAS: dict[str, tuple[int, int, int]] = {
    "free": (100, 250, 3_000),
    "essentials": (100, 250, 7_500),
    "team": (100, 500, 15_000),
}
DEFAULT_PLAN = "free"


def plan_quotas(plan: str | None) -> tuple[int, int, int]:
    """The quotas of a plan; unknown or missing plans get the Free quotas."""
    return PLAN_QUOTAS.get((plan or DEFAULT_PLAN).lower(), PLAN_QUOTAS[DEFAULT_PLAN])


def ceil_seconds(ms: int) -> int:
    return -(-ms // MS_PER_SECOND)


class RollingWindow:
    """The sliding log of one client in one window."""

    __slots__ = ("_count", "_entries", "seconds")

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        self._entries: deque[list[int]] = deque()  # [second, requests admitted in it]
        self._count = 0

    # The public methods first drop what has expired at ``now_ms``; the ``_``-prefixed twins
    # assume the caller just did (the limiter expires once per window per request).
    def expire(self, now_ms: int) -> None:
        horizon_ms = now_ms - self.seconds * MS_PER_SECOND  # entries at or before this are out
        entries = self._entries
        while entries and entries[0][0] * MS_PER_SECOND <= horizon_ms:
            self._count -= entries.popleft()[1]

    def count(self, now_ms: int) -> int:
        """Requests still counting at ``now_ms``."""
        self.expire(now_ms)
        return self._count

    def record(self, now_ms: int, requests: int = 1) -> None:
        self.expire(now_ms)
        self._append(now_ms, requests)

    def seconds_until_reset(self, now_ms: int) -> int:
        """Seconds until the oldest counted request leaves the window (the full length if none)."""
        self.expire(now_ms)
        return self._reset_in(now_ms)

    def seconds_until_room(self, now_ms: int, quota: int) -> int:
        """Seconds until the window counts fewer than ``quota`` requests (0 when it already does)."""
        self.expire(now_ms)
        return self._room_in(now_ms, quota)

    def _append(self, now_ms: int, requests: int) -> None:
        second = ceil_seconds(now_ms)
        entries = self._entries
        if entries and entries[-1][0] >= second:
            entries[-1][1] += requests  # same second (or a clock set back): join the newest entry
        else:
            entries.append([second, requests])
        self._count += requests

    def _reset_in(self, now_ms: int) -> int:
        if not self._entries:
            return self.seconds
        oldest_expires_ms = (self._entries[0][0] + self.seconds) * MS_PER_SECOND
        # Buckets round up to the next whole second (never freed early); the advertised reset is
        # still capped at the window length so `t` never exceeds `w` in the headers.
        return min(self.seconds, max(1, ceil_seconds(oldest_expires_ms - now_ms)))

    def _room_in(self, now_ms: int, quota: int) -> int:
        excess = self._count - quota + 1
        if excess <= 0:
            return 0
        freed = 0
        for second, requests in self._entries:
            freed += requests
            if freed >= excess:
                return max(1, ceil_seconds((second + self.seconds) * MS_PER_SECOND - now_ms))
        return self.seconds  # unreachable: the log always holds the counted requests

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True, slots=True)
class WindowStatus:
    """One window as the headers report it, after the request was (or was not) counted."""

    name: str
    seconds: int
    quota: int
    used: int
    reset_seconds: int

    @property
    def remaining(self) -> int:
        return max(0, self.quota - self.used)


@dataclass(frozen=True, slots=True)
class Decision:
    """The limiter's answer: admitted or not, the window that refused, and the status of all."""

    admitted: bool
    windows: tuple[WindowStatus, ...]
    exceeded: str | None = None  # the window whose Retry-After is reported
    retry_after: int | None = None  # seconds until the request would be admitted

    @property
    def would_refuse(self) -> bool:
        return self.exceeded is not None


class ClientLimiter:
    """The three windows of one API client."""

    __slots__ = ("windows",)

    def __init__(self, specs: Iterable[WindowSpec] = WINDOWS) -> None:
        self.windows: tuple[tuple[WindowSpec, RollingWindow], ...] = tuple(
            (spec, RollingWindow(spec.seconds)) for spec in specs
        )

    def attempt(self, now_ms: int, quotas: tuple[int, ...], *, enforce: bool = True) -> Decision:
        """Count one request if every window has room.

        With ``enforce`` off (observe mode) a request that a window would refuse is still
        let through, but, like a refused one, it is not counted.
        """
        full: list[tuple[int, str]] = []  # (seconds until room, window name)
        for (spec, window), quota in zip(self.windows, quotas, strict=True):
            window.expire(now_ms)
            if window._count >= quota:
                full.append((window._room_in(now_ms, quota), spec.name))
        if not full:
            for _, window in self.windows:
                window._append(now_ms, 1)
            return Decision(True, self._status(now_ms, quotas))
        # Retry-After must be honest: the request is admitted only once every full window
        # has room, so report the longest wait (ties: the shorter window, listed first).
        wait, name = max(full, key=lambda item: item[0])
        return Decision(not enforce, self._status(now_ms, quotas), exceeded=name, retry_after=wait)

    def status(self, now_ms: int, quotas: tuple[int, ...]) -> tuple[WindowStatus, ...]:
        for _, window in self.windows:
            window.expire(now_ms)
        return self._status(now_ms, quotas)

    def _status(self, now_ms: int, quotas: tuple[int, ...]) -> tuple[WindowStatus, ...]:
        return tuple(
            WindowStatus(spec.name, spec.seconds, quota, window._count, window._reset_in(now_ms))
            for (spec, window), quota in zip(self.windows, quotas, strict=True)
        )


class RateLimiter:
    """Every client's windows in one namespace (clients are created on first use)."""

    def __init__(self, specs: Iterable[WindowSpec] = WINDOWS) -> None:
        self.specs = tuple(specs)
        self._clients: dict[str, ClientLimiter] = {}

    def attempt(self, client: str, now_ms: int, quotas: tuple[int, ...], *, enforce: bool = True) -> Decision:
        limiter = self._clients.get(client)
        if limiter is None:
            limiter = self._clients[client] = ClientLimiter(self.specs)
        return limiter.attempt(now_ms, quotas, enforce=enforce)

    def status(self, client: str, now_ms: int, quotas: tuple[int, ...]) -> tuple[WindowStatus, ...]:
        limiter = self._clients.get(client) or ClientLimiter(self.specs)
        return limiter.status(now_ms, quotas)

    def clients(self) -> list[str]:
        return sorted(self._clients)

    def clear(self) -> None:
        self._clients.clear()
