from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mockserver.errors import BAD_USER_INPUT, BufferApiError
from mockserver.metrics.window import (
    DAY_MS,
    MSG_WINDOW_START_AFTER_END,
    MSG_WINDOW_TOO_LONG,
    aggregate_window,
)


def ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).replace(tzinfo=UTC).timestamp() * 1000)


def test_midnight_end_includes_that_whole_day() -> None:
    assert aggregate_window(ms("2026-01-01T00:00:00"), ms("2026-01-31T00:00:00")) == (
        ms("2026-01-01T00:00:00"),
        ms("2026-01-31T23:59:59.999"),
    )


def test_non_midnight_end_is_inclusive_as_given() -> None:
    end = ms("2026-03-31T23:59:59")
    assert aggregate_window(ms("2026-01-01T00:00:00"), end) == (ms("2026-01-01T00:00:00"), end)


def test_one_millisecond_after_midnight_is_not_widened() -> None:
    end = ms("2026-03-31T00:00:00") + 1
    assert aggregate_window(ms("2026-03-01T00:00:00"), end)[1] == end


def test_same_midnight_start_and_end_covers_one_day() -> None:
    day = ms("2026-05-05T00:00:00")
    assert aggregate_window(day, day) == (day, day + DAY_MS - 1)


def test_start_after_end_is_rejected() -> None:
    with pytest.raises(BufferApiError) as caught:
        aggregate_window(ms("2026-02-02T00:00:00"), ms("2026-02-01T00:00:00"))
    assert caught.value.code == BAD_USER_INPUT
    assert caught.value.message == MSG_WINDOW_START_AFTER_END


def test_start_after_a_midnight_end_on_the_same_day_is_rejected() -> None:
    with pytest.raises(BufferApiError, match=MSG_WINDOW_START_AFTER_END):
        aggregate_window(ms("2026-02-01T12:00:00"), ms("2026-02-01T00:00:00"))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-01-01T00:00:00", "2026-12-31T00:00:00"),  # a calendar year, midnight form
        ("2026-01-01T00:00:00", "2026-12-31T23:59:59"),  # a calendar year, end-of-day form
        ("2024-01-01T00:00:00", "2024-12-31T00:00:00"),  # a leap year, midnight form
        ("2024-01-01T00:00:00", "2024-12-31T23:59:59.999"),  # a leap year, end-of-day form
        ("2026-01-01T00:00:00", "2027-01-01T00:00:00"),  # exactly 365 days apart
    ],
)
def test_a_full_year_passes_the_365_day_cap(start: str, end: str) -> None:
    aggregate_window(ms(start), ms(end))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-01-01T00:00:00", "2027-01-02T00:00:00"),  # 366 days apart
        ("2024-01-01T00:00:00", "2025-01-01T00:00:00"),  # 366 days across a leap year
        ("2025-01-01T00:00:00", "2026-06-01T00:00:00"),
    ],
)
def test_a_span_of_366_whole_days_or_more_is_rejected(start: str, end: str) -> None:
    with pytest.raises(BufferApiError) as caught:
        aggregate_window(ms(start), ms(end))
    assert caught.value.code == BAD_USER_INPUT
    assert caught.value.message == MSG_WINDOW_TOO_LONG
