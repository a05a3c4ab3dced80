"""The per-post ``Post.metrics`` view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.metrics.catalog import ALL_METRIC_TYPES, ALL_REPORTABLE_TYPES, CATALOG, MetricCatalog

SENT = "sent"


def per_post_metrics(
    metrics: Mapping[str, float] | None, status: str, catalog: MetricCatalog = CATALOG
) -> list[dict[str, Any]] | None:
    """``Post.metrics`` for one post.

    ``None`` unless the post is sent. A sent post lists only the types its network reported
    (a missing type is not a zero), so a sent post not ingested yet has an empty list. Never
    ``postCount`` nor a deprecated type. Entries follow the PostMetricType enum order.
    """
    if status != SENT:
        return None
    if not metrics:
        return []
    unknown = sorted(set(metrics) - set(ALL_METRIC_TYPES))
    if unknown:
        raise ValueError(f"post metrics hold unknown PostMetricType values: {', '.join(unknown)}")
    return [catalog.entry(t, metrics[t]) for t in ALL_REPORTABLE_TYPES if t in metrics]
