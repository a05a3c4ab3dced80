"""Content rules of a post (create and edit share them)."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.errors import MutationRejected
from mockserver.rules import post_messages as msg
from mockserver.rules.post_input import default_metadata
from mockserver.rules.post_validation import (
    TWITTER_PREMIUM_LIMIT,
    PostContent,
    control_character_field,
    has_control_characters,
    length_problems,
    link_with_media,
    network_requirements,
    text_is_missing,
    text_limit,
    thread_problems,
    validate_post_content,
)

IMAGE = {"__typename": "ImageAsset", "type": "image"}
VIDEO = {"__typename": "VideoAsset", "type": "video"}
DOCUMENT = {"__typename": "DocumentAsset", "type": "document"}


def content(
    service: str,
    text: str = "",
    assets: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None,
    limit: int | None = None,
) -> PostContent:
    return PostContent(service=service, text=text, assets=assets or [], metadata=metadata, text_limit=limit)


def rejection(value: PostContent) -> str:
    with pytest.raises(MutationRejected) as caught:
        validate_post_content(value)
    assert caught.value.payload["__typename"] == "InvalidInputError"
    return caught.value.payload["message"]


def test_text_only_instagram_post_gets_buffers_observed_message_verbatim() -> None:
    assert rejection(content("instagram", "Hello")) == (
        "Invalid post: Instagram posts require at least one image or video., "
        "Instagram posts require a type (post, story, or reel)."
    )


def test_empty_text_without_assets_is_text_is_required_verbatim() -> None:
    assert rejection(content("twitter", "   ")) == "Text is required"


@pytest.mark.parametrize(
    "service", ["twitter", "mastodon", "threads", "bluesky", "facebook", "linkedin", "startPage"]
)
def test_text_or_media_networks_accept_media_without_text(service: str) -> None:
    assert not text_is_missing(content(service, "", [IMAGE]))
    assert text_is_missing(content(service, ""))


def test_instagram_accepts_media_and_type_without_text() -> None:
    metadata = default_metadata("instagram")
    validate_post_content(content("instagram", "", [IMAGE], metadata))


def test_instagram_rejects_a_type_it_does_not_have() -> None:
    metadata = {**default_metadata("instagram"), "type": "thread"}  # type: ignore[dict-item]
    assert network_requirements(content("instagram", "x", [IMAGE], metadata)) == [
        msg.INSTAGRAM_TYPE_UNSUPPORTED.format(type="thread")
    ]


def test_tiktok_needs_an_image_or_video() -> None:
    assert network_requirements(content("tiktok", "x", [], default_metadata("tiktok"))) == [
        msg.TIKTOK_MEDIA_REQUIRED
    ]
    assert network_requirements(content("tiktok", "x", [VIDEO], default_metadata("tiktok"))) == []


def test_pinterest_needs_media_and_a_board() -> None:
    assert network_requirements(content("pinterest", "x")) == [
        msg.PINTEREST_MEDIA_REQUIRED,
        msg.PINTEREST_BOARD_REQUIRED,
    ]
    metadata = {**default_metadata("pinterest"), "board": {"serviceId": "1"}}  # type: ignore[dict-item]
    assert network_requirements(content("pinterest", "", [IMAGE], metadata)) == []


def test_youtube_needs_a_video_a_title_and_a_category() -> None:
    assert network_requirements(content("youtube", "x", [IMAGE])) == [
        msg.YOUTUBE_VIDEO_REQUIRED,
        msg.YOUTUBE_TITLE_REQUIRED,
        msg.YOUTUBE_CATEGORY_REQUIRED,
    ]
    metadata = {
        **default_metadata("youtube"),
        "title": "T",  # type: ignore[dict-item]
        "category": {"categoryId": "22", "title": "People & Blogs"},
    }
    assert network_requirements(content("youtube", "", [VIDEO], metadata)) == []


def test_google_business_needs_a_type_and_complete_offer_or_event_details() -> None:
    assert network_requirements(content("googlebusiness", "x")) == [msg.GOOGLE_TYPE_REQUIRED]
    offer = {
        **default_metadata("googlebusiness"),
        "type": "offer",  # type: ignore[dict-item]
        "details": {"title": "Sale", "startDate": 1, "endDate": None},
    }
    assert network_requirements(content("googlebusiness", "x", metadata=offer)) == [
        msg.GOOGLE_DETAILS_REQUIRED.format(kind="offer", field="metadata.google.detailsOffer")
    ]
    offer["details"] = {"title": "Sale", "startDate": 5, "endDate": 1}
    assert network_requirements(content("googlebusiness", "x", metadata=offer)) == [
        msg.GOOGLE_DATES_ORDER.format(kind="offer")
    ]
    offer["details"] = {"title": "Sale", "startDate": 1, "endDate": 5}
    assert network_requirements(content("googlebusiness", "x", metadata=offer)) == []


def test_whats_new_google_post_needs_no_details() -> None:
    assert (
        network_requirements(content("googlebusiness", "", metadata=default_metadata("googlebusiness"))) == []
    )


def test_documents_are_for_linkedin_only() -> None:
    assert network_requirements(content("linkedin", "x", [DOCUMENT])) == []
    assert network_requirements(content("facebook", "x", [DOCUMENT])) == [msg.DOCUMENTS_LINKEDIN_ONLY]


def test_thread_first_item_must_equal_the_post_text() -> None:
    metadata = {**default_metadata("twitter"), "thread": [{"text": "one"}, {"text": "two"}]}  # type: ignore[dict-item]
    assert thread_problems(content("twitter", "one", metadata=metadata)) == []
    assert thread_problems(content("twitter", "uno", metadata=metadata)) == [msg.THREAD_TEXT_MISMATCH]
    assert rejection(content("twitter", "uno", metadata=metadata)) == msg.invalid_post(
        [msg.THREAD_TEXT_MISMATCH]
    )


def test_thread_items_need_text_or_media() -> None:
    metadata = {"thread": [{"text": "one"}, {"text": " ", "assets": []}, {"text": "", "assets": [IMAGE]}]}
    assert thread_problems(content("threads", "one", metadata=metadata)) == [
        msg.THREAD_ITEM_EMPTY.format(position=2)
    ]


def test_control_characters_are_found_except_tab_newline_and_carriage_return() -> None:
    assert not has_control_characters("line\tone\r\nline two")
    assert has_control_characters("bell\x07")
    assert has_control_characters("\x00")
    assert has_control_characters("\x1f")
    assert not has_control_characters("\x7f é 😀")


def test_control_characters_in_thread_items_are_rejected_too() -> None:
    metadata = {"thread": [{"text": "ok"}, {"text": "bad\x0b"}]}
    assert control_character_field(content("twitter", "ok", metadata=metadata)) == "metadata thread item 2"
    assert rejection(content("twitter", "ok\x01")) == msg.CONTROL_CHARACTERS.format(field="text")


def test_link_attachment_with_media_is_rejected() -> None:
    metadata = {**default_metadata("facebook"), "linkAttachment": {"url": "https://a.example"}}  # type: ignore[dict-item]
    assert link_with_media(content("facebook", "x", [IMAGE], metadata))
    assert not link_with_media(content("facebook", "x", [], metadata))
    assert rejection(content("facebook", "x", [IMAGE], metadata)) == msg.LINK_WITH_ASSETS


def test_text_limits_come_from_one_table_and_the_channel() -> None:
    assert text_limit("twitter", None) == 280
    assert text_limit("twitter", {"subscriptionType": "premium"}) == TWITTER_PREMIUM_LIMIT
    assert text_limit("twitter", {"subscriptionType": "None"}) == 280
    assert text_limit("bluesky", None) == 300
    assert text_limit("mastodon", {"maxCharacters": 1000}) == 1000
    assert text_limit("startPage", None) is None


def test_text_over_the_limit_is_rejected_with_both_numbers() -> None:
    assert length_problems(content("bluesky", "x" * 301, limit=300)) == [
        msg.TEXT_TOO_LONG.format(network="Bluesky", limit=300, length=301)
    ]
    assert length_problems(content("bluesky", "x" * 300, limit=300)) == []


def test_thread_replies_over_the_limit_are_named_by_position() -> None:
    metadata = {"thread": [{"text": "a"}, {"text": "b" * 281}]}
    assert length_problems(content("twitter", "a", metadata=metadata, limit=280)) == [
        msg.THREAD_ITEM_TOO_LONG.format(network="Twitter", position=2, limit=280, length=281)
    ]
