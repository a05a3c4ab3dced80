"""Daily posting limits: a channel's local calendar day and how full it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from mockserver.clock import DAY_MS


def local_day_bounds(instant_ms: int, timezone: str) -> tuple[int, int]:
    """[start, end] in epoch ms of the calendar day containing ``instant_ms`` in ``timezone``.

    The time of day of the instant is ignored: only its local date matters.
    """
    zone = ZoneInfo(timezone)
    try:
        local = datetime.fromtimestamp(instant_ms / 1000, tz=UTC).astimezone(zone)
        start = datetime(local.year, local.month, local.day, tzinfo=zone)
        end = start + timedelta(days=1)
        start_ms = int(start.astimezone(UTC).timestamp() * 1000)
        end_ms = int(end.astimezone(UTC).timestamp() * 1000) - 1
    except OverflowError:
        # The first or last day of the calendar (years 1 and 9999), whose local day or its end
        # falls outside what datetime can hold: the UTC day stands in for it.
        start_ms = instant_ms - instant_ms % DAY_MS
        end_ms = start_ms + DAY_MS - 1
    return start_ms, end_ms


@dataclass(frozen=True, slots=True)
class DailyLimitStatus:
    channel_id: str
    limit: int | None
    scheduled: int
    sent: int

    @property
    def is_at_limit(self) -> bool:
        return self.limit is not None and self.scheduled + self.sent >= self.limit

    def as_graphql(self) -> dict[str, object]:
        return {
            "channelId": self.channel_id,
            "isAtLimit": self.is_at_limit,
            "limit": self.limit,
            "scheduled": self.scheduled,
            "sent": self.sent,
        }


def count_in_day(instants: list[int | None], start: int, end: int) -> int:
    return sum(1 for t in instants if t is not None and start <= t <= end)
