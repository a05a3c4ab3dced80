"""Media limits from the network table: counts, formats, sizes (URL hints), durations."""

from __future__ import annotations

from typing import Any

from mockserver.networks import NETWORKS
from mockserver.rules.media_rules import (
    asset_format,
    asset_megabytes,
    asset_seconds,
    media_problems,
    url_hints,
)


def image(url: str = "https://cdn.example/a.jpg", mime: str = "image/jpeg") -> dict[str, Any]:
    return {"type": "image", "source": url, "mimeType": mime}


def video(url: str = "https://cdn.example/a.mp4", mime: str = "video/mp4") -> dict[str, Any]:
    return {"type": "video", "source": url, "mimeType": mime}


def test_url_fragment_hints_measure_size_and_duration() -> None:
    assert url_hints("https://x/a.mp4#mock-megabytes=12.5&mock-seconds=90") == {
        "mock-megabytes": 12.5,
        "mock-seconds": 90.0,
    }
    assert url_hints("https://x/a.mp4#mock-seconds=-1&mock-megabytes=nan&other=3") == {}
    assert asset_megabytes(video()) == 10.0 and asset_seconds(video()) == 15.0
    assert asset_megabytes(image("https://x/a.jpg#mock-megabytes=7")) == 7.0


def test_formats_come_from_the_mime_type() -> None:
    assert asset_format(video(mime="video/quicktime")) == "mov"
    assert asset_format({"type": "image"}) is None


def test_twitter_takes_four_images_and_refuses_a_fifth() -> None:
    twitter = NETWORKS.profile("twitter")
    assert media_problems(twitter, [image()] * 4) == []
    assert media_problems(twitter, [image()] * 5) == [
        "Twitter posts can carry at most 4 image(s) (this one has 5)."
    ]


def test_limits_are_inclusive_and_refusals_name_the_asset() -> None:
    twitter = NETWORKS.profile("twitter")
    assert media_problems(twitter, [video("https://x/a.mp4#mock-seconds=140&mock-megabytes=512")]) == []
    assert media_problems(
        twitter, [image(), video("https://x/a.mp4#mock-seconds=141&mock-megabytes=513")]
    ) == [
        "Twitter videos are limited to 512 MB (assets[1] has 513 MB).",
        "Twitter videos are limited to 140 seconds (assets[1] runs 141 s).",
    ]
    assert media_problems(twitter, [image("https://x/a.heic", "image/heic")]) == [
        "Twitter images must be one of jpeg, png, gif, webp (assets[0] is heic)."
    ]


def test_a_kind_the_network_does_not_take_is_refused_once() -> None:
    assert media_problems(NETWORKS.profile("substack"), [video(), video()]) == [
        "Substack posts cannot carry a video."
    ]
