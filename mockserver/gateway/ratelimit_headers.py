"""Rate-limit response headers, in Buffer's structured form or the legacy ``X-RateLimit-*`` form.

Structured (current docs), one comma-joined entry per window::

    RateLimit:        "100-in-15min";r=98;t=897, "250-in-1day";r=248;t=86397, ...
    RateLimit-Policy: "100-in-15min";q=100;w=900;pk=:ZjJjZjVmNzM5M2Zm:, ...

Several header lines and one comma-joined line are equivalent (RFC 9110 §5.3); the
official CLI splits on top-level commas and pairs entries by policy name.

Legacy (the CLI's fallback): ``X-RateLimit-Limit`` / ``-Remaining`` / ``-Reset`` for the
most constrained window, ``Reset`` in Unix epoch seconds of the mock clock.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from functools import lru_cache

from mockserver.gateway.ratelimit import WindowStatus

DAY = 86_400
HOUR = 3_600
MINUTE = 60


def window_label(seconds: int) -> str:
    """``900`` -> ``15min``, ``86400`` -> ``1day``, ``2592000`` -> ``30days``."""
    if seconds % DAY == 0:
        days = seconds // DAY
        return f"{days}day" if days == 1 else f"{days}days"
    if seconds % HOUR == 0:
        hours = seconds // HOUR
        return f"{hours}hour" if hours == 1 else f"{hours}hours"
    if seconds % MINUTE == 0:
        return f"{seconds // MINUTE}min"
    return f"{seconds}s"


@lru_cache(maxsize=1024)
def policy_name(quota: int, seconds: int) -> str:
    """Generated from quota and window like Buffer's: ``250-in-1day``."""
    return f"{quota}-in-{window_label(seconds)}"


@lru_cache(maxsize=4096)
def partition_key(client: str) -> str:
    """A stable opaque key for a client: base64 of 12 hex digits of its SHA-256 (as in the docs)."""
    digest = hashlib.sha256(client.encode("utf-8")).hexdigest()[:12]
    return base64.b64encode(digest.encode("ascii")).decode("ascii")


def structured_headers(windows: Sequence[WindowStatus], client: str) -> dict[str, str]:
    state = tuple((w.quota, w.seconds, w.remaining, w.reset_seconds) for w in windows)
    return dict(_structured_headers(state, client))


@lru_cache(maxsize=4096)
def _structured_headers(
    windows: tuple[tuple[int, int, int, int], ...], client: str
) -> tuple[tuple[str, str], ...]:
    """Rendered once per window state (quota, seconds, remaining, reset): what the headers show."""
    key = partition_key(client)
    status: list[str] = []
    policy: list[str] = []
    for quota, seconds, remaining, reset_seconds in windows:
        name = policy_name(quota, seconds)
        status.append(f'"{name}";r={remaining};t={reset_seconds}')
        policy.append(f'"{name}";q={quota};w={seconds};pk=:{key}:')
    return (("RateLimit", ", ".join(status)), ("RateLimit-Policy", ", ".join(policy)))


def most_constrained(windows: Sequence[WindowStatus]) -> WindowStatus:
    """The window closest to refusing: least remaining, then the longest until it resets."""
    return min(windows, key=lambda w: (w.remaining, -w.reset_seconds))


def legacy_headers(windows: Sequence[WindowStatus], now_ms: int) -> dict[str, str]:
    window = most_constrained(windows)
    return {
        "X-RateLimit-Limit": str(window.quota),
        "X-RateLimit-Remaining": str(window.remaining),
        "X-RateLimit-Reset": str(now_ms // 1000 + window.reset_seconds),
    }


def rate_limit_headers(
    style: str, windows: Sequence[WindowStatus], client: str, now_ms: int
) -> dict[str, str]:
    """The headers for ``style`` (``structured`` or ``legacy``); none when there are no windows."""
    if not windows:
        return {}
    if style == "legacy":
        return legacy_headers(windows, now_ms)
    return structured_headers(windows, client)
