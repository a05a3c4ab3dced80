"""editPost through HTTP: omit-means-keep, status rules, approval changes, re-validation, limits."""

from __future__ import annotations

from mockserver.rules import post_messages as msg
from tests.integration.mutations.support import (
    APPROVAL,
    AWAITING,
    CUSTOM,
    FAILED,
    FOREIGN,
    INSTAGRAM,
    LOCKED,
    MAX_DRAFT,
    MEMBER,
    NOW,
    SENT,
    TAG_AUTUMN,
    TAG_LAUNCH,
    THREAD_TWITTER,
    TINY_TWITTER,
    TWITTER,
    MutationClient,
)

IMAGE = {"image": {"url": "https://cdn.example.test/photo.jpg", "metadata": {"altText": "A photo"}}}
INSTAGRAM_POST = {"instagram": {"type": "post", "shouldShareToFeed": True, "firstComment": "hi"}}


def queued(api: MutationClient, **fields: object) -> dict[str, object]:
    return api.create_ok(channelId=TWITTER, text="original", assets=[IMAGE], tagIds=[TAG_LAUNCH], **fields)


def test_omitted_fields_keep_their_values(api: MutationClient) -> None:
    post = queued(api)
    edited = api.edit_ok(post["id"], text="changed")
    assert edited["text"] == "changed"
    for field in (
        "dueAt",
        "status",
        "shareMode",
        "assets",
        "tags",
        "metadata",
        "schedulingType",
        "createdAt",
    ):
        assert edited[field] == post[field], field


def test_updated_at_moves_to_now(api: MutationClient) -> None:
    edited = api.edit_ok(CUSTOM, text="changed")
    assert edited["updatedAt"] == NOW and edited["createdAt"] != NOW


def test_null_text_clears_it_and_the_result_is_revalidated(api: MutationClient) -> None:
    post = queued(api)
    assert api.edit_ok(post["id"], text=None)["text"] == ""  # the image keeps the post valid
    bare = api.create_ok(channelId=TWITTER, text="only text")
    assert api.edit(bare["id"], text="") == {"__typename": "InvalidInputError", "message": "Text is required"}


def test_assets_omitted_keep_empty_list_clears(api: MutationClient) -> None:
    post = queued(api)
    assert len(api.edit_ok(post["id"], text="still")["assets"]) == 1
    assert api.edit_ok(post["id"], assets=[])["assets"] == []


def test_tag_ids_replace_the_tags(api: MutationClient) -> None:
    post = queued(api)
    assert [t["id"] for t in api.edit_ok(post["id"], tagIds=[TAG_AUTUMN])["tags"]] == [TAG_AUTUMN]
    assert api.edit_ok(post["id"], tagIds=[])["tags"] == []


def test_null_mode_keeps_the_schedule_and_ignores_due_at(api: MutationClient) -> None:
    edited = api.edit_ok(CUSTOM, mode=None, schedulingType=None, dueAt="2026-12-24T10:00:00Z")
    assert (edited["dueAt"], edited["shareMode"], edited["schedulingType"]) == (
        "2026-11-16T09:00:00.000Z",
        "customScheduled",
        "automatic",
    )


def test_resending_the_current_queue_mode_keeps_the_slot(api: MutationClient) -> None:
    first = queued(api)
    api.create_ok(channelId=TWITTER, text="second")
    assert api.edit_ok(first["id"], mode="addToQueue", text="edited")["dueAt"] == first["dueAt"]


def test_custom_scheduled_edit_moves_the_post(api: MutationClient) -> None:
    post = queued(api)
    edited = api.edit_ok(post["id"], mode="customScheduled", dueAt="2026-11-30T08:00:00Z")
    assert (edited["dueAt"], edited["isCustomScheduled"]) == ("2026-11-30T08:00:00.000Z", True)
    assert (
        api.edit(post["id"], mode="customScheduled", dueAt="2026-01-01T00:00:00Z")["__typename"]
        == "InvalidInputError"
    )
    assert api.edit_ok(post["id"], mode="customScheduled")["dueAt"] == "2026-11-30T08:00:00.000Z"


def test_share_now_edit_publishes(api: MutationClient) -> None:
    edited = api.edit_ok(queued(api)["id"], mode="shareNow")
    assert (edited["status"], edited["sentAt"], edited["sharedNow"]) == ("sent", NOW, True)


def test_scheduling_type_changes_when_given(api: MutationClient) -> None:
    assert api.edit_ok(CUSTOM, schedulingType="notification")["schedulingType"] == "notification"


def test_save_to_draft_moves_a_scheduled_post_to_drafts(api: MutationClient) -> None:
    edited = api.edit_ok(CUSTOM, saveToDraft=True)
    assert (edited["status"], edited["dueAt"]) == ("draft", None)


def test_a_mode_schedules_a_draft(api: MutationClient) -> None:
    draft = api.create_ok(channelId=TWITTER, text="draft", saveToDraft=True)
    assert api.edit_ok(draft["id"], text="draft, edited")["status"] == "draft"
    scheduled = api.edit_ok(draft["id"], mode="addToQueue")
    assert (scheduled["status"], scheduled["dueAt"]) == ("scheduled", "2026-11-15T17:00:00.000Z")


def test_a_failed_post_can_be_edited_and_rescheduled(api: MutationClient) -> None:
    assert api.edit_ok(FAILED, text="try again")["status"] == "error"
    assert api.edit_ok(FAILED, mode="addToQueue")["status"] == "scheduled"


