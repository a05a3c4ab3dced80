"""createContentItem: one post per channel made by the createPost rules, all or nothing."""

from __future__ import annotations

from tests.integration.content_items.support import CREATE, ContentClient, post_input
from tests.integration.mutations.support import (
    FACEBOOK,
    LINKEDIN,
    LOCKED,
    MAIN,
    OTHER_TWITTER,
    TAG_FOREIGN,
    TAG_LAUNCH,
    TAG_LOCKED,
    TINY,
    TINY_TWITTER,
    TWITTER,
)


def post_count(api: ContentClient, org: str = MAIN) -> int:
    query = "query($org: OrganizationId!) { posts(first: 100, input: {organizationId: $org}) { edges { node { id } } } }"
    return len(api.data(query, {"org": org})["posts"]["edges"])


def test_creates_one_post_per_channel_linked_both_ways(api: ContentClient) -> None:
    item = api.create_ok(
        MAIN,
        [post_input(TWITTER, text="Hello X"), post_input(LINKEDIN, text="Hello LinkedIn")],
        title="Launch week",
        targetDate="2026-11-20T09:00:00Z",
        tagIds=[TAG_LAUNCH],
    )
    assert item["title"] == "Launch week"
    assert item["targetDate"] == "2026-11-20T09:00:00.000Z"
    assert item["tags"] == [{"id": TAG_LAUNCH, "name": "Launch"}]
    assert item["accountId"] == "aaaa00000000000000000001"
    assert item["author"]["email"] == "olivia@example.test"
    assert item["allowedActions"] == ["deleteContentItem", "updateContentItem"]
    body = item["body"]
    assert body["__typename"] == "PostContent"
    assert [(p["channelId"], p["text"], p["status"]) for p in body["posts"]] == [
        (TWITTER, "Hello X", "scheduled"),
        (LINKEDIN, "Hello LinkedIn", "scheduled"),
    ]
    for post in body["posts"]:
        assert post["contentItemId"] == item["id"]
        assert api.post_item(post["id"]) == item["id"]
    assert api.item(item["id"]) == item


def test_each_post_follows_the_create_post_rules_and_errors_name_their_channel(api: ContentClient) -> None:
    before = post_count(api)
    result = api.create(
        MAIN,
        [
            post_input(TWITTER, text="x" * 300),
            post_input(FACEBOOK, text="Fine"),
            post_input(LOCKED, text="Locked channel"),
            post_input(OTHER_TWITTER, text="Not in this organization"),
        ],
    )
    assert result["__typename"] == "CreateContentItemFailure"
    assert result["message"] == "The content item was not created (3 problem(s)); nothing was saved."
    by_type = [(e["__typename"], e["channelId"]) for e in result["errors"]]
    assert by_type == [
        ("CreateContentItemVariantInvalidInputError", TWITTER),
        ("CreateContentItemVariantLimitReachedError", LOCKED),
        ("CreateContentItemVariantNotFoundError", OTHER_TWITTER),
    ]
    assert "280" in result["errors"][0]["message"]
    assert result["errors"][2]["message"] == f"Channel {OTHER_TWITTER} not found in this organization."
    assert post_count(api) == before  # all or nothing: the valid Facebook post was not written
    assert api.items(MAIN)["totalCount"] == 0


def test_at_least_one_post_and_at_most_one_per_channel(api: ContentClient) -> None:
    empty = api.create(MAIN, [])
    assert empty["__typename"] == "CreateContentItemFailure"
    assert [(e["__typename"], e["message"]) for e in empty["errors"]] == [
        ("InvalidInputError", "A content item needs at least one post.")
    ]
    twice = api.create(MAIN, [post_input(TWITTER, text="One"), post_input(TWITTER, text="Two")])
    assert twice["__typename"] == "CreateContentItemFailure"
    assert twice["errors"] == [
        {
            "__typename": "CreateContentItemVariantInvalidInputError",
            "channelId": TWITTER,
            "message": f"Only one post per channel: channel {TWITTER} is listed more than once.",
        }
    ]


def test_item_tags_must_be_the_organizations_and_not_locked(api: ContentClient) -> None:
    foreign = api.create(MAIN, [post_input(TWITTER, text="Hi")], tagIds=[TAG_FOREIGN])
    assert [e["__typename"] for e in foreign["errors"]] == ["NotFoundError"]
    locked = api.create(MAIN, [post_input(TWITTER, text="Hi")], tagIds=[TAG_LOCKED])
    assert [e["__typename"] for e in locked["errors"]] == ["LimitReachedError"]


def test_the_scheduled_posts_limit_counts_the_whole_set(api: ContentClient) -> None:
    # Tiny allows one scheduled post and already has one: a draft post is fine, a queued one is not.
    ok = api.create_ok(TINY, [post_input(TINY_TWITTER, text="Saved as draft", saveToDraft=True)])
    assert ok["body"]["posts"][0]["status"] == "draft"
    refused = api.create(TINY, [post_input(TINY_TWITTER, text="Queued")])
    assert [e["__typename"] for e in refused["errors"]] == ["CreateContentItemVariantLimitReachedError"]


def test_share_now_posts_are_published_and_then_block_the_delete(api: ContentClient) -> None:
    item = api.create_ok(MAIN, [post_input(FACEBOOK, text="Right now", mode="shareNow")])
    assert item["body"]["posts"][0]["status"] == "sent"
    assert item["allowedActions"] == ["updateContentItem"]


def test_unknown_or_foreign_organization_is_an_error_at_the_root(api: ContentClient) -> None:
    variables = {"input": {"organizationId": "bbbb00000000000000000002", "posts": [post_input(TWITTER)]}}
    body = api.raw(CREATE, variables)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    variables["input"]["organizationId"] = "bbbb00000000000000000099"
    assert api.raw(CREATE, variables)["errors"][0]["extensions"]["code"] == "NOT_FOUND"
