"""The daily metrics ingestion, as pure functions of the mock clock (UTC epoch milliseconds).

Ingestion runs once a day at a fixed UTC time of day (04:00 by default). A post sent at ``s``
first gets metrics at the first run strictly after ``s + min_delay_ms``; every later run
refreshes them, and ``metricsUpdatedAt`` is the time of the latest run. Values grow from 0
towards the post's target (fixture) values on a saturating curve
``target x (1 - exp(-age_days / tau_days))``, rounded down for counts; percentages
(``engagementRate``) are the target from the first run on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from mockserver.clock import DAY_MS
from mockserver.clock import HOUR_MS as HOUR_MS  # re-exported for callers of the run-time helpers
from mockserver.metrics.catalog import PERCENTAGE_TYPES
from mockserver.settings import DEFAULT_INGESTION_TIME_UTC, time_of_day_ms

DEFAULT_RUN_TIME_OF_DAY_MS = time_of_day_ms(DEFAULT_INGESTION_TIME_UTC)
DEFAULT_MIN_DELAY_MS = 0
DEFAULT_TAU_DAYS = 2.0


def _check_time_of_day(run_time_of_day_ms: int) -> None:
    if not 0 <= run_time_of_day_ms < DAY_MS:
        raise ValueError(f"run_time_of_day_ms must be in [0, {DAY_MS}), got {run_time_of_day_ms}")


def last_run_at_or_before(now: int, run_time_of_day_ms: int = DEFAULT_RUN_TIME_OF_DAY_MS) -> int:
    """The latest ingestion run at or before ``now``."""
    _check_time_of_day(run_time_of_day_ms)
    return (now - run_time_of_day_ms) // DAY_MS * DAY_MS + run_time_of_day_ms


def first_run_after(moment: int, run_time_of_day_ms: int = DEFAULT_RUN_TIME_OF_DAY_MS) -> int:
    """The earliest ingestion run strictly after ``moment``."""
    return last_run_at_or_before(moment, run_time_of_day_ms) + DAY_MS


def ingestion_runs(after: int, until: int, run_time_of_day_ms: int = DEFAULT_RUN_TIME_OF_DAY_MS) -> list[int]:
    """Every run ``r`` with ``after < r <= until``, in order."""
    first = first_run_after(after, run_time_of_day_ms)
    return list(range(first, until + 1, DAY_MS)) if first <= until else []


def first_ingestion_at(
    sent_at: int,
    run_time_of_day_ms: int = DEFAULT_RUN_TIME_OF_DAY_MS,
    min_delay_ms: int = DEFAULT_MIN_DELAY_MS,
) -> int:
    """When a post sent at ``sent_at`` first gets metrics."""
    if min_delay_ms < 0:
        raise ValueError(f"min_delay_ms must be >= 0, got {min_delay_ms}")
    return first_run_after(sent_at + min_delay_ms, run_time_of_day_ms)


def grown_metrics(
    target: Mapping[str, float], sent_at: int, at: int, tau_days: float = DEFAULT_TAU_DAYS
) -> dict[str, float]:
    """The values a post shows at ``at``: counts grow towards ``target``, percentages stay.

    Deterministic, monotone non-decreasing in ``at``, never above the target, and equal to it
    once the curve has saturated in float arithmetic (some 40 x tau).
    """
    if tau_days <= 0:
        raise ValueError(f"tau_days must be > 0, got {tau_days}")
    age_days = max(0, at - sent_at) / DAY_MS
    share = -math.expm1(-age_days / tau_days)  # 1 - exp(-age/tau), accurate near 0
    floor = math.floor
    return {
        metric_type: float(value)
        if metric_type in PERCENTAGE_TYPES
        else float(min(value, floor(value * share)))
        for metric_type, value in target.items()
    }


def refreshed_metrics(
    target: Mapping[str, float],
    previous: Mapping[str, float] | None,
    sent_at: int,
    at: int,
    tau_days: float = DEFAULT_TAU_DAYS,
) -> dict[str, float]:
    """An ingestion run's values: :func:`grown_metrics`, never below what the post showed before
    (one pass: a daily run computes this for every sent post of the world)."""
    grown = grown_metrics(target, sent_at, at, tau_days)
    if not previous:
        return grown
    for metric_type, value in grown.items():
        before = previous.get(metric_type, 0.0)
        if before > value:
            grown[metric_type] = before
    return grown


@dataclass(frozen=True, slots=True)
class IngestedMetrics:
    values: dict[str, float]
    updated_at: int  # the run that produced them


def ingested_metrics(
    target: Mapping[str, float] | None,
    sent_at: int,
    now: int,
    run_time_of_day_ms: int = DEFAULT_RUN_TIME_OF_DAY_MS,
    min_delay_ms: int = DEFAULT_MIN_DELAY_MS,
    tau_days: float = DEFAULT_TAU_DAYS,
) -> IngestedMetrics | None:
    """What a sent post shows at ``now``: None before its first run, else the latest run's values."""
    if target is None or now < first_ingestion_at(sent_at, run_time_of_day_ms, min_delay_ms):
        return None
    run = last_run_at_or_before(now, run_time_of_day_ms)
    return IngestedMetrics(grown_metrics(target, sent_at, run, tau_days), run)
