"""The GraphQL POST skips the framework's stack, and repeated variable sets skip coercion; neither
changes an answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mockserver.app import create_app
from mockserver.http.documents import KNOWN_VARIABLES_MAX
from mockserver.schema.versions import DEFAULT_VERSION
from tests.conftest import DEFAULT_KEY, GraphQLClient, frozen_settings

POST = "query One($id: PostId!) { post(input: {id: $id}) { id status } }"
HEADERS = {"authorization": f"Bearer {DEFAULT_KEY}", "content-type": "application/json"}


def first_post_id(gql: GraphQLClient) -> str:
    org = gql.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    page = gql.data(
        "query($o: OrganizationId!) { posts(first: 1, input: {organizationId: $o}) { edges { node { id } } } }",
        {"o": org},
    )
    post_id: str = page["posts"]["edges"][0]["node"]["id"]
    return post_id


def test_graphql_post_does_not_enter_the_framework_stack(
    make_client: Callable[..., GraphQLClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    gql = make_client()
    app = gql.http.app
    entered: list[str] = []

    async def refuse(*_: Any) -> None:  # the framework's stack, as the app built it
        entered.append("framework")
        raise AssertionError("the GraphQL POST went through FastAPI's stack")

    monkeypatch.setattr(app, "middleware_stack", refuse)
    assert gql.data("{ account { id } }")["account"]["id"]
    assert gql.data("{ account { id } }")["account"]["id"]  # and on the cached path
    assert entered == []
    gql.http.options("/graphql")  # other paths still do
    assert entered == ["framework"]


def test_framework_route_answers_like_the_fast_path_under_a_root_path(
    make_client: Callable[..., GraphQLClient],
) -> None:
    gql = make_client()
    fast = gql.post("{ account { id email } }")
    rooted = TestClient(create_app(frozen_settings()), root_path="/buffer", raise_server_exceptions=False)
    framework = rooted.post("/buffer/graphql", json={"query": "{ account { id email } }"}, headers=HEADERS)
    assert framework.status_code == fast.status_code == 200
    assert framework.json() == fast.json()
    assert framework.headers["ratelimit-policy"] == fast.headers["ratelimit-policy"]


def test_guard_still_answers_a_crash_on_the_fast_path_with_a_buffer_shaped_500(
    make_client: Callable[..., GraphQLClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    gql = make_client()
    endpoint = gql.http.app.state.endpoint

    def crash(*_: Any, **__: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(endpoint, "process", crash)
    answer = gql.post("{ account { id } }")
    assert answer.status_code == 500
    error = answer.json()["errors"][0]
    assert error["message"] == "An unexpected error occurred. Please try again later."
    assert error["extensions"]["code"] == "UNEXPECTED"
    assert "boom" not in answer.text


def test_invalid_variables_are_refused_after_a_valid_set_was_remembered(
    make_client: Callable[..., GraphQLClient],
) -> None:
    gql = make_client()
    post_id = first_post_id(gql)
    for _ in range(3):
        assert gql.data(POST, {"id": post_id})["post"]["id"] == post_id
    bad = gql.post(POST, {"id": "not-an-id"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    missing = gql.post(POST, {})
    assert missing.status_code == 400
    assert missing.json() == make_client().post(POST, {}).json()  # as a server that remembered nothing
    assert gql.data(POST, {"id": post_id})["post"]["id"] == post_id


def test_remembered_variable_sets_are_bounded_per_document(make_client: Callable[..., GraphQLClient]) -> None:
    gql = make_client(frozen_settings(response_cache=False))
    documents = gql.http.app.state.endpoint.documents
    for number in range(KNOWN_VARIABLES_MAX + 10):
        answer = gql.post(POST, {"id": f"{number:024x}"})
        assert answer.status_code == 200, answer.text
    prepared = documents.cached(POST, DEFAULT_VERSION)
    assert prepared is not None
    assert len(prepared.known_variables) == KNOWN_VARIABLES_MAX
    long_value = {"id": "a" * 300}
    assert gql.post(POST, long_value).status_code == 400
    assert (None, '{"id":"' + "a" * 300 + '"}') not in prepared.known_variables
