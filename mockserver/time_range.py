"""The one range of date-times buffer-mock accepts, wherever a time enters.

Every instant that reaches the mock from outside (the clock: ``serve --clock``, the control
API's set/freeze/advance; GraphQL ``DateTime`` inputs; fixtures; state files) must lie in
``1970-01-01T00:00:00.000Z`` .. ``2100-12-31T23:59:59.999Z``. Outside it, the value is refused
with :data:`MSG_OUT_OF_RANGE` before it is stored, so no later computation (ObjectId
timestamps, day windows in a channel's time zone, ISO formatting) can overflow and wedge a
namespace. Why these ends: epoch milliseconds start at 1970 and Buffer's ids carry seconds
since 1970; 2100 leaves every test scenario three generations of room while staying far
below the limits of 32-bit id seconds (2106), ``datetime`` (9999) and packed 42-bit epochs (2109).
"""

from __future__ import annotations

EARLIEST_MS = 0  # 1970-01-01T00:00:00.000Z
LATEST_MS = 4_133_980_799_999  # 2100-12-31T23:59:59.999Z
EARLIEST_TEXT = "1970-01-01T00:00:00Z"
LATEST_TEXT = "2100-12-31T23:59:59.999Z"
MSG_OUT_OF_RANGE = f"date-time outside the accepted range {EARLIEST_TEXT} .. {LATEST_TEXT}"


class InstantOutOfRange(ValueError):
    """An instant outside :data:`EARLIEST_MS` .. :data:`LATEST_MS`."""


def in_range(ms: int) -> bool:
    return EARLIEST_MS <= ms <= LATEST_MS


def check_instant(ms: int) -> int:
    """``ms`` itself when it is in the accepted range; :class:`InstantOutOfRange` otherwise."""
    if isinstance(ms, bool) or not isinstance(ms, int) or not in_range(ms):
        raise InstantOutOfRange(MSG_OUT_OF_RANGE)
    return ms
