"""Media limits of a network (counts, formats, file sizes, durations), as pure rules.

The limits are the network profile table's (``media`` in networks.yaml). A mock cannot fetch
a file, so it measures an asset from its URL: the format from the file extension (the MIME type
the asset already carries), the size and duration from optional measurement hints in the URL
fragment, ``#mock-megabytes=12&mock-seconds=95`` (fragments never reach a web server, so real
URLs stay valid). Without hints an asset measures :data:`DEFAULT_MEGABYTES` and a video
:data:`DEFAULT_VIDEO_SECONDS`, within every network's limits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mockserver.networks import NetworkProfile
from mockserver.rules import post_messages as msg

Json = dict[str, Any]

MEGABYTES_HINT = "mock-megabytes"
SECONDS_HINT = "mock-seconds"
DEFAULT_MEGABYTES: Mapping[str, float] = {"image": 1.0, "video": 10.0, "document": 1.0}
DEFAULT_VIDEO_SECONDS = 15.0
BYTES_PER_MEGABYTE = 1024 * 1024

# MIME type -> MediaFormat (our placeholder values; see docs/fidelity.md).
FORMAT_OF_MIME: Mapping[str, str] = {
    "image/jpeg": "jpeg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/heic": "heic",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
}
MEDIA_KINDS: tuple[str, ...] = ("image", "video")


def url_hints(url: str) -> dict[str, float]:
    """The measurement hints of a URL fragment (unknown keys and bad numbers are ignored)."""
    _, _, fragment = url.partition("#")
    hints: dict[str, float] = {}
    for part in fragment.split("&"):
        key, _, value = part.partition("=")
        if key in (MEGABYTES_HINT, SECONDS_HINT):
            try:
                number = float(value)
            except ValueError:
                continue
            if number >= 0 and number == number and number != float("inf"):
                hints[key] = number
    return hints


def asset_megabytes(asset: Mapping[str, Any]) -> float:
    return url_hints(str(asset.get("source") or "")).get(
        MEGABYTES_HINT, DEFAULT_MEGABYTES.get(str(asset.get("type")), 1.0)
    )


def asset_seconds(asset: Mapping[str, Any]) -> float:
    return url_hints(str(asset.get("source") or "")).get(SECONDS_HINT, DEFAULT_VIDEO_SECONDS)


def asset_format(asset: Mapping[str, Any]) -> str | None:
    """The asset's MediaFormat (None: the asset carries no MIME type, so nothing to check)."""
    mime = str(asset.get("mimeType") or "")
    if not mime:
        return None
    return FORMAT_OF_MIME.get(mime, mime.rsplit("/", 1)[-1])


def _number(value: float) -> str:
    return f"{value:g}"


def media_problems(profile: NetworkProfile, assets: Sequence[Mapping[str, Any]]) -> list[str]:
    """Everything about the post's images and videos that the network refuses."""
    media = profile.media
    network = profile.label
    problems: list[str] = []
    documents = sum(1 for a in assets if a.get("type") == "document")
    if "document" in media.kinds and documents > media.max_documents:
        problems.append(
            msg.MEDIA_TOO_MANY.format(
                network=network, limit=media.max_documents, kind="document", count=documents
            )
        )
    for kind in MEDIA_KINDS:
        indexed = [(i, a) for i, a in enumerate(assets) if a.get("type") == kind]
        if not indexed:
            continue
        if kind not in media.kinds:
            problems.append(msg.MEDIA_KIND_UNSUPPORTED.format(network=network, kind=kind))
            continue
        limit = media.max_count(kind)
        if len(indexed) > limit:
            problems.append(
                msg.MEDIA_TOO_MANY.format(network=network, limit=limit, kind=kind, count=len(indexed))
            )
        formats = media.formats(kind)
        max_megabytes = media.max_image_megabytes if kind == "image" else media.max_video_megabytes
        for index, asset in indexed:
            found = asset_format(asset)
            if found is not None and found not in formats:
                problems.append(
                    msg.MEDIA_FORMAT.format(
                        network=network, kind=kind, formats=", ".join(formats), index=index, format=found
                    )
                )
            size = asset_megabytes(asset)
            if size > max_megabytes:
                problems.append(
                    msg.MEDIA_TOO_LARGE.format(
                        network=network, kind=kind, limit=max_megabytes, index=index, size=_number(size)
                    )
                )
            if kind == "video" and asset_seconds(asset) > media.max_video_seconds:
                problems.append(
                    msg.VIDEO_TOO_LONG.format(
                        network=network,
                        limit=media.max_video_seconds,
                        index=index,
                        seconds=_number(asset_seconds(asset)),
                    )
                )
    return problems
