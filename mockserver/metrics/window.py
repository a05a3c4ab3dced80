"""Rules for the ``aggregatedPostMetrics`` window (all times are UTC epoch milliseconds).

* An ``endDateTime`` at exactly UTC midnight stands for that whole day: the effective end is
  that midnight + 24 h - 1 ms. Any other end is inclusive as given.
* ``startDateTime`` after ``endDateTime`` (as sent, before widening) is rejected.
* The span is capped at 365 days, measured on the values as sent, in whole days rounded down:
  ``(end - start) // 1 day <= 365``. So a calendar year passes whether it is sent as
  first-midnight..last-midnight or first-midnight..last-23:59:59, leap years included (a leap
  year is 365 whole days and a fraction by the second form); 366 whole days is rejected.
"""

from __future__ import annotations

from mockserver.clock import DAY_MS
from mockserver.errors import BAD_USER_INPUT, BufferApiError

MAX_WINDOW_DAYS = 365

MSG_WINDOW_START_AFTER_END = "startDateTime must be before or equal to endDateTime"
MSG_WINDOW_TOO_LONG = "Date range cannot exceed 365 days"


def is_utc_midnight(epoch_ms: int) -> bool:
    return epoch_ms % DAY_MS == 0


def effective_end(end_ms: int) -> int:
    """The inclusive end of the window: a UTC-midnight end covers that whole day."""
    return end_ms + DAY_MS - 1 if is_utc_midnight(end_ms) else end_ms


def whole_days_between(start_ms: int, end_ms: int) -> int:
    return (end_ms - start_ms) // DAY_MS


def aggregate_window(start_ms: int, end_ms: int) -> tuple[int, int]:
    """Validate a requested window and return ``(start, end)``, both inclusive, end widened.

    Raises ``BufferApiError(BAD_USER_INPUT)`` when start is after end or the span exceeds
    365 whole days.
    """
    if start_ms > end_ms:
        raise BufferApiError(BAD_USER_INPUT, MSG_WINDOW_START_AFTER_END)
    if whole_days_between(start_ms, end_ms) > MAX_WINDOW_DAYS:
        raise BufferApiError(BAD_USER_INPUT, MSG_WINDOW_TOO_LONG)
    return start_ms, effective_end(end_ms)
