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
from mockserver.networks import NETWORKS, NetworkProfile
from mockserver.rules import post_messages as msg
from mockserver.rules.media_rules import media_problems

Json = dict[str, Any]

# U+0000-U+001F except tab, line feed and carriage return (what the official CLI refuses too).
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Every limit, requirement and label comes from the network profile table (networks.yaml).
_TWITTER_SUBSCRIPTION = NETWORKS.profile("twitter").text.subscription
TWITTER_PREMIUM_LIMIT = _TWITTER_SUBSCRIPTION.max_length if _TWITTER_SUBSCRIPTION else 0


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
    rules = NETWORKS.profile(service).text
    channel_metadata = channel_metadata or {}
    if rules.channel_max_length_field and channel_metadata.get(rules.channel_max_length_field):
        return int(channel_metadata[rules.channel_max_length_field])
    if rules.subscription is not None:
        subscription = str(channel_metadata.get(rules.subscription.field) or "").strip().lower()
        if subscription not in rules.subscription.free_values:
            return rules.subscription.max_length
    return rules.max_length


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
    if not NETWORKS.profile(content.service).text.required_without_media:
        return False
    return not content.text.strip() and not content.assets


def network_requirements(content: PostContent) -> list[str]:
    """The per-network minimum payload (CLI pitfalls table), as Buffer-style messages."""
    profile = NETWORKS.profile(content.service)
    metadata, kinds = content.metadata, asset_types(content.assets)
    problems: list[str] = []
    required_media = profile.media.required
    if required_media and not kinds & set(required_media):
        problems.append(msg.media_required(profile.label, required_media))
    if profile.post_types.required:
        problems.extend(post_type_problems(profile, metadata))
    for required in profile.required_metadata:
        value = None if metadata is None else metadata.get(required.output)
        if value is None or (isinstance(value, str) and not value.strip()):
            key = profile.post_metadata.input_key if profile.post_metadata else content.service
            problems.append(
                msg.METADATA_REQUIRED.format(
                    network=profile.label, noun=required.noun, path=f"metadata.{key}.{required.field}"
                )
            )
    if profile.post_metadata is not None and profile.post_metadata.type == "GoogleBusinessPostMetadata":
        problems.extend(google_business_problems(metadata))
    if "document" in kinds and "document" not in profile.media.kinds:
        problems.append(msg.DOCUMENTS_ONLY_ON.format(networks=" and ".join(DOCUMENT_NETWORKS)))
    problems.extend(media_problems(profile, content.assets))
    return problems


DOCUMENT_NETWORKS = tuple(p.label for p in NETWORKS.networks.values() if "document" in p.media.kinds)


def post_type_problems(profile: NetworkProfile, metadata: Json | None) -> list[str]:
    """The type a network needs on metadata (Instagram: post, story, reel, carousel)."""
    if metadata is None:
        return [msg.TYPE_REQUIRED.format(network=profile.label, types=profile.post_types.named)]
    if metadata.get("type") not in profile.post_types.allowed:
        return [
            msg.TYPE_UNSUPPORTED.format(
                network=profile.label,
                types=msg.join_and(profile.post_types.allowed),
                type=metadata.get("type"),
            )
        ]
    return []


_GOOGLE_KIND = {"offer": ("offer", "detailsOffer"), "event": ("event", "detailsEvent")}


def google_business_problems(metadata: Json | None) -> list[str]:
    """Offers and events need their details (title, start and end dates in order)."""
    if metadata is None:
        return []  # the type requirement reports it
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
    network = NETWORKS.label(content.service)
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
