"""createContentItemDraft (idempotent by correlationId), updateContentItemDraft, promotion to posts."""

from __future__ import annotations

from tests.integration.content_items.support import (
    PROMOTE,
    UPDATE_DRAFT,
    ContentClient,
    post_input,
)
from tests.integration.mutations.support import (
    FACEBOOK,
    LOCKED,
    MAIN,
    OTHER_TWITTER,
    TAG_AUTUMN,
    TAG_FOREIGN,
    TAG_LAUNCH,
    TWITTER,
)

IMAGE = {"image": {"url": "https://images.example.test/a.png"}}
CORRELATION = "550e8400-e29b-41d4-a716-446655440000"


def test_a_draft_has_no_channels_and_keeps_its_text_assets_and_ai_flag(api: ContentClient) -> None:
    item = api.draft_ok(
        MAIN, "Idea for next week", draft={"assets": [IMAGE], "aiAssisted": True}, title="Next week"
    )
    body = item["body"]
    assert body["__typename"] == "DraftContent"
    assert body["text"] == "Idea for next week"
    assert body["aiAssisted"] is True
    assert body["assets"] == [{"__typename": "ImageAsset", "source": "https://images.example.test/a.png"}]
    assert len(body["id"]) == 24
    assert item["targetDate"] is None
    assert api.item(item["id"]) == item


def test_draft_text_may_be_empty_only_with_an_asset(api: ContentClient) -> None:
    assert api.draft_ok(MAIN, "", draft={"assets": [IMAGE]})["body"]["text"] == ""
    refused = api.draft(MAIN, "   ")
    assert refused == {
        "__typename": "CreateContentItemDraftFailure",
        "message": "The draft content item was not created.",
        "errors": [
            {"__typename": "InvalidInputError", "message": "A draft needs text or at least one asset."}
        ],
    }


def test_a_draft_cannot_carry_a_link_asset(api: ContentClient) -> None:
    refused = api.draft(MAIN, "See this", draft={"assets": [{"link": {"url": "https://example.test"}}]})
    assert refused["errors"][0]["message"].startswith("A draft cannot carry a link asset")


def test_the_same_correlation_id_returns_the_same_item_and_writes_nothing(api: ContentClient) -> None:
    first = api.draft_ok(MAIN, "Once", correlationId=CORRELATION)
    again = api.draft_ok(MAIN, "Twice, differently", correlationId=CORRELATION.upper())
    assert again == first
    other = api.draft_ok(MAIN, "Once", correlationId="550e8400-e29b-41d4-a716-446655440001")
    assert other["id"] != first["id"]
    assert api.items(MAIN)["totalCount"] == 2


def test_unknown_tags_refuse_the_draft(api: ContentClient) -> None:
    refused = api.draft(MAIN, "Tagged", tagIds=[TAG_FOREIGN])
    assert refused["errors"][0]["__typename"] == "InvalidInputError"
    assert refused["errors"][0]["message"] == f"Tag {TAG_FOREIGN} not found in this organization."


def test_update_draft_replaces_the_whole_draft_and_keeps_its_id(api: ContentClient) -> None:
    item = api.draft_ok(MAIN, "v1", draft={"assets": [IMAGE], "aiAssisted": True}, tagIds=[TAG_LAUNCH])
    updated = api.mutate(UPDATE_DRAFT, "updateContentItemDraft", id=item["id"], draft={"text": "v2"})
    assert updated["__typename"] == "UpdateContentItemDraftSuccess"
    body = updated["contentItem"]["body"]
    assert (body["id"], body["text"], body["assets"], body["aiAssisted"]) == (
        item["body"]["id"],
        "v2",
        [],
        False,
    )
    assert updated["contentItem"]["tags"] == [{"id": TAG_LAUNCH, "name": "Launch"}]  # tagIds omitted: kept


def test_update_draft_tag_ids_empty_or_null_clear_and_a_list_replaces(api: ContentClient) -> None:
    item = api.draft_ok(MAIN, "Tagged", tagIds=[TAG_LAUNCH])
    for clearing in ([], None):
        api.mutate(
            UPDATE_DRAFT, "updateContentItemDraft", id=item["id"], draft={"text": "t"}, tagIds=[TAG_LAUNCH]
        )
        cleared = api.mutate(
            UPDATE_DRAFT, "updateContentItemDraft", id=item["id"], draft={"text": "t"}, tagIds=clearing
        )
        assert cleared["contentItem"]["tags"] == []
    replaced = api.mutate(
        UPDATE_DRAFT, "updateContentItemDraft", id=item["id"], draft={"text": "t"}, tagIds=[TAG_AUTUMN]
    )
    assert replaced["contentItem"]["tags"] == [{"id": TAG_AUTUMN, "name": "Autumn"}]


