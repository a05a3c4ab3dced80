from __future__ import annotations

import math

import pytest

from mockserver.metrics.ingestion import (
    DAY_MS,
    HOUR_MS,
    first_ingestion_at,
    grown_metrics,
    ingested_metrics,
    ingestion_runs,
    last_run_at_or_before,
)

DAY0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z
FOUR_AM = DAY0 + 4 * HOUR_MS
TARGET = {"reactions": 1000.0, "comments": 37.0, "impressions": 123_456.0, "engagementRate": 2.37}


def test_runs_happen_daily_at_4am_utc_by_default() -> None:
    assert ingestion_runs(DAY0, DAY0 + 3 * DAY_MS) == [FOUR_AM, FOUR_AM + DAY_MS, FOUR_AM + 2 * DAY_MS]


def test_runs_are_strictly_after_the_start_and_up_to_the_end_inclusive() -> None:
    assert ingestion_runs(FOUR_AM, FOUR_AM + DAY_MS) == [FOUR_AM + DAY_MS]
    assert ingestion_runs(FOUR_AM, FOUR_AM + DAY_MS - 1) == []


def test_run_time_of_day_is_configurable() -> None:
    assert ingestion_runs(DAY0, DAY0 + DAY_MS, run_time_of_day_ms=22 * HOUR_MS) == [DAY0 + 22 * HOUR_MS]
    with pytest.raises(ValueError, match="run_time_of_day_ms"):
        ingestion_runs(DAY0, DAY0 + DAY_MS, run_time_of_day_ms=DAY_MS)


def test_last_run_at_or_before_includes_a_run_at_that_instant() -> None:
    assert last_run_at_or_before(FOUR_AM) == FOUR_AM
    assert last_run_at_or_before(FOUR_AM - 1) == FOUR_AM - DAY_MS
    assert last_run_at_or_before(FOUR_AM + DAY_MS - 1) == FOUR_AM


def test_first_metrics_come_at_the_first_run_strictly_after_sending() -> None:
    assert first_ingestion_at(FOUR_AM - 1) == FOUR_AM
    assert first_ingestion_at(FOUR_AM) == FOUR_AM + DAY_MS  # up to ~24 h later
    assert first_ingestion_at(FOUR_AM + 1) == FOUR_AM + DAY_MS


def test_minimum_delay_postpones_the_first_run() -> None:
    assert first_ingestion_at(FOUR_AM - HOUR_MS, min_delay_ms=2 * HOUR_MS) == FOUR_AM + DAY_MS


def test_no_metrics_before_the_first_run() -> None:
    sent = DAY0 + 10 * HOUR_MS
    assert ingested_metrics(TARGET, sent, FOUR_AM + DAY_MS - 1) is None
    first = ingested_metrics(TARGET, sent, FOUR_AM + DAY_MS)
    assert first is not None and first.updated_at == FOUR_AM + DAY_MS


def test_metrics_between_runs_are_those_of_the_latest_run() -> None:
    sent = DAY0 + 10 * HOUR_MS
    at_run = ingested_metrics(TARGET, sent, FOUR_AM + 3 * DAY_MS)
    later = ingested_metrics(TARGET, sent, FOUR_AM + 4 * DAY_MS - 1)
    assert at_run == later


def test_a_post_without_target_values_never_gets_metrics() -> None:
    assert ingested_metrics(None, DAY0, DAY0 + 30 * DAY_MS) is None


def test_counts_grow_as_whole_numbers_without_decreasing() -> None:
    previous = {k: 0.0 for k in TARGET}
    for hours in range(0, 24 * 30, 7):
        grown = grown_metrics(TARGET, DAY0, DAY0 + hours * HOUR_MS)
        for metric_type, value in grown.items():
            assert value >= previous[metric_type]
            if metric_type != "engagementRate":
                assert value.is_integer() and value <= TARGET[metric_type]
        previous = grown


def test_growth_follows_the_saturating_curve() -> None:
    grown = grown_metrics(TARGET, DAY0, DAY0 + 2 * DAY_MS, tau_days=2.0)
    assert grown["reactions"] == math.floor(1000 * (1 - math.exp(-1)))


def test_counts_reach_their_target_after_long_enough() -> None:
    assert grown_metrics(TARGET, DAY0, DAY0 + 200 * DAY_MS) == TARGET


def test_percentages_are_the_target_from_the_first_run() -> None:
    assert grown_metrics(TARGET, DAY0, DAY0 + HOUR_MS)["engagementRate"] == 2.37


def test_nothing_has_grown_at_the_moment_of_sending() -> None:
    grown = grown_metrics(TARGET, DAY0, DAY0)
    assert {k: v for k, v in grown.items() if k != "engagementRate"} == {
        "reactions": 0,
        "comments": 0,
        "impressions": 0,
    }


def test_growth_is_deterministic() -> None:
    at = DAY0 + 3 * DAY_MS + 17
    assert grown_metrics(TARGET, DAY0, at) == grown_metrics(dict(TARGET), DAY0, at)


def test_tau_must_be_positive() -> None:
    with pytest.raises(ValueError, match="tau_days"):
        grown_metrics(TARGET, DAY0, DAY0, tau_days=0)
