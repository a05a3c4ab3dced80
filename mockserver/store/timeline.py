"""What the passing of mock time does to a World: publishing due posts, ingesting metrics.

* A scheduled post whose ``dueAt`` has come is published (status ``sent``, ``sentAt = dueAt``),
  unless its channel's queue is paused (it waits) or the channel is locked or disconnected
  (it fails with a publishing error).
* Metrics are ingested by a daily run (``Settings.ingestion_time_utc``): a sent post gets its
  first metrics at the first run after it was sent, then fresh values at every later run,
  growing deterministically towards the post's target values.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol

from mockserver.clock import DAY_MS
from mockserver.metrics.aggregation import MetricRecord
from mockserver.metrics.capabilities import NetworkCapabilities
from mockserver.metrics.catalog import PERCENTAGE_TYPES
from mockserver.metrics.engine import MetricsIndex
from mockserver.metrics.ingestion import last_run_at_or_before, refreshed_metrics
from mockserver.metrics.normalize import normalize_metrics
from mockserver.settings import Settings
from mockserver.store.entities import Channel, Post
from mockserver.store.rows import paused_gc


class World(Protocol):
    """What the timeline needs of a world (``mockserver.store.world.World`` is one).

    A protocol, not an import: the World runs the timeline (``sync_clock``), so the timeline
    sits below it and reaches it only through these members.
    """

    settings: Settings
    capabilities: NetworkCapabilities
    seed: int
    channels: dict[str, Channel]
    posts: dict[str, Post]

    @property
    def metrics_index(self) -> MetricsIndex: ...

    def reload_metrics(self) -> None: ...

    def index_post(self, post: Post) -> None: ...

    def refresh_metrics(
        self, post: Post, metrics: dict[str, float], updated_at: int, target: dict[str, float]
    ) -> Post: ...

    def put_post(self, post: Post) -> None: ...

    def pop_due(self, until: int) -> Iterator[Post]: ...

    def touch(self) -> None: ...


PUBLISH_ERROR_LOCKED = "This channel is locked: upgrade your plan or unlock it to publish."
PUBLISH_ERROR_DISCONNECTED = "This channel is disconnected: reconnect it to publish."


def run_time_of_day_ms(world: World) -> int:
    return world.settings.ingestion_time_of_day_ms


def metric_record(post: Post) -> MetricRecord:
    return MetricRecord(
        post_id=post.id,
        channel_id=post.channel_id,
        sent_at=post.sent_at or 0,
        tag_ids=frozenset(post.tag_ids),
        values=post.metrics,
        updated_at=post.metrics_updated_at,
    )


def sync_metrics_record(world: World, post: Post) -> None:
    """Keep the metrics index in step with one post (sent posts are in it, others not)."""
    if post.status == "sent" and post.sent_at is not None:
        world.metrics_index.upsert(metric_record(post))
    else:
        drop_metrics_record(world, post)


def drop_metrics_record(world: World, post: Post) -> None:
    world.metrics_index.remove(post.id)


def normalize_loaded_posts(
    posts: Iterable[Post], services: Mapping[str, str], capabilities: NetworkCapabilities
) -> None:
    """Fixture metrics in Buffer's types (native names mapped), in place: once per loaded fixture
    set, before any World indexes its posts (``services``: channel id -> service).

    An ingested post shows its target values; both fields hold the same dict, which is never
    changed in place (an ingestion run gives the post a new one).
    """
    names: dict[str, dict[str, str]] = {}  # service -> fixture name -> Buffer's type
    for post in posts:
        if post.metrics_target:
            service = services[post.channel_id]
            known = names.get(service)
            if known is None:
                profile = capabilities.profile(service)
                known = names[service] = {**{t: t for t in profile.reported}, **profile.native}
            normalized = _plain_counts(post.metrics_target, known)
            if normalized is None:  # anything unusual: the checking path (and its error)
                normalized = normalize_metrics(post.metrics_target, service, capabilities)
            post.metrics_target = normalized
            if post.metrics_updated_at is not None:
                post.metrics = normalized


def _plain_counts(raw: Mapping[str, object], known: Mapping[str, str]) -> dict[str, float] | None:
    """``raw`` normalized when it is the usual case (known names, whole non-negative counts or
    percentages within 0..100, no two names on one type), else None."""
    normalized: dict[str, float] = {}
    for name, value in raw.items():
        metric_type = known.get(name)  # type: ignore[call-overload]
        if metric_type is None or metric_type in normalized or type(value) not in (int, float):
            return None
        number = float(value)  # type: ignore[arg-type]
        limit = 100.0 if metric_type in PERCENTAGE_TYPES else 1e300
        if not 0 <= number <= limit or (limit > 100 and not number.is_integer()):
            return None
        normalized[metric_type] = number
    return normalized


def sent_records(posts: Iterable[Post]) -> Iterator[MetricRecord]:
    """The metrics-index records of the sent posts among ``posts``."""
    return (metric_record(p) for p in posts if p.status == "sent" and p.sent_at is not None)


def index_posts(world: World, posts: Iterable[Post]) -> None:
    """Put posts into the world's indexes and the metrics index exactly as they are."""
    records = []
    for post in posts:
        world.index_post(post)
        if post.status == "sent" and post.sent_at is not None:
            records.append(metric_record(post))
    world.metrics_index.bulk_load(records)


