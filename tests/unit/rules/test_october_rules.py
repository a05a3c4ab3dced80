"""Pure rules of the 2026-10 domains: tags, snippets, thread-item metadata, postTypes, channel actions."""

from __future__ import annotations

import pytest

from mockserver.errors import BufferApiError, MutationRejected
from mockserver.rules.allowed_actions import channel_actions_for
from mockserver.rules.post_query import parse_posts_filter, post_type_matches, post_types_filter
from mockserver.rules.snippet_rules import checked_snippet_field
from mockserver.rules.tag_rules import (
    check_tag_limit,
    check_tag_manager,
    check_unique_name,
    checked_tag_color,
    checked_tag_name,
    tag_matches,
    tag_order_key,
)
from mockserver.rules.thread_items import thread_item_metadata
from mockserver.store.entities import Tag


def tag(name: str, tag_id: str = "t1", locked: bool = False) -> Tag:
    return Tag(id=tag_id, organization_id="o", name=name, color="#000000", is_locked=locked)


def rejected_as(error: pytest.ExceptionInfo[MutationRejected]) -> tuple[str, str]:
    return error.value.payload["__typename"], error.value.payload["message"]


@pytest.mark.parametrize("color", ["#000000", "#ffffff", "#A1b2C3"])
def test_tag_colour_accepts_rrggbb_in_either_case(color: str) -> None:
    assert checked_tag_color(color) == color


@pytest.mark.parametrize("color", ["#fff", "000000", "#0000000", "#00000g", " #000000", "#000000 "])
def test_tag_colour_refuses_anything_but_rrggbb(color: str) -> None:
    with pytest.raises(MutationRejected) as error:
        checked_tag_color(color)
    assert rejected_as(error) == (
        "InvalidInputError",
        f'Tag color must be a hex colour like "#1F8AC0" (#RRGGBB), got "{color}"',
    )


def test_tag_name_is_1_to_100_characters_and_not_blank() -> None:
    assert checked_tag_name("a") == "a" and checked_tag_name("x" * 100) == "x" * 100
    for bad, length in (("", 0), ("  ", 0), ("x" * 101, 101)):
        with pytest.raises(MutationRejected) as error:
            checked_tag_name(bad)
        assert rejected_as(error) == (
            "InvalidInputError",
            f"Tag name must be between 1 and 100 characters (it has {length})",
        )


def test_tag_names_are_unique_case_sensitively_and_a_tag_may_keep_its_own() -> None:
    existing = [tag("News", "t1")]
    check_unique_name("news", existing)
    check_unique_name("News", existing, except_id="t1")
    with pytest.raises(MutationRejected) as error:
        check_unique_name("News", existing)
    assert rejected_as(error) == ("DuplicateError", 'A tag named "News" already exists in this organization')


@pytest.mark.parametrize(
    ("role", "allowed"), [("owner", True), ("admin", True), ("member", False), (None, False)]
)
def test_only_owners_and_admins_manage_tags(role: str | None, allowed: bool) -> None:
    if allowed:
        check_tag_manager(role)
    else:
        with pytest.raises(MutationRejected) as error:
            check_tag_manager(role)
        assert rejected_as(error)[0] == "UnauthorizedError"


def test_tag_limit_counts_existing_tags() -> None:
    check_tag_limit(None, 10_000)
    check_tag_limit(3, 2)
    with pytest.raises(MutationRejected) as error:
        check_tag_limit(3, 3)
    assert rejected_as(error)[0] == "LimitReachedError"


def test_tags_sort_by_name_then_exact_name_then_id() -> None:
    tags = [tag("beta", "t3"), tag("Alpha", "t2"), tag("alpha", "t1"), tag("Alpha", "t0")]
    assert [(t.name, t.id) for t in sorted(tags, key=tag_order_key)] == [
        ("Alpha", "t0"),
        ("Alpha", "t2"),
        ("alpha", "t1"),
        ("beta", "t3"),
    ]


def test_is_locked_filter_keeps_matching_tags_or_all() -> None:
    assert tag_matches(tag("a", locked=True), None) and tag_matches(tag("a", locked=True), True)
    assert not tag_matches(tag("a", locked=False), True)


def test_snippet_fields_are_non_blank_and_within_their_limits() -> None:
    assert checked_snippet_field("name", "x" * 100) == "x" * 100
    assert checked_snippet_field("text", "#" * 5000) == "#" * 5000
    for field, value, message in (
        ("name", " ", "Snippet name cannot be empty"),
        ("text", "", "Snippet text cannot be empty"),
        ("name", "x" * 101, "Snippet name is limited to 100 characters (it has 101)"),
        ("text", "#" * 5001, "Snippet text is limited to 5000 characters (it has 5001)"),
    ):
        with pytest.raises(MutationRejected) as error:
            checked_snippet_field(field, value)
        assert rejected_as(error) == ("VoidMutationError", message)


LINK = {"linkAttachment": {"url": "https://buffer.example/x", "title": "X"}}


def test_thread_item_metadata_keeps_only_the_channels_key() -> None:
    metadata = thread_item_metadata(
        {"threads": LINK, "bluesky": None}, "threads", has_assets=False, position=1, path="p"
    )
    assert metadata is not None and metadata["bluesky"] is None
    assert metadata["threads"]["linkAttachment"]["url"] == "https://buffer.example/x"
    assert thread_item_metadata(None, "threads", has_assets=True, position=1, path="p") is None


def test_thread_item_metadata_of_another_network_is_refused() -> None:
    with pytest.raises(MutationRejected) as error:
        thread_item_metadata({"bluesky": LINK}, "threads", has_assets=False, position=3, path="p")
    assert rejected_as(error) == (
        "InvalidInputError",
        "Thread item 3: metadata.bluesky cannot be used on a threads channel",
    )


def test_thread_item_link_with_assets_is_refused_but_empty_metadata_is_fine() -> None:
    with pytest.raises(MutationRejected) as error:
        thread_item_metadata({"bluesky": LINK}, "bluesky", has_assets=True, position=1, path="p")
    assert rejected_as(error)[1] == "Thread item 1: a link attachment cannot be combined with assets"
    assert thread_item_metadata(
        {"bluesky": {"linkAttachment": None}}, "bluesky", has_assets=True, position=1, path="p"
    )


@pytest.mark.parametrize("refused", ["carousel", "thread"])
def test_post_types_filter_refuses_carousel_and_thread(refused: str) -> None:
    with pytest.raises(BufferApiError) as error:
        post_types_filter(["post", refused])
    assert error.value.code == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("post_type", "requested", "matches"),
    [
        ("post", {"post"}, True),
        (None, {"post"}, True),
        ("carousel", {"post"}, True),
        ("thread", {"post"}, True),
        ("story", {"post"}, False),
        ("story", {"story"}, True),
        ("post", {"story"}, False),
        ("reel", {"story", "reel"}, True),
    ],
)
def test_post_is_the_catch_all_bucket(post_type: str | None, requested: set[str], matches: bool) -> None:
    assert post_type_matches(frozenset(requested), post_type) is matches


def test_an_omitted_post_types_filter_does_not_filter() -> None:
    assert parse_posts_filter({"status": ["sent"]}, int).post_types is None


def test_personal_keys_see_no_channel_actions_in_observed_mode() -> None:
    assert channel_actions_for(["viewChannel"], True, "observed") == []
    assert channel_actions_for(["viewChannel"], True, "role") == ["viewChannel"]
    assert channel_actions_for(["viewChannel"], False, "observed") == ["viewChannel"]
