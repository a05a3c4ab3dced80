"""Forward-only Relay pagination with opaque keyset cursors.

A cursor encodes the sort key of the last item seen (and its id as the final tie-break),
so a page always resumes strictly after that item: items created between two requests
are neither skipped nor repeated, as Buffer's pagination guide promises.
"""

from __future__ import annotations

import base64
import binascii
import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson

from mockserver.errors import (
    BAD_USER_INPUT,
    MSG_INVALID_CURSOR,
    BufferApiError,
    negative_first_message,
    pagination_limit_message,
)

T = TypeVar("T")
SortKey = tuple[Any, ...]
CURSOR_VERSION = 1


def encode_cursor(kind: str, key: SortKey) -> str:
    raw = orjson.dumps([CURSOR_VERSION, kind, list(key)])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> SortKey:
    """The sort key inside a cursor of this kind; a clear BAD_USER_INPUT error otherwise."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        version, cursor_kind, key = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, TypeError, orjson.JSONDecodeError):
        raise BufferApiError(BAD_USER_INPUT, MSG_INVALID_CURSOR) from None
    if version != CURSOR_VERSION or cursor_kind != kind or not isinstance(key, list):
        raise BufferApiError(BAD_USER_INPUT, MSG_INVALID_CURSOR)
    return tuple(key)


def cursor_kind(cursor: str) -> str | None:
    """The kind a well-formed cursor was issued for (None for anything that is not a cursor)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, TypeError, orjson.JSONDecodeError):
        return None
    if isinstance(decoded, list) and len(decoded) == 3 and isinstance(decoded[1], str):
        return decoded[1]
    return None


def check_page_size(first: int | None, default: int, maximum: int) -> int:
    """Buffer refuses ``first`` above the maximum (100) with a plain error; negative sizes are ours."""
    if first is None:
        return default
    if first > maximum:
        raise BufferApiError(BAD_USER_INPUT, pagination_limit_message(maximum))
    if first < 0:
        raise BufferApiError(BAD_USER_INPUT, negative_first_message(maximum))
    return first


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next_page: bool

    def connection(self) -> dict[str, Any]:
        edges = [{"cursor": c, "node": item} for item, c in zip(self.items, self.cursors, strict=True)]
        return {
            "edges": edges,
            "pageInfo": {
                "startCursor": self.cursors[0] if self.cursors else None,
                "endCursor": self.cursors[-1] if self.cursors else None,
                "hasNextPage": self.has_next_page,
                "hasPreviousPage": False,
            },
        }


def paginate(
    items: Sequence[T],
    *,
    kind: str,
    order_key: Callable[[T], SortKey],
    first: int,
    after: str | None,
) -> Page[T]:
    """Sort ``items`` by ``order_key`` (ascending tuple order is result order) and cut one page.

    The page starts strictly after the key held by the ``after`` cursor, so the cursor stays
    valid when items are added or removed between requests.
    """
    keyed = sorted(((order_key(item), item) for item in items), key=lambda pair: pair[0])
    keys = [key for key, _ in keyed]
    start = 0
    if after is not None:
        cursor_key = decode_cursor(kind, after)
        try:
            start = bisect.bisect_right(keys, cursor_key)
        except TypeError:
            raise BufferApiError(BAD_USER_INPUT, MSG_INVALID_CURSOR) from None
    window = keyed[start : start + first]
    return Page(
        items=[item for _, item in window],
        cursors=[encode_cursor(kind, key) for key, _ in window],
        has_next_page=start + first < len(keyed),
    )


def connection(
    items: Sequence[T],
    *,
    kind: str,
    order_key: Callable[[T], SortKey],
    first: int,
    after: str | None,
    total_count: bool = False,
) -> dict[str, Any]:
    """One page of ``items`` as a Relay connection (``edges``, ``pageInfo``), with ``totalCount``
    (every item, not only the page's) for the connections that have one."""
    page = paginate(items, kind=kind, order_key=order_key, first=first, after=after)
    answer = page.connection()
    if total_count:
        answer["totalCount"] = len(items)
    return answer


def descending_text(value: str) -> str:
    """A string whose ascending order is the descending order of lowercase-hex ``value``."""
    return value.translate(_HEX_COMPLEMENT)


_HEX_COMPLEMENT = str.maketrans("0123456789abcdef", "fedcba9876543210")
