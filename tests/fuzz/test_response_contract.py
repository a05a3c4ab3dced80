"""The checker itself: it must reject each kind of broken answer (else the fuzzers prove nothing)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from graphql import GraphQLSchema

from tests.conftest import GraphQLClient
from tests.fuzz.response_contract import SentRequest, assert_response_contract, response_problems
from tests.reference import cli_documents

ACCOUNT = "{ account { id email organizations { id name } } }"
GOOD_ACCOUNT = {
    "account": {
        "id": "a1",
        "email": "x@example.com",
        "organizations": [{"id": "655bf300ed9b7949faa6a0c6", "name": "Org"}],
    }
}
POST_PAYLOAD = """mutation { deletePost(input: {id: "655bf300ed9b7949faa6a0c6"}) {
  kind: __typename ... on DeletePostSuccess { id } ... on VoidMutationError { message } } }"""


def problems(
    schema: GraphQLSchema,
    query: str,
    body: Any,
    status: int = 200,
    variables: Any = None,
    content_type: str = "application/json",
) -> list[str]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return response_problems(schema, SentRequest(query, variables), status, content_type, raw)


def test_a_well_formed_answer_keeps_the_contract(graphql_schema: GraphQLSchema) -> None:
    assert problems(graphql_schema, ACCOUNT, {"data": GOOD_ACCOUNT}) == []


@pytest.mark.parametrize("status", [500, 502, 503, 404, 204])
def test_statuses_outside_the_contract_are_refused(graphql_schema: GraphQLSchema, status: int) -> None:
    found = problems(graphql_schema, ACCOUNT, {"errors": [{"message": "boom"}]}, status=status)
    assert any(f"HTTP {status}" in p for p in found)


def test_a_traceback_in_the_body_is_refused(graphql_schema: GraphQLSchema) -> None:
    body = {"errors": [{"message": 'Traceback (most recent call last):\n  File "/x.py", line 3'}]}
    assert any("traceback" in p for p in problems(graphql_schema, ACCOUNT, body, status=400))


def test_a_body_that_is_not_json_is_refused(graphql_schema: GraphQLSchema) -> None:
    found = problems(graphql_schema, ACCOUNT, b"Internal Server Error", status=400)
    assert any("not JSON" in p for p in found)
    assert any(
        "content-type" in p
        for p in problems(graphql_schema, ACCOUNT, {"data": GOOD_ACCOUNT}, content_type="text/plain")
    )


def test_a_200_without_data_and_a_400_with_data_are_refused(graphql_schema: GraphQLSchema) -> None:
    assert problems(
        graphql_schema,
        ACCOUNT,
        {"errors": [{"message": "x", "path": ["account"], "extensions": {"code": "NOT_FOUND"}}]},
    )
    assert problems(graphql_schema, ACCOUNT, {"data": GOOD_ACCOUNT, "errors": [{"message": "x"}]}, status=400)
    assert problems(graphql_schema, ACCOUNT, {"data": None}, status=400)


@pytest.mark.parametrize(
    "error",
    [
        {
            "message": "An unexpected error occurred.",
            "path": ["account"],
            "extensions": {"code": "UNEXPECTED"},
        },
        {"message": "Cannot return null for non-nullable field Account.email.", "path": ["account", "email"]},
        {"message": "", "path": ["account"], "extensions": {"code": "NOT_FOUND"}},
        {"message": "x", "path": "account", "extensions": {"code": "NOT_FOUND"}},
        {"message": "x", "path": ["account"], "extensions": {"code": "NOT_FOUND"}, "stack": "..."},
        {
            "message": "x",
            "locations": [{"line": 0, "column": 1}],
            "path": ["account"],
            "extensions": {"code": "NOT_FOUND"},
        },
    ],
)
def test_malformed_or_internal_execution_errors_are_refused(
    graphql_schema: GraphQLSchema, error: dict[str, Any]
) -> None:
    assert problems(graphql_schema, ACCOUNT, {"errors": [error], "data": None})


def test_null_propagation_is_allowed_only_below_an_error(graphql_schema: GraphQLSchema) -> None:
    data = {
        "account": {
            **GOOD_ACCOUNT["account"],
            "organizations": [{"id": "655bf300ed9b7949faa6a0c6", "name": None}],
        }
    }
    assert any("null for non-null" in p for p in problems(graphql_schema, ACCOUNT, {"data": data}))
    error = {
        "message": "nope",
        "path": ["account", "organizations", 0, "name"],
        "extensions": {"code": "FORBIDDEN"},
    }
    assert problems(graphql_schema, ACCOUNT, {"data": data, "errors": [error]}) == []
    assert problems(graphql_schema, ACCOUNT, {"data": None, "errors": [error]}) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", 12),
        ("email", None),
        ("organizations", {"id": "x"}),
        ("email", ["x@example.com"]),
    ],
)
def test_values_of_the_wrong_shape_are_refused(graphql_schema: GraphQLSchema, field: str, value: Any) -> None:
    data = {"account": {**GOOD_ACCOUNT["account"], field: value}}
    assert problems(graphql_schema, ACCOUNT, {"data": data})


def test_missing_and_unselected_keys_are_refused_and_aliases_followed(graphql_schema: GraphQLSchema) -> None:
    query = "{ me: account { mail: email } }"
    assert problems(graphql_schema, query, {"data": {"me": {"mail": "x@example.com"}}}) == []
    assert problems(graphql_schema, query, {"data": {"me": {"email": "x@example.com"}}})
    assert problems(graphql_schema, query, {"data": {"me": {"mail": "x@example.com", "id": "a"}}})


def test_skip_and_include_follow_the_variables(graphql_schema: GraphQLSchema) -> None:
    query = "query($s: Boolean!) { account { id email @skip(if: $s) } }"
    assert problems(graphql_schema, query, {"data": {"account": {"id": "a"}}}, variables={"s": True}) == []
    assert problems(graphql_schema, query, {"data": {"account": {"id": "a"}}}, variables={"s": False})


@pytest.mark.parametrize(
    ("scalar_query", "bad"),
    [
        ('{ channel(input: {id: "655bf300ed9b7949faa6a0c6"}) { createdAt } }', "2026-01-01T00:00:00Z"),
        ('{ channel(input: {id: "655bf300ed9b7949faa6a0c6"}) { id } }', "ABC"),
        ('{ channel(input: {id: "655bf300ed9b7949faa6a0c6"}) { service } }', "myspace"),
        ("{ dailyPostingLimits(input: {channelIds: []}) { limit } }", 2**40),
    ],
)
def test_scalars_and_enums_out_of_their_output_format_are_refused(
    graphql_schema: GraphQLSchema, scalar_query: str, bad: Any
) -> None:
    root = "dailyPostingLimits" if "daily" in scalar_query else "channel"
    key = scalar_query.split("{")[-1].split("}")[0].strip()
    value = [{key: bad}] if root == "dailyPostingLimits" else {key: bad}
    assert problems(graphql_schema, scalar_query, {"data": {root: value}})


def test_union_members_are_told_apart_by_an_aliased_typename(graphql_schema: GraphQLSchema) -> None:
    success = {"deletePost": {"kind": "DeletePostSuccess", "id": "655bf300ed9b7949faa6a0c6"}}
    assert problems(graphql_schema, POST_PAYLOAD, {"data": success}) == []
    assert problems(
        graphql_schema, POST_PAYLOAD, {"data": {"deletePost": {"kind": "DeletePostSuccess", "message": "x"}}}
    )
    assert problems(graphql_schema, POST_PAYLOAD, {"data": {"deletePost": {"kind": "Channel"}}})
    untyped = POST_PAYLOAD.replace("kind: __typename", "")
    assert problems(graphql_schema, untyped, {"data": {"deletePost": {"message": "gone"}}}) == []
    assert problems(graphql_schema, untyped, {"data": {"deletePost": {"message": 3}}})


def test_real_answers_to_every_cli_document_keep_the_contract(
    gql: GraphQLClient, graphql_schema: GraphQLSchema
) -> None:
    org = gql.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    checked = 0
    for entry in cli_documents().values():
        for variant in ("documentDefaultFields", "documentAllFields"):
            query = entry[variant]
            variables = {"input": {"organizationId": org}} if "$input" in query else {}
            response = gql.post(query, variables)
            assert_response_contract(
                graphql_schema,
                SentRequest(query, variables),
                response.status_code,
                response.headers.get("content-type"),
                response.content,
            )
            checked += 1
    assert checked == 38
