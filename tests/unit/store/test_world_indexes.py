from __future__ import annotations

import pytest

from mockserver.fixtures.loader import WorldData
from mockserver.rules.post_query import PostsFilter, TagSelection
from mockserver.store.entities import Post
from mockserver.store.world import World
from tests.conftest import frozen_settings


def build(data: WorldData) -> World:
    from mockserver.app import build_namespaces

    return build_namespaces(frozen_settings(), data).get("index-test").world


def indexed_under(world: World, post_id: str) -> dict[str, object]:
    """Every post index entry of one post: where the indexes would find it."""
    return {
        "status": sorted(
            (channel, status)
            for channel, by_status in world.posts_by_channel.items()
            for status, posts in by_status.items()
            if post_id in posts
        ),
        "tags": sorted(tag for tag, ids in world.posts_by_tag.items() if post_id in ids),
        "created": sorted(
            (channel, at)
            for channel, entries in world.posts_by_created.items()
            for at, i in entries
            if i == post_id
        ),
        "due": sorted(
            (channel, at)
            for channel, entries in world.posts_by_due.items()
            for at, i in entries
            if i == post_id
        ),
    }


def scheduled_tagged_post(world: World) -> Post:
    return next(p for p in world.posts.values() if p.tag_ids and p.status == "scheduled" and p.due_at)


def test_put_post_refuses_a_stored_post_changed_in_place(default_data: WorldData) -> None:
    world = build(default_data)
    post = scheduled_tagged_post(world)
    before = indexed_under(world, post.id)
    post.status = "draft"
    with pytest.raises(ValueError, match="update_post"):
        world.put_post(post)
    post.status = "scheduled"
    assert indexed_under(world, post.id) == before


def test_indexes_follow_a_status_change(default_data: WorldData) -> None:
    world = build(default_data)
    post = scheduled_tagged_post(world)
    old_due = post.due_at
    assert old_due is not None
    world.update_post(post.id, status="draft", due_at=None)
    assert indexed_under(world, post.id)["status"] == [(post.channel_id, "draft")]
    assert indexed_under(world, post.id)["due"] == []
    assert post.id not in {p.id for p in world.posts_of_channel(post.channel_id, ("scheduled",))}
    assert post.id in {p.id for p in world.posts_of_channel(post.channel_id, ("draft",))}
    assert post.id not in {p.id for p in world.pop_due(old_due)}  # no longer published when due


def test_indexes_follow_a_channel_change(default_data: WorldData) -> None:
    world = build(default_data)
    post = scheduled_tagged_post(world)
    other = next(c for c in world.channels_of(post.organization_id) if c.id != post.channel_id)
    world.update_post(post.id, channel_id=other.id)
    indexed = indexed_under(world, post.id)
    assert indexed["status"] == [(other.id, "scheduled")]
    assert indexed["created"] == [(other.id, post.created_at)]
    assert indexed["due"] == [(other.id, post.due_at)]
    on_old = PostsFilter(channel_ids=frozenset({post.channel_id}))
    on_new = PostsFilter(channel_ids=frozenset({other.id}))
    assert post.id not in {p.id for p in world.find_posts(post.organization_id, on_old)}
    assert post.id in {p.id for p in world.find_posts(post.organization_id, on_new)}


def test_indexes_follow_a_tag_change(default_data: WorldData) -> None:
    world = build(default_data)
    post = scheduled_tagged_post(world)
    old_tags = list(post.tag_ids)
    new_tag = next(
        t.id
        for t in world.tags.values()
        if t.organization_id == post.organization_id and t.id not in old_tags
    )
    world.update_post(post.id, tag_ids=[new_tag])
    assert indexed_under(world, post.id)["tags"] == [new_tag]
    by_old = PostsFilter(tags=TagSelection(frozenset(old_tags), False))
    by_new = PostsFilter(tags=TagSelection(frozenset({new_tag}), False))
    assert post.id not in {p.id for p in world.find_posts(post.organization_id, by_old)}
    assert post.id in {p.id for p in world.find_posts(post.organization_id, by_new)}


def test_indexes_follow_a_due_at_change(default_data: WorldData) -> None:
    world = build(default_data)
    post = scheduled_tagged_post(world)
    old_due = post.due_at
    assert old_due is not None
    world.update_post(post.id, due_at=old_due + 1)
    assert indexed_under(world, post.id)["due"] == [(post.channel_id, old_due + 1)]
    at_old = PostsFilter(due_start=old_due, due_end=old_due)
    at_new = PostsFilter(due_start=old_due + 1, due_end=old_due + 1)
    assert post.id not in {p.id for p in world.find_posts(post.organization_id, at_old)}
    assert post.id in {p.id for p in world.find_posts(post.organization_id, at_new)}


def test_date_index_answers_like_a_full_scan(default_data: WorldData) -> None:
    world = build(default_data)
    org = next(iter(world.organizations))
    created = sorted(p.created_at for p in world.posts.values() if p.organization_id == org)
    start, end = created[len(created) // 4], created[len(created) // 2]
    f = PostsFilter(created_start=start, created_end=end, tags=TagSelection(frozenset(), True))
    expected = {
        p.id
        for p in world.posts.values()
        if p.organization_id == org and start <= p.created_at <= end and not p.tag_ids
    }
    assert {p.id for p in world.find_posts(org, f)} == expected


def test_removed_post_disappears_from_every_index(default_data: WorldData) -> None:
    world = build(default_data)
    post = next(p for p in world.posts.values() if p.tag_ids and p.status == "draft")
    world.remove_post(post.id)
    assert post.id not in world.posts
    assert all(post.id not in ids for ids in world.posts_by_tag.values())
    assert all(entry[1] != post.id for entry in world.posts_by_created[post.channel_id])
