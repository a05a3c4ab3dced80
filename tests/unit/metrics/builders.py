"""Small builders shared by the metrics unit tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.metrics.aggregation import AggregateQuery, MetricRecord, TagFilter

DAY = 86_400_000
T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z


def record(
    post_id: str,
    channel_id: str,
    sent_at: int = T0,
    values: Mapping[str, float] | None = None,
    tags: tuple[str, ...] = (),
    updated_at: int | None = None,
) -> MetricRecord:
    return MetricRecord(post_id, channel_id, sent_at, frozenset(tags), values, updated_at)


def query(
    *channel_ids: str, start: int = T0, end: int = T0 + 30 * DAY, tags: TagFilter | None = None
) -> AggregateQuery:
    return AggregateQuery(tuple(channel_ids), start, end, tags)


def tags_filter(*in_ids: str, untagged: bool = False) -> TagFilter:
    return TagFilter(frozenset(in_ids), untagged)


def values_by_type(metrics: list[dict[str, Any]]) -> dict[str, float]:
    return {m["type"]: m["value"] for m in metrics}


def types_of(metrics: list[dict[str, Any]]) -> list[str]:
    return [m["type"] for m in metrics]