def test_update_draft_target_date_omitted_keeps_and_null_clears(api: ContentClient) -> None:
    item = api.draft_ok(MAIN, "Dated", targetDate="2026-12-01T10:00:00Z")
    kept = api.mutate(UPDATE_DRAFT, "updateContentItemDraft", id=item["id"], draft={"text": "x"})
    assert kept["contentItem"]["targetDate"] == "2026-12-01T10:00:00.000Z"
    cleared = api.mutate(
        UPDATE_DRAFT, "updateContentItemDraft", id=item["id"], draft={"text": "x"}, targetDate=None
    )
    assert cleared["contentItem"]["targetDate"] is None


def test_update_draft_refuses_bad_drafts_and_items_with_posts(api: ContentClient) -> None:
    item = api.draft_ok(MAIN, "Draft")
    bad = api.mutate(UPDATE_DRAFT, "updateContentItemDraft", id=item["id"], draft={"text": ""})
    assert bad["errors"] == [
        {"__typename": "InvalidInputError", "message": "A draft needs text or at least one asset."}
    ]
    assert api.item(item["id"])["body"]["text"] == "Draft"  # unchanged
    posts = api.create_ok(MAIN, [post_input(TWITTER, text="Hello")])
    state = api.mutate(UPDATE_DRAFT, "updateContentItemDraft", id=posts["id"], draft={"text": "x"})
    assert state == {
        "__typename": "UpdateContentItemDraftFailure",
        "message": "The draft was not replaced.",
        "errors": [
            {
                "__typename": "ContentItemStateError",
                "message": "This content item is no longer a draft: it already has posts.",
            }
        ],
    }


def test_promote_turns_the_draft_into_posts_made_by_the_create_post_rules(api: ContentClient) -> None:
    item = api.draft_ok(MAIN, "Draft text", tagIds=[TAG_LAUNCH])
    promoted = api.mutate(
        PROMOTE,
        "promoteContentItemDraftToPosts",
        id=item["id"],
        posts=[
            post_input(TWITTER, text="For X"),
            post_input(FACEBOOK, text="For Facebook", saveToDraft=True),
        ],
        tagIds=[TAG_AUTUMN],
    )
    assert promoted["__typename"] == "PromoteContentItemDraftToPostsSuccess"
    content = promoted["contentItem"]
    assert content["id"] == item["id"]
    assert content["tags"] == [{"id": TAG_AUTUMN, "name": "Autumn"}]
    posts = content["body"]["posts"]
    assert [(p["channelId"], p["status"], p["contentItemId"]) for p in posts] == [
        (TWITTER, "scheduled", item["id"]),
        (FACEBOOK, "draft", item["id"]),
    ]
    again = api.mutate(
        PROMOTE, "promoteContentItemDraftToPosts", id=item["id"], posts=[post_input(TWITTER, text="x")]
    )
    assert [e["__typename"] for e in again["errors"]] == ["ContentItemStateError"]


def test_promote_failures_name_the_channel_and_leave_the_draft(api: ContentClient) -> None:
    item = api.draft_ok(MAIN, "Still a draft")
    failed = api.mutate(
        PROMOTE,
        "promoteContentItemDraftToPosts",
        id=item["id"],
        posts=[
            post_input(TWITTER, text="x" * 300),
            post_input(LOCKED, text="Locked"),
            post_input(OTHER_TWITTER, text="Foreign"),
            post_input(FACEBOOK, text="Fine"),
        ],
    )
    assert failed["__typename"] == "PromoteContentItemDraftToPostsFailure"
    assert [(e["__typename"], e["channelId"]) for e in failed["errors"]] == [
        ("PostInvalidInputError", TWITTER),
        ("PostLimitReachedError", LOCKED),
        ("PostChannelNotFoundError", OTHER_TWITTER),
    ]
    assert api.item(item["id"])["body"]["__typename"] == "DraftContent"
    empty = api.mutate(PROMOTE, "promoteContentItemDraftToPosts", id=item["id"], posts=[])
    assert [e["message"] for e in empty["errors"]] == ["A content item needs at least one post."]
