from __future__ import annotations

import pytest

from mockserver.clock import MockClock
from mockserver.rules.allowed_actions import channel_descriptor, post_allowed_actions
from mockserver.rules.posting_limits import DailyLimitStatus, local_day_bounds


def test_frozen_clock_stands_still_until_advanced() -> None:
    ticks = iter(range(1000, 10**9, 1000))
    clock = MockClock(start=5_000, frozen=True, source=lambda: next(ticks))
    assert clock.now() == 5_000 == clock.now()
    assert clock.advance(250) == 5_250
    assert clock.now() == 5_250


def test_running_clock_follows_source_with_offset() -> None:
    now = [1_000]
    clock = MockClock(start=10_000, source=lambda: now[0])
    now[0] = 1_500
    assert clock.now() == 10_500
    clock.advance(1_000)
    assert clock.now() == 11_500


def test_clock_refuses_to_go_backwards_by_advance() -> None:
    with pytest.raises(ValueError):
        MockClock(start=0, frozen=True).advance(-1)


def test_unfreeze_resumes_from_the_frozen_instant() -> None:
    now = [0]
    clock = MockClock(start=100, frozen=True, source=lambda: now[0])
    now[0] = 50
    clock.unfreeze()
    now[0] = 60
    assert clock.now() == 110


def test_allowed_actions_follow_status() -> None:
    assert "deletePost" in post_allowed_actions("draft")
    assert "deletePost" not in post_allowed_actions("sent")
    assert "viewPost" in post_allowed_actions("sent")


@pytest.mark.parametrize(
    ("service", "kind", "expected"),
    [
        ("twitter", "profile", "Twitter Profile"),
        ("facebook", "page", "Facebook Page"),
        ("instagram", "business", "Instagram Professional Account"),
        ("linkedin", "page", "LinkedIn Page"),
    ],
)
def test_channel_descriptor_formats_service_and_type(service: str, kind: str, expected: str) -> None:
    assert channel_descriptor(service, kind) == expected


def test_local_day_follows_the_channel_timezone() -> None:
    # 2026-03-10T03:00Z is still March 9th in New York (UTC-4 after DST, UTC-5 before: 22:00 on the 9th)
    start, end = local_day_bounds(1_773_111_600_000, "America/New_York")
    assert end - start == 86_400_000 - 1
    assert start <= 1_773_111_600_000 <= end
    assert start % 3_600_000 == 0


def test_daily_limit_is_reached_when_scheduled_plus_sent_meets_the_limit() -> None:
    assert DailyLimitStatus("c", 2, 1, 1).is_at_limit
    assert not DailyLimitStatus("c", 3, 1, 1).is_at_limit
    assert not DailyLimitStatus("c", None, 100, 100).is_at_limit


def test_services_constant_is_the_schema_service_enum_in_order() -> None:
    from mockserver.graphql_schema import build_schema
    from mockserver.services import SERVICES

    assert tuple(build_schema("2026-08-13").type_map["Service"].values) == SERVICES  # type: ignore[attr-defined]
    october = tuple(build_schema("2026-10").type_map["Service"].values)  # type: ignore[attr-defined]
    assert october == (*SERVICES, "substack", "whatsapp")
