"""Whether a post (new or edited) is acceptable for its network: pure rules over its content.

The checks run on the post as it would be stored (text, GraphQL-shaped assets and metadata),
so ``createPost`` and ``editPost`` share them: an edit re-validates the resulting post.

Order and message shape (our reading of Buffer's answers):

1. control characters in any text -> their own message;
2. a link attachment together with media assets -> its own message;
3. no text and no assets where text is needed -> ``Text is required`` (Buffer's documented text);
4. everything else is collected and joined as ``Invalid post: a., b.``, the shape Buffer
   answered for a text-only Instagram post.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mockserver.errors import invalid_input
from mockserver.rules import post_messages as msg
from mockserver.rules.post_input import NETWORK_LABEL

Json = dict[str, Any]

# U+0000-U+001F except tab, line feed and carriage return (what the official CLI refuses too).
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Networks where a post needs text unless it carries media (the rest require media or metadata).
TEXT_OR_MEDIA_SERVICES = frozenset(
    {"twitter", "mastodon", "threads", "bluesky", "facebook", "linkedin", "startPage"}
)

# Characters per post (code points). Data, one table: Mastodon reads the channel's maxCharacters,
# Twitter lifts its limit for channels with a paid X subscription.
TEXT_LIMITS: dict[str, int] = {
    "twitter": 280,
    "bluesky": 300,
    "threads": 500,
    "mastodon": 500,
    "linkedin": 3000,
    "instagram": 2200,
    "tiktok": 2200,
    "pinterest": 500,
    "youtube": 5000,
    "googlebusiness": 1500,
    "facebook": 63206,
}
TWITTER_PREMIUM_LIMIT = 25_000
_TWITTER_FREE_SUBSCRIPTIONS = frozenset({"", "none", "free", "basic"})

INSTAGRAM_TYPES = frozenset({"post", "story", "reel", "carousel"})
MEDIA_TYPES = frozenset({"image", "video"})


@dataclass(frozen=True, slots=True)
class PostContent:
    """The parts of a post the content rules look at."""

    service: str
    text: str
    assets: Sequence[Json]
    metadata: Json | None
    text_limit: int | None = None


def text_limit(service: str, channel_metadata: Mapping[str, Any] | None) -> int | None:
    """Maximum text length for a channel (None: no limit)."""
    channel_metadata = channel_metadata or {}
    if service == "mastodon" and channel_metadata.get("maxCharacters"):
        return int(channel_metadata["maxCharacters"])
    if service == "twitter":
        subscription = str(channel_metadata.get("subscriptionType") or "").strip().lower()
        if subscription not in _TWITTER_FREE_SUBSCRIPTIONS:
            return TWITTER_PREMIUM_LIMIT
    return TEXT_LIMITS.get(service)


def has_control_characters(text: str | None) -> bool:
    return bool(text) and _CONTROL_CHARACTERS.search(text) is not None  # type: ignore[arg-type]


def thread_of(metadata: Json | None) -> list[Json]:
    return list((metadata or {}).get("thread") or [])


def asset_types(assets: Sequence[Json]) -> set[str]:
    return {asset.get("type", "") for asset in assets}


def control_character_field(content: PostContent) -> str | None:
    """The first text field carrying control characters, or None."""
    if has_control_characters(content.text):
        return "text"
    for index, item in enumerate(thread_of(content.metadata)):
        if has_control_characters(item.get("text")):
            return f"metadata thread item {index + 1}"
    first_comment = (content.metadata or {}).get("firstComment")
    if has_control_characters(first_comment):
        return "firstComment"
    return None


def link_with_media(content: PostContent) -> bool:
    """A link attachment next to a non-empty asset list (Buffer rejects the combination)."""
    metadata = content.metadata or {}
    if metadata.get("linkAttachment") is not None and content.assets:
        return True
    return any(item.get("linkAttachment") is not None and item.get("assets") for item in thread_of(metadata))


def text_is_missing(content: PostContent) -> bool:
    """Empty text and no media on a network where the text is what gets published."""
    if content.service not in TEXT_OR_MEDIA_SERVICES:
        return False
    return not content.text.strip() and not content.assets


def network_requirements(content: PostContent) -> list[str]:
    """The per-network minimum payload (CLI pitfalls table), as Buffer-style messages."""
    service, metadata, kinds = content.service, content.metadata, asset_types(content.assets)
    problems: list[str] = []
    if service == "instagram":
        if not kinds & MEDIA_TYPES:
            problems.append(msg.INSTAGRAM_MEDIA_REQUIRED)
        if metadata is None:
            problems.append(msg.INSTAGRAM_TYPE_REQUIRED)
        elif metadata.get("type") not in INSTAGRAM_TYPES:
            problems.append(msg.INSTAGRAM_TYPE_UNSUPPORTED.format(type=metadata.get("type")))
    elif service == "tiktok":
        if not kinds & MEDIA_TYPES:
            problems.append(msg.TIKTOK_MEDIA_REQUIRED)
    elif service == "pinterest":
        if not kinds & MEDIA_TYPES:
            problems.append(msg.PINTEREST_MEDIA_REQUIRED)
        if metadata is None or metadata.get("board") is None:
            problems.append(msg.PINTEREST_BOARD_REQUIRED)
    elif service == "youtube":
        if "video" not in kinds:
            problems.append(msg.YOUTUBE_VIDEO_REQUIRED)
        if metadata is None or not (metadata.get("title") or "").strip():
            problems.append(msg.YOUTUBE_TITLE_REQUIRED)
        if metadata is None or metadata.get("category") is None:
            problems.append(msg.YOUTUBE_CATEGORY_REQUIRED)
    elif service == "googlebusiness":
        problems.extend(google_business_problems(metadata))
    if "document" in kinds and service != "linkedin":
        problems.append(msg.DOCUMENTS_LINKEDIN_ONLY)
    return problems


_GOOGLE_KIND = {"offer": ("offer", "detailsOffer"), "event": ("event", "detailsEvent")}


def google_business_problems(metadata: Json | None) -> list[str]:
    if metadata is None:
        return [msg.GOOGLE_TYPE_REQUIRED]
    post_type = metadata.get("type")
    if post_type not in _GOOGLE_KIND:
        return []
    kind, field = _GOOGLE_KIND[post_type]
    details = metadata.get("details") or {}
    if (
        not (details.get("title") or "").strip()
        or details.get("startDate") is None
        or details.get("endDate") is None
    ):
        return [msg.GOOGLE_DETAILS_REQUIRED.format(kind=kind, field=f"metadata.google.{field}")]
    if details["endDate"] < details["startDate"]:
        return [msg.GOOGLE_DATES_ORDER.format(kind=kind)]
    return []


def thread_problems(content: PostContent) -> list[str]:
    """The thread is the source of truth: its first item must be the post text, no item may be empty."""
    thread = thread_of(content.metadata)
    if not thread:
        return []
    problems: list[str] = []
    if (thread[0].get("text") or "") != content.text:
        problems.append(msg.THREAD_TEXT_MISMATCH)
    for index, item in enumerate(thread):
        if (
            not (item.get("text") or "").strip()
            and not item.get("assets")
            and item.get("linkAttachment") is None
        ):
            problems.append(msg.THREAD_ITEM_EMPTY.format(position=index + 1))
    return problems


def length_problems(content: PostContent) -> list[str]:
    limit = content.text_limit
    if limit is None:
        return []
    network = NETWORK_LABEL.get(content.service, content.service)
    problems: list[str] = []
    if len(content.text) > limit:
        problems.append(msg.TEXT_TOO_LONG.format(network=network, limit=limit, length=len(content.text)))
    for index, item in enumerate(thread_of(content.metadata)):
        text = item.get("text") or ""
        if index > 0 and len(text) > limit:
            problems.append(
                msg.THREAD_ITEM_TOO_LONG.format(
                    network=network, position=index + 1, limit=limit, length=len(text)
                )
            )
    return problems


def content_problems(content: PostContent) -> list[str]:
    return [*network_requirements(content), *thread_problems(content), *length_problems(content)]


def validate_post_content(content: PostContent) -> None:
    """Raise ``InvalidInputError`` (as :class:`MutationRejected`) when the post is not acceptable."""
    field = control_character_field(content)
    if field is not None:
        raise invalid_input(msg.CONTROL_CHARACTERS.format(field=field))
    if link_with_media(content):
        raise invalid_input(msg.LINK_WITH_ASSETS)
    if text_is_missing(content):
        raise invalid_input(msg.TEXT_REQUIRED)
    problems = content_problems(content)
    if problems:
        raise invalid_input(msg.invalid_post(problems))
