"""createIdea rules: content, media, tag snapshots, placement."""

from __future__ import annotations

import itertools

import pytest

from mockserver.errors import MutationRejected
from mockserver.rules import post_messages as msg
from mockserver.rules.idea_rules import (
    check_idea_media,
    idea_is_empty,
    idea_media,
    placement_position,
    publishing_tag,
)


def invalid_message(call: object, *args: object) -> str:
    with pytest.raises(MutationRejected) as caught:
        call(*args)  # type: ignore[operator]
    assert caught.value.payload["__typename"] == "InvalidInputError"
    return caught.value.payload["message"]


def test_an_idea_without_title_text_or_media_is_empty() -> None:
    assert idea_is_empty({})
    assert idea_is_empty({"title": " ", "text": "", "media": []})
    assert not idea_is_empty({"title": "T"})
    assert not idea_is_empty({"media": [{"url": "u", "type": "image"}]})


def test_video_media_is_refused_for_ideas() -> None:
    check_idea_media([{"type": "image"}, {"type": "gif"}])
    assert invalid_message(
        check_idea_media, [{"type": "image"}, {"type": "video"}]
    ) == msg.IDEA_VIDEO_UNSUPPORTED.format(index=1)


def test_media_keeps_its_source_without_the_trigger() -> None:
    ids = (f"id{n}" for n in itertools.count())
    media = idea_media(
        {
            "url": "https://u.example/a.jpg",
            "type": "image",
            "source": {"name": "Unsplash", "trigger": "search", "author": "Ann"},
        },
        lambda: next(ids),
    )
    assert media["id"] == "id0" and media["source"] == {
        "name": "Unsplash",
        "id": None,
        "author": "Ann",
        "authorUrl": None,
    }


def test_tag_snapshot_names_palette_colors_and_leaves_custom_ones_unnamed() -> None:
    assert publishing_tag({"id": "t", "name": "Launch", "color": "#2c4bff"}, 0)["colorName"] == "blue"
    assert publishing_tag({"id": "t", "name": "Odd", "color": "#123456"}, 0)["colorName"] is None
    assert invalid_message(
        publishing_tag, {"id": "t", "name": "Bad", "color": "blue"}, 2
    ) == msg.TAG_COLOR_INVALID.format(index=2, color="blue")


def test_placement_first_goes_before_every_idea() -> None:
    assert placement_position([], None) == 0.0
    assert placement_position([("a", 1.5), ("b", 3.0), ("c", None)], None) == 0.5


def test_placement_after_an_idea_takes_the_midpoint_or_the_end() -> None:
    group = [("a", 1.0), ("b", 2.0)]
    assert placement_position(group, "a") == 1.5
    assert placement_position(group, "b") == 3.0
    assert invalid_message(placement_position, group, "zz") == msg.IDEA_PLACE_AFTER_NOT_FOUND.format(id="zz")
