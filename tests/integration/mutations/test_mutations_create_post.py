"""createPost through HTTP: modes, drafts, approval, validation, lookups, limits, read-back."""

from __future__ import annotations

from mockserver.rules import post_messages as msg
from tests.integration.mutations.support import (
    ADMIN,
    APPROVAL,
    CUSTOM,
    DAILY_LIMITED,
    DISCONNECTED,
    EMPTY_SCHEDULE,
    FACEBOOK,
    INSTAGRAM,
    LINKEDIN,
    LOCKED,
    MAIN,
    MASTODON,
    MEMBER,
    NOW,
    OLIVIA,
    OTHER_TWITTER,
    PAUSED,
    STORY_INSTAGRAM,
    TAG_AUTUMN,
    TAG_FOREIGN,
    TAG_LAUNCH,
    TAG_LOCKED,
    THREAD_TWITTER,
    TINY_TWITTER,
    TWITTER,
    ZERO_LIMIT,
    MutationClient,
)

IMAGE = {"image": {"url": "https://cdn.example.test/photo.jpg", "metadata": {"altText": "A photo"}}}


# --- modes ---------------------------------------------------------------------------------------


def test_add_to_queue_takes_the_next_free_slot(api: MutationClient) -> None:
    first = api.create_ok(channelId=TWITTER, text="one")
    second = api.create_ok(channelId=TWITTER, text="two")
    # Slots are 09:00 and 17:00 UTC daily; Monday 09:00 is taken by a custom-scheduled post.
    assert (first["dueAt"], second["dueAt"]) == ("2026-11-15T17:00:00.000Z", "2026-11-16T17:00:00.000Z")
    assert first["status"] == "scheduled" and first["shareMode"] == "addToQueue"
    assert first["isCustomScheduled"] is False and first["sharedNow"] is False


def test_add_to_queue_ignores_a_due_at(api: MutationClient) -> None:
    post = api.create_ok(channelId=TWITTER, text="one", dueAt="2026-12-25T10:00:00Z")
    assert post["dueAt"] == "2026-11-15T17:00:00.000Z"


def test_share_next_takes_the_first_slot_and_pushes_the_queue_back(api: MutationClient) -> None:
    queued = api.create_ok(channelId=TWITTER, text="queued")
    first = api.create_ok(channelId=TWITTER, text="urgent", mode="shareNext")
    assert first["dueAt"] == "2026-11-15T17:00:00.000Z" and first["shareMode"] == "shareNext"
    pushed = api.post(queued["id"])
    assert pushed["dueAt"] == "2026-11-16T17:00:00.000Z"  # skips the fixed-time post at 09:00
    assert api.post(CUSTOM)["dueAt"] == "2026-11-16T09:00:00.000Z"


def test_custom_scheduled_needs_a_future_due_at(api: MutationClient) -> None:
    missing = api.create(channelId=TWITTER, text="x", mode="customScheduled")
    assert missing == {"__typename": "InvalidInputError", "message": msg.DUE_AT_REQUIRED}
    past = api.create(channelId=TWITTER, text="x", mode="customScheduled", dueAt="2026-11-15T11:59:00Z")
    assert past["__typename"] == "InvalidInputError"
    assert past["message"] == msg.DUE_AT_IN_PAST.format(due_at="2026-11-15T11:59:00.000Z", now=NOW)
    post = api.create_ok(
        channelId=TWITTER, text="x", mode="customScheduled", dueAt="2026-11-20T10:30:00-05:00"
    )
    assert post["dueAt"] == "2026-11-20T15:30:00.000Z" and post["isCustomScheduled"] is True


def test_share_now_publishes_immediately(api: MutationClient) -> None:
    post = api.create_ok(channelId=TWITTER, text="now", mode="shareNow")
    assert (post["status"], post["sentAt"], post["sharedNow"], post["shareMode"]) == (
        "sent",
        NOW,
        True,
        "shareNow",
    )
    assert post["externalLink"]
    assert "deletePost" not in post["allowedActions"]


def test_an_empty_schedule_still_lands_in_a_slot(api: MutationClient) -> None:
    post = api.create_ok(channelId=EMPTY_SCHEDULE, text="somewhere")
    assert post["dueAt"] == "2026-11-16T12:00:00.000Z"


