"""updateContentItem, deleteContentItem, add/removePostFromContentItem and the post <-> item link."""

from __future__ import annotations

from tests.integration.content_items.support import (
    ADD_POST,
    DELETE,
    READ_ITEM,
    REMOVE_POST,
    UPDATE,
    ContentClient,
    post_input,
)
from tests.integration.mutations.support import (
    CUSTOM,
    DELETE_POST,
    FACEBOOK,
    FOREIGN,
    LINKEDIN,
    MAIN,
    SENT,
    TAG_AUTUMN,
    TAG_LAUNCH,
    TWITTER,
)


def test_update_omitted_keeps_and_null_clears(api: ContentClient) -> None:
    item = api.draft_ok(MAIN, "Draft", title="Old", targetDate="2026-12-01T00:00:00Z")
    retitled = api.mutate(UPDATE, "updateContentItem", id=item["id"], title="New")["contentItem"]
    assert (retitled["title"], retitled["targetDate"]) == ("New", "2026-12-01T00:00:00.000Z")
    cleared = api.mutate(UPDATE, "updateContentItem", id=item["id"], targetDate=None)["contentItem"]
    assert (cleared["title"], cleared["targetDate"]) == ("New", None)
    untitled = api.mutate(UPDATE, "updateContentItem", id=item["id"], title=None)["contentItem"]
    assert untitled["title"] is None


def test_update_refuses_an_overlong_title(api: ContentClient) -> None:
    item = api.draft_ok(MAIN, "Draft", title="Kept")
    refused = api.mutate(UPDATE, "updateContentItem", id=item["id"], title="t" * 201)
    assert refused == {
        "__typename": "UpdateContentItemFailure",
        "message": "The content item was not changed.",
        "errors": [
            {"__typename": "InvalidInputError", "message": "A content item title is at most 200 characters."}
        ],
    }
    assert api.item(item["id"])["title"] == "Kept"


