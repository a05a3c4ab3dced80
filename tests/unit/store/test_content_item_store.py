"""Content items in the store: the post <-> item index, deletes, and snapshots that keep them."""

from __future__ import annotations

import pytest

from mockserver.fixtures.loader import WorldData
from mockserver.store import content_items as store
from mockserver.store import snapshot
from mockserver.store.entities import ContentItem, OctoberData
from mockserver.store.namespaces import shift_world_times
from tests.unit.store.worlds import TWITTER, add_post, fresh_world, settings

ORG, OWNER = "0000000000000000000000b1", "0000000000000000000000a1"


def new_item(world: object, **fields: object) -> ContentItem:
    return ContentItem(id=world.new_id(), organization_id=ORG, account_id=OWNER, **fields)  # type: ignore[attr-defined, arg-type]


def test_attach_and_detach_keep_both_directions(small_data: WorldData) -> None:
    world = fresh_world(small_data)
    post = add_post(world, TWITTER, "draft")
    item = new_item(world)
    store.put_content_item(world, item)
    stored = store.attach_post(world, item.id, post, now=5)
    assert stored.post_ids == [post.id] and store.content_item_of(world, post.id) == item.id
    assert item.post_ids == []  # writes replace the stored item, the old object is left alone
    assert store.attach_post(world, item.id, post, now=6).post_ids == [post.id]  # again: no-op
    other = new_item(world)
    store.put_content_item(world, other)
    with pytest.raises(store.ContentItemConflict):
        store.attach_post(world, other.id, post, now=7)
    left = store.detach_post(world, post.id, now=8)
    assert left is not None and left.id == item.id and left.post_ids == [] and left.updated_at == 8
    assert store.content_item_of(world, post.id) is None
    assert store.detach_post(world, post.id) is None


def test_removing_a_post_takes_it_out_of_its_item(small_data: WorldData) -> None:
    world = fresh_world(small_data)
    first, second = add_post(world, TWITTER, "draft"), add_post(world, TWITTER, "draft")
    item = new_item(world, post_ids=[first.id, second.id])
    store.put_content_item(world, item)
    world.remove_post(first.id)
    assert world.content_items[item.id].post_ids == [second.id]
    assert store.content_item_of(world, first.id) is None


def test_an_item_cannot_be_a_draft_and_have_posts_or_list_unknown_posts(small_data: WorldData) -> None:
    world = fresh_world(small_data)
    post = add_post(world, TWITTER, "draft")
    with pytest.raises(store.ContentItemConflict):
        store.put_content_item(world, new_item(world, draft={"id": "f" * 24}, post_ids=[post.id]))
    with pytest.raises(store.ContentItemConflict):
        store.put_content_item(world, new_item(world, post_ids=["e" * 24]))


def test_correlation_ids_are_indexed_per_organization(small_data: WorldData) -> None:
    world = fresh_world(small_data)
    item = new_item(world, correlation_id="550e8400-e29b-41d4-a716-446655440000", draft={"id": "f" * 24})
    store.put_content_item(world, item)
    assert store.find_by_correlation(world, ORG, "550e8400-e29b-41d4-a716-446655440000") is item
    assert store.find_by_correlation(world, "b" * 24, "550e8400-e29b-41d4-a716-446655440000") is None
    store.remove_content_item(world, item.id)
    assert store.find_by_correlation(world, ORG, "550e8400-e29b-41d4-a716-446655440000") is None


def test_a_snapshot_keeps_items_links_and_draft_ids(small_data: WorldData) -> None:
    world = fresh_world(small_data)
    post = add_post(world, TWITTER, "scheduled", due_at=world.now() + 3_600_000)
    with_posts = new_item(world, post_ids=[post.id], title="Posts", target_date=123)
    draft = new_item(
        world,
        draft={
            "__typename": "DraftContent",
            "id": world.new_id(),
            "text": "x",
            "assets": [],
            "aiAssisted": False,
        },
        tag_ids=["0000000000000000000000c1"],
    )
    store.put_content_item(world, with_posts)
    store.put_content_item(world, draft)
    restored = snapshot.restore_world(
        snapshot.snapshot_world(world), settings=settings(), capabilities=world.capabilities
    )
    assert restored.content_items == world.content_items
    assert store.content_item_of(restored, post.id) == with_posts.id
    assert draft.draft is not None
    assert restored.new_id() not in {draft.draft["id"], with_posts.id}


def test_a_snapshot_without_the_content_items_table_still_reads(small_data: WorldData) -> None:
    world = fresh_world(small_data)
    raw = snapshot.snapshot_world(world)
    del raw["content_items"]
    restored = snapshot.restore_world(raw, settings=settings(), capabilities=world.capabilities)
    assert restored.content_items == {}


def test_a_snapshot_with_a_broken_link_is_refused(small_data: WorldData) -> None:
    world = fresh_world(small_data)
    store.put_content_item(world, new_item(world))
    raw = snapshot.snapshot_world(world)
    fields = raw["content_items"]["fields"]
    raw["content_items"]["rows"][0][fields.index("post_ids")] = ["e" * 24]
    with pytest.raises(snapshot.SnapshotError, match="content_items"):
        snapshot.restore_world(raw, settings=settings(), capabilities=world.capabilities)


def test_time_shift_moves_item_dates_with_the_world(small_data: WorldData) -> None:
    item = ContentItem(
        id="f" * 24,
        organization_id=ORG,
        account_id=OWNER,
        created_at=1_000,
        updated_at=2_000,
        target_date=3_000,
        draft={"id": "e" * 24},
    )
    data = WorldData(**{**small_data.__dict__, "october": OctoberData(content_items=[item])})
    shifted = shift_world_times(data, 86_400_000).october.content_items[0]
    assert (shifted.created_at, shifted.updated_at, shifted.target_date) == (
        86_401_000,
        86_402_000,
        86_403_000,
    )
    assert item.target_date == 3_000  # the loaded data is never changed
