"""Plan and posting limits as pure checks on counts."""

from __future__ import annotations

import pytest

from mockserver.errors import MutationRejected
from mockserver.rules import post_messages as msg
from mockserver.rules.org_limits import (
    check_daily_limit,
    check_ideas,
    check_scheduled_posts,
    check_scheduled_stories,
    check_scheduled_threads,
    is_full,
    is_story,
    is_thread,
    limit_of,
    local_day_label,
    templates_limit_problem,
)
from mockserver.scalars import datetime_to_ms, parse_datetime


def limit_message(call: object, *args: object) -> str:
    with pytest.raises(MutationRejected) as caught:
        call(*args)  # type: ignore[operator]
    assert caught.value.payload["__typename"] == "LimitReachedError"
    return caught.value.payload["message"]


def test_a_missing_limit_is_unlimited() -> None:
    assert limit_of({"ideas": 5}, "ideas") == 5
    assert limit_of({}, "ideas") is None
    assert not is_full(None, 10**9)


def test_one_more_fits_only_below_the_limit() -> None:
    assert not is_full(10, 9)
    assert is_full(10, 10)
    assert is_full(0, 0)


def test_scheduled_posts_limit_names_the_limit() -> None:
    check_scheduled_posts(10, 9)
    assert limit_message(check_scheduled_posts, 10, 10) == msg.SCHEDULED_POSTS_LIMIT.format(limit=10)


def test_threads_and_stories_limits_per_channel() -> None:
    check_scheduled_threads(1, 0)
    assert limit_message(check_scheduled_threads, 1, 1) == msg.SCHEDULED_THREADS_LIMIT.format(limit=1)
    assert limit_message(check_scheduled_stories, 2, 2) == msg.SCHEDULED_STORIES_LIMIT.format(limit=2)


def test_a_thread_has_two_items_or_more_and_a_story_its_type() -> None:
    assert is_thread({"thread": [{"text": "a"}, {"text": "b"}]})
    assert not is_thread({"thread": [{"text": "a"}]})
    assert not is_thread(None)
    assert is_story({"type": "story"}) and not is_story({"type": "reel"})


def test_daily_limit_names_the_local_day_and_zone() -> None:
    late_evening_utc = datetime_to_ms(parse_datetime("2026-11-15T23:30:00Z"))
    assert local_day_label(late_evening_utc, "Europe/Paris") == "2026-11-16"
    check_daily_limit(3, 2, late_evening_utc, "Europe/Paris")
    assert limit_message(
        check_daily_limit, 3, 3, late_evening_utc, "Europe/Paris"
    ) == msg.DAILY_POSTING_LIMIT.format(limit=3, day="2026-11-16", timezone="Europe/Paris")
    check_daily_limit(None, 500, late_evening_utc, "UTC")


def test_ideas_and_templates_limits() -> None:
    assert limit_message(check_ideas, 100, 100) == msg.IDEAS_LIMIT.format(limit=100)
    assert templates_limit_problem(3, 2) is None
    assert templates_limit_problem(3, 3) == msg.TEMPLATES_LIMIT.format(limit=3)
