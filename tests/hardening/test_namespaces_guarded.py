"""Namespaces are created only for authenticated callers, capped, and persisted only once touched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from tests.conftest import DEFAULT_KEY, GraphQLClient, frozen_settings

NS = "x-buffer-mock-namespace"


def names(client: GraphQLClient) -> list[str]:
    return client.http.app.state.namespaces.names()  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize("token", [None, "buf_not_a_key", "Basic abc"])
def test_unauthenticated_requests_with_fresh_namespaces_create_nothing(
    gql: GraphQLClient, token: str | None
) -> None:
    anonymous = gql.as_token(None)
    before = names(gql)
    for index in range(25):
        headers = {NS: f"fresh-{index}"}
        if token is not None:
            headers["authorization"] = token if " " in token else f"Bearer {token}"
        response = anonymous.http.post("/graphql", json={"query": "{ account { id } }"}, headers=headers)
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert anonymous.http.get("/graphql", headers=headers).status_code == 401
        assert anonymous.http.post("/anything", headers=headers).status_code == 401
    assert names(gql) == before


def test_an_authenticated_request_creates_its_namespace(gql: GraphQLClient) -> None:
    gql.data("{ account { id } }", **{NS: "made"})
    assert "made" in names(gql)


def test_namespaces_beyond_the_cap_get_a_buffer_shaped_400_and_nothing_is_created(
    make_client: Callable[..., GraphQLClient],
) -> None:
    client = make_client(frozen_settings(max_namespaces=3))
    for name in ("a", "b"):
        client.data("{ account { id } }", **{NS: name})
    client.data("{ account { id } }")  # default
    assert names(client) == ["a", "b", "default"]
    response = client.post("{ account { id } }", **{NS: "one-too-many"})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "maximum of 3 namespaces" in error["message"] and "--max-namespaces" in error["message"]
    control = client.http.post("/_mock/reset?namespace=also-too-many")
    assert control.status_code == 400 and "maximum of 3 namespaces" in control.json()["errors"][0]["message"]
    assert names(client) == ["a", "b", "default"]
    client.data("{ account { id } }", **{NS: "a"})  # existing ones still answer


def test_untouched_namespaces_are_never_written_to_the_state_file(
    make_client: Callable[..., GraphQLClient], tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    client = make_client(frozen_settings(state_file=state))
    for index in range(5):
        client.data("{ account { id } }", **{NS: f"reader-{index}"})
    client.http.post("/_mock/clock/advance?namespace=clocked", json={"seconds": 60})
    organization = client.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    created = client.data(
        """mutation($o: ID!) { createIdea(input: {organizationId: $o, content: {title: "x"}}) {
             __typename } }""",
        {"o": organization},
        **{NS: "writer"},
    )
    assert created["createIdea"]["__typename"] == "Idea"
    saved = orjson.loads(state.read_bytes())["namespaces"]
    assert sorted(saved) == ["clocked", "writer"]
    assert len(names(client)) == 8  # all of them exist in memory


def test_the_default_key_still_works_in_every_existing_namespace(gql: GraphQLClient) -> None:
    for name in ("one", "two"):
        gql.data("{ account { id } }", **{NS: name})
    assert gql.as_token(DEFAULT_KEY).data("{ account { id } }", **{NS: "one"})["account"]["id"]
