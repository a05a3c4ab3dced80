from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mockserver.errors import BufferApiError
from mockserver.rules.post_query import normalize_sort, parse_posts_filter, post_matches, post_order_key
from mockserver.store.entities import Post


def ms(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp() * 1000)


def post(pid: str, **kw: object) -> Post:
    defaults: dict[str, object] = {"organization_id": "o" * 24, "channel_id": "c" * 24, "status": "scheduled"}
    defaults.update(kw)
    return Post(id=pid, **defaults)  # type: ignore[arg-type]


def to_ms(value: object) -> int:
    assert isinstance(value, datetime)
    return int(value.timestamp() * 1000)


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_no_filter_matches_everything() -> None:
    assert post_matches(post("a" * 24), parse_posts_filter(None, to_ms))


def test_tags_in_is_any_of_and_is_empty_adds_untagged() -> None:
    tagged = post("a" * 24, tag_ids=["t1"])
    other = post("b" * 24, tag_ids=["t2"])
    untagged = post("c" * 24)
    only_in = parse_posts_filter({"tags": {"in": ["t1", "t3"], "isEmpty": False}}, to_ms)
    union = parse_posts_filter({"tags": {"in": ["t1"], "isEmpty": True}}, to_ms)
    assert [post_matches(p, only_in) for p in (tagged, other, untagged)] == [True, False, False]
    assert [post_matches(p, union) for p in (tagged, other, untagged)] == [True, False, True]


def test_due_at_range_is_inclusive_and_excludes_posts_without_due_at() -> None:
    f = parse_posts_filter(
        {"dueAt": {"start": dt("2026-01-01T00:00:00"), "end": dt("2026-01-31T00:00:00")}}, to_ms
    )
    assert post_matches(post("a" * 24, due_at=ms("2026-01-01T00:00:00")), f)
    assert post_matches(post("a" * 24, due_at=ms("2026-01-31T00:00:00")), f)
    assert not post_matches(post("a" * 24, due_at=ms("2026-01-31T00:00:01")), f)
    assert not post_matches(post("a" * 24, due_at=None), f)


def test_created_at_range_with_only_a_start_bound() -> None:
    f = parse_posts_filter({"createdAt": {"start": dt("2026-03-01T00:00:00")}}, to_ms)
    assert post_matches(post("a" * 24, created_at=ms("2026-03-02T00:00:00")), f)
    assert not post_matches(post("a" * 24, created_at=ms("2026-02-28T00:00:00")), f)


def test_due_at_presence_absent_cannot_combine_with_a_due_at_range() -> None:
    with pytest.raises(BufferApiError):
        parse_posts_filter({"dueAtPresence": "absent", "dueAt": {"start": dt("2026-01-01T00:00:00")}}, to_ms)


def test_due_at_presence_selects_posts_with_or_without_due_at() -> None:
    present = parse_posts_filter({"dueAtPresence": "present"}, to_ms)
    absent = parse_posts_filter({"dueAtPresence": "absent"}, to_ms)
    with_due, without = post("a" * 24, due_at=1), post("b" * 24, due_at=None)
    assert post_matches(with_due, present) and not post_matches(without, present)
    assert post_matches(without, absent) and not post_matches(with_due, absent)


def test_legacy_start_and_end_date_match_created_or_due() -> None:
    f = parse_posts_filter({"startDate": dt("2026-05-01T00:00:00")}, to_ms)
    assert post_matches(
        post("a" * 24, created_at=ms("2026-01-01T00:00:00"), due_at=ms("2026-06-01T00:00:00")), f
    )
    assert not post_matches(post("a" * 24, created_at=ms("2026-01-01T00:00:00"), due_at=None), f)


def test_status_and_channel_filters_combine_with_and() -> None:
    f = parse_posts_filter({"status": ["sent"], "channelIds": ["c" * 24]}, to_ms)
    assert post_matches(post("a" * 24, status="sent"), f)
    assert not post_matches(post("a" * 24, status="draft"), f)
    assert not post_matches(post("a" * 24, status="sent", channel_id="d" * 24), f)


def test_default_order_is_newest_created_first_with_id_tie_break() -> None:
    posts = [post("a" * 24, created_at=1), post("b" * 24, created_at=2), post("c" * 24, created_at=2)]
    ordered = sorted(posts, key=post_order_key(normalize_sort(None)))
    assert [p.id[0] for p in ordered] == ["c", "b", "a"]


def test_due_at_sort_puts_posts_without_due_at_last_in_both_directions() -> None:
    posts = [post("a" * 24, due_at=None), post("b" * 24, due_at=5), post("c" * 24, due_at=3)]
    asc = sorted(posts, key=post_order_key((("dueAt", "asc"),)))
    desc = sorted(posts, key=post_order_key((("dueAt", "desc"),)))
    assert [p.id[0] for p in asc] == ["c", "b", "a"]
    assert [p.id[0] for p in desc] == ["b", "c", "a"]


def test_second_sort_field_breaks_ties_of_the_first() -> None:
    posts = [post("a" * 24, due_at=1, created_at=1), post("b" * 24, due_at=1, created_at=2)]
    ordered = sorted(posts, key=post_order_key((("dueAt", "asc"), ("createdAt", "desc"))))
    assert [p.id[0] for p in ordered] == ["b", "a"]
