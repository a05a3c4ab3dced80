from __future__ import annotations

from mockserver.fixtures.loader import WorldData
from mockserver.rules.post_query import PostsFilter, TagSelection
from mockserver.store.world import World
from tests.conftest import frozen_settings


def build(data: WorldData) -> World:
    from mockserver.app import build_namespaces

    return build_namespaces(frozen_settings(), data).get("index-test").world


def test_in_place_edit_then_put_post_leaves_no_stale_index_entries(default_data: WorldData) -> None:
    world = build(default_data)
    post = next(p for p in world.posts.values() if p.tag_ids and p.due_at is not None)
    old_tag, old_due = post.tag_ids[0], post.due_at
    assert old_due is not None
    post.tag_ids = []
    post.due_at = old_due + 1
    world.put_post(post)
    assert post.id not in world.posts_by_tag[old_tag]
    assert (old_due, post.id) not in world.posts_by_due[post.channel_id]
    assert (old_due + 1, post.id) in world.posts_by_due[post.channel_id]


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