def test_delete_removes_the_item_and_its_unpublished_posts(api: ContentClient) -> None:
    item = api.create_ok(
        MAIN, [post_input(TWITTER, text="Queued"), post_input(FACEBOOK, text="D", saveToDraft=True)]
    )
    assert api.mutate(DELETE, "deleteContentItem", id=item["id"]) == {
        "__typename": "EmptySuccess",
        "_empty": "",
    }
    gone = api.raw(READ_ITEM, {"id": item["id"]})
    assert gone["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert gone["errors"][0]["message"] == "Content item not found"
    for post in item["body"]["posts"]:
        read = api.raw("query($id: PostId!) { post(input: {id: $id}) { id } }", {"id": post["id"]})
        assert read["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_a_published_post_blocks_the_whole_delete(api: ContentClient) -> None:
    item = api.create_ok(MAIN, [post_input(LINKEDIN, text="Queued")])
    added = api.mutate(ADD_POST, "addPostToContentItem", id=item["id"], postId=SENT)
    assert added["__typename"] == "AddPostToContentItemSuccess"
    assert added["contentItem"]["allowedActions"] == ["updateContentItem"]
    refused = api.mutate(DELETE, "deleteContentItem", id=item["id"])
    assert refused == {
        "__typename": "DeleteContentItemFailure",
        "message": "The content item was not deleted: 1 of its posts cannot be deleted.",
        "errors": [
            {
                "__typename": "PostNotDeletableError",
                "channelId": TWITTER,
                "message": "A sent post cannot be deleted, so its content item cannot be deleted either.",
            }
        ],
    }
    assert [p["id"] for p in api.item(item["id"])["body"]["posts"]] == [item["body"]["posts"][0]["id"], SENT]


def test_add_and_remove_keep_post_content_item_id_consistent(api: ContentClient) -> None:
    item = api.create_ok(MAIN, [post_input(LINKEDIN, text="Queued")])
    added = api.mutate(ADD_POST, "addPostToContentItem", id=item["id"], postId=CUSTOM)
    assert added["post"] == {"id": CUSTOM, "contentItemId": item["id"]}
    assert api.mutate(ADD_POST, "addPostToContentItem", id=item["id"], postId=CUSTOM)["__typename"] == (
        "AddPostToContentItemSuccess"
    )  # adding again changes nothing
    assert [p["id"] for p in api.item(item["id"])["body"]["posts"]].count(CUSTOM) == 1
    removed = api.mutate(REMOVE_POST, "removePostFromContentItem", id=item["id"], postId=CUSTOM)
    assert removed["post"] == {"id": CUSTOM, "contentItemId": None}
    assert CUSTOM not in [p["id"] for p in removed["contentItem"]["body"]["posts"]]
    assert api.post_item(CUSTOM) is None
    again = api.mutate(REMOVE_POST, "removePostFromContentItem", id=item["id"], postId=CUSTOM)
    assert again["__typename"] == "RemovePostFromContentItemSuccess"  # a post without an item: success


def test_a_post_belongs_to_at_most_one_item_and_one_post_per_channel(api: ContentClient) -> None:
    first = api.create_ok(MAIN, [post_input(LINKEDIN, text="One")])
    second = api.create_ok(MAIN, [post_input(FACEBOOK, text="Two")])
    first_post = first["body"]["posts"][0]["id"]
    taken = api.mutate(ADD_POST, "addPostToContentItem", id=second["id"], postId=first_post)
    assert taken == {
        "__typename": "VoidMutationError",
        "message": f"Post {first_post} already belongs to content item {first['id']}; remove it from there first.",
    }
    wrong = api.mutate(REMOVE_POST, "removePostFromContentItem", id=second["id"], postId=first_post)
    assert wrong["__typename"] == "VoidMutationError"
    assert api.post_item(first_post) == first["id"]
    same_channel = api.create_ok(MAIN, [post_input(TWITTER, text="Three")])
    clash = api.mutate(ADD_POST, "addPostToContentItem", id=same_channel["id"], postId=CUSTOM)
    assert clash["__typename"] == "VoidMutationError"
    assert clash["message"].startswith(f"This content item already has a post for channel {TWITTER}")


def test_posts_cannot_be_added_to_a_draft_or_across_organizations(api: ContentClient) -> None:
    draft = api.draft_ok(MAIN, "Draft")
    refused = api.mutate(ADD_POST, "addPostToContentItem", id=draft["id"], postId=CUSTOM)
    assert refused == {
        "__typename": "VoidMutationError",
        "message": "This content item is still a draft; promote it to posts first.",
    }
    foreign = api.raw(ADD_POST, {"input": {"id": draft["id"], "postId": FOREIGN}})
    assert foreign["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_deleting_a_post_removes_it_from_its_item(api: ContentClient) -> None:
    item = api.create_ok(MAIN, [post_input(TWITTER, text="Goes"), post_input(FACEBOOK, text="Stays")])
    going = item["body"]["posts"][0]["id"]
    deleted = api.raw(DELETE_POST, {"input": {"id": going}})
    assert deleted["data"]["deletePost"]["__typename"] == "DeletePostSuccess"
    assert [p["text"] for p in api.item(item["id"])["body"]["posts"]] == ["Stays"]


def test_unknown_items_are_not_found_and_foreign_ones_forbidden(api: ContentClient) -> None:
    item = api.draft_ok(MAIN, "Mine")
    missing = api.raw(UPDATE, {"input": {"id": "ffff00000000000000000000", "title": "x"}})
    assert missing["data"] is None
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    outsider = api.as_token("outsider_key")
    for document in (UPDATE, DELETE):
        body = outsider.raw(document, {"input": {"id": item["id"]}})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert outsider.raw(READ_ITEM, {"id": item["id"]})["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad_id = api.client.post(READ_ITEM, {"id": "not-an-id"})
    assert bad_id.status_code == 400
    assert 'ContentItemId cannot represent "not-an-id"' in bad_id.json()["errors"][0]["message"]


DELETE_TAG = """mutation($input: DeleteTagInput!) {
  deleteTag(input: $input) { __typename ... on DeleteTagActionSuccess { id } } }"""


def test_deleting_a_tag_leaves_items_in_place_without_it(api: ContentClient) -> None:
    draft = api.draft_ok(MAIN, "Tagged", tagIds=[TAG_LAUNCH, TAG_AUTUMN])
    assert (
        api.data(DELETE_TAG, {"input": {"id": TAG_LAUNCH}})["deleteTag"]["__typename"]
        == "DeleteTagActionSuccess"
    )
    assert api.item(draft["id"])["tags"] == [{"id": TAG_AUTUMN, "name": "Autumn"}]
    assert api.items(MAIN, filter={"tags": {"in": [TAG_LAUNCH]}})["totalCount"] == 0
