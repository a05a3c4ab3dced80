"""CreatePostInput / EditPostInput metadata -> the Post entity's GraphQL-shaped ``PostMetadata``.

* A link ``AssetInput`` (see :mod:`mockserver.rules.post_assets`) becomes the post's link
  attachment (``LinkAttachment`` dict) on networks that have one (Facebook, LinkedIn, Threads,
  Bluesky) and is rejected elsewhere (:func:`attach_link`).
* ``PostInputMetaData.<service>`` -> the ``PostMetadata`` member of the channel's service with every
  non-null output field filled (``annotations: []``, ``type``, ``thread``/``threadCount``,
  ``isAiGenerated: false``, YouTube defaults, the Pinterest board resolved from the channel, the
  Google Business details member). Metadata given for another service than the channel's is ignored.

Edits merge: a key present in the input (even as null) replaces the stored value, an omitted key
keeps it; the required-on-create members (Pinterest board, YouTube category, Google Business
details' title and dates) also keep their value when sent as null.

Input-shape mistakes raise :class:`MutationRejected` (``InvalidInputError``). Whether the
resulting post is publishable is :mod:`mockserver.rules.post_validation`'s job.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mockserver.errors import invalid_input
from mockserver.networks import NETWORKS
from mockserver.rules import post_messages as msg
from mockserver.rules.post_assets import convert_assets, link_from_attachment_input
from mockserver.rules.thread_items import metadata_link, thread_item_metadata
from mockserver.scalars import datetime_to_ms

Json = dict[str, Any]


# The network facts (metadata type and input key, label, link cards, threads, whether metadata
# is filled on create) come from the network profile table; the code below is keyed by the
# GraphQL metadata type, whose shape the schema fixes.
METADATA_INPUT_KEY: dict[str, str] = {
    service: profile.post_metadata.input_key
    for service, profile in NETWORKS.networks.items()
    if profile.post_metadata is not None
}
METADATA_TYPE: dict[str, str] = {
    service: profile.post_metadata.type
    for service, profile in NETWORKS.networks.items()
    if profile.post_metadata is not None
}
NETWORK_LABEL: dict[str, str] = {service: profile.label for service, profile in NETWORKS.networks.items()}
LINK_ATTACHMENT_SERVICES = frozenset(s for s, p in NETWORKS.networks.items() if p.link_attachment)
THREAD_SERVICES = frozenset(s for s, p in NETWORKS.networks.items() if p.threads)

# The YouTube categories Buffer accepts (REF YoutubePostMetadataInput.categoryId).
YOUTUBE_CATEGORIES: dict[str, str] = {
    "1": "Film & Animation",
    "2": "Autos & Vehicles",
    "10": "Music",
    "15": "Pets & Animals",
    "17": "Sports",
    "19": "Travel & Events",
    "20": "Gaming",
    "22": "People & Blogs",
    "23": "Comedy",
    "24": "Entertainment",
    "25": "News & Politics",
    "26": "Howto & Style",
    "27": "Education",
    "28": "Science & Technology",
    "29": "Nonprofits & Activism",
}


# --- metadata ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChannelFacts:
    """What metadata conversion needs to know about the target channel."""

    service: str
    metadata: Json | None = None  # the channel's ChannelMetadata dict (Pinterest boards)


def default_metadata(service: str) -> Json | None:
    """The PostMetadata a post of ``service`` carries when nothing was specified (None: none)."""
    typename = METADATA_TYPE.get(service)
    return None if typename is None else _DEFAULTS[typename]()


def _base(typename: str, **fields: Any) -> Json:
    return {"__typename": typename, "annotations": [], "type": "post", **fields}


def _threaded(typename: str, **fields: Any) -> Json:
    return _base(typename, thread=[], threadCount=0, **fields)


_DEFAULTS: dict[str, Callable[[], Json]] = {
    "InstagramPostMetadata": lambda: _base(
        "InstagramPostMetadata",
        firstComment=None,
        geolocation=None,
        isAiGenerated=False,
        link=None,
        shouldShareToFeed=True,
        stickerFields=None,
    ),
    "FacebookPostMetadata": lambda: _base(
        "FacebookPostMetadata", firstComment=None, linkAttachment=None, title=None
    ),
    "LinkedInPostMetadata": lambda: _base("LinkedInPostMetadata", firstComment=None, linkAttachment=None),
    "TwitterPostMetadata": lambda: _threaded("TwitterPostMetadata", isAiGenerated=False, retweet=None),
    "PinterestPostMetadata": lambda: _base("PinterestPostMetadata", board=None, title=None, url=None),
    "GoogleBusinessPostMetadata": lambda: _base(
        "GoogleBusinessPostMetadata", type="whats_new", details=None, title=None
    ),
    "YoutubePostMetadata": lambda: _base(
        "YoutubePostMetadata",
        category=None,
        embeddable=True,
        isAiGenerated=False,
        license="youtube",
        madeForKids=False,
        notifySubscribers=True,
        privacy="public",
        title=None,
    ),
    "MastodonPostMetadata": lambda: _threaded("MastodonPostMetadata", spoilerText=None),
    "TiktokPostMetadata": lambda: _base("TiktokPostMetadata", isAiGenerated=False, title=None),
    "ThreadsPostMetadata": lambda: _threaded(
        "ThreadsPostMetadata", linkAttachment=None, locationId=None, locationName=None, topic=None
    ),
    "BlueskyPostMetadata": lambda: _threaded("BlueskyPostMetadata", linkAttachment=None),
    "SubstackPostMetadata": lambda: _base("SubstackPostMetadata", linkAttachment=None),
}

# Services whose posts get default metadata on create when none is given; the others need
# something only the caller can say (Instagram/Google type, Pinterest board, YouTube title...).
AUTO_METADATA_SERVICES = frozenset(
    s for s, p in NETWORKS.networks.items() if p.post_metadata and p.post_metadata.on_create == "default"
)

# input key -> default when sent as null
_PLAIN_FIELDS: dict[str, dict[str, Any]] = {
    "InstagramPostMetadata": {
        "type": "post",
        "shouldShareToFeed": True,
        "firstComment": None,
        "link": None,
        "isAiGenerated": False,
    },
    "FacebookPostMetadata": {"type": "post", "firstComment": None},
    "LinkedInPostMetadata": {"firstComment": None},
    "TwitterPostMetadata": {"isAiGenerated": False},
    "PinterestPostMetadata": {"title": None, "url": None},
    "GoogleBusinessPostMetadata": {"type": "whats_new", "title": None},
    "YoutubePostMetadata": {
        "title": None,
        "embeddable": True,
        "isAiGenerated": False,
        "license": "youtube",
        "madeForKids": False,
        "notifySubscribers": True,
        "privacy": "public",
    },
    "MastodonPostMetadata": {"spoilerText": None},
    "TiktokPostMetadata": {"isAiGenerated": False, "title": None},
    "ThreadsPostMetadata": {"type": "post", "locationId": None, "locationName": None, "topic": None},
    "BlueskyPostMetadata": {},
    "SubstackPostMetadata": {},
}
# Required-on-create members that keep their value when an edit sends null.
_KEEP_WHEN_NULL = frozenset({"title"})


def _plain_fields(typename: str, raw: Mapping[str, Any]) -> Json:
    out: Json = {}
    for key, default in _PLAIN_FIELDS[typename].items():
        if key in raw:
            value = raw[key]
            if value is None and typename == "YoutubePostMetadata" and key in _KEEP_WHEN_NULL:
                continue
            out[key] = default if value is None else value
    return out


def _thread_items(raw_thread: Sequence[Mapping[str, Any]] | None, path: str, service: str) -> list[Json]:
    items: list[Json] = []
    for index, raw in enumerate(raw_thread or ()):
        converted = convert_assets(raw.get("assets"), f"{path}[{index}].assets")
        item = {"text": raw.get("text") or "", "assets": converted.media, "linkAttachment": converted.link}
        if "metadata" in raw:  # 2026-10 only: the field exists in that schema alone
            metadata = thread_item_metadata(
                raw["metadata"],
                service,
                has_assets=bool(converted.media),
                position=index + 1,
                path=f"{path}[{index}]",
            )
            item["metadata"] = metadata
            item["linkAttachment"] = metadata_link(metadata, service) or converted.link
        items.append(item)
    return items


def _annotations_facebook(raw: Sequence[Mapping[str, Any]] | None) -> list[Json]:
    return [
        {
            "content": a["content"],
            "indices": list(a["indices"]),
            "text": a["text"],
            "type": "mention",
            "url": a["url"],
        }
        for a in raw or ()
    ]


def _annotations_linkedin(raw: Sequence[Mapping[str, Any]] | None) -> list[Json]:
    return [
        {
            "content": a["entity"],
            "indices": [a["start"], a["start"] + a["length"]],
            "text": a["localizedName"],
            "type": "mention",
            "url": a["link"],
        }
        for a in raw or ()
    ]


def _retweet(raw: Mapping[str, Any] | None, now_ms: int) -> Json | None:
    """Only the tweet id is known; the rest of RetweetMetadata is left empty (no network to ask)."""
    if raw is None:
        return None
    return {
        "id": raw["id"],
        "text": "",
        "thumbnails": [],
        "url": f"https://x.com/i/web/status/{raw['id']}",
        "user": {"avatar": "", "name": "", "username": ""},
        "createdAt": now_ms,
    }


def resolve_board(channel: ChannelFacts, board_service_id: str) -> Json:
    boards = (channel.metadata or {}).get("boards") or []
    for board in boards:
        if board.get("serviceId") == board_service_id:
            return {key: value for key, value in board.items() if key != "__typename"}
    raise invalid_input(msg.PINTEREST_BOARD_UNKNOWN.format(board=board_service_id))


def youtube_category(category_id: str) -> Json:
    title = YOUTUBE_CATEGORIES.get(category_id.strip())
    if title is None:
        known = ", ".join(f"{key} ({name})" for key, name in YOUTUBE_CATEGORIES.items())
        raise invalid_input(msg.YOUTUBE_CATEGORY_UNKNOWN.format(category=category_id, known=known))
    return {"categoryId": category_id.strip(), "title": title}


def _ms(value: datetime | None) -> int | None:
    return None if value is None else datetime_to_ms(value)


_GOOGLE_DETAILS = {  # post type -> (input key, output typename)
    "whats_new": ("detailsWhatsNew", "GoogleBusinessWhatsNewMetaData"),
    "offer": ("detailsOffer", "GoogleBusinessOfferMetaData"),
    "event": ("detailsEvent", "GoogleBusinessEventMetaData"),
}
_DETAILS_DEFAULTS: dict[str, Json] = {
    "whats_new": {"button": "none", "link": None},
    "offer": {"title": None, "startDate": None, "endDate": None, "code": None, "link": None, "terms": None},
    "event": {
        "title": None,
        "startDate": None,
        "endDate": None,
        "isFullDayEvent": False,
        "button": "none",
        "link": None,
        "startTime": None,
        "endTime": None,
    },
}
_DETAILS_KEEP_WHEN_NULL = frozenset({"title", "startDate", "endDate"})


def google_details(post_type: str, raw: Mapping[str, Any], existing: Json | None) -> Json:
    """The GoogleBusinessPostDetails member for ``post_type``, merged over matching stored details."""
    for other, (field, _) in _GOOGLE_DETAILS.items():
        if other != post_type and raw.get(field) is not None:
            raise invalid_input(msg.GOOGLE_DETAILS_MISMATCH.format(field=field, type=post_type))
    field, typename = _GOOGLE_DETAILS[post_type]
    base = (
        dict(existing)
        if existing and existing.get("__typename") == typename
        else {"__typename": typename, **_DETAILS_DEFAULTS[post_type]}
    )
    given = raw.get(field) or {}
    for key, value in given.items():
        if key in ("startDate", "endDate"):
            value = _ms(value)
        if value is None and key in _DETAILS_KEEP_WHEN_NULL:
            continue
        if value is None and key == "button":
            value = "none"
        base[key] = value
    return base


def _special_fields(
    service: str, raw: Mapping[str, Any], channel: ChannelFacts, existing: Json, key: str, now_ms: int
) -> Json:
    out: Json = {}
    path = f"metadata.{key}"
    typename = METADATA_TYPE[service]
    if service in THREAD_SERVICES and "thread" in raw:
        thread = _thread_items(raw["thread"], f"{path}.thread", service)
        out["thread"], out["threadCount"] = thread, len(thread)
    if service in LINK_ATTACHMENT_SERVICES and "linkAttachment" in raw:
        value = raw["linkAttachment"]
        out["linkAttachment"] = (
            None if value is None else link_from_attachment_input(value, f"{path}.linkAttachment")
        )
    if typename == "FacebookPostMetadata" and "annotations" in raw:
        out["annotations"] = _annotations_facebook(raw["annotations"])
    if typename == "LinkedInPostMetadata" and "annotations" in raw:
        out["annotations"] = _annotations_linkedin(raw["annotations"])
    if typename == "InstagramPostMetadata":
        if "geolocation" in raw:
            geo = raw["geolocation"]
            out["geolocation"] = None if geo is None else {"id": geo.get("id"), "text": geo.get("text")}
        if "stickerFields" in raw:
            stickers = raw["stickerFields"]
            out["stickerFields"] = (
                None
                if stickers is None
                else {name: stickers.get(name) for name in ("music", "other", "products", "text", "topics")}
            )
    if typename == "TwitterPostMetadata" and "retweet" in raw:
        out["retweet"] = _retweet(raw["retweet"], now_ms)
    if typename == "PinterestPostMetadata" and raw.get("boardServiceId"):
        out["board"] = resolve_board(channel, raw["boardServiceId"])
    if typename == "YoutubePostMetadata" and raw.get("categoryId"):
        out["category"] = youtube_category(raw["categoryId"])
    if typename == "GoogleBusinessPostMetadata":
        out["details"] = google_details(raw["type"], raw, existing.get("details"))
        details_title = out["details"].get("title")
        if raw.get("title") is None and existing.get("title") is None and details_title:
            out["title"] = details_title
    return out


def build_metadata(
    channel: ChannelFacts,
    raw_metadata: Mapping[str, Any] | None,
    existing: Json | None,
    *,
    now_ms: int,
    creating: bool,
) -> Json | None:
    """The post's PostMetadata after applying ``raw_metadata`` (a PostInputMetaData dict) to ``existing``."""
    service = channel.service
    key = METADATA_INPUT_KEY.get(service)
    if key is None:
        return None
    raw = (raw_metadata or {}).get(key)
    if raw is None:
        if existing is not None:
            return existing
        return default_metadata(service) if creating and service in AUTO_METADATA_SERVICES else None
    base = copy.deepcopy(existing) if existing is not None else default_metadata(service)
    assert base is not None
    base.update(_plain_fields(METADATA_TYPE[service], raw))
    base.update(_special_fields(service, raw, channel, base, key, now_ms))
    return base


def attach_link(
    channel: ChannelFacts, metadata: Json | None, link: Json | None, raw_metadata: Mapping[str, Any] | None
) -> Json | None:
    """Put a link AssetInput on the metadata's ``linkAttachment`` (the networks that have one only)."""
    if link is None:
        return metadata
    service = channel.service
    if service not in LINK_ATTACHMENT_SERVICES:
        raise invalid_input(msg.LINK_ASSET_UNSUPPORTED.format(network=NETWORKS.label(service)))
    key = METADATA_INPUT_KEY[service]
    if ((raw_metadata or {}).get(key) or {}).get("linkAttachment") is not None:
        raise invalid_input(msg.LINK_TWICE.format(key=key))
    result = copy.deepcopy(metadata) if metadata is not None else default_metadata(service)
    assert result is not None
    result["linkAttachment"] = link
    return result
