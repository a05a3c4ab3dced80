"""The rolling-window core: counting, expiry, refusals, Retry-After, bounded memory."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.gateway.ratelimit import (
    PLAN_QUOTAS,
    WINDOWS,
    ClientLimiter,
    RateLimiter,
    RollingWindow,
    plan_quotas,
)

T0 = 1_794_744_000_000  # a whole second, in ms
SECOND = 1000


def test_plan_quotas_follow_the_documented_table() -> None:
    assert plan_quotas("free") == (100, 250, 3000)
    assert plan_quotas("essentials") == (100, 250, 7500)
    assert plan_quotas("team") == (100, 500, 15000)


def test_unknown_or_missing_plan_gets_the_free_quotas() -> None:
    assert plan_quotas(None) == PLAN_QUOTAS["free"]
    assert plan_quotas("enterprise-ish") == PLAN_QUOTAS["free"]
    assert plan_quotas("TEAM") == PLAN_QUOTAS["team"]


def test_windows_are_15m_24h_30d_in_seconds() -> None:
    assert [(w.name, w.seconds) for w in WINDOWS] == [("15m", 900), ("24h", 86_400), ("30d", 2_592_000)]


def test_a_request_counts_until_exactly_one_window_length_later() -> None:
    window = RollingWindow(900)
    window.record(T0)
    assert window.count(T0 + 899 * SECOND) == 1
    assert window.count(T0 + 899 * SECOND + 999) == 1
    assert window.count(T0 + 900 * SECOND) == 0


def test_requests_in_the_same_second_share_one_log_entry() -> None:
    window = RollingWindow(900)
    for offset in range(1, 1000, 10):
        window.record(T0 + offset)
    assert window.count(T0 + 999) == 100
    assert len(window) == 1


def test_a_request_inside_a_second_is_kept_until_the_next_whole_second_plus_the_window() -> None:
    window = RollingWindow(900)
    window.record(T0 + 1)  # rounded up to T0 + 1 s: never freed early
    assert window.count(T0 + 900 * SECOND + 1) == 1
    assert window.count(T0 + 901 * SECOND) == 0


def test_reset_seconds_is_the_time_until_the_oldest_request_leaves() -> None:
    window = RollingWindow(900)
    window.record(T0)
    window.record(T0 + 3 * SECOND)
    assert window.seconds_until_reset(T0 + 3 * SECOND) == 897
    assert window.seconds_until_reset(T0 + 900 * SECOND) == 3  # the first one left, the second remains


def test_an_empty_window_reports_its_full_length_until_reset() -> None:
    assert RollingWindow(86_400).seconds_until_reset(T0) == 86_400


def test_seconds_until_room_counts_the_requests_that_must_expire() -> None:
    window = RollingWindow(900)
    window.record(T0)
    window.record(T0 + 10 * SECOND)
    window.record(T0 + 20 * SECOND)
    assert window.seconds_until_room(T0 + 20 * SECOND, quota=5) == 0
    assert window.seconds_until_room(T0 + 20 * SECOND, quota=3) == 880  # the first frees a slot
    assert window.seconds_until_room(T0 + 20 * SECOND, quota=2) == 890  # two must go


def test_limiter_admits_up_to_the_quota_then_refuses_with_the_window_and_retry_after() -> None:
    limiter = ClientLimiter()
    quotas = (3, 10, 100)
    for _ in range(3):
        assert limiter.attempt(T0, quotas).admitted
    refused = limiter.attempt(T0 + 60 * SECOND, quotas)
    assert not refused.admitted
    assert refused.exceeded == "15m"
    assert refused.retry_after == 840


def test_a_refused_request_is_not_counted_in_any_window() -> None:
    limiter = ClientLimiter()
    quotas = (1, 10, 100)
    limiter.attempt(T0, quotas)
    for _ in range(5):
        limiter.attempt(T0, quotas)
    assert [w.used for w in limiter.status(T0, quotas)] == [1, 1, 1]


def test_the_window_rolls_and_the_client_is_admitted_again() -> None:
    limiter = ClientLimiter()
    quotas = (2, 10, 100)
    limiter.attempt(T0, quotas)
    limiter.attempt(T0, quotas)
    assert not limiter.attempt(T0 + 899 * SECOND, quotas).admitted
    assert limiter.attempt(T0 + 900 * SECOND, quotas).admitted


def test_daily_window_refuses_when_the_15_minute_window_has_room() -> None:
    limiter = ClientLimiter()
    quotas = (2, 3, 100)
    limiter.attempt(T0, quotas)
    limiter.attempt(T0, quotas)
    limiter.attempt(T0 + 900 * SECOND, quotas)
    refused = limiter.attempt(T0 + 1800 * SECOND, quotas)
    assert (refused.admitted, refused.exceeded) == (False, "24h")
    assert refused.retry_after == 86_400 - 1800


def test_when_two_windows_are_full_the_longer_wait_is_reported() -> None:
    limiter = ClientLimiter()
    quotas = (1, 1, 100)
    limiter.attempt(T0, quotas)
    refused = limiter.attempt(T0 + 10 * SECOND, quotas)
    assert refused.exceeded == "24h"
    assert refused.retry_after == 86_390


def test_observe_mode_lets_the_request_through_but_reports_what_would_have_refused_it() -> None:
    limiter = ClientLimiter()
    quotas = (1, 10, 100)
    limiter.attempt(T0, quotas, enforce=False)
    observed = limiter.attempt(T0, quotas, enforce=False)
    assert observed.admitted
    assert observed.would_refuse and observed.exceeded == "15m"
    assert [w.used for w in observed.windows] == [1, 1, 1]


def test_status_reports_remaining_and_never_below_zero() -> None:
    limiter = ClientLimiter()
    for _ in range(3):
        limiter.attempt(T0, (5, 5, 5))
    statuses = limiter.status(T0, (2, 5, 5))  # quotas lowered after the fact
    assert [w.remaining for w in statuses] == [0, 2, 2]


def test_clients_have_independent_budgets() -> None:
    limiter = RateLimiter()
    quotas = (1, 10, 100)
    assert limiter.attempt("key-a", T0, quotas).admitted
    assert limiter.attempt("key-b", T0, quotas).admitted
    assert not limiter.attempt("key-a", T0, quotas).admitted
    assert limiter.clients() == ["key-a", "key-b"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=4000), min_size=1, max_size=200), st.integers(1, 20))
def test_window_count_matches_a_naive_recount(gaps_ms: list[int], quota: int) -> None:
    """The run-length log agrees with recounting every admitted request by hand."""
    limiter = ClientLimiter(WINDOWS[:1])
    window_ms = WINDOWS[0].seconds * SECOND
    admitted: list[int] = []
    now = T0
    for gap in gaps_ms:
        now += gap * 250
        alive = [t for t in admitted if -(-t // SECOND) * SECOND + window_ms > now]
        decision = limiter.attempt(now, (quota,))
        assert decision.admitted == (len(alive) < quota)
        if decision.admitted:
            admitted.append(now)
            alive.append(now)
        assert decision.windows[0].used == len(alive)


def test_memory_is_bounded_by_the_window_length_in_seconds() -> None:
    window = RollingWindow(900)
    for step in range(5000):
        window.record(T0 + step * 400)  # 2.5 requests a second for ~33 minutes
    assert len(window) <= 901


def test_advertised_reset_never_exceeds_the_window_length() -> None:
    window = RollingWindow(900)
    window.record(T0 + 1)  # mid-second: the bucket rounds up, the header must not say 901
    assert window.seconds_until_reset(T0 + 1) == 900
