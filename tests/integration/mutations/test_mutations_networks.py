"""Every network: create a minimal valid post, read it back, edit, move and delete it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.mutations.support import (
    BLUESKY,
    FACEBOOK,
    GOOGLE,
    INSTAGRAM,
    LINKEDIN,
    MAIN,
    MASTODON,
    PINTEREST,
    START_PAGE,
    THREADS,
    TIKTOK,
    TWITTER,
    YOUTUBE,
    MutationClient,
)

IMAGE = {"image": {"url": "https://cdn.example.test/photo.jpg", "metadata": {"altText": "A photo"}}}
VIDEO = {"video": {"url": "https://cdn.example.test/clip.mp4", "metadata": {"thumbnailOffset": 1000}}}

# service -> (channel, minimal createPost fields, editPost fields, what the edit must show)
MINIMAL: dict[str, tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    "twitter": (TWITTER, {"text": "Tweet"}, {"text": "Tweet, edited"}, {"text": "Tweet, edited"}),
    "facebook": (
        FACEBOOK,
        {"text": "Status", "metadata": {"facebook": {"type": "post"}}},
        {"metadata": {"facebook": {"type": "reel"}}},
        {"metadata.type": "reel", "text": "Status"},
    ),
    "instagram": (
        INSTAGRAM,
        {"assets": [IMAGE], "metadata": {"instagram": {"type": "post", "shouldShareToFeed": True}}},
        {"text": "Caption"},
        {"text": "Caption", "metadata.type": "post"},
    ),
    "linkedin": (
        LINKEDIN,
        {"text": "Update"},
        {"metadata": {"linkedin": {"firstComment": "More below"}}},
        {"metadata.firstComment": "More below"},
    ),
    "pinterest": (
        PINTEREST,
        {"assets": [IMAGE], "metadata": {"pinterest": {"boardServiceId": "555000111"}}},
        {"metadata": {"pinterest": {"title": "A pin"}}},
        {"metadata.title": "A pin", "metadata.board.serviceId": "555000111"},
    ),
    "tiktok": (TIKTOK, {"assets": [VIDEO]}, {"text": "#fyp"}, {"text": "#fyp"}),
    "youtube": (
        YOUTUBE,
        {"assets": [VIDEO], "metadata": {"youtube": {"title": "Video", "categoryId": "22"}}},
        {"metadata": {"youtube": {"privacy": "unlisted"}}},
        {"metadata.title": "Video", "metadata.privacy": "unlisted", "metadata.category.categoryId": "22"},
    ),
    "googlebusiness": (
        GOOGLE,
        {
            "metadata": {
                "google": {
                    "type": "offer",
                    "detailsOffer": {
                        "title": "Sale",
                        "startDate": "2026-12-01T00:00:00Z",
                        "endDate": "2026-12-31T00:00:00Z",
                    },
                }
            }
        },
        {"metadata": {"google": {"type": "offer", "detailsOffer": {"code": "SAVE10"}}}},
        {"metadata.details.code": "SAVE10", "metadata.details.title": "Sale"},
    ),
    "mastodon": (
        MASTODON,
        {"text": "Toot"},
        {"metadata": {"mastodon": {"spoilerText": "CW"}}},
        {"metadata.spoilerText": "CW"},
    ),
    "threads": (
        THREADS,
        {"text": "Thread"},
        {"metadata": {"threads": {"topic": "news"}}},
        {"metadata.topic": "news"},
    ),
    "bluesky": (BLUESKY, {"text": "Skeet"}, {"text": "Skeet!"}, {"text": "Skeet!"}),
    "startPage": (START_PAGE, {"text": "Page update"}, {"text": "Page update 2"}, {"text": "Page update 2"}),
}


def dig(value: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        value = value[part]
    return value


@pytest.mark.parametrize("service", sorted(MINIMAL))
def test_round_trip_of_a_minimal_post(api: MutationClient, service: str) -> None:
    channel_id, create_fields, edit_fields, expected = MINIMAL[service]
    created = api.create_ok(channelId=channel_id, **create_fields)
    assert created["channelService"] == service and created["status"] == "scheduled"

    assert api.post(created["id"]) == created
    assert [p for p in api.posts(MAIN, [channel_id]) if p["id"] == created["id"]] == [created]

    edited = api.edit_ok(created["id"], **edit_fields)
    for path, value in expected.items():
        assert dig(edited, path) == value, path
    assert api.post(created["id"]) == edited

    moved = api.move(created["id"], "top")["data"]["movePostInQueue"]
    assert moved["__typename"] == "PostActionSuccess" and moved["post"]["id"] == created["id"]

    deleted = api.delete(created["id"])
    assert deleted["data"]["deletePost"] == {"__typename": "DeletePostSuccess", "id": created["id"]}
    assert created["id"] not in [p["id"] for p in api.posts(MAIN, [channel_id])]


def test_every_service_of_the_schema_has_a_round_trip() -> None:
    from mockserver.services import SERVICES

    assert sorted(MINIMAL) == sorted(SERVICES)