def synthetic_targets(world: World, post: Post) -> dict[str, float]:
    """Deterministic target metrics for a post published at run time (seeded by its id)."""
    service = world.channels[post.channel_id].service
    digest = hashlib.sha256(f"{world.seed}:{post.id}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    reach = rng.randint(200, 5000)
    targets: dict[str, float] = {}
    for metric_type in sorted(world.capabilities.reports(service)):
        if metric_type == "engagementRate":
            targets[metric_type] = round(rng.uniform(0.5, 8.0), 2)
        elif metric_type in ("impressions", "views"):
            targets[metric_type] = float(int(reach * rng.uniform(1.1, 2.5)))
        elif metric_type == "reach":
            targets[metric_type] = float(reach)
        elif metric_type == "totalTimeWatched":
            targets[metric_type] = float(rng.randint(10, 600))
        else:
            targets[metric_type] = float(int(reach * rng.uniform(0.001, 0.06)))
    return targets


def publish(world: World, post: Post, at: int) -> None:
    """Store ``post`` (stored already or new) as published at ``at``, or failed if its channel cannot."""
    channel = world.channels[post.channel_id]
    changes: dict[str, Any] = {"updated_at": max(post.updated_at, at)}
    if channel.is_locked or channel.is_disconnected:
        changes["status"] = "error"
        changes["error"] = {
            "message": PUBLISH_ERROR_LOCKED if channel.is_locked else PUBLISH_ERROR_DISCONNECTED,
            "supportUrl": "https://support.buffer.com/",
            "rawError": None,
        }
    else:
        changes["status"] = "sent"
        changes["sent_at"] = at
        changes["external_link"] = (
            post.external_link or f"https://{channel.service.lower()}.example/{post.id}"
        )
        if post.metrics_target is None:
            changes["metrics_target"] = synthetic_targets(world, post)
    world.put_post(dataclasses.replace(post, **changes))


def advance(world: World, since: int, until: int) -> None:
    """Apply everything that happens in the mock-time interval (since, until]."""
    for post in list(world.pop_due(until)):
        if world.channels[post.channel_id].is_queue_paused:
            continue  # a paused queue keeps its posts; they never publish while paused
        publish(world, post, post.due_at or until)
    tod = run_time_of_day_ms(world)
    last_run = last_run_at_or_before(until, tod)
    if last_run > since:
        ingest(world, last_run)


def next_event_at(next_due: int | None, processed_until: int, run_time_of_day_ms: int) -> int:
    """When mock time next changes the world by itself: the earliest due post or ingestion run."""
    next_run = last_run_at_or_before(processed_until, run_time_of_day_ms) + DAY_MS
    return next_run if next_due is None else min(next_due, next_run)


def ingest(world: World, run_at: int) -> None:
    """One ingestion run: every post sent before ``run_at`` gets refreshed metrics.

    Only metric values change (never status, tags or dates), so the date and tag indexes stay as
    they are and the metrics index is reloaded in one pass (one rebuild per channel).
    """
    refreshed = 0
    with paused_gc():  # a run over a large world allocates a dict per post, none of it garbage
        for post in list(world.posts.values()):
            if post.status != "sent" or post.sent_at is None or post.sent_at >= run_at:
                continue
            target = post.metrics_target
            if target is None:
                target = synthetic_targets(world, post)
            metrics = refreshed_metrics(target, post.metrics, post.sent_at, run_at)
            # a new Post: stored posts are shared with other namespaces and never changed in place
            world.refresh_metrics(post, metrics, run_at, target)
            refreshed += 1
        if refreshed:  # the index takes every sent post again: cheaper than updating most rows
            world.reload_metrics()
            world.touch()
