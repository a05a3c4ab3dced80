"""Pure rules of 2026-10 tag management (docs/fidelity.md, 2026-10 §7).

Colour ``#RRGGBB``; name 1-100 characters, unique in the organization (case-sensitive, so
``News`` and ``news`` may coexist); only owners and admins manage tags; ``tagsV2`` lists by
name, at most 100 a page. Messages are ours (docs/fidelity.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mockserver.errors import DuplicateError, LimitReachedError, UnauthorizedError, invalid_input
from mockserver.rules.pagination import SortKey
from mockserver.store.entities import Tag

TAG_NAME_MAX = 100
TAG_MANAGER_ROLES = frozenset({"owner", "admin"})
_TAG_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")

MSG_TAG_COLOR = 'Tag color must be a hex colour like "#1F8AC0" (#RRGGBB), got "{color}"'
MSG_TAG_NAME_LENGTH = "Tag name must be between 1 and {max} characters (it has {length})"
MSG_TAG_DUPLICATE = 'A tag named "{name}" already exists in this organization'
MSG_TAG_NOT_FOUND = "Tag not found"
MSG_TAG_NOT_ADMIN = "Only organization owners and admins can manage tags"
MSG_TAG_LIMIT = "This organization already has {limit} tag(s), the most its plan allows."


def checked_tag_color(color: str) -> str:
    if not _TAG_COLOR.fullmatch(color):
        raise invalid_input(MSG_TAG_COLOR.format(color=color))
    return color


def checked_tag_name(name: str) -> str:
    """Between 1 and 100 characters; a name of only spaces counts as empty (our choice)."""
    length = len(name) if name.strip() else 0
    if not 1 <= length <= TAG_NAME_MAX:
        raise invalid_input(MSG_TAG_NAME_LENGTH.format(max=TAG_NAME_MAX, length=length))
    return name


def check_unique_name(name: str, others: Iterable[Tag], *, except_id: str | None = None) -> None:
    """Names are unique in an organization, compared exactly (case-sensitive)."""
    if any(tag.name == name and tag.id != except_id for tag in others):
        raise DuplicateError(MSG_TAG_DUPLICATE.format(name=name))


def check_tag_manager(role: str | None) -> None:
    if role not in TAG_MANAGER_ROLES:
        raise UnauthorizedError(MSG_TAG_NOT_ADMIN)


def check_tag_limit(limit: int | None, count: int) -> None:
    if limit is not None and count >= limit:
        raise LimitReachedError(MSG_TAG_LIMIT.format(limit=limit))


def tag_order_key(tag: Tag) -> SortKey:
    """By name ascending (case-insensitive first, then exact, then id), like a post's tag list."""
    return (tag.name.lower(), tag.name, tag.id)


def tag_matches(tag: Tag, is_locked: bool | None) -> bool:
    return is_locked is None or tag.is_locked == is_locked