def test_a_paused_queue_accepts_posts_on_its_unpaused_days(api: MutationClient) -> None:
    post = api.create_ok(channelId=PAUSED, text="waits")
    assert post["dueAt"] == "2026-11-16T08:00:00.000Z" and post["status"] == "scheduled"


# --- drafts and approval ----------------------------------------------------------------------


def test_save_to_draft_makes_a_draft_without_due_at(api: MutationClient) -> None:
    post = api.create_ok(
        channelId=TWITTER,
        text="draft",
        saveToDraft=True,
        mode="customScheduled",
        dueAt="2026-12-01T00:00:00Z",
    )
    assert (post["status"], post["dueAt"], post["via"]) == ("draft", None, "buffer")
    assert post["author"]["id"] == OLIVIA and post["createdAt"] == NOW == post["updatedAt"]


def test_drafts_skip_posting_limits(api: MutationClient) -> None:
    post = api.create_ok(channelId=TINY_TWITTER, text="draft", saveToDraft=True)
    assert post["status"] == "draft"


def test_needs_approval_makes_a_post_awaiting_approval(api: MutationClient) -> None:
    member = api.as_token(MEMBER)
    post = member.create_ok(channelId=APPROVAL, text="please", needsApproval=True)
    assert (post["status"], post["dueAt"]) == ("needs_approval", None)


def test_needs_approval_conflicts_with_save_to_draft_false(api: MutationClient) -> None:
    result = api.create(channelId=APPROVAL, text="x", needsApproval=True, saveToDraft=False)
    assert result == {
        "__typename": "InvalidInputError",
        "message": msg.NEEDS_APPROVAL_WITH_SAVE_TO_DRAFT_FALSE,
    }


def test_needs_approval_only_on_channels_that_require_it(api: MutationClient) -> None:
    result = api.create(channelId=TWITTER, text="x", needsApproval=True)
    assert result == {"__typename": "InvalidInputError", "message": msg.APPROVAL_NOT_REQUIRED}


def test_members_cannot_schedule_directly_on_an_approval_channel(api: MutationClient) -> None:
    result = api.as_token(MEMBER).create(channelId=APPROVAL, text="x")
    assert result == {"__typename": "InvalidInputError", "message": msg.APPROVAL_REQUIRED}
    assert api.as_token(ADMIN).create_ok(channelId=APPROVAL, text="x")["status"] == "scheduled"


# --- validation through the API ------------------------------------------------------------------


def test_text_is_required_verbatim(api: MutationClient) -> None:
    assert api.create(channelId=TWITTER, text="") == {
        "__typename": "InvalidInputError",
        "message": "Text is required",
    }


def test_text_only_instagram_is_refused_with_the_observed_message(api: MutationClient) -> None:
    assert api.create(channelId=INSTAGRAM, text="Hello") == {
        "__typename": "InvalidInputError",
        "message": "Invalid post: Instagram posts require at least one image or video., "
        "Instagram posts require a type (post, story, or reel).",
    }


def test_thread_text_must_match_the_post_text(api: MutationClient) -> None:
    thread = {"twitter": {"thread": [{"text": "first"}, {"text": "second"}]}}
    result = api.create(channelId=TWITTER, text="other", metadata=thread)
    assert result == {
        "__typename": "InvalidInputError",
        "message": msg.invalid_post([msg.THREAD_TEXT_MISMATCH]),
    }
    post = api.create_ok(channelId=TWITTER, text="first", metadata=thread)
    assert post["metadata"]["threadCount"] == 2


def test_link_attachment_with_assets_is_refused(api: MutationClient) -> None:
    metadata = {"facebook": {"type": "post", "linkAttachment": {"url": "https://buffer.example"}}}
    result = api.create(channelId=FACEBOOK, text="x", assets=[IMAGE], metadata=metadata)
    assert result == {"__typename": "InvalidInputError", "message": msg.LINK_WITH_ASSETS}


def test_a_link_asset_becomes_the_link_attachment(api: MutationClient) -> None:
    post = api.create_ok(
        channelId=LINKEDIN,
        text="read this",
        assets=[{"link": {"url": "https://buffer.example/blog", "title": "Blog"}}],
    )
    assert post["assets"] == []
    assert post["metadata"]["linkAttachment"] == {
        "url": "https://buffer.example/blog",
        "title": "Blog",
        "text": "",
    }


