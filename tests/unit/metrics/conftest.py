"""Fixtures for the metrics unit tests: the default capabilities and both index flavours."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from mockserver.metrics.capabilities import NetworkCapabilities, load_capabilities
from mockserver.metrics.engine import MetricsIndex
from mockserver.metrics.naive import NaiveMetricsIndex

AnyIndex = MetricsIndex | NaiveMetricsIndex
IndexFactory = Callable[..., AnyIndex]


@pytest.fixture(scope="session")
def capabilities() -> NetworkCapabilities:
    return load_capabilities()


@pytest.fixture(params=["fast", "naive"])
def make_index(request: pytest.FixtureRequest, capabilities: NetworkCapabilities) -> IndexFactory:
    """Builds an index with channels registered; every aggregation rule must hold for both."""

    def build(
        channels: Mapping[str, str], er_method: str = "impressions_weighted", compact_threshold: int = 10_000
    ) -> AnyIndex:
        index: AnyIndex
        if request.param == "fast":
            # a large threshold keeps pending updates and tombstones in play
            index = MetricsIndex(capabilities, er_method, compact_threshold=compact_threshold)  # type: ignore[arg-type]
        else:
            index = NaiveMetricsIndex(capabilities, er_method)  # type: ignore[arg-type]
        for channel_id, service in channels.items():
            index.register_channel(channel_id, service)
        return index

    return build
