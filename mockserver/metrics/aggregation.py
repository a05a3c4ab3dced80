"""What ``aggregatedPostMetrics`` returns, shared by the fast index and its naive twin.

The two indexes differ only in how they find and sum the matched posts; the rules live here:

* which posts match (window on ``sent_at``, channel set, tag filter);
* which types are emitted: the baseline trio ``postCount``, ``reactions``, ``comments`` always,
  then the extras every channel of the filter set reports, in PostMetricType enum order, never
  zero-padded;
* how counts add up (sums; a post not ingested yet counts in ``postCount`` and adds 0) and how
  ``engagementRate`` is aggregated (:data:`EngagementRateMethod`);
* ``metricsUpdatedAt``: the latest ingestion time among the matched posts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from mockserver.metrics.capabilities import NetworkCapabilities, NetworkProfile
from mockserver.metrics.catalog import (
    BASELINE_TYPES,
    CATALOG,
    ENGAGEMENT_RATE,
    ENUM_POSITION,
    POST_COUNT,
    MetricCatalog,
)

EngagementRateMethod = Literal["mean", "impressions_weighted", "ratio"]
ER_METHODS: tuple[str, ...] = get_args(EngagementRateMethod)
# Weighted by each post's audience (its network's denominator): equals a single post's own rate,
# and equals the pooled ratio whenever the per-post rates are engagements / audience.
DEFAULT_ER_METHOD: EngagementRateMethod = "impressions_weighted"

SENT_AT_LIMIT = 1 << 42  # epoch ms (year 2109); the fast index packs sent_at into 42 bits
PERCENT_DECIMALS = 2
COUNT_DECIMALS = 4  # counts are whole numbers; this only wipes float noise


@dataclass(frozen=True, slots=True)
class MetricRecord:
    """One sent post as the aggregation sees it."""

    post_id: str
    channel_id: str
    sent_at: int  # epoch ms
    tag_ids: frozenset[str]
    values: Mapping[str, float] | None  # normalized type -> value; None = not ingested yet
    updated_at: int | None  # epoch ms of the last ingestion


@dataclass(frozen=True, slots=True)
class TagFilter:
    """``TagComparator``: posts with any of ``in_ids``, plus untagged posts if ``include_untagged``."""

    in_ids: frozenset[str]
    include_untagged: bool


@dataclass(frozen=True, slots=True)
class AggregateQuery:
    channel_ids: tuple[str, ...]  # the resolved filter set (may be empty)
    start: int  # epoch ms, inclusive
    end: int  # epoch ms, inclusive (already widened by the window rules)
    tags: TagFilter | None


@dataclass(frozen=True, slots=True)
class AggregateResult:
    metrics: list[dict[str, Any]]  # [{"type", "name", "description", "value", "unit"}, ...]
    metrics_updated_at: int | None


def check_er_method(method: str) -> EngagementRateMethod:
    if method not in ER_METHODS:
        raise ValueError(
            f"unknown engagement-rate method {method!r}; expected one of: {', '.join(ER_METHODS)}"
        )
    return method  # type: ignore[return-value]


def tags_match(tag_ids: frozenset[str], tags: TagFilter | None) -> bool:
    """The TagComparator rule: no filter = all; ``in`` = any of; ``isEmpty`` = untagged; both = union."""
    if tags is None:
        return True
    if not tag_ids:
        return tags.include_untagged
    return not tags.in_ids.isdisjoint(tag_ids)


def in_window(sent_at: int, query: AggregateQuery) -> bool:
    return query.start <= sent_at <= query.end


def unique_channels(channel_ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(channel_ids))


def shared_extras(services: Iterable[str], capabilities: NetworkCapabilities) -> tuple[str, ...]:
    """Types beyond the baseline that every service of the filter set reports, in enum order."""
    common: frozenset[str] | None = None
    for service in services:
        reported = capabilities.reports(service)
        common = reported if common is None else common & reported
    if not common:
        return ()
    return tuple(sorted(common - set(BASELINE_TYPES), key=ENUM_POSITION.__getitem__))


def check_record(record: MetricRecord, service: str, profile: NetworkProfile) -> None:
    """Reject a record the aggregation cannot take (never drops a value silently)."""
    if not 0 <= record.sent_at < SENT_AT_LIMIT:
        raise ValueError(f"post {record.post_id}: sent_at {record.sent_at} is outside [0, 2**42) epoch ms")
    if record.values:
        unknown = sorted(set(record.values) - profile.reported)
        if unknown:
            raise ValueError(
                f"post {record.post_id}: {service} does not report {', '.join(unknown)}; "
                f"it reports: {', '.join(profile.reports_in_enum_order())}"
            )


def rate_terms(values: Mapping[str, float], profile: NetworkProfile) -> tuple[float, float, float]:
    """A post's share of the engagement-rate sums: (reports a rate 0/1, rate x audience, audience)."""
    rate = values.get(ENGAGEMENT_RATE)
    if rate is None or profile.denominator is None:
        return 0.0, 0.0, 0.0
    audience = values.get(profile.denominator, 0.0)
    return 1.0, rate * audience, audience


