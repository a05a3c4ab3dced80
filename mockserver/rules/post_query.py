"""Pure rules of the ``posts`` query: filter parsing, matching, and result order."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mockserver.errors import MSG_DUE_AT_PRESENCE_CONFLICT, bad_user_input
from mockserver.rules.pagination import SortKey, descending_text
from mockserver.store.entities import Post

DEFAULT_POST_SORT: tuple[tuple[str, str], ...] = (("createdAt", "desc"),)
_SORT_ATTRIBUTE = {"createdAt": "created_at", "dueAt": "due_at"}
_FAR_FUTURE = 2**62


@dataclass(frozen=True, slots=True)
class TagSelection:
    """TagComparator: any of ``ids`` (OR), plus untagged posts when ``include_untagged``."""

    ids: frozenset[str]
    include_untagged: bool

    def matches(self, tag_ids: list[str] | frozenset[str]) -> bool:
        if not tag_ids:
            return self.include_untagged
        return not self.ids.isdisjoint(tag_ids)


@dataclass(frozen=True, slots=True)
class PostsFilter:
    channel_ids: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    tags: TagSelection | None = None
    legacy_tag_ids: frozenset[str] | None = None
    due_start: int | None = None
    due_end: int | None = None
    due_presence: str | None = None
    created_start: int | None = None
    created_end: int | None = None
    legacy_start: int | None = None
    legacy_end: int | None = None
    post_types: frozenset[str] | None = None  # 2026-10 postTypes (see post_types_filter)


#: Post types a ``postTypes`` filter refuses: a carousel or a thread is a ``post`` there.
UNFILTERABLE_POST_TYPES: tuple[str, ...] = ("carousel", "thread")
#: Types matched only by themselves; every other post (``post``, ``carousel``, ``thread``, or a
#: post without a type) falls in the ``post`` catch-all bucket.
SPECIFIC_POST_TYPES = frozenset({"event", "ghost_post", "offer", "reel", "short", "story", "whats_new"})
MSG_POST_TYPES_REFUSED = "postTypes cannot filter by {types}: such posts are matched by post"


def post_types_filter(raw: list[str] | None) -> frozenset[str] | None:
    """The ``postTypes`` values, refusing ``carousel`` and ``thread`` (BAD_USER_INPUT)."""
    if raw is None:
        return None
    refused = [t for t in UNFILTERABLE_POST_TYPES if t in raw]
    if refused:
        raise bad_user_input(MSG_POST_TYPES_REFUSED.format(types=" and ".join(refused)))
    return frozenset(raw)


def post_type_matches(post_types: frozenset[str], post_type: str | None) -> bool:
    """``post`` is the catch-all bucket; the specific types match only themselves."""
    if post_type in SPECIFIC_POST_TYPES:
        return post_type in post_types
    return "post" in post_types


def tag_selection(raw: Mapping[str, Any] | None) -> TagSelection | None:
    if raw is None:
        return None
    return TagSelection(ids=frozenset(raw.get("in") or ()), include_untagged=bool(raw.get("isEmpty")))


def parse_posts_filter(raw: Mapping[str, Any] | None, to_ms: Callable[[Any], int]) -> PostsFilter:
    """Turn a coerced ``PostsFiltersInput`` into a :class:`PostsFilter`; omitted fields don't filter."""
    if not raw:
        return PostsFilter()

    def opt_ms(value: Any) -> int | None:
        return None if value is None else to_ms(value)

    due = raw.get("dueAt") or {}
    created = raw.get("createdAt") or {}
    presence = raw.get("dueAtPresence")
    if presence == "absent" and (due.get("start") is not None or due.get("end") is not None):
        raise bad_user_input(MSG_DUE_AT_PRESENCE_CONFLICT)
    channel_ids = raw.get("channelIds")
    statuses = raw.get("status")
    legacy_tags = raw.get("tagIds")
    return PostsFilter(
        channel_ids=None if channel_ids is None else frozenset(channel_ids),
        statuses=None if statuses is None else frozenset(statuses),
        tags=tag_selection(raw.get("tags")),
        legacy_tag_ids=None if legacy_tags is None else frozenset(legacy_tags),
        due_start=opt_ms(due.get("start")),
        due_end=opt_ms(due.get("end")),
        due_presence=presence,
        created_start=opt_ms(created.get("start")),
        created_end=opt_ms(created.get("end")),
        legacy_start=opt_ms(raw.get("startDate")),
        legacy_end=opt_ms(raw.get("endDate")),
        post_types=post_types_filter(raw.get("postTypes")),
    )


def _in_range(value: int | None, start: int | None, end: int | None) -> bool:
    if value is None:
        return False
    return (start is None or value >= start) and (end is None or value <= end)


def post_matches(post: Post, f: PostsFilter) -> bool:
    """Every given filter must hold (AND); bounds are inclusive."""
    if f.channel_ids is not None and post.channel_id not in f.channel_ids:
        return False
    if f.statuses is not None and post.status not in f.statuses:
        return False
    if f.tags is not None and not f.tags.matches(post.tag_ids):
        return False
    if f.legacy_tag_ids is not None and f.legacy_tag_ids.isdisjoint(post.tag_ids):
        return False
    if f.post_types is not None and not post_type_matches(f.post_types, (post.metadata or {}).get("type")):
        return False
    if (f.due_start is not None or f.due_end is not None) and not _in_range(
        post.due_at, f.due_start, f.due_end
    ):
        return False
    if f.due_presence == "present" and post.due_at is None:
        return False
    if f.due_presence == "absent" and post.due_at is not None:
        return False
    if (f.created_start is not None or f.created_end is not None) and not _in_range(
        post.created_at, f.created_start, f.created_end
    ):
        return False
    if f.legacy_start is not None and not (
        post.created_at >= f.legacy_start or (post.due_at is not None and post.due_at >= f.legacy_start)
    ):
        return False
    return not (
        f.legacy_end is not None
        and not (post.created_at <= f.legacy_end or (post.due_at is not None and post.due_at <= f.legacy_end))
    )


def normalize_sort(raw: list[Mapping[str, str]] | None) -> tuple[tuple[str, str], ...]:
    if not raw:
        return DEFAULT_POST_SORT
    return tuple((item["field"], item["direction"]) for item in raw)


def post_order_key(sort: tuple[tuple[str, str], ...]) -> Callable[[Post], SortKey]:
    """A key whose ascending tuple order is the requested order.

    Posts without the sorted date (e.g. drafts without ``dueAt``) come last in either
    direction; the post id breaks ties, in the direction of the first sort field.
    """
    attributes = [(_SORT_ATTRIBUTE[field], direction == "desc") for field, direction in sort]
    id_descending = attributes[0][1] if attributes else True

    def key(post: Post) -> SortKey:
        parts: list[Any] = []
        for attribute, descending in attributes:
            value = getattr(post, attribute)
            if value is None:
                parts.extend((1, 0))
            else:
                parts.extend((0, -value if descending else value))
        parts.append(descending_text(post.id) if id_descending else post.id)
        return tuple(parts)

    return key
