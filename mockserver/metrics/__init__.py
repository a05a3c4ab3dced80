"""Post metrics: capability matrix, catalog, per-post view, window rules, aggregation, ingestion.

Everything here is pure (no store, no GraphQL): the store feeds :class:`MetricsIndex` with
:class:`MetricRecord` values and the resolvers shape what it returns.
"""

from __future__ import annotations

from mockserver.metrics.aggregation import (
    DEFAULT_ER_METHOD,
    ER_METHODS,
    AggregateQuery,
    AggregateResult,
    EngagementRateMethod,
    MetricRecord,
    TagFilter,
)
from mockserver.metrics.capabilities import (
    SERVICES,
    CapabilitiesError,
    NetworkCapabilities,
    NetworkProfile,
    load_capabilities,
)
from mockserver.metrics.catalog import CATALOG, POST_METRIC_TYPES, MetricCatalog
from mockserver.metrics.engine import MetricsIndex
from mockserver.metrics.naive import NaiveMetricsIndex
from mockserver.metrics.normalize import MetricsFixtureError, normalize_metrics
from mockserver.metrics.per_post import per_post_metrics
from mockserver.metrics.window import aggregate_window

__all__ = [
    "CATALOG",
    "DEFAULT_ER_METHOD",
    "ER_METHODS",
    "POST_METRIC_TYPES",
    "SERVICES",
    "AggregateQuery",
    "AggregateResult",
    "CapabilitiesError",
    "EngagementRateMethod",
    "MetricCatalog",
    "MetricRecord",
    "MetricsFixtureError",
    "MetricsIndex",
    "NaiveMetricsIndex",
    "NetworkCapabilities",
    "NetworkProfile",
    "TagFilter",
    "aggregate_window",
    "load_capabilities",
    "normalize_metrics",
    "per_post_metrics",
]
