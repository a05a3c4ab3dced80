"""The control API's input rules: durations, instants, limits (pure functions; bodies in ``bodies``)."""

from __future__ import annotations

import re
from typing import Any

from mockserver.clock import DURATION_UNITS_MS
from mockserver.control.toolkit import ControlError
from mockserver.scalars import datetime_to_ms, parse_datetime
from mockserver.time_range import LATEST_TEXT

MSG_NEGATIVE_ADVANCE = "The mock clock only moves forward: 'seconds' must be 0 or more"
_DURATION_PART = re.compile(r"(\d{1,15})(ms|w|d|h|m|s)")  # 15 digits: far past any range
MAX_LIMIT_DIGITS = 9
MSG_TOO_FAR = f"That would move the mock clock past {LATEST_TEXT}, the end of the accepted range"


def parse_duration(text: str) -> int:
    """``"3d4h"`` -> milliseconds. Units w, d, h, m, s, ms, each at most once; raises ValueError."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("duration must be a non-empty string like '90s', '15m' or '3d4h'")
    compact = text.strip()
    parts = _DURATION_PART.findall(compact)
    if "".join(number + unit for number, unit in parts) != compact:
        raise ValueError(f"not a duration: {text!r} (use units w, d, h, m, s, ms, e.g. '3d4h')")
    units = [unit for _, unit in parts]
    if len(set(units)) != len(units):
        raise ValueError(f"not a duration: {text!r} (each unit at most once)")
    return sum(int(number) * DURATION_UNITS_MS[unit] for number, unit in parts)


def parse_instant(value: Any, field: str) -> int:
    """An ISO 8601 date-time with a zone -> epoch milliseconds; ValueError naming ``field`` otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"'{field}' must be an ISO 8601 date-time string, e.g. 2026-03-10T15:00:00Z")
    try:
        return datetime_to_ms(parse_datetime(value))
    except ValueError as error:
        raise ValueError(f"'{field}': {error}") from None


def parse_limit(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > MAX_LIMIT_DIGITS:
        raise ControlError(
            400, f"'limit' must be a non-negative integer of at most {MAX_LIMIT_DIGITS} digits"
        )
    return int(raw)
