"""PostInputMetaData -> the stored, GraphQL-shaped PostMetadata."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mockserver.errors import MutationRejected
from mockserver.rules import post_messages as msg
from mockserver.rules.post_assets import convert_assets
from mockserver.rules.post_input import (
    ChannelFacts,
    attach_link,
    build_metadata,
    default_metadata,
    google_details,
    youtube_category,
)

NOW = 1_700_000_000_000
BOARDS = {
    "__typename": "PinterestMetadata",
    "boards": [
        {
            "id": "b1",
            "serviceId": "987",
            "name": "Recipes",
            "url": "https://pinterest.example/r",
            "description": None,
            "avatar": None,
        }
    ],
}


def message_of(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(MutationRejected) as caught:
        call(*args, **kwargs)
    assert caught.value.payload["__typename"] == "InvalidInputError"
    return caught.value.payload["message"]


def metadata_for(
    service: str,
    raw: dict[str, Any] | None,
    existing: dict[str, Any] | None = None,
    creating: bool = True,
    channel_metadata: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    return build_metadata(
        ChannelFacts(service, channel_metadata), raw, existing, now_ms=NOW, creating=creating
    )


def test_a_link_asset_lands_on_link_attachment_where_the_network_has_one() -> None:
    link = convert_assets([{"link": {"url": "https://buffer.example"}}]).link
    metadata = attach_link(ChannelFacts("linkedin"), None, link, None)
    assert metadata is not None and metadata["linkAttachment"]["url"] == "https://buffer.example"
    assert message_of(
        attach_link, ChannelFacts("twitter"), None, link, None
    ) == msg.LINK_ASSET_UNSUPPORTED.format(network="Twitter")
    raw = {"linkedin": {"linkAttachment": {"url": "https://other.example"}}}
    assert message_of(attach_link, ChannelFacts("linkedin"), None, link, raw) == msg.LINK_TWICE.format(
        key="linkedin"
    )


def test_every_network_default_fills_the_non_null_output_fields() -> None:
    for service in (
        "instagram",
        "facebook",
        "linkedin",
        "twitter",
        "pinterest",
        "googlebusiness",
        "youtube",
        "mastodon",
        "tiktok",
        "threads",
        "bluesky",
    ):
        metadata = default_metadata(service)
        assert metadata is not None and metadata["annotations"] == [] and metadata["type"]
    youtube = default_metadata("youtube")
    assert youtube is not None
    assert (
        youtube["embeddable"],
        youtube["license"],
        youtube["madeForKids"],
        youtube["notifySubscribers"],
        youtube["privacy"],
    ) == (True, "youtube", False, True, "public")
    assert default_metadata("startPage") is None


def test_create_without_metadata_defaults_only_where_nothing_is_required() -> None:
    twitter = metadata_for("twitter", None)
    assert (
        twitter is not None and twitter["__typename"] == "TwitterPostMetadata" and twitter["threadCount"] == 0
    )
    assert metadata_for("instagram", None) is None
    assert metadata_for("pinterest", None) is None
    assert metadata_for("startPage", {"twitter": {}}) is None


def test_metadata_for_another_network_is_ignored() -> None:
    assert metadata_for(
        "facebook", {"instagram": {"type": "reel", "shouldShareToFeed": True}}
    ) == default_metadata("facebook")


def test_thread_input_becomes_thread_and_thread_count() -> None:
    metadata = metadata_for(
        "bluesky",
        {
            "bluesky": {
                "thread": [
                    {"text": "one", "assets": []},
                    {"text": "two", "assets": [{"image": {"url": "https://c.example/a.jpg"}}]},
                ]
            }
        },
    )
    assert metadata is not None and metadata["threadCount"] == 2
    assert [item["text"] for item in metadata["thread"]] == ["one", "two"]
    assert metadata["thread"][1]["assets"][0]["__typename"] == "ImageAsset"


def test_instagram_input_keeps_type_feed_flag_and_disclosure() -> None:
    metadata = metadata_for(
        "instagram",
        {
            "instagram": {
                "type": "reel",
                "shouldShareToFeed": False,
                "isAiGenerated": None,
                "geolocation": {"id": "1"},
            }
        },
    )
    assert metadata is not None
    assert (metadata["type"], metadata["shouldShareToFeed"], metadata["isAiGenerated"]) == (
        "reel",
        False,
        False,
    )
    assert metadata["geolocation"] == {"id": "1", "text": None}


def test_pinterest_board_is_resolved_from_the_channel_boards() -> None:
    metadata = metadata_for(
        "pinterest", {"pinterest": {"boardServiceId": "987", "title": "Pin"}}, channel_metadata=BOARDS
    )
    assert (
        metadata is not None
        and metadata["board"]["name"] == "Recipes"
        and "__typename" not in metadata["board"]
    )
    assert message_of(
        metadata_for, "pinterest", {"pinterest": {"boardServiceId": "nope"}}, channel_metadata=BOARDS
    ) == msg.PINTEREST_BOARD_UNKNOWN.format(board="nope")


def test_youtube_category_comes_from_the_fixed_list() -> None:
    assert youtube_category("22") == {"categoryId": "22", "title": "People & Blogs"}
    assert message_of(youtube_category, "99").startswith("YouTube category 99 does not exist")


def test_facebook_and_linkedin_annotations_become_mentions() -> None:
    facebook = metadata_for(
        "facebook",
        {
            "facebook": {
                "type": "post",
                "annotations": [
                    {
                        "content": "107",
                        "indices": [0, 6],
                        "text": "Buffer",
                        "url": "https://facebook.example/107",
                    }
                ],
            }
        },
    )
    assert facebook is not None and facebook["annotations"][0]["type"] == "mention"
    linkedin = metadata_for(
        "linkedin",
        {
            "linkedin": {
                "annotations": [
                    {
                        "id": "1",
                        "entity": "urn:li:organization:1",
                        "length": 6,
                        "link": "https://l.example",
                        "localizedName": "Buffer",
                        "start": 5,
                        "vanityName": "bufferapp",
                    }
                ]
            }
        },
    )
    assert linkedin is not None and linkedin["annotations"][0]["indices"] == [5, 11]


def test_google_event_details_become_the_event_member_with_ms_dates() -> None:
    start = datetime(2026, 12, 1, 10, tzinfo=UTC)
    end = datetime(2026, 12, 1, 12, tzinfo=UTC)
    metadata = metadata_for(
        "googlebusiness",
        {
            "google": {
                "type": "event",
                "detailsEvent": {
                    "title": "Launch",
                    "startDate": start,
                    "endDate": end,
                    "isFullDayEvent": False,
                },
            }
        },
    )
    assert metadata is not None and metadata["type"] == "event" and metadata["title"] == "Launch"
    details = metadata["details"]
    assert details["__typename"] == "GoogleBusinessEventMetaData" and details["button"] == "none"
    assert details["endDate"] - details["startDate"] == 2 * 3600 * 1000


def test_google_details_for_another_type_are_rejected() -> None:
    assert message_of(
        google_details, "event", {"detailsOffer": {"title": "x"}}, None
    ) == msg.GOOGLE_DETAILS_MISMATCH.format(field="detailsOffer", type="event")


def test_edit_merges_present_keys_and_keeps_omitted_ones() -> None:
    existing = metadata_for(
        "youtube", {"youtube": {"title": "Old", "categoryId": "22", "privacy": "unlisted"}}
    )
    edited = metadata_for(
        "youtube",
        {"youtube": {"privacy": None, "title": None, "madeForKids": True}},
        existing,
        creating=False,
    )
    assert edited is not None and existing is not None
    assert edited["title"] == "Old" and edited["category"] == existing["category"]
    assert edited["privacy"] == "public" and edited["madeForKids"] is True
    assert existing["madeForKids"] is False  # the stored value is not mutated


def test_edit_of_google_details_keeps_dates_sent_as_null() -> None:
    start, end = datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 2, tzinfo=UTC)
    existing = metadata_for(
        "googlebusiness",
        {"google": {"type": "offer", "detailsOffer": {"title": "Sale", "startDate": start, "endDate": end}}},
    )
    edited = metadata_for(
        "googlebusiness",
        {"google": {"type": "offer", "detailsOffer": {"startDate": None, "code": "SAVE"}}},
        existing,
        creating=False,
    )
    assert edited is not None and existing is not None
    assert edited["details"]["startDate"] == existing["details"]["startDate"]
    assert edited["details"]["code"] == "SAVE" and edited["details"]["title"] == "Sale"
