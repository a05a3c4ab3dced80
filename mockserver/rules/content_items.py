"""Pure rules of content items: listing (filter, sort, cursors), drafts, updates, deletes.

No store access here: callers hand in the values (items, posts, raw inputs) and get decisions
back, or a Buffer-shaped refusal (:class:`BufferApiError` for query input, ``MutationRejected``
for mutation input).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mockserver.errors import bad_user_input, invalid_input
from mockserver.rules.allowed_actions import post_is_deletable
from mockserver.rules.content_item_values import DRAFT_TEXT_OR_ASSET, draft_text_ok
from mockserver.rules.pagination import SortKey, cursor_kind, descending_text
from mockserver.rules.post_assets import convert_assets
from mockserver.rules.post_query import TagSelection, tag_selection
from mockserver.store.entities import ContentItem

# --- our messages (Buffer's are undocumented; docs/fidelity.md says so) ------------------------
CONTENT_ITEM_NOT_FOUND = "Content item not found"
TARGET_DATE_PRESENCE_CONFLICT = "targetDate presence absent cannot be combined with a targetDate range"
SORT_FIELD_REPEATED = "contentItems sort lists {field} more than once"
CURSOR_OTHER_SORT = (
    "This cursor was issued for contentItems sorted by {issued}; "
    "repeat that sort to continue, or start again without a cursor to use {requested}."
)
DRAFT_LINK_ASSET = "A draft cannot carry a link asset; add the link when the draft becomes posts."
NO_POSTS = "A content item needs at least one post."
CHANNEL_REPEATED = "Only one post per channel: channel {id} is listed more than once."
CHANNEL_OTHER_ORGANIZATION = "Channel {id} not found in this organization."
NOT_A_DRAFT = "This content item is no longer a draft: it already has posts."
IS_A_DRAFT = "This content item is still a draft; promote it to posts first."
POST_IN_OTHER_ITEM = "Post {post} already belongs to content item {item}; remove it from there first."
POST_OTHER_ORGANIZATION = "Post {post} belongs to another organization."
CHANNEL_ALREADY_IN_ITEM = "This content item already has a post for channel {channel} (post {post})."
POST_NOT_IN_ITEM = "Post {post} belongs to content item {item}, not to this one."
POST_BLOCKS_DELETE = "A {status} post cannot be deleted, so its content item cannot be deleted either."
CREATE_FAILED = "The content item was not created ({count} problem(s)); nothing was saved."
PROMOTE_FAILED = "The draft was not promoted ({count} problem(s)); nothing was saved."
DRAFT_CREATE_FAILED = "The draft content item was not created."
DRAFT_UPDATE_FAILED = "The draft was not replaced."
UPDATE_FAILED = "The content item was not changed."
DELETE_BLOCKED = "The content item was not deleted: {count} of its posts cannot be deleted."

DEFAULT_SORT: tuple[tuple[str, str], ...] = (("createdAt", "desc"),)
_SORT_ATTRIBUTE = {"createdAt": "created_at", "targetDate": "target_date"}
CURSOR_KIND_PREFIX = "contentItems:"
ACTIONS: tuple[str, ...] = ("deleteContentItem", "updateContentItem")  # enum order


# --- listing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContentItemsFilter:
    status: str | None = None  # ContentItemStatus: draftContent | postContent
    tags: TagSelection | None = None
    target_presence: str | None = None  # DateTimePresence
    target_start: int | None = None
    target_end: int | None = None


def status_of(item: ContentItem) -> str:
    return "draftContent" if item.is_draft else "postContent"


def parse_filter(raw: Mapping[str, Any] | None, to_ms: Callable[[Any], int]) -> ContentItemsFilter:
    """A coerced ``ContentItemsFilter`` input -> :class:`ContentItemsFilter`; omitted parts don't filter."""
    if not raw:
        return ContentItemsFilter()
    target = raw.get("targetDate") or {}
    range_ = target.get("range") or {}
    start, end = range_.get("start"), range_.get("end")
    presence = target.get("presence")
    if presence == "absent" and (start is not None or end is not None):
        raise bad_user_input(TARGET_DATE_PRESENCE_CONFLICT)
    return ContentItemsFilter(
        status=raw.get("contentStatus"),
        tags=tag_selection(raw.get("tags")),
        target_presence=presence,
        target_start=None if start is None else to_ms(start),
        target_end=None if end is None else to_ms(end),
    )


def matches(item: ContentItem, f: ContentItemsFilter) -> bool:
    """Every given filter holds (AND); the range is inclusive and needs a target date."""
    if f.status is not None and status_of(item) != f.status:
        return False
    if f.tags is not None and not f.tags.matches(item.tag_ids):
        return False
    target = item.target_date
    if f.target_presence == "present" and target is None:
        return False
    if f.target_presence == "absent" and target is not None:
        return False
    if f.target_start is not None or f.target_end is not None:
        if target is None:
            return False
        if f.target_start is not None and target < f.target_start:
            return False
        if f.target_end is not None and target > f.target_end:
            return False
    return True


