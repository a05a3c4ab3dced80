"""The HTTP surface: paths, methods, auth bodies, malformed input, status codes."""

from __future__ import annotations

import pytest

from mockserver import errors
from tests.conftest import DEFAULT_KEY, GraphQLClient


@pytest.mark.parametrize("path", ["/", "/graphql"])
def test_both_documented_paths_answer_graphql(gql: GraphQLClient, path: str) -> None:
    response = gql.http.post(path, json={"query": "{ account { id } }"}, headers=gql.headers())
    assert response.status_code == 200
    assert response.json()["data"]["account"]["id"]


def test_missing_authorization_gets_buffers_exact_401_body(gql: GraphQLClient) -> None:
    response = gql.as_token(None).post("{ account { id } }")
    assert response.status_code == 401
    assert response.json() == {
        "errors": [{"message": errors.MSG_AUTH_REQUIRED, "extensions": {"code": "UNAUTHENTICATED"}}]
    }


@pytest.mark.parametrize("header", ["Bearer nope", DEFAULT_KEY, "Basic " + DEFAULT_KEY, "Bearer "])
def test_bad_or_unprefixed_token_gets_token_not_valid(gql: GraphQLClient, header: str) -> None:
    response = gql.http.post(
        "/graphql", json={"query": "{ account { id } }"}, headers={"authorization": header}
    )
    assert response.status_code == 401
    assert response.json() == {
        "errors": [{"message": errors.MSG_TOKEN_INVALID, "extensions": {"code": "UNAUTHENTICATED"}}]
    }


def test_auth_is_checked_before_the_query_is_parsed(gql: GraphQLClient) -> None:
    response = gql.as_token("bogus").post("{ this is not graphql")
    assert response.status_code == 401


def test_options_graphql_answers_below_500_for_the_cli_doctor(gql: GraphQLClient) -> None:
    assert gql.http.options("/graphql").status_code < 500


def test_browser_get_serves_the_explorer(gql: GraphQLClient) -> None:
    response = gql.http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "<html" in response.text.lower()


def test_anonymous_get_on_any_path_is_401(gql: GraphQLClient) -> None:
    assert gql.http.get("/").status_code == 401
    assert gql.http.get("/openapi.json").status_code == 401


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", errors.MSG_MALFORMED_JSON),
        (b"[1, 2]", errors.MSG_BODY_NOT_OBJECT),
        (b'{"query": 5}', errors.MSG_QUERY_MISSING),
        (b'{"query": "{ account { id } }", "variables": [1]}', errors.MSG_VARIABLES_NOT_OBJECT),
        (b'{"query": "{ account { id } }", "operationName": 3}', errors.MSG_OPERATION_NAME_NOT_STRING),
    ],
)
def test_malformed_bodies_get_a_clear_400(gql: GraphQLClient, body: bytes, message: str) -> None:
    response = gql.http.post("/graphql", content=body, headers=gql.headers())
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == message


def test_syntax_error_is_a_400_with_location(gql: GraphQLClient) -> None:
    response = gql.post("{ account { id }")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert error["locations"]


def test_unknown_enum_value_is_a_validation_failure_400(gql: GraphQLClient) -> None:
    response = gql.post(
        """mutation { createPost(input: {channelId: "aaaaaaaaaaaaaaaaaaaaaaaa", schedulingType: automatic_publishing,
           mode: addToQueue}) { __typename } }"""
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "automatic_publishing" in error["message"]


def test_fragment_on_a_foreign_union_member_is_rejected_like_buffer(gql: GraphQLClient) -> None:
    response = gql.post(
        'mutation { deletePost(input: {id: "aaaaaaaaaaaaaaaaaaaaaaaa"}) { ... on NotFoundError { message } } }'
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        'Fragment cannot be spread here as objects of type "DeletePostPayload" can never be of type "NotFoundError".'
    )


def test_wrong_variable_type_is_a_400_naming_the_variable(gql: GraphQLClient) -> None:
    response = gql.post("query($i: PostInput!) { post(input: $i) { id } }", {"i": {"id": 42}})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "$i" in error["message"]


def test_malformed_object_id_names_the_scalar(gql: GraphQLClient) -> None:
    response = gql.post("query($i: PostInput!) { post(input: $i) { id } }", {"i": {"id": "not-an-id"}})
    assert response.status_code == 400
    assert "PostId" in response.json()["errors"][0]["message"]


def test_unknown_operation_name_is_a_400(gql: GraphQLClient) -> None:
    response = gql.http.post(
        "/graphql", json={"query": "query A { account { id } }", "operationName": "B"}, headers=gql.headers()
    )
    assert response.status_code == 400


def test_no_stack_traces_in_any_error(gql: GraphQLClient) -> None:
    response = gql.post('{ post(input: {id: "aaaaaaaaaaaaaaaaaaaaaaaa"}) { id } }')
    assert "Traceback" not in response.text
