"""createIdea rules: what counts as content, media the public API accepts, tag snapshots, placement."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mockserver.errors import invalid_input
from mockserver.rules import post_messages as msg
from mockserver.rules.tag_colors import tag_color_name

Json = dict[str, Any]

_HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
POSITION_STEP = 1.0


def idea_is_empty(content: Mapping[str, Any]) -> bool:
    """No title, no text (blank counts as none) and no media."""
    return (
        not (content.get("title") or "").strip()
        and not (content.get("text") or "").strip()
        and not content.get("media")
    )


def check_idea_media(media: Sequence[Mapping[str, Any]] | None) -> None:
    """Videos cannot be attached to ideas through the public API."""
    for index, item in enumerate(media or ()):
        if item.get("type") == "video":
            raise invalid_input(msg.IDEA_VIDEO_UNSUPPORTED.format(index=index))


def idea_media(raw: Mapping[str, Any], new_id: Callable[[], str]) -> Json:
    """An IdeaMediaInput as the IdeaMedia the idea keeps (the source's ``trigger`` is not kept)."""
    source = raw.get("source")
    return {
        "id": new_id(),
        "url": raw["url"],
        "type": raw["type"],
        "alt": raw.get("alt"),
        "thumbnailUrl": raw.get("thumbnailUrl"),
        "size": raw.get("size"),
        "source": None
        if source is None
        else {
            "name": source["name"],
            "id": source.get("id"),
            "author": source.get("author"),
            "authorUrl": source.get("authorUrl"),
        },
    }


def publishing_tag(raw: Mapping[str, Any], index: int) -> Json:
    """A TagInput as the PublishingTag snapshot (colorName from Buffer's palette, None when custom)."""
    color = raw["color"].strip()
    if not _HEX_COLOR.fullmatch(color):
        raise invalid_input(msg.TAG_COLOR_INVALID.format(index=index, color=raw["color"]))
    return {"id": raw["id"], "name": raw["name"], "color": color, "colorName": tag_color_name(color)}


def placement_position(
    group_positions: Sequence[tuple[str, float | None]], place_after_id: str | None
) -> float:
    """Position of a new idea in a group: first (null placeAfterId), or right after an idea.

    ``group_positions`` lists the (id, position) of the ideas already in the target group.
    Placing between two ideas takes the midpoint, so no other idea moves.
    """
    known = sorted(position for _, position in group_positions if position is not None)
    if place_after_id is None:
        return known[0] - POSITION_STEP if known else 0.0
    positions = dict(group_positions)
    if place_after_id not in positions:
        raise invalid_input(msg.IDEA_PLACE_AFTER_NOT_FOUND.format(id=place_after_id))
    anchor = positions[place_after_id]
    if anchor is None:
        return (known[-1] if known else 0.0) + POSITION_STEP
    later = [position for position in known if position > anchor]
    return (anchor + later[0]) / 2 if later else anchor + POSITION_STEP
