"""``AssetInput`` lists -> the Post entity's GraphQL-shaped Asset dicts, plus at most one link.

Each AssetInput sets exactly one variant (checked here: the schema cannot). Images, videos and
documents become ``ImageAsset`` / ``VideoAsset`` / ``DocumentAsset`` dicts with the measured
values Buffer would fill in (a mock cannot fetch the file, so it uses fixed defaults, or the
dimensions the caller gave). A ``link`` asset is set apart as a ``LinkAttachment`` dict for
:func:`mockserver.rules.post_input.attach_link`. Input-shape mistakes raise
:class:`MutationRejected` (``InvalidInputError``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mockserver.errors import invalid_input
from mockserver.rules import post_messages as msg
from mockserver.rules.media_rules import BYTES_PER_MEGABYTE, MEGABYTES_HINT, SECONDS_HINT, url_hints
from mockserver.rules.media_types import mime_type as asset_mime_type

Json = dict[str, Any]

ASSET_VARIANTS: tuple[str, ...] = ("image", "video", "document", "link")
# Asset values the API measures itself; a mock cannot fetch, so it uses these (given dimensions win).
DEFAULT_IMAGE_SIZE = (1080, 1080)
DEFAULT_VIDEO_SIZE = (1080, 1920)
DEFAULT_VIDEO_DURATION = 15_000
DEFAULT_DOCUMENT_PAGES = 1
_LINKS_PER_POST = 1


@dataclass(frozen=True, slots=True)
class ConvertedAssets:
    """Media assets in order, and the link a ``link`` AssetInput carried (a LinkAttachment dict)."""

    media: list[Json]
    link: Json | None


def is_http_url(value: str) -> bool:
    lowered = value.strip().lower()
    return (lowered.startswith("https://") or lowered.startswith("http://")) and len(lowered) > len(
        "https://"
    )


def check_url(value: str, path: str) -> None:
    if not is_http_url(value):
        raise invalid_input(msg.ASSET_URL_INVALID.format(path=path))


def asset_variant(raw: Mapping[str, Any], path: str) -> str:
    """The one variant an AssetInput sets (``@oneOf`` semantics, checked by the API, not the schema)."""
    given = [variant for variant in ASSET_VARIANTS if raw.get(variant) is not None]
    if len(given) != 1:
        raise invalid_input(msg.ASSET_ONE_VARIANT.format(path=path, given=", ".join(given) or "none"))
    return given[0]


def check_user_tags(user_tags: Sequence[Mapping[str, Any]] | None, path: str) -> None:
    """User tag positions are fractions of the image (0.0-1.0), never pixels."""
    for index, tag in enumerate(user_tags or ()):
        x, y = tag["x"], tag["y"]
        if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
            raise invalid_input(msg.USER_TAG_POSITION.format(path=f"{path}[{index}]", x=x, y=y))


def image_asset(raw: Mapping[str, Any], path: str) -> Json:
    url = raw["url"]
    check_url(url, f"{path}.url")
    metadata = raw.get("metadata") or {}
    check_user_tags(metadata.get("userTags"), f"{path}.metadata.userTags")
    dimensions = metadata.get("dimensions") or {}
    mime_type = asset_mime_type("image", url, None)
    user_tags = metadata.get("userTags")
    return {
        "__typename": "ImageAsset",
        "id": None,
        "type": "image",
        "mimeType": mime_type,
        "source": url,
        "thumbnail": raw.get("thumbnailUrl") or url,
        "image": {
            "altText": metadata.get("altText") or "",
            "width": dimensions.get("width") or DEFAULT_IMAGE_SIZE[0],
            "height": dimensions.get("height") or DEFAULT_IMAGE_SIZE[1],
            "isAnimated": mime_type == "image/gif",
            "animatedThumbnail": metadata.get("animatedThumbnail"),
            "userTags": None
            if user_tags is None
            else [{"handle": tag["handle"], "x": float(tag["x"]), "y": float(tag["y"])} for tag in user_tags],
        },
    }


_GRAPHQL_INT_MAX = 2**31 - 1


def _graphql_int(value: float | None, fallback: int | None) -> int | None:
    """``value`` rounded, when GraphQL's 32-bit Int can carry it; else ``fallback``."""
    if value is None or value > _GRAPHQL_INT_MAX:
        return fallback
    return round(value)


