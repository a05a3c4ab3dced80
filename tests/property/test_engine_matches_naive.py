"""The columnar MetricsIndex answers every aggregate exactly like the full-scan NaiveMetricsIndex."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockserver.metrics.aggregation import (
    ER_METHODS,
    AggregateQuery,
    AggregateResult,
    MetricRecord,
    TagFilter,
)
from mockserver.metrics.capabilities import SERVICES, load_capabilities
from mockserver.metrics.catalog import ENGAGEMENT_RATE, PERCENTAGE_TYPES
from mockserver.metrics.engine import MetricsIndex
from mockserver.metrics.naive import NaiveMetricsIndex

CAPABILITIES = load_capabilities()
TAGS = ("t1", "t2", "t3", "t4", "t5")
MAX_TIME = 40  # sent_at and windows on a coarse grid so ties and boundaries happen often
RATE_SERVICES = tuple(s for s in SERVICES if ENGAGEMENT_RATE in CAPABILITIES.reports(s))
RATE_TOLERANCE = 0.01 + 1e-9  # one step of the 2-decimal rounding (float noise may tip it)


def values_for(service: str) -> st.SearchStrategy[dict[str, float] | None]:
    reported = sorted(CAPABILITIES.reports(service))
    if not reported:
        return st.none() | st.just({})

    def value(metric_type: str) -> st.SearchStrategy[float]:
        if metric_type in PERCENTAGE_TYPES:
            return st.integers(0, 10_000).map(lambda hundredths: hundredths / 100)
        return st.integers(0, 5_000).map(float)

    chosen = st.lists(st.sampled_from(reported), unique=True)
    return st.none() | chosen.flatmap(lambda types: st.fixed_dictionaries({t: value(t) for t in types}))


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, Any]:
    channel_count = draw(st.integers(1, 5))
    # half the channels on the networks with an engagement rate, so rate aggregates happen often
    service = st.sampled_from(SERVICES) | st.sampled_from(RATE_SERVICES)
    services = draw(st.lists(service, min_size=channel_count, max_size=channel_count))
    channels = {f"c{i}": service for i, service in enumerate(services)}
    post_ids = [f"p{i}" for i in range(draw(st.integers(0, 25)))]

    def record(post_id: str) -> st.SearchStrategy[MetricRecord]:
        return st.sampled_from(sorted(channels)).flatmap(
            lambda channel_id: st.builds(
                MetricRecord,
                post_id=st.just(post_id),
                channel_id=st.just(channel_id),
                sent_at=st.integers(0, MAX_TIME),
                tag_ids=st.frozensets(st.sampled_from(TAGS), max_size=3),
                values=values_for(channels[channel_id]),
                updated_at=st.none() | st.integers(0, 1_000),
            )
        )

    initial = [draw(record(post_id)) for post_id in post_ids]
    operation = st.one_of(
        st.tuples(st.just("upsert"), st.sampled_from([*post_ids, "new1", "new2"]).flatmap(record)),
        st.tuples(st.just("remove"), st.sampled_from([*post_ids, "missing"])),
        # new values for a post as it stands (same channel and time; tags mostly kept): the in-place path
        st.tuples(st.just("refresh"), st.sampled_from([*post_ids, "missing"])),
    )
    operations = [draw(operation) for _ in range(draw(st.integers(0, 30)))]
    return {"channels": channels, "initial": initial, "operations": operations}


tag_filters = st.none() | st.builds(
    TagFilter,
    in_ids=st.frozensets(st.sampled_from((*TAGS, "unknown")), max_size=3),
    include_untagged=st.booleans(),
)


@st.composite
def queries(draw: st.DrawFn, channel_ids: list[str]) -> AggregateQuery:
    chosen = draw(st.lists(st.sampled_from(channel_ids), max_size=len(channel_ids) + 1))
    start = draw(st.integers(-2, MAX_TIME + 2))
    end = draw(st.integers(start - 3, MAX_TIME + 2))
    return AggregateQuery(tuple(chosen), start, end, draw(tag_filters))


def assert_same(fast: AggregateResult, naive: AggregateResult) -> None:
    assert fast.metrics_updated_at == naive.metrics_updated_at
    assert [m["type"] for m in fast.metrics] == [m["type"] for m in naive.metrics]
    for got, want in zip(fast.metrics, naive.metrics, strict=True):
        assert {k: v for k, v in got.items() if k != "value"} == {
            k: v for k, v in want.items() if k != "value"
        }
        if got["type"] == ENGAGEMENT_RATE:
            assert abs(got["value"] - want["value"]) <= RATE_TOLERANCE
        else:
            assert got["value"] == want["value"], got["type"]


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    world=worlds(),
    er_method=st.sampled_from(ER_METHODS),
    # small thresholds exercise compaction; a large one keeps tombstones and pending updates around
    compact_threshold=st.sampled_from((1, 3, 10_000)),
    data=st.data(),
)
def test_fast_index_aggregates_exactly_like_the_full_scan(
    world: dict[str, Any], er_method: str, compact_threshold: int, data: st.DataObject
) -> None:
    fast = MetricsIndex(CAPABILITIES, er_method, compact_threshold=compact_threshold)  # type: ignore[arg-type]
    naive = NaiveMetricsIndex(CAPABILITIES, er_method)  # type: ignore[arg-type]
    channel_ids = sorted(world["channels"])
    for index in (fast, naive):
        for channel_id, service in world["channels"].items():
            index.register_channel(channel_id, service)
        index.bulk_load(world["initial"])

    def compare() -> None:
        assert len(fast) == len(naive)
        for _ in range(3):
            query = data.draw(queries(channel_ids))
            assert_same(fast.aggregate(query), naive.aggregate(query))

    current = {r.post_id: r for r in world["initial"]}
    compare()
    for step, (kind, argument) in enumerate(world["operations"], start=1):
        if kind == "refresh":
            if argument not in current:
                continue
            kind, old = "upsert", current[argument]
            argument = dataclasses.replace(
                old,
                values=data.draw(values_for(world["channels"][old.channel_id])),
                tag_ids=data.draw(st.just(old.tag_ids) | st.frozensets(st.sampled_from(TAGS), max_size=3)),
                updated_at=data.draw(st.none() | st.integers(0, 1_000)),
            )
        if kind == "upsert":
            current[argument.post_id] = argument
        else:
            current.pop(argument, None)
        for index in (fast, naive):
            index.upsert(argument) if kind == "upsert" else index.remove(argument)
        if step % 5 == 0:
            compare()
    compare()
    fast.compact()
    compare()
