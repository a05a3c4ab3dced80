"""Content items in the World: the entity map, the post -> item index, the idempotency index.

Every write to a content item goes through these functions, so the two directions of the
post/item link stay consistent: ``item.post_ids`` lists the item's posts and
``world.content_item_of_post`` maps each such post back to its item (a post belongs to at most
one item). Deleting a post (``World.remove_post``) calls :func:`detach_post`.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable
from typing import Protocol

from mockserver.store.entities import ContentItem, Post


class World(Protocol):
    """What content items need of a world (``mockserver.store.world.World`` is one).

    A protocol, not an import: the World calls :func:`detach_post` when a post goes, so this
    module sits below it and reaches it only through these members.
    """

    lock: threading.RLock
    posts: dict[str, Post]
    content_items: dict[str, ContentItem]
    content_item_of_post: dict[str, str]
    content_item_by_correlation: dict[tuple[str, str], str]

    def touch(self, table: str | None = None, key: str | None = None) -> None: ...


class ContentItemConflict(ValueError):
    """A write that would break the post/item link (a post in two items, an unknown post)."""


def index_content_items(world: World, items: Iterable[ContentItem]) -> None:
    """Load items (fixtures, snapshots) into the entity map and the indexes, checking the links."""
    for item in items:
        _check_links(world, item)
        _index(world, item)


def _check_links(world: World, item: ContentItem) -> None:
    if item.draft is not None and item.post_ids:
        raise ContentItemConflict(f"content item {item.id} has a draft and posts")
    for post_id in item.post_ids:
        post = world.posts.get(post_id)
        if post is None:
            raise ContentItemConflict(f"content item {item.id} lists unknown post {post_id}")
        if post.organization_id != item.organization_id:
            raise ContentItemConflict(f"post {post_id} belongs to another organization")
        owner = world.content_item_of_post.get(post_id)
        if owner is not None and owner != item.id:
            raise ContentItemConflict(f"post {post_id} already belongs to content item {owner}")


def _index(world: World, item: ContentItem) -> None:
    world.content_items[item.id] = item
    for post_id in item.post_ids:
        world.content_item_of_post[post_id] = item.id
    if item.correlation_id is not None:
        world.content_item_by_correlation[(item.organization_id, item.correlation_id)] = item.id


def _unindex(world: World, item_id: str) -> ContentItem | None:
    item = world.content_items.pop(item_id, None)
    if item is None:
        return None
    for post_id in item.post_ids:
        if world.content_item_of_post.get(post_id) == item_id:
            del world.content_item_of_post[post_id]
    if item.correlation_id is not None:
        world.content_item_by_correlation.pop((item.organization_id, item.correlation_id), None)
    return item


def put_content_item(world: World, item: ContentItem) -> None:
    """Insert or replace an item (its post list included) and re-index it."""
    with world.lock:
        _check_links(world, item)
        _unindex(world, item.id)
        _index(world, item)
        world.touch("content_items", item.id)


def update_content_item(world: World, item_id: str, **changes: object) -> ContentItem:
    """Replace a stored item by a copy with ``changes`` applied, re-indexed; returns the copy."""
    with world.lock:
        item = dataclasses.replace(world.content_items[item_id], **changes)  # type: ignore[arg-type]
        put_content_item(world, item)
        return item


def remove_content_item(world: World, item_id: str) -> ContentItem | None:
    """Remove an item; its posts stay (delete them first when they should go)."""
    with world.lock:
        item = _unindex(world, item_id)
        if item is not None:
            world.touch("content_items", item_id)
        return item


def attach_post(world: World, item_id: str, post: Post, now: int) -> ContentItem:
    """Make ``post`` one of the item's posts (a no-op when it already is); returns the stored item."""
    with world.lock:
        item = world.content_items[item_id]
        if post.id in item.post_ids:
            return item
        owner = world.content_item_of_post.get(post.id)
        if owner is not None:
            raise ContentItemConflict(f"post {post.id} already belongs to content item {owner}")
        return update_content_item(world, item_id, post_ids=[*item.post_ids, post.id], updated_at=now)


def detach_post(world: World, post_id: str, now: int | None = None) -> ContentItem | None:
    """Take a post out of its item, if it has one; the item it left, as stored now (or None)."""
    with world.lock:
        item_id = world.content_item_of_post.get(post_id)
        item = world.content_items.get(item_id) if item_id is not None else None
        if item is None:
            world.content_item_of_post.pop(post_id, None)
            return None
        remaining = [p for p in item.post_ids if p != post_id]
        return update_content_item(
            world, item.id, post_ids=remaining, updated_at=item.updated_at if now is None else now
        )


def drop_tag(world: World, tag_id: str) -> None:
    """A deleted tag leaves every item in place, without it in its tag list."""
    with world.lock:
        for item in [i for i in world.content_items.values() if tag_id in i.tag_ids]:
            update_content_item(world, item.id, tag_ids=[t for t in item.tag_ids if t != tag_id])


def content_item_of(world: World, post_id: str) -> str | None:
    return world.content_item_of_post.get(post_id)


def find_by_correlation(world: World, organization_id: str, correlation_id: str) -> ContentItem | None:
    item_id = world.content_item_by_correlation.get((organization_id, correlation_id))
    return world.content_items.get(item_id) if item_id is not None else None


def content_items_of(world: World, organization_id: str) -> list[ContentItem]:
    return [item for item in world.content_items.values() if item.organization_id == organization_id]