def video_asset(raw: Mapping[str, Any], path: str) -> Json:
    if raw.get("thumbnailUrl") is not None:
        raise invalid_input(msg.VIDEO_THUMBNAIL_URL.format(path=path))
    url = raw["url"]
    check_url(url, f"{path}.url")
    metadata = raw.get("metadata") or {}
    hints = url_hints(url)  # a mock's measurements: see mockserver.rules.media_rules
    seconds, megabytes = hints.get(SECONDS_HINT), hints.get(MEGABYTES_HINT)
    return {
        "__typename": "VideoAsset",
        "id": None,
        "type": "video",
        "mimeType": asset_mime_type("video", url, None),
        "source": url,
        "thumbnail": url,
        "video": {
            "title": metadata.get("title"),
            "thumbnailOffset": metadata.get("thumbnailOffset"),
            "durationMs": _graphql_int(None if seconds is None else seconds * 1000, DEFAULT_VIDEO_DURATION),
            "width": DEFAULT_VIDEO_SIZE[0],
            "height": DEFAULT_VIDEO_SIZE[1],
            "isTranscodingRequired": False,
            "isVideoProcessing": False,
            "audioCodec": None,
            "containerFormat": None,
            "fileSize": _graphql_int(None if megabytes is None else megabytes * BYTES_PER_MEGABYTE, None),
            "frameRate": None,
            "rotationDegree": None,
            "videoBitRate": None,
            "videoCodec": None,
        },
    }


def document_asset(raw: Mapping[str, Any], path: str) -> Json:
    url, thumbnail = raw["url"], raw["thumbnailUrl"]
    check_url(url, f"{path}.url")
    check_url(thumbnail, f"{path}.thumbnailUrl")
    return {
        "__typename": "DocumentAsset",
        "id": None,
        "type": "document",
        "mimeType": asset_mime_type("document", url, None),
        "source": url,
        "thumbnail": thumbnail,
        "document": {
            "numPages": DEFAULT_DOCUMENT_PAGES,
            "title": raw["title"],
            "filesize": None,
            "thumbnails": [thumbnail],
        },
    }


def link_from_asset(raw: Mapping[str, Any], path: str) -> Json:
    """A ``LinkAssetInput`` as the ``LinkAttachment`` it stands for."""
    check_url(raw["url"], f"{path}.url")
    thumbnail = raw.get("thumbnailUrl")
    return link_attachment_dict(raw["url"], raw.get("title"), raw.get("description"), thumbnail)


def link_attachment_dict(url: str, title: str | None, text: str | None, thumbnail: str | None) -> Json:
    return {
        "url": url,
        "title": title or "",
        "text": text or "",
        "thumbnail": thumbnail,
        "thumbnails": [thumbnail] if thumbnail else [],
        "expandedUrl": None,
    }


def link_from_attachment_input(raw: Mapping[str, Any], path: str) -> Json:
    check_url(raw["url"], f"{path}.url")
    thumbnail = (raw.get("thumbnail") or {}).get("url")
    return link_attachment_dict(raw["url"], raw.get("title"), raw.get("description"), thumbnail)


_MEDIA_BUILDERS: dict[str, Callable[[Mapping[str, Any], str], Json]] = {
    "image": image_asset,
    "video": video_asset,
    "document": document_asset,
}


def convert_assets(raw_assets: Sequence[Mapping[str, Any]] | None, path: str = "assets") -> ConvertedAssets:
    media: list[Json] = []
    links: list[Json] = []
    for index, raw in enumerate(raw_assets or ()):
        item_path = f"{path}[{index}]"
        variant = asset_variant(raw, item_path)
        if variant == "link":
            links.append(link_from_asset(raw["link"], f"{item_path}.link"))
        else:
            media.append(_MEDIA_BUILDERS[variant](raw[variant], f"{item_path}.{variant}"))
    if len(links) > _LINKS_PER_POST:
        raise invalid_input(msg.LINK_ASSET_SEVERAL)
    if links and media:
        raise invalid_input(msg.LINK_WITH_ASSETS)
    return ConvertedAssets(media=media, link=links[0] if links else None)