def normalize_sort(raw: Sequence[Mapping[str, str]] | None) -> tuple[tuple[str, str], ...]:
    """Sort keys, most significant first; newest first (createdAt desc) when none are given."""
    if not raw:
        return DEFAULT_SORT
    seen: list[str] = []
    for item in raw:
        if item["field"] in seen:
            raise bad_user_input(SORT_FIELD_REPEATED.format(field=item["field"]))
        seen.append(item["field"])
    return tuple((item["field"], item["direction"]) for item in raw)


def describe_sort(sort: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{field} {direction}" for field, direction in sort)


def cursor_kind_of_sort(sort: tuple[tuple[str, str], ...]) -> str:
    return CURSOR_KIND_PREFIX + ",".join(f"{field}.{direction}" for field, direction in sort)


def check_cursor_sort(after: str | None, sort: tuple[tuple[str, str], ...]) -> None:
    """A content-item cursor of another sort is refused by name (other garbage: the generic error)."""
    if after is None:
        return
    issued = cursor_kind(after)
    if issued is None or not issued.startswith(CURSOR_KIND_PREFIX) or issued == cursor_kind_of_sort(sort):
        return
    issued_sort = issued[len(CURSOR_KIND_PREFIX) :].replace(".", " ").replace(",", ", ")
    raise bad_user_input(CURSOR_OTHER_SORT.format(issued=issued_sort, requested=describe_sort(sort)))


def order_key(sort: tuple[tuple[str, str], ...]) -> Callable[[ContentItem], SortKey]:
    """Ascending tuple order is the requested order; items without a target date come last either way;
    the id breaks ties in the direction of the first key."""
    attributes = [(_SORT_ATTRIBUTE[field], direction == "desc") for field, direction in sort]
    id_descending = attributes[0][1]

    def key(item: ContentItem) -> SortKey:
        parts: list[Any] = []
        for attribute, descending in attributes:
            value = getattr(item, attribute)
            if value is None:
                parts.extend((1, 0))
            else:
                parts.extend((0, -value if descending else value))
        parts.append(descending_text(item.id) if id_descending else item.id)
        return tuple(parts)

    return key


# --- drafts -------------------------------------------------------------------------------------


def draft_body(raw: Mapping[str, Any], draft_id: str) -> dict[str, Any]:
    """A ``DraftContentInput`` as the stored (GraphQL-shaped) draft; refuses what a draft cannot be.

    Text may be empty only when the draft has at least one asset; link assets are refused (a draft
    has no channel to attach a link to).
    """
    converted = convert_assets(raw.get("assets") or ())
    if converted.link is not None:
        raise invalid_input(DRAFT_LINK_ASSET)
    text = raw.get("text") or ""
    if not draft_text_ok(text, len(converted.media)):
        raise invalid_input(DRAFT_TEXT_OR_ASSET)
    return {
        "__typename": "DraftContent",
        "id": draft_id,
        "aiAssisted": bool(raw.get("aiAssisted")),
        "assets": converted.media,
        "text": text,
    }


# --- updates ------------------------------------------------------------------------------------


def updated_fields(raw: Mapping[str, Any], to_ms: Callable[[Any], int]) -> dict[str, Any]:
    """updateContentItem: omitted keeps, null clears. Item attribute -> new value."""
    changes: dict[str, Any] = {}
    if "title" in raw:
        changes["title"] = raw["title"]
    if "targetDate" in raw:
        changes["target_date"] = None if raw["targetDate"] is None else to_ms(raw["targetDate"])
    return changes


def tag_ids_after_draft_update(current: list[str], raw: Mapping[str, Any]) -> list[str] | None:
    """updateContentItemDraft's tagIds: omitted keeps (None: nothing to resolve), null or [] clears."""
    if "tagIds" not in raw:
        return None
    return list(raw["tagIds"] or ())


def unique_in_order(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(value, None)
    return list(seen)


# --- posts of an item ---------------------------------------------------------------------------


def repeated_channels(channel_ids: Sequence[str]) -> list[int]:
    """Indexes of posts whose channel already appeared earlier in the list (one post per channel)."""
    return [i for i, channel_id in enumerate(channel_ids) if channel_id in channel_ids[:i]]


def delete_blockers(posts: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(channelId, message) for every (channelId, status) post that cannot be deleted."""
    return [
        (channel_id, POST_BLOCKS_DELETE.format(status=status))
        for channel_id, status in posts
        if not post_is_deletable(status)
    ]


def allowed_actions(post_statuses: Iterable[str]) -> list[str]:
    """updateContentItem always; deleteContentItem unless a post blocks the delete."""
    deletable = all(post_is_deletable(status) for status in post_statuses)
    return [action for action in ACTIONS if action != "deleteContentItem" or deletable]