def test_an_asset_with_two_variants_is_refused(api: MutationClient) -> None:
    both = {**IMAGE, "video": {"url": "https://cdn.example.test/v.mp4"}}
    result = api.create(channelId=TWITTER, text="x", assets=[both])
    assert result["__typename"] == "InvalidInputError" and result["message"].startswith(
        "assets[0] must set exactly"
    )


def test_video_thumbnail_url_is_refused(api: MutationClient) -> None:
    video = {
        "video": {"url": "https://cdn.example.test/v.mp4", "thumbnailUrl": "https://cdn.example.test/t.jpg"}
    }
    result = api.create(channelId=TWITTER, text="x", assets=[video])
    assert result == {
        "__typename": "InvalidInputError",
        "message": msg.VIDEO_THUMBNAIL_URL.format(path="assets[0].video"),
    }


def test_pixel_user_tags_are_refused(api: MutationClient) -> None:
    image = {
        "image": {
            "url": "https://cdn.example.test/p.jpg",
            "metadata": {"altText": "", "userTags": [{"handle": "ann", "x": 540, "y": 0.5}]},
        }
    }
    result = api.create(
        channelId=INSTAGRAM,
        text="x",
        assets=[image],
        metadata={"instagram": {"type": "post", "shouldShareToFeed": True}},
    )
    assert result["__typename"] == "InvalidInputError" and "not pixels" in result["message"]


def test_control_characters_are_refused(api: MutationClient) -> None:
    result = api.create(channelId=TWITTER, text="bell\u0007")
    assert result == {
        "__typename": "InvalidInputError",
        "message": msg.CONTROL_CHARACTERS.format(field="text"),
    }


def test_text_length_follows_the_channel(api: MutationClient) -> None:
    assert api.create(channelId=TWITTER, text="x" * 281)["message"] == msg.invalid_post(
        [msg.TEXT_TOO_LONG.format(network="Twitter", limit=280, length=281)]
    )
    assert api.create_ok(channelId=MASTODON, text="x" * 500)["status"] == "scheduled"


# --- lookups and channel state ------------------------------------------------------------------


def test_unknown_channel_is_a_not_found_member(api: MutationClient) -> None:
    result = api.create(channelId="dddd0000000000000000ffff", text="x")
    assert result == {
        "__typename": "NotFoundError",
        "message": msg.CHANNEL_NOT_FOUND.format(id="dddd0000000000000000ffff"),
    }


def test_another_organizations_channel_is_an_unauthorized_member(api: MutationClient) -> None:
    result = api.create(channelId=OTHER_TWITTER, text="x")
    assert result == {
        "__typename": "UnauthorizedError",
        "message": msg.NOT_YOUR_ORGANIZATION.format(thing="channel"),
    }


def test_tags_must_belong_to_the_organization_and_are_read_back_sorted(api: MutationClient) -> None:
    foreign = api.create(channelId=TWITTER, text="x", tagIds=[TAG_FOREIGN])
    assert foreign == {"__typename": "NotFoundError", "message": msg.TAG_NOT_FOUND.format(id=TAG_FOREIGN)}
    locked = api.create(channelId=TWITTER, text="x", tagIds=[TAG_LOCKED])
    assert locked == {"__typename": "LimitReachedError", "message": msg.TAG_LOCKED.format(name="Archive")}
    post = api.create_ok(channelId=TWITTER, text="x", tagIds=[TAG_LAUNCH, TAG_AUTUMN, TAG_LAUNCH])
    assert [tag["name"] for tag in post["tags"]] == ["Autumn", "Launch"]


def test_idea_id_must_be_an_idea_of_the_organization(api: MutationClient) -> None:
    unknown = "9a9a0000000000000000ffff"
    result = api.create(channelId=TWITTER, text="x", ideaId=unknown)
    assert result == {"__typename": "NotFoundError", "message": msg.IDEA_NOT_FOUND.format(id=unknown)}
    post = api.create_ok(channelId=TWITTER, text="x", ideaId="9a9a00000000000000000001")
    assert post["ideaId"] == "9a9a00000000000000000001"


def test_locked_channels_take_no_posts(api: MutationClient) -> None:
    assert api.create(channelId=LOCKED, text="x", saveToDraft=True) == {
        "__typename": "LimitReachedError",
        "message": msg.CHANNEL_LOCKED,
    }


def test_disconnected_channels_take_drafts_but_no_schedule(api: MutationClient) -> None:
    assert api.create(channelId=DISCONNECTED, text="x") == {
        "__typename": "InvalidInputError",
        "message": msg.CHANNEL_DISCONNECTED,
    }
    assert api.create_ok(channelId=DISCONNECTED, text="x", saveToDraft=True)["status"] == "draft"


