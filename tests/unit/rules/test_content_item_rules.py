"""The pure rules of content items: filters, sort keys, cursors, drafts, updates, deletes."""

from __future__ import annotations

import pytest

from mockserver.errors import BufferApiError, MutationRejected
from mockserver.rules import content_items as rules
from mockserver.rules.pagination import encode_cursor
from mockserver.store.entities import ContentItem


def item(
    id: str, created: int, target: int | None = None, tags: list[str] | None = None, draft: bool = True
) -> ContentItem:
    return ContentItem(
        id=id,
        organization_id="o" * 24,
        account_id="a" * 24,
        created_at=created,
        target_date=target,
        tag_ids=tags or [],
        draft={"id": "d" * 24, "text": "x", "assets": [], "aiAssisted": False} if draft else None,
    )


def identity(value: object) -> int:
    return int(value)  # type: ignore[call-overload]


def test_no_filter_matches_everything() -> None:
    f = rules.parse_filter(None, identity)
    assert rules.matches(item("1", 1), f) and rules.matches(item("2", 2, draft=False), f)


def test_status_filter_tells_drafts_from_post_content() -> None:
    drafts = rules.parse_filter({"contentStatus": "draftContent"}, identity)
    assert rules.matches(item("1", 1), drafts)
    assert not rules.matches(item("2", 1, draft=False), drafts)
    assert rules.status_of(item("2", 1, draft=False)) == "postContent"


def test_tag_comparator_is_any_of_plus_untagged_when_is_empty() -> None:
    f = rules.parse_filter({"tags": {"in": ["t1"], "isEmpty": False}}, identity)
    assert rules.matches(item("1", 1, tags=["t1", "t2"]), f)
    assert not rules.matches(item("2", 1, tags=["t2"]), f)
    assert not rules.matches(item("3", 1), f)
    with_untagged = rules.parse_filter({"tags": {"in": ["t1"], "isEmpty": True}}, identity)
    assert rules.matches(item("3", 1), with_untagged)


def test_target_date_presence_and_inclusive_range_need_a_date() -> None:
    present = rules.parse_filter({"targetDate": {"presence": "present"}}, identity)
    absent = rules.parse_filter({"targetDate": {"presence": "absent"}}, identity)
    assert rules.matches(item("1", 1, target=5), present) and not rules.matches(item("2", 1), present)
    assert rules.matches(item("2", 1), absent) and not rules.matches(item("1", 1, target=5), absent)
    window = rules.parse_filter({"targetDate": {"range": {"start": 5, "end": 10}}}, identity)
    assert [rules.matches(item("x", 1, target=t), window) for t in (4, 5, 10, 11)] == [
        False,
        True,
        True,
        False,
    ]
    assert not rules.matches(item("y", 1), window)
    open_end = rules.parse_filter({"targetDate": {"range": {"start": 5}}}, identity)
    assert rules.matches(item("z", 1, target=10**12), open_end)


def test_absent_with_a_range_is_refused() -> None:
    with pytest.raises(BufferApiError) as refused:
        rules.parse_filter({"targetDate": {"presence": "absent", "range": {"end": 3}}}, identity)
    assert refused.value.code == "BAD_USER_INPUT"


def test_default_sort_is_newest_first_and_ties_break_by_id() -> None:
    sort = rules.normalize_sort(None)
    assert sort == (("createdAt", "desc"),)
    items = [item("aa", 1), item("ab", 2), item("ac", 2)]
    assert [i.id for i in sorted(items, key=rules.order_key(sort))] == ["ac", "ab", "aa"]


def test_target_date_sort_puts_undated_items_last_in_both_directions() -> None:
    items = [item("a1", 1), item("a2", 2, target=20), item("a3", 3, target=10)]
    for direction, expected in (("asc", ["a3", "a2", "a1"]), ("desc", ["a2", "a3", "a1"])):
        key = rules.order_key(rules.normalize_sort([{"field": "targetDate", "direction": direction}]))
        assert [i.id for i in sorted(items, key=key)] == expected