def test_sent_posts_accept_tag_changes_only(api: MutationClient) -> None:
    refused = api.edit(SENT, text="rewrite history")
    assert refused == {
        "__typename": "InvalidInputError",
        "message": msg.POST_NOT_EDITABLE.format(status="sent"),
    }
    retagged = api.edit_ok(SENT, tagIds=[TAG_AUTUMN])
    assert [t["id"] for t in retagged["tags"]] == [TAG_AUTUMN] and retagged["text"] == "Already out"
    # The CLI always sends mode and schedulingType: restating the current ones is still a tag edit.
    cli_like = api.edit_ok(SENT, tagIds=[TAG_LAUNCH], mode="addToQueue", schedulingType="automatic")
    assert [t["id"] for t in cli_like["tags"]] == [TAG_LAUNCH] and cli_like["status"] == "sent"
    assert api.edit(SENT, tagIds=[TAG_LAUNCH], mode="shareNow")["__typename"] == "InvalidInputError"
    assert api.edit(SENT, tagIds=[TAG_LAUNCH], text=None)["__typename"] == "InvalidInputError"


def test_unknown_post_is_a_not_found_member(api: MutationClient) -> None:
    missing = "eeee0000000000000000ffff"
    assert api.edit(missing, text="x") == {
        "__typename": "NotFoundError",
        "message": msg.POST_NOT_FOUND.format(id=missing),
    }


def test_another_organizations_post_is_an_unauthorized_member(api: MutationClient) -> None:
    assert api.edit(FOREIGN, text="x") == {
        "__typename": "UnauthorizedError",
        "message": msg.NOT_YOUR_ORGANIZATION.format(thing="post"),
    }


def test_an_edit_is_validated_like_a_create(api: MutationClient) -> None:
    post = api.create_ok(channelId=INSTAGRAM, text="caption", assets=[IMAGE], metadata=INSTAGRAM_POST)
    assert api.edit(post["id"], assets=[])["message"] == msg.invalid_post([msg.INSTAGRAM_MEDIA_REQUIRED])
    kept = api.edit_ok(post["id"], metadata={"instagram": {"type": "reel", "shouldShareToFeed": False}})
    assert (kept["metadata"]["type"], kept["metadata"]["firstComment"]) == ("reel", "hi")


def test_an_edit_cannot_schedule_on_a_locked_channel_or_past_the_plan(api: MutationClient) -> None:
    tiny_draft = api.create_ok(channelId=TINY_TWITTER, text="draft", saveToDraft=True)
    assert api.edit(tiny_draft["id"], mode="addToQueue") == {
        "__typename": "LimitReachedError",
        "message": msg.SCHEDULED_POSTS_LIMIT.format(limit=1),
    }
    single = api.create_ok(channelId=THREAD_TWITTER, text="a")
    thread = {"twitter": {"thread": [{"text": "a"}, {"text": "b"}]}}
    assert api.edit(single["id"], metadata=thread) == {
        "__typename": "LimitReachedError",
        "message": msg.SCHEDULED_THREADS_LIMIT.format(limit=1),
    }
    locked_draft_id = api.create(channelId=LOCKED, text="x", saveToDraft=True)
    assert locked_draft_id["__typename"] == "LimitReachedError"


# --- approval ---------------------------------------------------------------------------------------


def test_approval_request_and_revert_on_own_drafts(api: MutationClient) -> None:
    member = api.as_token(MEMBER)
    assert member.edit_ok(MAX_DRAFT, approvalChange="request")["status"] == "needs_approval"
    assert member.edit_ok(MAX_DRAFT, approvalChange="request")["status"] == "needs_approval"  # no-op
    assert member.edit_ok(MAX_DRAFT, approvalChange="revert")["status"] == "draft"
    assert member.edit_ok(MAX_DRAFT, approvalChange="revert")["status"] == "draft"  # no-op


def test_approval_change_only_on_own_drafts_of_approval_channels(api: MutationClient) -> None:
    assert api.edit(MAX_DRAFT, approvalChange="request") == {
        "__typename": "UnauthorizedError",
        "message": msg.APPROVAL_CHANGE_NOT_OWNER,
    }
    assert api.edit(CUSTOM, approvalChange="request") == {
        "__typename": "InvalidInputError",
        "message": msg.APPROVAL_NOT_REQUIRED,
    }
    member = api.as_token(MEMBER)
    scheduled = api.create_ok(channelId=APPROVAL, text="scheduled by the owner")
    assert api.edit(scheduled["id"], approvalChange="request") == {
        "__typename": "InvalidInputError",
        "message": msg.APPROVAL_CHANGE_NOT_DRAFT.format(status="scheduled"),
    }
    draft = member.create_ok(channelId=APPROVAL, text="mine", saveToDraft=True)
    assert member.edit_ok(draft["id"], approvalChange="request")["status"] == "needs_approval"


def test_scheduling_a_post_awaiting_approval_needs_an_approver(api: MutationClient) -> None:
    assert api.as_token(MEMBER).edit(AWAITING, mode="addToQueue") == {
        "__typename": "InvalidInputError",
        "message": msg.APPROVAL_REQUIRED,
    }
    assert api.edit_ok(AWAITING, mode="addToQueue")["status"] == "scheduled"