# --- limits -------------------------------------------------------------------------------------


def test_scheduled_posts_limit_of_the_organization(api: MutationClient) -> None:
    assert api.create(channelId=TINY_TWITTER, text="x") == {
        "__typename": "LimitReachedError",
        "message": msg.SCHEDULED_POSTS_LIMIT.format(limit=1),
    }
    assert api.create_ok(channelId=TINY_TWITTER, text="x", mode="shareNow")["status"] == "sent"


def test_scheduled_threads_limit_per_channel(api: MutationClient) -> None:
    thread = {"twitter": {"thread": [{"text": "a"}, {"text": "b"}]}}
    assert api.create(channelId=THREAD_TWITTER, text="a", metadata=thread) == {
        "__typename": "LimitReachedError",
        "message": msg.SCHEDULED_THREADS_LIMIT.format(limit=1),
    }
    assert api.create_ok(channelId=THREAD_TWITTER, text="single")["status"] == "scheduled"


def test_scheduled_stories_limit_per_channel(api: MutationClient) -> None:
    story = {"instagram": {"type": "story", "shouldShareToFeed": False}}
    assert api.create(channelId=STORY_INSTAGRAM, assets=[IMAGE], metadata=story) == {
        "__typename": "LimitReachedError",
        "message": msg.SCHEDULED_STORIES_LIMIT.format(limit=1),
    }


def test_daily_posting_limit_counts_writes_and_skips_full_days_in_the_queue(api: MutationClient) -> None:
    monday = "2026-11-16T10:00:00Z"
    assert api.daily(DAILY_LIMITED, monday)["scheduled"] == 1
    api.create_ok(channelId=DAILY_LIMITED, text="x", mode="customScheduled", dueAt="2026-11-16T15:00:00Z")
    status = api.daily(DAILY_LIMITED, monday)
    assert (status["scheduled"], status["limit"], status["isAtLimit"]) == (2, 2, True)
    refused = api.create(
        channelId=DAILY_LIMITED, text="x", mode="customScheduled", dueAt="2026-11-16T18:00:00Z"
    )
    assert refused == {
        "__typename": "LimitReachedError",
        "message": msg.DAILY_POSTING_LIMIT.format(limit=2, day="2026-11-16", timezone="Europe/Paris"),
    }
    # Sunday (today) still has its 17:00 slot, then Monday is full: the queue skips to Tuesday.
    assert api.create_ok(channelId=DAILY_LIMITED, text="q1")["dueAt"] == "2026-11-15T16:00:00.000Z"
    assert api.create_ok(channelId=DAILY_LIMITED, text="q2")["dueAt"] == "2026-11-17T08:00:00.000Z"


def test_a_channel_whose_days_are_all_full_has_no_queue_slot(api: MutationClient) -> None:
    assert api.create(channelId=ZERO_LIMIT, text="x") == {
        "__typename": "LimitReachedError",
        "message": msg.QUEUE_NO_SLOT.format(days=400, limit=0),
    }
    assert api.create(channelId=ZERO_LIMIT, text="x", mode="shareNext")["__typename"] == "LimitReachedError"
    assert api.create_ok(channelId=ZERO_LIMIT, text="x", saveToDraft=True)["status"] == "draft"


def test_drafts_do_not_count_in_daily_limits(api: MutationClient) -> None:
    api.create_ok(channelId=TWITTER, text="draft", saveToDraft=True)
    api.create_ok(channelId=TWITTER, text="now", mode="shareNow")
    api.create_ok(channelId=TWITTER, text="later today")  # the 17:00 slot
    status = api.daily(TWITTER)
    assert (status["scheduled"], status["sent"]) == (1, 1)


# --- read-back ----------------------------------------------------------------------------------


def test_a_created_post_reads_back_identically_through_post_and_posts(api: MutationClient) -> None:
    created = api.create_ok(
        channelId=FACEBOOK,
        text="hello",
        assets=[IMAGE],
        tagIds=[TAG_LAUNCH],
        metadata={"facebook": {"type": "post", "firstComment": "first!"}},
    )
    assert api.post(created["id"]) == created
    listed = [p for p in api.posts(MAIN, [FACEBOOK]) if p["id"] == created["id"]]
    assert listed == [created]
