from __future__ import annotations

import pytest

from mockserver.errors import MSG_INVALID_CURSOR, MSG_PAGINATION_LIMIT, BufferApiError
from mockserver.rules.pagination import (
    check_page_size,
    connection,
    decode_cursor,
    descending_text,
    encode_cursor,
    paginate,
)


def ident(i: int) -> tuple[int]:
    return (i,)


def test_pages_walk_every_item_once_in_order() -> None:
    items = list(range(10, 0, -1))
    seen: list[int] = []
    after = None
    while True:
        page = paginate(items, kind="k", order_key=ident, first=3, after=after)
        seen.extend(page.items)
        if not page.has_next_page:
            break
        after = page.cursors[-1]
    assert seen == sorted(items)


def test_cursor_survives_items_added_before_it() -> None:
    first_page = paginate([1, 2, 3, 4], kind="k", order_key=ident, first=2, after=None)
    resumed = paginate([0, 1, 2, 3, 4, 5], kind="k", order_key=ident, first=10, after=first_page.cursors[-1])
    assert resumed.items == [3, 4, 5]


def test_connection_page_info_names_first_and_last_cursor() -> None:
    page = paginate([1, 2, 3], kind="k", order_key=ident, first=2, after=None)
    info = page.connection()["pageInfo"]
    assert info == {
        "startCursor": page.cursors[0],
        "endCursor": page.cursors[1],
        "hasNextPage": True,
        "hasPreviousPage": False,
    }


def test_empty_page_has_null_cursors() -> None:
    info = paginate([], kind="k", order_key=ident, first=5, after=None).connection()["pageInfo"]
    assert info["startCursor"] is None and info["endCursor"] is None and info["hasNextPage"] is False


def test_first_zero_returns_no_items_but_reports_more() -> None:
    page = paginate([1, 2], kind="k", order_key=ident, first=0, after=None)
    assert page.items == [] and page.has_next_page is True


@pytest.mark.parametrize("cursor", ["", "!!!", "bm90IGpzb24", encode_cursor("other-kind", (1,))])
def test_garbage_or_foreign_cursor_is_rejected_clearly(cursor: str) -> None:
    with pytest.raises(BufferApiError) as raised:
        decode_cursor("k", cursor)
    assert raised.value.message == MSG_INVALID_CURSOR


def test_page_size_above_100_is_refused_with_buffers_message() -> None:
    with pytest.raises(BufferApiError) as raised:
        check_page_size(101, 25, 100)
    assert raised.value.message == MSG_PAGINATION_LIMIT
    assert check_page_size(100, 25, 100) == 100
    assert check_page_size(None, 25, 100) == 25


def test_negative_page_size_is_refused() -> None:
    with pytest.raises(BufferApiError):
        check_page_size(-1, 25, 100)


def test_descending_text_reverses_hex_order() -> None:
    ids = ["00aa", "0f00", "ffff", "1234"]
    assert sorted(ids, key=descending_text) == sorted(ids, reverse=True)


def test_connection_counts_every_item_when_asked_and_pages_like_paginate() -> None:
    items = [5, 3, 9, 1]
    page = paginate(items, kind="k", order_key=ident, first=2, after=None)
    counted = connection(items, kind="k", order_key=ident, first=2, after=None, total_count=True)
    assert counted == {**page.connection(), "totalCount": 4}
    assert [edge["node"] for edge in counted["edges"]] == [1, 3]
    assert "totalCount" not in connection(items, kind="k", order_key=ident, first=2, after=None)