def test_a_sort_field_twice_is_refused() -> None:
    with pytest.raises(BufferApiError):
        rules.normalize_sort(
            [{"field": "createdAt", "direction": "asc"}, {"field": "createdAt", "direction": "desc"}]
        )


def test_cursor_kind_carries_the_sort_and_another_sort_is_named_in_the_error() -> None:
    by_created = rules.normalize_sort(None)
    by_target = rules.normalize_sort([{"field": "targetDate", "direction": "asc"}])
    cursor = encode_cursor(rules.cursor_kind_of_sort(by_created), (1, 2))
    rules.check_cursor_sort(cursor, by_created)  # same sort: fine
    rules.check_cursor_sort(None, by_target)
    with pytest.raises(BufferApiError) as refused:
        rules.check_cursor_sort(cursor, by_target)
    assert "sorted by createdAt desc" in refused.value.message
    assert "to use targetDate asc" in refused.value.message
    rules.check_cursor_sort("garbage", by_target)  # not a cursor: left to the generic check
    rules.check_cursor_sort(encode_cursor("posts:createdAt.desc", (1,)), by_target)  # another kind: same


def test_draft_needs_text_or_an_asset_and_no_link() -> None:
    image = {"image": {"url": "https://images.example.test/a.png"}}
    body = rules.draft_body({"text": "", "assets": [image], "aiAssisted": True}, "d" * 24)
    assert body["__typename"] == "DraftContent" and body["text"] == "" and body["aiAssisted"] is True
    assert body["assets"][0]["__typename"] == "ImageAsset"
    with pytest.raises(MutationRejected) as empty:
        rules.draft_body({"text": "  ", "assets": []}, "d" * 24)
    assert empty.value.payload == {
        "__typename": "InvalidInputError",
        "message": "A draft needs text or at least one asset.",
    }
    with pytest.raises(MutationRejected):
        rules.draft_body({"text": "x", "assets": [{"link": {"url": "https://example.test"}}]}, "d" * 24)


def test_update_omitted_keeps_and_null_clears() -> None:
    assert rules.updated_fields({"id": "x"}, identity) == {}
    assert rules.updated_fields({"title": None, "targetDate": None}, identity) == {
        "title": None,
        "target_date": None,
    }
    assert rules.updated_fields({"targetDate": 7}, identity) == {"target_date": 7}


def test_draft_update_tag_ids_omitted_keeps_null_or_empty_clears() -> None:
    assert rules.tag_ids_after_draft_update(["t"], {}) is None
    assert rules.tag_ids_after_draft_update(["t"], {"tagIds": None}) == []
    assert rules.tag_ids_after_draft_update(["t"], {"tagIds": []}) == []
    assert rules.tag_ids_after_draft_update(["t"], {"tagIds": ["u"]}) == ["u"]


def test_one_post_per_channel_flags_later_repeats() -> None:
    assert rules.repeated_channels(["a", "b", "a", "c", "b"]) == [2, 4]
    assert rules.repeated_channels([]) == []


def test_published_and_publishing_posts_block_a_delete() -> None:
    posts = [("c1", "draft"), ("c2", "sent"), ("c3", "scheduled"), ("c4", "sending"), ("c5", "error")]
    assert [channel for channel, _ in rules.delete_blockers(posts)] == ["c2", "c4"]
    assert rules.delete_blockers([("c1", "needs_approval")]) == []


def test_allowed_actions_follow_the_delete_rule() -> None:
    assert rules.allowed_actions([]) == ["deleteContentItem", "updateContentItem"]
    assert rules.allowed_actions(["draft", "scheduled"]) == ["deleteContentItem", "updateContentItem"]
    assert rules.allowed_actions(["scheduled", "sent"]) == ["updateContentItem"]
