"""Namespaces share the fixtures' posts instead of copying them; sharing never leaks a change."""

from __future__ import annotations

import copy

import pytest

from mockserver.app import build_namespaces
from mockserver.clock import DAY_MS
from mockserver.fixtures.loader import WorldData
from mockserver.metrics.capabilities import load_capabilities
from mockserver.metrics.normalize import MetricsFixtureError, normalize_metrics
from mockserver.settings import Settings
from mockserver.store.namespaces import _shift_nested
from mockserver.store.timeline import normalize_loaded_posts

ANCHOR = "2026-11-15T12:00:00Z"


def frozen(at: str = ANCHOR) -> Settings:
    return Settings(clock_start=at, clock_frozen=True)


def sent_with_metrics(data: WorldData) -> str:
    return next(p.id for p in data.posts if p.status == "sent" and p.metrics_updated_at is not None)


def test_namespaces_of_one_day_share_the_post_objects(default_data: WorldData) -> None:
    namespaces = build_namespaces(frozen(), default_data)
    first, second = namespaces.get("a").world, namespaces.get("b").world
    post_id = default_data.posts[0].id
    assert first.posts[post_id] is second.posts[post_id]
    assert first.channels is not second.channels
    some_channel = next(iter(first.channels))
    assert first.channels[some_channel] is not second.channels[some_channel]  # the rest is copied


def test_a_write_in_one_namespace_is_not_seen_by_another_or_by_a_reset(default_data: WorldData) -> None:
    namespaces = build_namespaces(frozen(), default_data)
    first, second = namespaces.get("a").world, namespaces.get("b").world
    post_id = default_data.posts[0].id
    original = second.posts[post_id].text
    first.update_post(post_id, text="changed in a")
    assert first.posts[post_id].text == "changed in a"
    assert second.posts[post_id].text == original
    assert namespaces.reset("a").world.posts[post_id].text == original


def test_an_ingestion_run_in_one_namespace_leaves_the_others_metrics_alone(default_data: WorldData) -> None:
    namespaces = build_namespaces(frozen(), default_data)
    ingesting, idle = namespaces.get("a"), namespaces.get("b")
    post_id = sent_with_metrics(default_data)
    before = dict(idle.world.posts[post_id].metrics or {})
    before_at = idle.world.posts[post_id].metrics_updated_at
    ingesting.clock.advance(3 * DAY_MS)
    ingesting.sync_clock()
    assert ingesting.world.posts[post_id].metrics_updated_at != before_at
    assert idle.world.posts[post_id].metrics == before
    assert idle.world.posts[post_id].metrics_updated_at == before_at
    assert namespaces.reset("a", keep_clock=False).world.posts[post_id].metrics == before


def test_data_the_caller_keeps_is_never_changed(default_data: WorldData) -> None:
    untouched = copy.deepcopy(default_data.posts[:50])
    later = Settings(clock_start="2026-12-20T10:00:00Z", clock_frozen=True)  # a shift of 35 days
    namespaces = build_namespaces(later, default_data)
    world = namespaces.get().world
    world.sync_clock()
    assert default_data.posts[:50] == untouched
    assert world.posts[untouched[0].id].created_at == untouched[0].created_at + 35 * DAY_MS


def test_private_data_becomes_the_shared_base_without_a_copy(default_data: WorldData) -> None:
    data = copy.deepcopy(default_data)
    later = Settings(clock_start="2026-11-18T10:00:00Z", clock_frozen=True)
    namespaces = build_namespaces(later, data, data_is_private=True)
    created = data.posts[0].created_at
    world = namespaces.get().world
    assert world.posts[data.posts[0].id] is data.posts[0]
    assert data.posts[0].created_at == created + 3 * DAY_MS  # shifted in place, once
    other = namespaces.get("other").world
    assert other.posts[data.posts[0].id] is data.posts[0]
    assert data.posts[0].created_at == created + 3 * DAY_MS


def test_a_namespace_of_another_day_gets_its_own_shifted_base(default_data: WorldData) -> None:
    namespaces = build_namespaces(frozen(), default_data)
    today = namespaces.get("a").world
    namespaces.get("a").clock.advance(2 * DAY_MS)
    later = namespaces.reset("a").world  # the kept clock is two days on: a new shift
    post = default_data.posts[0]
    assert later.posts[post.id] is not today.posts[post.id]
    assert later.posts[post.id].created_at == today.posts[post.id].created_at + 2 * DAY_MS


def test_normalizing_loaded_posts_matches_the_checking_normalizer(default_data: WorldData) -> None:
    data = copy.deepcopy(default_data)
    capabilities = load_capabilities()
    services = {c.id: c.service for c in data.channels}
    raw = {p.id: dict(p.metrics_target) for p in data.posts if p.metrics_target}
    normalize_loaded_posts(data.posts, services, capabilities)
    checked = 0
    for post in data.posts:
        if post.id in raw:
            assert post.metrics_target == normalize_metrics(
                raw[post.id], services[post.channel_id], capabilities
            )
            checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    "metrics",
    [{"impressions": 1.5}, {"impressions": -1}, {"engagementRate": 140.0}, {"nonsense": 3}],
)
def test_normalizing_loaded_posts_still_refuses_bad_values(
    default_data: WorldData, metrics: dict[str, float]
) -> None:
    post = copy.deepcopy(next(p for p in default_data.posts if p.metrics_target))
    post.metrics_target = metrics
    services = {c.id: c.service for c in default_data.channels}
    with pytest.raises(MetricsFixtureError):
        normalize_loaded_posts([post], services, load_capabilities())


def test_nested_shift_moves_time_keys_at_any_depth_and_nothing_else() -> None:
    value = {
        "createdAt": 10,
        "flag": True,
        "events": [[{"startDate": 5, "date": True, "count": 7}], {"endDate": 1}],
        "text": "createdAt",
    }
    _shift_nested(value, 100)
    assert value == {
        "createdAt": 110,
        "flag": True,
        "events": [[{"startDate": 105, "date": True, "count": 7}], {"endDate": 101}],
        "text": "createdAt",
    }
