"""2026-10 tag writes called on the backend directly (no HTTP)."""

from __future__ import annotations

import pytest

from mockserver.backend import tags
from mockserver.errors import DuplicateError, UnauthorizedError
from mockserver.store.world import World
from tests.unit.backend.support import LAUNCH_TAG, MEMBER, ORGANIZATION, SENT_POST, context_of


def test_update_tag_replaces_it_and_refreshes_the_idea_snapshots(world: World) -> None:
    stored = world.tags[LAUNCH_TAG]
    updated = tags.update_tag(context_of(world), LAUNCH_TAG, "Relaunch", "#FF0000")
    assert world.tags[LAUNCH_TAG] is updated
    assert (stored.name, updated.name, updated.color) == ("Launch", "Relaunch", "#FF0000")
    snapshots = [
        t for i in world.ideas.values() for t in i.content.get("tags") or () if t["id"] == LAUNCH_TAG
    ]
    assert snapshots and all(t["name"] == "Relaunch" and t["color"] == "#FF0000" for t in snapshots)


def test_create_tag_refuses_a_name_the_organization_already_has(world: World) -> None:
    with pytest.raises(DuplicateError):
        tags.create_tag(context_of(world), ORGANIZATION, "Launch", "#00FF00")


def test_a_member_who_is_not_an_admin_cannot_delete_a_tag(world: World) -> None:
    with pytest.raises(UnauthorizedError):
        tags.delete_tag(context_of(world, MEMBER), LAUNCH_TAG)
    assert LAUNCH_TAG in world.tags


def test_delete_tag_strips_it_from_posts_and_the_tag_index(world: World) -> None:
    tags.delete_tag(context_of(world), LAUNCH_TAG)
    assert LAUNCH_TAG not in world.tags
    assert LAUNCH_TAG not in world.posts[SENT_POST].tag_ids
    assert SENT_POST not in world.posts_by_tag.get(LAUNCH_TAG, set())
