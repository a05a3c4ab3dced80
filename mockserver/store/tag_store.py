"""Writes of the 2026-10 tag and snippet domains, keeping every index and tag list consistent."""

from __future__ import annotations

import dataclasses

from mockserver.store import content_items
from mockserver.store.entities import Snippet, Tag
from mockserver.store.world import World


def without_tag(tag_ids: list[str], tag_id: str) -> list[str]:
    """A tag list minus one tag (order kept): for every holder of tag ids (content items too)."""
    return [t for t in tag_ids if t != tag_id]


def put_tag(world: World, tag: Tag, color_name: str | None) -> None:
    """Insert or replace a tag; ideas keep a snapshot of their tags, refreshed here."""
    world.tags[tag.id] = tag
    for idea in world.ideas.values():
        for snapshot in idea.content.get("tags") or ():
            if snapshot.get("id") == tag.id:
                snapshot.update(name=tag.name, color=tag.color, colorName=color_name)
    world.touch()


def update_tag(world: World, tag_id: str, color_name: str | None, **changes: object) -> Tag:
    """Replace a stored tag by a copy with ``changes`` applied (idea snapshots follow); returns it."""
    tag = dataclasses.replace(world.tags[tag_id], **changes)  # type: ignore[arg-type]
    put_tag(world, tag, color_name)
    return tag


def delete_tag(world: World, tag_id: str) -> Tag | None:
    """Remove a tag; posts, ideas (and content items) stay, without it in their tag lists."""
    tag = world.tags.pop(tag_id, None)
    if tag is None:
        return None
    for post_id in sorted(world.posts_by_tag.get(tag_id, ())):
        world.update_post(post_id, tag_ids=without_tag(world.posts[post_id].tag_ids, tag_id))
    world.posts_by_tag.pop(tag_id, None)
    for idea in world.ideas.values():
        tags = idea.content.get("tags")
        if tags:
            idea.content["tags"] = [t for t in tags if t.get("id") != tag_id]
    content_items.drop_tag(world, tag_id)
    world.touch()
    return tag


def put_snippet(world: World, snippet: Snippet) -> None:
    world.snippets[snippet.id] = snippet
    world.touch("snippets", snippet.id)


def update_snippet(world: World, snippet_id: str, **changes: object) -> Snippet:
    """Replace a stored snippet by a copy with ``changes`` applied; returns the copy."""
    snippet = dataclasses.replace(world.snippets[snippet_id], **changes)  # type: ignore[arg-type]
    put_snippet(world, snippet)
    return snippet


def remove_snippet(world: World, snippet_id: str) -> Snippet | None:
    snippet = world.snippets.pop(snippet_id, None)
    if snippet is not None:
        world.touch("snippets", snippet_id)
    return snippet
