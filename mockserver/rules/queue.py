"""A channel's queue: posting-schedule slots in the channel's time zone, and who sits in them.

* Slots come from ``postingSchedule`` (``[{day, times: ["HH:MM"], paused}]``) read in the
  channel's time zone; paused days have no slots. A schedule with no usable slot at all
  (every day empty or paused) falls back to one slot a day at :data:`FALLBACK_TIMES`, so
  ``addToQueue`` still lands somewhere ("silently lands in an empty slot").
* Queued posts (status scheduled, mode addToQueue/shareNext) sit on slots and can be moved;
  posts with a fixed time (customScheduled, shareNow) pin their instant: queue moves skip it.
* ``addToQueue`` takes the first free slot after now (optionally skipping full days).
* ``shareNext`` and ``movePostInQueue(top)`` take the first slot after now; the queued posts in
  the way each move one slot later, until a free slot absorbs the push (gaps further on stay).
* ``movePostInQueue(bottom)`` takes the first free slot after the last queued post.

Everything here is pure: instants are epoch milliseconds, "now" is passed in.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FALLBACK_TIMES: tuple[str, ...] = ("12:00",)
QUEUE_MODES = frozenset({"addToQueue", "shareNext"})


def active_times(schedule: Sequence[Mapping[str, Any]]) -> dict[str, tuple[str, ...]]:
    """Day -> slot times (sorted, unique) for the days that are not paused and have times."""
    by_day: dict[str, tuple[str, ...]] = {}
    for entry in schedule:
        times = tuple(sorted(set(entry.get("times") or ())))
        if times and not entry.get("paused"):
            by_day[entry["day"]] = times
    return by_day


def effective_times(schedule: Sequence[Mapping[str, Any]]) -> dict[str, tuple[str, ...]]:
    """The slot times to use: the schedule's, or the documented fallback when it has none."""
    by_day = active_times(schedule)
    return by_day or {day: FALLBACK_TIMES for day in DAYS}


@lru_cache(maxsize=65_536)
def local_slot_ms(day: date, hhmm: str, zone: ZoneInfo) -> int:
    """The UTC instant of ``hhmm`` on ``day`` in ``zone`` (cached: queues re-walk the same slots)."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    local = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=zone)
    return int(local.astimezone(UTC).timestamp() * 1000)


def slot_instants(schedule: Sequence[Mapping[str, Any]], timezone: str, after_ms: int) -> Iterator[int]:
    """Every slot strictly after ``after_ms``, ascending, without end."""
    zone = ZoneInfo(timezone)
    times = effective_times(schedule)
    day = datetime.fromtimestamp(after_ms / 1000, tz=UTC).astimezone(zone).date() - timedelta(days=1)
    last = after_ms
    while True:
        instants = sorted({local_slot_ms(day, hhmm, zone) for hhmm in times.get(DAYS[day.weekday()], ())})
        for instant in instants:
            if instant > last:
                last = instant
                yield instant
        day += timedelta(days=1)


def next_free_slot(
    slots: Iterable[int], occupied: Container[int], day_is_full: Callable[[int], bool] | None = None
) -> int:
    """The first slot nobody occupies (and, when given, whose day still has room).

    Raises :class:`ValueError` when a finite ``slots`` runs out first.
    """
    for slot in slots:
        if slot in occupied:
            continue
        if day_is_full is not None and day_is_full(slot):
            continue
        return slot
    raise ValueError("no free slot among the given slots")


def insert_at_front(
    slots: Iterable[int], queued: Mapping[int, Sequence[str]], pinned: Container[int], newcomer: str
) -> dict[str, int]:
    """Put ``newcomer`` on the first slot; queued posts in the way shift one slot later each.

    ``queued`` maps a slot instant to the queued posts on it (the newcomer must not be among
    them). Pinned instants are skipped. Returns the new instant of the newcomer and of every
    post it pushed (each pushed post lands on a later slot than before).
    """
    carried: deque[str] = deque([newcomer])
    placed: dict[str, int] = {}
    for slot in slots:
        if slot in pinned:
            continue
        carried.extend(sorted(queued.get(slot, ())))
        placed[carried.popleft()] = slot
        if not carried:
            break
    return placed


def bottom_slot(
    schedule: Sequence[Mapping[str, Any]],
    timezone: str,
    now_ms: int,
    queued: Mapping[int, Sequence[str]],
    occupied: Container[int],
) -> int:
    """The first free slot after the last queued post (after now when the queue is empty)."""
    last = max((slot for slot, ids in queued.items() if ids), default=now_ms)
    return next_free_slot(slot_instants(schedule, timezone, max(last, now_ms)), occupied)