@dataclass(slots=True)
class Totals:
    """Running sums over the matched posts."""

    post_count: int = 0
    sums: dict[str, float] = field(default_factory=dict)  # per normalized type
    rate_count: float = 0.0  # posts that report a rate
    weighted_rate: float = 0.0  # sum of rate x audience over those posts
    rate_weight: float = 0.0  # sum of audience over those posts
    engagements: float = 0.0  # sum of each post's network engagementTypes
    audience: float = 0.0  # sum of each post's network denominator
    updated_at: int | None = None

    def add_updated_at(self, updated_at: int | None) -> None:
        if updated_at is not None and (self.updated_at is None or updated_at > self.updated_at):
            self.updated_at = updated_at

    def add_sum(self, metric_type: str, value: float) -> None:
        self.sums[metric_type] = self.sums.get(metric_type, 0.0) + value

    def add_post(self, record: MetricRecord, profile: NetworkProfile) -> None:
        """Add one matched post (the naive path and the fast index's pending updates)."""
        self.post_count += 1
        self.add_updated_at(record.updated_at)
        values = record.values
        if not values:
            return
        for metric_type, value in values.items():
            self.add_sum(metric_type, value)
        if profile.has_engagement_rate:
            present, weighted, weight = rate_terms(values, profile)
            self.rate_count += present
            self.weighted_rate += weighted
            self.rate_weight += weight
            self.engagements += sum(values.get(t, 0.0) for t in profile.engagement_types or ())
            self.audience += values.get(profile.denominator or "", 0.0)


def engagement_rate(totals: Totals, method: EngagementRateMethod) -> float:
    """The aggregate rate in percent; 0 when no matched post gives anything to average."""
    mean = totals.sums.get(ENGAGEMENT_RATE, 0.0) / totals.rate_count if totals.rate_count else 0.0
    if method == "mean":
        rate = mean
    elif method == "impressions_weighted":
        rate = totals.weighted_rate / totals.rate_weight if totals.rate_weight > 0 else mean
    else:
        rate = 100.0 * totals.engagements / totals.audience if totals.audience > 0 else 0.0
    return round(min(max(rate, 0.0), 100.0), PERCENT_DECIMALS)


def build_result(
    totals: Totals,
    extras: tuple[str, ...],
    method: EngagementRateMethod,
    catalog: MetricCatalog = CATALOG,
) -> AggregateResult:
    entries = [catalog.entry(POST_COUNT, float(totals.post_count))]
    for metric_type in (*BASELINE_TYPES[1:], *extras):
        if metric_type == ENGAGEMENT_RATE:
            value = engagement_rate(totals, method)
        else:
            value = round(totals.sums.get(metric_type, 0.0), COUNT_DECIMALS) + 0.0
        entries.append(catalog.entry(metric_type, value))
    return AggregateResult(entries, totals.updated_at if totals.post_count else None)
