"""AssetInput lists -> the stored, GraphQL-shaped assets (and the link set apart)."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.errors import MutationRejected
from mockserver.rules import post_messages as msg
from mockserver.rules.post_assets import asset_variant, check_user_tags, convert_assets


def message_of(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(MutationRejected) as caught:
        call(*args, **kwargs)
    assert caught.value.payload["__typename"] == "InvalidInputError"
    return caught.value.payload["message"]


def test_an_asset_input_must_set_exactly_one_variant() -> None:
    assert asset_variant({"image": {"url": "https://a.example/x.png"}}, "assets[0]") == "image"
    assert message_of(asset_variant, {}, "assets[0]") == msg.ASSET_ONE_VARIANT.format(
        path="assets[0]", given="none"
    )
    both = {"image": {"url": "u"}, "video": {"url": "v"}}
    assert message_of(asset_variant, both, "assets[1]") == msg.ASSET_ONE_VARIANT.format(
        path="assets[1]", given="image, video"
    )


def test_image_input_becomes_an_image_asset_with_defaults() -> None:
    converted = convert_assets(
        [
            {
                "image": {
                    "url": "https://cdn.example/cat.PNG",
                    "metadata": {"altText": "A cat", "dimensions": {"width": 640, "height": 480}},
                }
            }
        ]
    )
    (asset,) = converted.media
    assert asset["__typename"] == "ImageAsset" and asset["id"] is None and asset["type"] == "image"
    assert asset["mimeType"] == "image/png" and asset["source"] == asset["thumbnail"]
    assert asset["image"] == {
        "altText": "A cat",
        "width": 640,
        "height": 480,
        "isAnimated": False,
        "animatedThumbnail": None,
        "userTags": None,
    }
    assert converted.link is None


def test_gif_images_are_animated() -> None:
    (asset,) = convert_assets([{"image": {"url": "https://cdn.example/a.gif"}}]).media
    assert asset["image"]["isAnimated"] and asset["image"]["altText"] == ""


def test_video_thumbnail_url_is_rejected() -> None:
    raw = [{"video": {"url": "https://cdn.example/v.mp4", "thumbnailUrl": "https://cdn.example/t.jpg"}}]
    assert message_of(convert_assets, raw) == msg.VIDEO_THUMBNAIL_URL.format(path="assets[0].video")


def test_video_input_keeps_its_thumbnail_offset_and_title() -> None:
    (asset,) = convert_assets(
        [
            {
                "video": {
                    "url": "https://cdn.example/v.mp4",
                    "metadata": {"thumbnailOffset": 1500, "title": "Clip"},
                }
            }
        ]
    ).media
    assert asset["__typename"] == "VideoAsset" and asset["mimeType"] == "video/mp4"
    assert asset["video"]["thumbnailOffset"] == 1500 and asset["video"]["title"] == "Clip"


def test_document_input_becomes_a_document_asset() -> None:
    (asset,) = convert_assets(
        [
            {
                "document": {
                    "url": "https://cdn.example/deck.pdf",
                    "title": "Deck",
                    "thumbnailUrl": "https://cdn.example/deck.jpg",
                }
            }
        ]
    ).media
    assert asset["__typename"] == "DocumentAsset" and asset["mimeType"] == "application/pdf"
    assert asset["document"]["title"] == "Deck" and asset["thumbnail"] == "https://cdn.example/deck.jpg"


def test_asset_urls_must_be_http() -> None:
    assert message_of(convert_assets, [{"image": {"url": "ftp://x/y.png"}}]) == msg.ASSET_URL_INVALID.format(
        path="assets[0].image.url"
    )


def test_user_tags_are_fractions_not_pixels() -> None:
    check_user_tags([{"handle": "a", "x": 0.0, "y": 1.0}], "p")
    assert message_of(
        check_user_tags, [{"handle": "a", "x": 540, "y": 0.5}], "p"
    ) == msg.USER_TAG_POSITION.format(path="p[0]", x=540, y=0.5)


def test_a_link_asset_is_set_apart_and_cannot_join_media() -> None:
    converted = convert_assets([{"link": {"url": "https://buffer.example", "title": "T"}}])
    assert converted.media == [] and converted.link is not None and converted.link["title"] == "T"
    mixed = [{"link": {"url": "https://buffer.example"}}, {"image": {"url": "https://cdn.example/a.png"}}]
    assert message_of(convert_assets, mixed) == msg.LINK_WITH_ASSETS
    twice = [{"link": {"url": "https://a.example"}}, {"link": {"url": "https://b.example"}}]
    assert message_of(convert_assets, twice) == msg.LINK_ASSET_SEVERAL
