"""createPost, editPost, deletePost and movePostInQueue called on the backend directly (no HTTP)."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.backend import posts
from mockserver.errors import InvalidInputError, LimitReachedError, VoidMutationError
from mockserver.store.entities import Post
from mockserver.store.world import World
from tests.unit.backend.support import (
    FIRST_SLOT,
    LAUNCH_TAG,
    LOCKED_TAG,
    SECOND_SLOT,
    SENT_POST,
    TWITTER,
    context_of,
)


def create(world: World, **fields: Any) -> Post:
    raw = {"channelId": TWITTER, "mode": "addToQueue", "schedulingType": "automatic", "text": "hi", **fields}
    return posts.create_post(context_of(world), raw)


def test_create_post_to_the_queue_takes_the_first_free_slot_then_the_next(world: World) -> None:
    first = create(world, text="first")
    second = create(world, text="second")
    assert (first.status, first.due_at) == ("scheduled", FIRST_SLOT)
    assert (second.status, second.due_at) == ("scheduled", SECOND_SLOT)
    assert world.posts[first.id] is first
    assert {p.id for p in world.posts_of_channel(TWITTER, ("scheduled",))} == {first.id, second.id}


def test_create_post_share_next_takes_the_front_slot_and_pushes_the_queue_back(world: World) -> None:
    queued = create(world, text="queued")
    front = create(world, text="front", mode="shareNext")
    assert front.due_at == FIRST_SLOT
    assert world.posts[queued.id].due_at == SECOND_SLOT


def test_create_post_saved_to_draft_is_stored_without_a_due_time(world: World) -> None:
    draft = create(world, saveToDraft=True, tagIds=[LAUNCH_TAG, LAUNCH_TAG])
    assert (draft.status, draft.due_at, draft.tag_ids) == ("draft", None, [LAUNCH_TAG])
    assert draft.id in world.posts_by_tag[LAUNCH_TAG]


def test_create_post_refused_for_a_locked_tag_stores_nothing(world: World) -> None:
    before, revision = set(world.posts), world.revision
    with pytest.raises(LimitReachedError):
        create(world, tagIds=[LOCKED_TAG])
    assert set(world.posts) == before
    assert world.revision == revision


def test_edit_post_changes_only_the_fields_it_is_given(world: World) -> None:
    post = create(world, text="before", tagIds=[LAUNCH_TAG])
    edited = posts.edit_post(context_of(world), {"id": post.id, "text": "after"})
    assert edited.text == "after"
    assert (edited.tag_ids, edited.due_at, edited.share_mode, edited.status) == (
        [LAUNCH_TAG],
        FIRST_SLOT,
        "addToQueue",
        "scheduled",
    )
    assert world.posts[post.id] is edited
    assert post.text == "before"  # the stored post was replaced, not changed in place


def test_edit_post_clearing_the_only_content_is_refused_and_keeps_the_stored_post(world: World) -> None:
    post = create(world, text="something")
    with pytest.raises(InvalidInputError, match="Text is required"):
        posts.edit_post(context_of(world), {"id": post.id, "text": None})
    assert world.posts[post.id] is post
    assert post.text == "something"


def test_edit_post_with_save_to_draft_unschedules_it(world: World) -> None:
    post = create(world)
    edited = posts.edit_post(context_of(world), {"id": post.id, "saveToDraft": True})
    assert (edited.status, edited.due_at) == ("draft", None)
    assert post.id not in {p.id for p in world.posts_of_channel(TWITTER, ("scheduled",))}


def test_delete_post_removes_it_from_the_world_and_its_indexes(world: World) -> None:
    post = create(world, tagIds=[LAUNCH_TAG])
    assert posts.delete_post(context_of(world), post.id).id == post.id
    assert post.id not in world.posts
    assert post.id not in world.posts_by_tag[LAUNCH_TAG]
    assert post.id not in {p.id for p in world.posts_of_channel(TWITTER, ("scheduled",))}


def test_delete_post_refuses_a_sent_post_and_keeps_it(world: World) -> None:
    with pytest.raises(VoidMutationError, match="sent"):
        posts.delete_post(context_of(world), SENT_POST)
    assert SENT_POST in world.posts


def test_move_post_in_queue_to_the_top_swaps_it_with_the_first(world: World) -> None:
    first = create(world, text="first")
    second = create(world, text="second")
    moved = posts.move_post_in_queue(context_of(world), second.id, "top")
    assert moved.due_at == FIRST_SLOT
    assert world.posts[first.id].due_at == SECOND_SLOT
