"""Every store of client input is bounded by bytes: the request log and the document cache."""

from __future__ import annotations

from collections.abc import Callable

from mockserver.store.request_log import RequestLog, logged_variables
from tests.conftest import GraphQLClient, frozen_settings


def nested(levels: int) -> object:
    value: object = 1
    for _ in range(levels):
        value = {"a": value}
    return value


def test_large_variables_are_logged_truncated_and_say_so(gql: GraphQLClient) -> None:
    gql.data("{ account { id } }", {"v": "x" * 900_000})
    entry = gql.http.get("/_mock/requests?limit=1").json()["requests"][0]
    assert entry["variables"] is None
    assert entry["variablesTruncated"] is True
    assert entry["variablesBytes"] > 900_000
    assert entry["variablesPreview"].startswith('{"v":"xxx')
    assert len(entry["variablesPreview"]) <= 256


def test_small_variables_are_logged_as_sent(gql: GraphQLClient) -> None:
    gql.data("{ account { id } }", {"v": "short"})
    entry = gql.http.get("/_mock/requests?limit=1").json()["requests"][0]
    assert entry["variables"] == {"v": "short"}
    assert "variablesTruncated" not in entry


def test_variables_nested_beyond_json_depth_never_break_the_log(gql: GraphQLClient) -> None:
    response = gql.post("{ account { id } }", {"deep": nested(300)})
    assert response.status_code == 200
    listing = gql.http.get("/_mock/requests")
    assert listing.status_code == 200
    assert listing.json()["requests"][-1]["variablesTruncated"] is True


def test_request_log_stays_under_its_byte_bound(make_client: Callable[..., GraphQLClient]) -> None:
    client = make_client(frozen_settings(log_max_bytes=50_000, log_variables_max_bytes=4096))
    for _ in range(40):
        client.data("{ account { id } }", {"v": "y" * 3000})
    namespace = client.http.app.state.namespaces.get("default")  # type: ignore[attr-defined]
    assert namespace.request_log.bytes <= 50_000
    assert 0 < len(namespace.request_log) < 40  # the oldest went first
    assert client.http.get("/_mock/requests").json()["total"] == len(namespace.request_log)


def test_request_log_truncates_long_operation_names() -> None:
    log = RequestLog(capacity=10, max_bytes=100_000, variables_max_bytes=4096)
    log.append({"operation_name": "x" * 10_000, "variables": None})
    assert len(log[0]["operation_name"]) <= 257


def test_unencodable_variables_are_marked_not_kept() -> None:
    fields, size = logged_variables(nested(300), 4096)
    assert fields["variables"] is None and fields["variables_truncated"] is True and size == 0


def test_document_cache_is_bounded_by_bytes_for_documents_and_errors(
    make_client: Callable[..., GraphQLClient],
) -> None:
    client = make_client(frozen_settings(document_cache_bytes=200_000))
    cache = client.http.app.state.endpoint.documents  # type: ignore[attr-defined]
    padding = "# " + "p" * 5000 + "\n"
    for index in range(60):
        client.post(padding + "{ a" + str(index) + ": account { id } }")  # valid, unique, 5 KB each
        client.post(
            padding + '{ post(input: {id: "bad' + str(index) + '"}) { id } }'
        )  # invalid literal: cached error
    assert cache.bytes <= 200_000
    assert 0 < len(cache) < 120


def test_a_document_heavier_than_an_eighth_of_the_cache_is_answered_but_not_cached(
    make_client: Callable[..., GraphQLClient],
) -> None:
    client = make_client(frozen_settings(document_cache_bytes=80_000))
    cache = client.http.app.state.endpoint.documents  # type: ignore[attr-defined]
    response = client.post("# " + "z" * 20_000 + "\n{ account { id } }")
    assert response.status_code == 200
    assert len(cache) == 0
