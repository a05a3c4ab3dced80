"""What is specific to the columnar index: compaction, tombstones, wide tag sets."""

from __future__ import annotations

import pytest

from mockserver.metrics.capabilities import NetworkCapabilities
from mockserver.metrics.engine import MetricsIndex

from .builders import DAY, T0, query, record, tags_filter, values_by_type


def _index(capabilities: NetworkCapabilities, threshold: int) -> MetricsIndex:
    index = MetricsIndex(capabilities, compact_threshold=threshold)
    index.register_channel("tw", "twitter")
    return index


def test_updates_past_the_threshold_are_folded_into_the_columns(capabilities: NetworkCapabilities) -> None:
    index = _index(capabilities, threshold=4)
    index.bulk_load([record(f"p{i}", "tw", T0 + i * DAY, {"reactions": i}) for i in range(10)])
    for i in range(5):
        index.upsert(record(f"p{i}", "tw", T0 + i * DAY, {"reactions": 100 + i}))
    index.remove("p9")
    channel = index._channels["tw"]
    assert channel.backlog() < 4  # compacted at least once on the way
    assert values_by_type(index.aggregate(query("tw")).metrics)["reactions"] == sum(range(100, 105)) + sum(
        range(5, 9)
    )


def test_compact_gives_the_same_answer_as_pending_updates(capabilities: NetworkCapabilities) -> None:
    index = _index(capabilities, threshold=10_000)
    index.bulk_load(
        [record(f"p{i}", "tw", T0 + i * DAY, {"reactions": 1}, ("a",), T0 + 40 * DAY) for i in range(6)]
    )
    index.upsert(record("p2", "tw", T0 + 2 * DAY, {"reactions": 5}, ("b",), T0 + 41 * DAY))
    index.remove("p3")
    index.upsert(record("new", "tw", T0 + 3 * DAY, {"reactions": 7}, (), T0 + 42 * DAY))
    before = [
        index.aggregate(query("tw", tags=t))
        for t in (None, tags_filter("a"), tags_filter("b", untagged=True))
    ]
    assert index._channels["tw"].backlog() == 4
    index.compact()
    assert index._channels["tw"].backlog() == 0
    after = [
        index.aggregate(query("tw", tags=t))
        for t in (None, tags_filter("a"), tags_filter("b", untagged=True))
    ]
    assert before == after
    assert values_by_type(after[0].metrics)["reactions"] == 4 + 5 + 7


def test_more_than_64_tags_in_one_channel_still_filter_exactly(capabilities: NetworkCapabilities) -> None:
    index = _index(capabilities, threshold=10_000)
    index.bulk_load([record(f"p{i}", "tw", T0 + i, {"reactions": 2**i}, (f"tag{i}",)) for i in range(70)])
    index.upsert(record("untagged", "tw", T0, {"reactions": 2**70}))
    wanted = ("tag3", "tag65", "tag69")
    result = index.aggregate(query("tw", tags=tags_filter(*wanted, untagged=True)))
    assert values_by_type(result.metrics)["reactions"] == float(2**3 + 2**65 + 2**69 + 2**70)
    index.compact()
    assert index.aggregate(query("tw", tags=tags_filter(*wanted, untagged=True))) == result


def test_posts_sharing_a_timestamp_are_told_apart_on_update(capabilities: NetworkCapabilities) -> None:
    index = _index(capabilities, threshold=10_000)
    index.bulk_load([record(f"p{i}", "tw", T0, {"reactions": 10**i}) for i in range(4)])
    index.remove("p2")
    index.upsert(record("p1", "tw", T0, {"reactions": 0}))
    assert values_by_type(index.aggregate(query("tw")).metrics)["reactions"] == 1 + 1000


@pytest.mark.parametrize("sent_at", [-1, 1 << 42])
def test_sent_at_outside_the_packable_range_is_rejected(
    capabilities: NetworkCapabilities, sent_at: int
) -> None:
    with pytest.raises(ValueError, match="sent_at"):
        _index(capabilities, threshold=4).upsert(record("p1", "tw", sent_at, None))


def test_compact_threshold_must_be_positive(capabilities: NetworkCapabilities) -> None:
    with pytest.raises(ValueError, match="compact_threshold"):
        MetricsIndex(capabilities, compact_threshold=0)


def test_reload_answers_like_the_same_records_applied_one_by_one(capabilities: NetworkCapabilities) -> None:
    first = [record(f"p{i}", "tw", T0 + i * DAY, {"reactions": i}, ("a",) if i % 2 else ()) for i in range(8)]
    refreshed = [
        record(f"p{i}", "tw", T0 + i * DAY, {"reactions": 10 * i}, ("a",) if i % 2 else ()) for i in range(8)
    ]
    stepwise = _index(capabilities, threshold=10_000)
    stepwise.bulk_load(first)
    for item in refreshed[:5]:
        stepwise.upsert(item)
    stepwise.remove("p7")
    reloaded = _index(capabilities, threshold=10_000)
    reloaded.bulk_load(first)
    reloaded.reload([*refreshed[:5], *first[5:7]])
    for tags in (None, tags_filter("a"), tags_filter("a", untagged=True)):
        assert reloaded.aggregate(query("tw", tags=tags)) == stepwise.aggregate(query("tw", tags=tags))
    assert len(reloaded) == len(stepwise) == 7
    reloaded.upsert(record("p1", "tw", T0 + DAY, {"reactions": 99}, ("a",)))  # still a working index
    assert (
        values_by_type(reloaded.aggregate(query("tw", tags=tags_filter("a"))).metrics)["reactions"]
        == 99 + 30 + 5  # p3 refreshed, p5 as first loaded, p7 gone
    )
