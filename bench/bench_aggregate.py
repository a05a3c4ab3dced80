"""Speed and memory of the post-metrics aggregation: the columnar MetricsIndex vs the naive scan.

Builds in memory a seeded world of sent posts (default 1,000,000) over 50 channels on the 12
networks, spread over two years with ~20 tags and per-network metrics, then prints:

* build time of the index (records generated on the fly) and its memory per post;
* p50/p99 latency of ``aggregate`` for (a) an org-wide year (all channels), (b) a single channel
  quarter, (c) a tag-filtered month (all channels), through MetricsIndex and through
  NaiveMetricsIndex (fewer iterations), the speed-up, and whether both gave the same answers;
* the cost of single-post updates (upsert) and the aggregate latency while they are pending.

    python bench/bench_aggregate.py                    # 1M posts, seed 7
    python bench/bench_aggregate.py --posts 200000 --seed 3 --naive-iterations 2
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import os
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one query, one core: comparable figures

import numpy as np

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from mockserver.clock import DAY_MS, HOUR_MS  # noqa: E402 (after the path setup)
from mockserver.metrics.aggregation import (  # noqa: E402 (after the path setup)
    AggregateQuery,
    AggregateResult,
    MetricRecord,
    TagFilter,
)
from mockserver.metrics.capabilities import SERVICES, NetworkCapabilities, load_capabilities  # noqa: E402
from mockserver.metrics.engine import MetricsIndex  # noqa: E402
from mockserver.metrics.naive import NaiveMetricsIndex  # noqa: E402

DAY = DAY_MS
START = 1_735_689_600_000  # 2025-01-01T00:00:00Z
SPAN = 730 * DAY
CHANNELS = 50
TAGS = 20
NOT_INGESTED_SHARE = 0.03
RATE_TOLERANCE = 0.011


@dataclass
class World:
    channel_ids: list[str]
    services: list[str]
    post_channel: np.ndarray
    sent_at: np.ndarray
    tag_lists: list[tuple[str, ...]]
    values: list[dict[str, float] | None]
    updated_at: np.ndarray


def build_world(posts: int, seed: int, capabilities: NetworkCapabilities) -> World:
    rng = np.random.default_rng(seed)
    channel_ids = [f"{i:024x}" for i in range(CHANNELS)]
    services = [SERVICES[i % len(SERVICES)] for i in range(CHANNELS)]
    post_channel = rng.integers(0, CHANNELS, posts)
    sent_at = START + rng.integers(0, SPAN, posts)
    tag_count = rng.choice(4, size=posts, p=[0.3, 0.4, 0.2, 0.1])
    tag_pool = [f"tag{t:02d}" for t in range(TAGS)]
    tag_draws = rng.integers(0, TAGS, (posts, 3)).tolist()
    tag_lists = [
        tuple({tag_pool[t] for t in draws[:n]})
        for draws, n in zip(tag_draws, tag_count.tolist(), strict=True)
    ]
    audience = np.floor(rng.lognormal(7.0, 1.0, posts))
    values: list[dict[str, float] | None] = [None] * posts
    post_service = np.array(services)[post_channel]
    for service in SERVICES:
        rows = np.flatnonzero(post_service == service)
        profile = capabilities.profile(service)
        columns: dict[str, np.ndarray] = {}
        base = audience[rows]
        for metric_type in profile.reports_in_enum_order():
            if metric_type in ("impressions", "views"):
                columns[metric_type] = np.floor(base * rng.uniform(1.1, 2.5, rows.size))
            elif metric_type == "reach":
                columns[metric_type] = base
            elif metric_type == "totalTimeWatched":
                columns[metric_type] = rng.integers(10, 600, rows.size).astype(np.float64)
            elif metric_type != "engagementRate":
                columns[metric_type] = np.floor(base * rng.uniform(0.001, 0.06, rows.size))
        if profile.has_engagement_rate and profile.denominator:
            engagements = sum(columns[t] for t in profile.engagement_types or ())
            denominator = np.maximum(columns[profile.denominator], 1.0)
            columns["engagementRate"] = np.minimum(np.round(100.0 * engagements / denominator, 2), 100.0)
        names = list(columns)
        table = np.column_stack([columns[n] for n in names]).tolist() if names else [[] for _ in rows]
        for row_index, row in zip(rows.tolist(), table, strict=True):
            values[row_index] = dict(zip(names, row, strict=True))
    not_ingested = rng.random(posts) < NOT_INGESTED_SHARE
    for row_index in np.flatnonzero(not_ingested).tolist():
        values[row_index] = None
    updated_at = np.where(not_ingested, -1, START + SPAN + 4 * HOUR_MS)
    return World(channel_ids, services, post_channel, sent_at, tag_lists, values, updated_at)


def resident_bytes() -> int:
    """Resident set size of this process (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def trim_heap() -> None:
    """Hand freed heap pages back to the OS so the resident set reflects live data (glibc only)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def records(world: World) -> Iterator[MetricRecord]:
    channels, sent, updated = world.post_channel.tolist(), world.sent_at.tolist(), world.updated_at.tolist()
    for i in range(len(sent)):
        yield MetricRecord(
            post_id=f"{0x69000000 + i:024x}",
            channel_id=world.channel_ids[channels[i]],
            sent_at=sent[i],
            tag_ids=frozenset(world.tag_lists[i]),
            values=world.values[i],
            updated_at=None if updated[i] < 0 else updated[i],
        )


def register(index: MetricsIndex | NaiveMetricsIndex, world: World) -> None:
    for channel_id, service in zip(world.channel_ids, world.services, strict=True):
        index.register_channel(channel_id, service)


def make_queries(world: World, seed: int, count: int) -> dict[str, list[AggregateQuery]]:
    rng = np.random.default_rng(seed + 1)
    every = tuple(world.channel_ids)

    def window(days: int) -> tuple[int, int]:
        start = START + int(rng.integers(0, SPAN - days * DAY)) // DAY * DAY
        return start, start + days * DAY - 1

    cases: dict[str, list[AggregateQuery]] = {
        "org-wide year": [],
        "one channel quarter": [],
        "tagged month": [],
    }
    for _ in range(count):
        cases["org-wide year"].append(AggregateQuery(every, *window(365), None))
        one = (world.channel_ids[int(rng.integers(0, CHANNELS))],)
        cases["one channel quarter"].append(AggregateQuery(one, *window(90), None))
        wanted = frozenset(
            f"tag{t:02d}" for t in rng.choice(TAGS, size=int(rng.integers(1, 4)), replace=False)
        )
        tags = TagFilter(wanted, bool(rng.integers(0, 2)))
        cases["tagged month"].append(AggregateQuery(every, *window(30), tags))
    return cases


def timed(
    run: Callable[[AggregateQuery], AggregateResult], queries: list[AggregateQuery]
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per query (CPU time is steadier on a busy machine)."""
    wall, cpu = [], []
    for query in queries:
        began, began_cpu = time.perf_counter(), time.process_time()
        run(query)
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return wall, cpu


def percentile(latencies: list[float], share: float) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def same_answer(fast: AggregateResult, naive: AggregateResult) -> bool:
    if fast.metrics_updated_at != naive.metrics_updated_at or len(fast.metrics) != len(naive.metrics):
        return False
    for got, want in zip(fast.metrics, naive.metrics, strict=True):
        if got["type"] != want["type"]:
            return False
        tolerance = RATE_TOLERANCE if got["unit"] == "percentage" else 0.0
        if abs(got["value"] - want["value"]) > tolerance:
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--iterations", type=int, default=200, help="queries per case through MetricsIndex")
    parser.add_argument(
        "--naive-iterations", type=int, default=3, help="queries per case through the naive scan"
    )
    parser.add_argument("--updates", type=int, default=20_000, help="single-post upserts to time")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="measure memory with tracemalloc (exact, build ~5x slower)"
    )
    args = parser.parse_args()

    capabilities = load_capabilities()
    began = time.perf_counter()
    world = build_world(args.posts, args.seed, capabilities)
    print(f"world: {args.posts:,} sent posts, {CHANNELS} channels on {len(SERVICES)} networks, {TAGS} tags, "
          f"2 years (generated in {time.perf_counter() - began:.1f} s)")  # fmt: skip

    gc.collect()
    trim_heap()
    if args.tracemalloc:
        tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0] if args.tracemalloc else resident_bytes()
    began = time.perf_counter()
    fast = MetricsIndex(capabilities)
    register(fast, world)
    fast.bulk_load(records(world))
    build_seconds = time.perf_counter() - began
    gc.collect()
    trim_heap()
    if args.tracemalloc:
        retained, how = tracemalloc.get_traced_memory()[0] - before, "tracemalloc"
        tracemalloc.stop()
    else:
        retained, how = resident_bytes() - before, "resident set growth"
    print(f"MetricsIndex build: {build_seconds:.1f} s ({args.posts / build_seconds:,.0f} posts/s)")
    print(
        f"MetricsIndex memory: {retained / 2**20:,.1f} MiB = {retained / args.posts:,.0f} bytes/post "
        f"({how}, post id strings included)"
    )

    began = time.perf_counter()
    naive = NaiveMetricsIndex(capabilities)
    register(naive, world)
    naive.bulk_load(records(world))
    print(f"NaiveMetricsIndex build: {time.perf_counter() - began:.1f} s")

    cases = make_queries(world, args.seed, args.iterations)
    print()
    print(f"latency in ms, wall clock (CPU time in brackets); {args.iterations} queries per case through "
          f"MetricsIndex, {args.naive_iterations} through NaiveMetricsIndex")  # fmt: skip
    print(f"{'case':<21}{'fast p50':>16}{'fast p99':>16}{'naive p50':>18}{'speed-up':>10}  same answers")
    for name, queries in cases.items():
        fast_wall, fast_cpu = timed(fast.aggregate, queries)
        naive_queries = queries[: args.naive_iterations]
        naive_wall, naive_cpu = timed(naive.aggregate, naive_queries)
        agree = all(same_answer(fast.aggregate(q), naive.aggregate(q)) for q in naive_queries)
        fast_p50, naive_p50 = percentile(fast_wall, 0.5), percentile(naive_wall, 0.5)
        print(f"{name:<21}{fast_p50:>7.2f} ({percentile(fast_cpu, 0.5):>6.2f})"
              f"{percentile(fast_wall, 0.99):>7.2f} ({percentile(fast_cpu, 0.99):>6.2f})"
              f"{naive_p50:>9.0f} ({percentile(naive_cpu, 0.5):>6.0f})"
              f"{naive_p50 / fast_p50:>9.0f}x  {'yes' if agree else 'NO'}")  # fmt: skip

    rng = np.random.default_rng(args.seed + 2)
    picks = rng.integers(0, args.posts, args.updates).tolist()
    updates = []
    for i in picks:
        values = world.values[i]
        refreshed = None if values is None else {k: v + 1 for k, v in values.items() if k != "engagementRate"}
        if refreshed is not None and "engagementRate" in values:
            refreshed["engagementRate"] = values["engagementRate"]
        updates.append(
            MetricRecord(f"{0x69000000 + i:024x}", world.channel_ids[int(world.post_channel[i])],
                         int(world.sent_at[i]), frozenset(world.tag_lists[i]), refreshed, START + SPAN + DAY)
        )  # fmt: skip
    began = time.perf_counter()
    for update in updates:
        fast.upsert(update)
    upsert_us = (time.perf_counter() - began) / max(1, len(updates)) * 1e6
    after_wall, _ = timed(fast.aggregate, cases["org-wide year"][:50] + cases["tagged month"][:50])
    pending = sum(channel.backlog() for channel in fast._channels.values())
    print()
    print(f"upsert: {upsert_us:.1f} us/post over {len(updates):,} metric refreshes ({pending} left pending); "
          f"aggregate p50 afterwards: {percentile(after_wall, 0.5):.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
