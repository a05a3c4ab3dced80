"""Each response matcher on hand-made bodies."""

from __future__ import annotations

from graphql import parse

from mockserver.contract.findings import BREAKING, DANGEROUS, SAFE
from mockserver.contract.matchers import (
    collect_enum_values,
    compare_responses,
    enum_value_paths,
    error_codes,
    match_enum_values,
    match_error_codes,
    match_shape,
    match_status,
    match_values,
    status_class,
)
from mockserver.graphql_schema import build_schema


def kinds(findings):  # type: ignore[no-untyped-def]
    return sorted((f.severity, f.kind, f.path) for f in findings)


def test_status_class_groups_codes_by_hundred() -> None:
    assert status_class(200) == "2xx"
    assert status_class(429) == "4xx"


def test_match_status_accepts_same_class_and_breaks_on_another() -> None:
    assert match_status(200, 201) == []
    assert kinds(match_status(200, 400)) == [(BREAKING, "STATUS_CLASS_CHANGED", "status")]


def test_error_codes_reads_extension_codes_and_marks_errors_without_one() -> None:
    body = {"errors": [{"message": "a", "extensions": {"code": "NOT_FOUND"}}, {"message": "b"}]}
    assert error_codes(body) == {"NOT_FOUND", "<none>"}
    assert error_codes({"data": {}}) == frozenset()


def test_match_error_codes_breaks_when_the_sets_differ() -> None:
    unauth = {"errors": [{"extensions": {"code": "UNAUTHORIZED"}}]}
    forbidden = {"errors": [{"extensions": {"code": "FORBIDDEN"}}]}
    assert match_error_codes(unauth, unauth) == []
    assert kinds(match_error_codes(unauth, forbidden)) == [(BREAKING, "ERROR_CODES_CHANGED", "errors")]
    assert kinds(match_error_codes({"data": {}}, unauth)) == [(BREAKING, "ERROR_CODES_CHANGED", "errors")]


def test_match_shape_ignores_values() -> None:
    mock = {"post": {"id": "a", "text": "hello", "count": 1, "tags": [{"id": "t"}]}}
    target = {"post": {"id": "b", "text": "other", "count": 7.5, "tags": [{"id": "u"}, {"id": "v"}]}}
    assert match_shape(mock, target) == []


def test_match_shape_breaks_on_a_missing_key() -> None:
    findings = match_shape({"post": {"id": "a", "text": "x"}}, {"post": {"id": "a"}})
    assert kinds(findings) == [(BREAKING, "KEY_REMOVED", "data.post.text")]


def test_match_shape_flags_an_extra_key_as_dangerous() -> None:
    findings = match_shape({"post": {"id": "a"}}, {"post": {"id": "a", "extra": 1}})
    assert kinds(findings) == [(DANGEROUS, "KEY_ADDED", "data.post.extra")]


def test_match_shape_breaks_on_another_json_type() -> None:
    assert kinds(match_shape({"n": 1}, {"n": "1"})) == [(BREAKING, "TYPE_CHANGED", "data.n")]
    assert kinds(match_shape({"tags": []}, {"tags": {}})) == [(BREAKING, "TYPE_CHANGED", "data.tags")]


def test_match_shape_flags_null_where_the_mock_never_has_null_as_dangerous() -> None:
    findings = match_shape({"posts": [{"dueAt": "d1"}, {"dueAt": "d2"}]}, {"posts": [{"dueAt": None}]})
    assert kinds(findings) == [(DANGEROUS, "NULLABILITY_WIDENED", "data.posts[].dueAt")]


def test_match_shape_accepts_a_value_where_the_mock_had_null() -> None:
    assert match_shape({"dueAt": None}, {"dueAt": "2026-01-01T00:00:00Z"}) == []


def test_match_shape_compares_union_members_only_when_both_sides_have_them() -> None:
    mock = {"items": [{"__typename": "A", "a": 1}, {"__typename": "B", "b": 2}]}
    target = {"items": [{"__typename": "B"}, {"__typename": "C", "c": 3}]}
    assert kinds(match_shape(mock, target)) == [(BREAKING, "KEY_REMOVED", "data.items[]<B>.b")]


def test_match_values_reports_value_differences_as_safe_with_a_count() -> None:
    assert match_values({"a": 1, "b": [1, 2]}, {"a": 1, "b": [1, 2]}) == []
    findings = match_values({"a": 1, "b": [1, 2]}, {"a": 2, "b": [1, 3]})
    assert kinds(findings) == [(SAFE, "VALUES_DIFFER", "data")]
    assert findings[0].message == "2 value(s) differ"


def test_enum_value_paths_follow_aliases_lists_and_fragments() -> None:
    document = parse(
        "query Q($input: PostsInput!) { posts(input: $input) { edges { node { state: status "
        "...F channel { service } } } } } fragment F on Post { via }"
    )
    paths = enum_value_paths(build_schema(), document)
    assert paths == {
        ("posts", "edges", "node", "state"): "PostStatus",
        ("posts", "edges", "node", "via"): "PostVia",
        ("posts", "edges", "node", "channel", "service"): "Service",
    }


def test_collect_enum_values_walks_lists() -> None:
    data = {"posts": {"edges": [{"node": {"state": "sent"}}, {"node": {"state": "draft"}}]}}
    found = collect_enum_values(data, {("posts", "edges", "node", "state"): "PostStatus"})
    assert found == {"PostStatus": {"sent", "draft"}}


def test_match_enum_values_needs_every_seen_value_in_both_schemas() -> None:
    observed = {"PostStatus": {"sent", "archived", "queued"}}
    mock = {"PostStatus": {"sent", "queued"}}
    target = {"PostStatus": {"sent", "archived"}}
    assert kinds(match_enum_values(observed, mock, target)) == [
        (BREAKING, "ENUM_VALUE_INVALID", "PostStatus.queued"),
        (DANGEROUS, "ENUM_VALUE_UNKNOWN", "PostStatus.archived"),
    ]


def test_compare_responses_reports_values_only_when_nothing_worse_differs() -> None:
    same_shape = compare_responses(200, {"data": {"id": "a"}}, 200, {"data": {"id": "b"}})
    assert kinds(same_shape) == [(SAFE, "VALUES_DIFFER", "data")]
    worse = compare_responses(200, {"data": {"id": "a"}}, 200, {"data": {"id": 1}})
    assert kinds(worse) == [(BREAKING, "TYPE_CHANGED", "data.id")]
