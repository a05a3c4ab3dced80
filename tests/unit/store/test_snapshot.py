"""World <-> snapshot: a restored world answers exactly as the one that was saved."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from mockserver.clock import DAY_MS, MockClock
from mockserver.fixtures.loader import WorldData
from mockserver.metrics.aggregation import AggregateQuery
from mockserver.rules.post_query import PostsFilter
from mockserver.settings import Settings
from mockserver.store import snapshot
from mockserver.store.entities import Note
from mockserver.store.world import World
from tests.unit.store.worlds import (
    HOUR_MS,
    LAUNCH_TAG,
    THREADS_PAUSED,
    TWITTER,
    add_post,
    fresh_world,
    settings,
)

OWNER = "0000000000000000000000a1"


def busy_world(data: WorldData) -> World:
    """Drafts, queued posts (one on a paused queue), a deletion, a note, then two days of mock time."""
    world = fresh_world(data)
    world.sync_clock()
    start = world.now()
    add_post(world, TWITTER, "draft", tag_ids=(LAUNCH_TAG,))
    doomed = add_post(world, TWITTER, "draft")
    add_post(world, TWITTER, "scheduled", due_at=start + HOUR_MS, tag_ids=(LAUNCH_TAG,))
    add_post(world, TWITTER, "scheduled", due_at=start + 4 * DAY_MS)
    add_post(world, THREADS_PAUSED, "scheduled", due_at=start + 2 * HOUR_MS)
    world.remove_post(doomed.id)
    noted = add_post(world, TWITTER, "draft")
    note = Note(id=world.new_id(), author_id=OWNER, text="check", created_at=start)
    world.update_post(noted.id, notes=[*noted.notes, note])
    world.clock.advance(2 * DAY_MS)
    world.sync_clock()
    return world


def restored(world: World, config: Settings | None = None) -> World:
    saved = snapshot.snapshot_world(world)
    return snapshot.restore_world(saved, settings=config or world.settings, capabilities=world.capabilities)


def test_restored_world_snapshots_identically(small_data: WorldData) -> None:
    world = busy_world(small_data)
    assert snapshot.snapshot_world(restored(world)) == snapshot.snapshot_world(world)


def test_restored_world_keeps_the_write_revision_and_processed_time(small_data: WorldData) -> None:
    world = busy_world(small_data)
    copy = restored(world)
    assert (copy.revision, copy.processed_until, copy.clock.now()) == (
        world.revision,
        world.processed_until,
        world.clock.now(),
    )
    assert copy.revision > 0


def test_restored_world_hands_out_the_same_next_ids(small_data: WorldData) -> None:
    world = busy_world(small_data)
    copy = restored(world)
    assert [copy.new_id() for _ in range(5)] == [world.new_id() for _ in range(5)]


def test_restored_world_never_hands_out_the_id_of_a_deleted_post(small_data: WorldData) -> None:
    world = fresh_world(small_data)
    gone = add_post(world, TWITTER, "draft")
    world.remove_post(gone.id)
    raw = snapshot.snapshot_world(world)
    assert gone.id in raw["ids"]["retired"]
    copy = snapshot.restore_world(raw, settings=world.settings, capabilities=world.capabilities)
    assert gone.id in copy.ids._taken


def test_restored_world_keeps_grown_metrics_instead_of_resetting_them(small_data: WorldData) -> None:
    world = busy_world(small_data)
    grown = [
        p for p in world.posts.values() if p.metrics and p.metrics_target and p.metrics != p.metrics_target
    ]
    assert grown, "the scenario should leave a sent post part-way to its metric targets"
    copy = restored(world)
    for post in grown:
        assert copy.posts[post.id].metrics == post.metrics
        assert copy.posts[post.id].metrics_updated_at == post.metrics_updated_at


def test_restored_indexes_answer_post_queries_like_the_original(small_data: WorldData) -> None:
    world = busy_world(small_data)
    copy = restored(world)
    organization = world.channels[TWITTER].organization_id
    for posts_filter in (
        PostsFilter(),
        PostsFilter(statuses=["draft"]),
        PostsFilter(statuses=["scheduled"]),
        PostsFilter(channel_ids=[THREADS_PAUSED]),
        PostsFilter(statuses=["sent"]),
    ):
        original = sorted(p.id for p in world.find_posts(organization, posts_filter))
        assert sorted(p.id for p in copy.find_posts(organization, posts_filter)) == original
    assert copy.posts_by_tag[LAUNCH_TAG] == world.posts_by_tag[LAUNCH_TAG]


def test_restored_metrics_index_aggregates_like_the_original(small_data: WorldData) -> None:
    world = busy_world(small_data)
    copy = restored(world)
    query = AggregateQuery(channel_ids=(TWITTER,), start=0, end=world.now(), tags=None)
    assert copy.metrics_index.aggregate(query) == world.metrics_index.aggregate(query)
    assert len(copy.metrics_index) == len(world.metrics_index)


def test_restored_world_publishes_the_same_posts_when_time_moves_on(small_data: WorldData) -> None:
    world = busy_world(small_data)
    copy = restored(world)
    for each in (world, copy):
        each.clock.advance(5 * DAY_MS)
        each.sync_clock()
    assert snapshot.snapshot_world(copy) == snapshot.snapshot_world(world)
    assert any(
        p.status == "sent" and p.due_at and p.due_at > world.processed_until - 5 * DAY_MS
        for p in copy.posts.values()
    )


def test_ticking_clock_is_restored_with_its_offset_from_real_time(small_data: WorldData) -> None:
    world = fresh_world(small_data, settings(clock_frozen=False))
    saved = snapshot.snapshot_world(world)
    assert saved["clock"]["frozen"] is False
    copy = snapshot.restore_world(saved, settings=world.settings, capabilities=world.capabilities)
    assert not copy.clock.frozen
    assert abs(copy.clock.now() - world.clock.now()) < 1000


def test_frozen_clock_is_restored_at_its_instant(small_data: WorldData) -> None:
    world = fresh_world(small_data)
    world.clock.freeze(world.now() + 12_345)
    copy = restored(world)
    assert copy.clock.frozen and copy.clock.now() == world.clock.now()


def test_token_scopes_survive_the_round_trip_as_a_set(small_data: WorldData) -> None:
    world = fresh_world(small_data)
    copy = restored(world)
    assert copy.tokens["small_oauth_token"].scopes == frozenset({"posts:read", "account:read"})


def set_value(raw: dict[str, Any], table: str, row: int, field: str, value: Any) -> None:
    raw[table]["rows"][row][raw[table]["fields"].index(field)] = value


def add_column(raw: dict[str, Any], table: str, field: str) -> None:
    raw[table]["fields"].append(field)
    for row in raw[table]["rows"]:
        row.append(1)


@pytest.mark.parametrize(
    ("damage", "where"),
    [
        (lambda raw: add_column(raw, "posts", "surprise"), "posts.fields: unknown field(s) surprise"),
        (lambda raw: set_value(raw, "posts", 0, "created_at", "yesterday"), "posts.0.created_at"),
        (lambda raw: raw["posts"]["rows"][0].pop(), "posts.rows.0: expected a list of"),
        (lambda raw: raw.update(posts=[]), "posts: expected a table"),
        (lambda raw: raw.pop("channels"), "channels: missing"),
        (lambda raw: raw.pop("clock"), "clock"),
        (lambda raw: raw["ids"].update(random_state=[3, [1, 2], None]), "ids.random_state"),
        (lambda raw: set_value(raw, "posts", 0, "channel_id", "f" * 24), "posts.0.channel_id"),
    ],
)
def test_damaged_snapshot_is_refused_naming_where(small_data: WorldData, damage, where: str) -> None:  # type: ignore[no-untyped-def]
    world = fresh_world(small_data)
    raw = snapshot.snapshot_world(world)
    damage(raw)
    with pytest.raises(snapshot.SnapshotError) as caught:
        snapshot.restore_world(raw, settings=world.settings, capabilities=world.capabilities)
    assert str(caught.value).startswith(where)


def test_encoded_world_is_the_json_of_its_snapshot(small_data: WorldData) -> None:
    world = busy_world(small_data)
    with world.lock:
        encoded = snapshot.encode_world(world, snapshot.encode_body(world))
    assert orjson.loads(encoded) == snapshot.snapshot_world(world)


def test_clock_state_of_a_frozen_clock_is_its_instant() -> None:
    assert snapshot.clock_state(MockClock(start=1_000, frozen=True)) == {"frozen": True, "at": 1_000}
