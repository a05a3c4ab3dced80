"""Queue slots from a posting schedule, and where queue operations put posts."""

from __future__ import annotations

import itertools

import pytest

from mockserver.rules.queue import (
    FALLBACK_TIMES,
    active_times,
    bottom_slot,
    effective_times,
    insert_at_front,
    next_free_slot,
    slot_instants,
)
from mockserver.scalars import datetime_to_ms, format_datetime_ms, parse_datetime


def ms(text: str) -> int:
    return datetime_to_ms(parse_datetime(text))


def iso(instants: list[int]) -> list[str]:
    return [format_datetime_ms(i) for i in instants]


def first(schedule: list[dict[str, object]], timezone: str, after: str, count: int) -> list[str]:
    return iso(list(itertools.islice(slot_instants(schedule, timezone, ms(after)), count)))


# 2026-11-15 is a Sunday; Paris is UTC+1 in November.
WEEKDAYS = [
    {"day": d, "times": ["09:00", "17:30"], "paused": False} for d in ("mon", "tue", "wed", "thu", "fri")
]


def test_slots_follow_the_schedule_in_the_channel_timezone() -> None:
    assert first(WEEKDAYS, "Europe/Paris", "2026-11-15T12:00:00Z", 3) == [
        "2026-11-16T08:00:00.000Z",
        "2026-11-16T16:30:00.000Z",
        "2026-11-17T08:00:00.000Z",
    ]


def test_slots_start_strictly_after_the_given_instant() -> None:
    assert first(WEEKDAYS, "Europe/Paris", "2026-11-16T08:00:00Z", 1) == ["2026-11-16T16:30:00.000Z"]


def test_paused_days_have_no_slots() -> None:
    schedule = [*WEEKDAYS[1:], {"day": "mon", "times": ["09:00"], "paused": True}]
    assert first(schedule, "UTC", "2026-11-15T12:00:00Z", 1) == ["2026-11-17T09:00:00.000Z"]
    assert "mon" not in active_times(schedule)


def test_an_empty_schedule_falls_back_to_one_daily_slot() -> None:
    empty = [{"day": d, "times": [], "paused": False} for d in ("mon", "tue")]
    assert effective_times(empty) == {
        d: FALLBACK_TIMES for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    }
    assert first(empty, "UTC", "2026-11-15T12:00:00Z", 2) == [
        "2026-11-16T12:00:00.000Z",
        "2026-11-17T12:00:00.000Z",
    ]
    assert first([], "UTC", "2026-11-15T11:00:00Z", 1) == ["2026-11-15T12:00:00.000Z"]


def test_an_all_paused_schedule_also_falls_back() -> None:
    paused = [{"day": "mon", "times": ["09:00"], "paused": True}]
    assert first(paused, "UTC", "2026-11-15T12:00:00Z", 1) == ["2026-11-16T12:00:00.000Z"]


def test_slots_cross_a_daylight_saving_change_in_local_time() -> None:
    daily = [{"day": d, "times": ["09:00"]} for d in ("sat", "sun", "mon")]
    # Europe/Paris switches to summer time on 2026-03-29 (Sunday).
    assert first(daily, "Europe/Paris", "2026-03-28T00:00:00Z", 3) == [
        "2026-03-28T08:00:00.000Z",
        "2026-03-29T07:00:00.000Z",
        "2026-03-30T07:00:00.000Z",
    ]


def test_next_free_slot_skips_occupied_slots_and_full_days() -> None:
    slots = [10, 20, 30, 40]
    assert next_free_slot(iter(slots), {10}) == 20
    assert next_free_slot(iter(slots), {10}, day_is_full=lambda s: s < 40) == 40
    with pytest.raises(ValueError):
        next_free_slot(iter(slots), {10, 20, 30, 40})


def test_insert_at_front_pushes_only_until_a_gap() -> None:
    queued = {10: ["a"], 20: ["b"], 40: ["d"]}
    assert insert_at_front(iter([10, 20, 30, 40, 50]), queued, set(), "new") == {"new": 10, "a": 20, "b": 30}


def test_insert_at_front_on_a_free_first_slot_moves_nobody() -> None:
    assert insert_at_front(iter([10, 20]), {20: ["b"]}, set(), "new") == {"new": 10}


def test_insert_at_front_never_touches_pinned_instants() -> None:
    queued = {10: ["a"], 30: ["c"]}
    assert insert_at_front(iter([10, 20, 30, 40]), queued, {20}, "new") == {"new": 10, "a": 30, "c": 40}


def test_insert_at_front_spreads_posts_sharing_a_slot() -> None:
    assert insert_at_front(iter([10, 20, 30, 40]), {10: ["b", "a"]}, set(), "new") == {
        "new": 10,
        "a": 20,
        "b": 30,
    }


def test_bottom_slot_is_the_first_free_slot_after_the_last_queued_post() -> None:
    daily = [{"day": d, "times": ["09:00"]} for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
    now = ms("2026-11-15T12:00:00Z")
    last = ms("2026-11-18T09:00:00Z")
    queued = {ms("2026-11-16T09:00:00Z"): ["a"], last: ["b"]}
    assert iso([bottom_slot(daily, "UTC", now, queued, set(queued))]) == ["2026-11-19T09:00:00.000Z"]
    assert iso([bottom_slot(daily, "UTC", now, {}, set())]) == ["2026-11-16T09:00:00.000Z"]
