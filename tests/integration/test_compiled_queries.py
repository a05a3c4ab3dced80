"""Compiled queries answer exactly what graphql-core answers: every query of the contract corpus,
every CLI document, and the shapes the compiled form must get right or hand back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from graphql import ExecutionResult, OperationDefinitionNode, OperationType, parse

from mockserver.app import create_app
from mockserver.contract.corpus import load_corpus, resolve_variables
from mockserver.contract.endpoint import Endpoint, discover_ids
from mockserver.gateway.schema_versions import SCHEMA_VERSION_HEADER
from mockserver.graphql_schema import build_schema
from mockserver.http.fast_executor import MAX_COMPILED_FIELDS, compile_operation
from mockserver.http.graphql_endpoint import GraphQLEndpoint
from mockserver.http.outcome import PreparedRequest
from mockserver.resolvers.context import RequestContext
from mockserver.resolvers.defaults import default_field_resolver
from tests.conftest import DEFAULT_KEY, GraphQLClient, frozen_settings
from tests.integration.test_cli_documents import DOCUMENTS, variables_for, world_ids


class Differential:
    """Runs every query twice, compiled and through graphql-core, and keeps what differs."""

    def __init__(self, endpoint: GraphQLEndpoint) -> None:
        self.endpoint = endpoint
        self._run = endpoint.run
        self._compiled = endpoint.compiled
        self.compared = 0
        self.compiled_answers = 0
        self.mismatches: list[tuple[str, Any, Any]] = []
        endpoint.run = self.run  # type: ignore[method-assign]

    def run(self, prepared: PreparedRequest, context: RequestContext, middleware: Any) -> ExecutionResult:
        if prepared.operation.operation != OperationType.QUERY:
            return self._run(prepared, context, middleware)  # writes run once
        answer = self._run(prepared, context, middleware)
        self.endpoint.compiled = lambda _prepared: None  # type: ignore[method-assign]
        try:
            reference = self._run(prepared, context, middleware)
        finally:
            del self.endpoint.compiled
        self.compared += 1
        if self._compiled(prepared) is not None and not reference.errors:
            self.compiled_answers += 1
        # compared as bytes: the order of keys is part of the answer
        mine = orjson.dumps((answer.data, [e.formatted for e in answer.errors or ()]))
        theirs = orjson.dumps((reference.data, [e.formatted for e in reference.errors or ()]))
        if mine != theirs:
            self.mismatches.append((prepared.query[:120], mine, theirs))
        return answer


@pytest.fixture
def differential() -> Iterator[tuple[TestClient, Differential]]:
    app = create_app(frozen_settings(response_cache=False))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, Differential(app.state.endpoint)


def test_every_corpus_query_answers_as_graphql_core_does(
    differential: tuple[TestClient, Differential],
) -> None:
    client, checker = differential
    endpoint = Endpoint("http://testserver/graphql", DEFAULT_KEY, client=client)
    ids = discover_ids(endpoint)
    operations = [op for op in load_corpus() if not op.writes]
    for operation in operations:
        versioned = Endpoint(
            "http://testserver/graphql", DEFAULT_KEY, client=client,
            headers={SCHEMA_VERSION_HEADER: operation.schema_version},
        )  # fmt: skip
        versioned.execute(operation.document, resolve_variables(operation.variables, ids))
    assert checker.mismatches == []
    assert checker.compared >= len(operations) > 60
    assert checker.compiled_answers >= len(operations) * 0.9  # nearly all ran compiled


def test_every_cli_document_answers_as_graphql_core_does(
    differential: tuple[TestClient, Differential],
) -> None:
    client, checker = differential
    gql = GraphQLClient(client)
    ids = world_ids(gql)
    for name, entry in sorted(DOCUMENTS.items()):
        for variant in ("documentDefaultFields", "documentAllFields"):
            gql.post(entry[variant], variables_for(name, ids))
    assert checker.mismatches == []
    assert checker.compiled_answers >= 20


SHAPES = [
    # aliases, a repeated key merged, __typename, a fragment and an inline fragment
    """query($o: OrganizationId!) { a: posts(first: 3, input: {organizationId: $o}) {
         edges { node { id ...P } } edges { node { text __typename ... on Post { status } } } } }
       fragment P on Post { channelService tags { name colorName } }""",
    # unions and interfaces through resolve_type, nested lists
    """query($o: OrganizationId!) { posts(first: 20, input: {organizationId: $o}) { edges { node {
         assets { __typename ... on ImageAsset { source image { altText } } ... on Asset { thumbnail } }
         metadata { __typename } } } } }""",
    # arguments with defaults, literal and variable input objects
    """query($o: OrganizationId!, $s: [PostStatus!]) { posts(first: 2, input: {organizationId: $o,
         filter: {status: $s}}) { pageInfo { hasNextPage endCursor } edges { cursor } } }""",
    # @skip / @include and introspection: not compiled, graphql-core's answer
    """query($o: OrganizationId!) { posts(first: 2, input: {organizationId: $o}) @include(if: true) {
         edges { node { id text @skip(if: true) } } } __schema { queryType { name } } }""",
    # errors: an unknown id, a missing organization (graphql-core reports and propagates)
    """{ post(input: {id: "000000000000000000000000"}) { id } }""",
    """{ channels(input: {organizationId: "000000000000000000000000"}) { id } }""",
]


@pytest.mark.parametrize("query", SHAPES, ids=range(len(SHAPES)))
def test_query_shapes_answer_as_graphql_core_does(
    differential: tuple[TestClient, Differential], query: str
) -> None:
    client, checker = differential
    gql = GraphQLClient(client)
    org = gql.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    variables: dict[str, Any] = {"o": org} if "$o" in query else {}
    if "$s" in query:
        variables["s"] = ["sent", "draft"]
    gql.post(query, variables)
    assert checker.mismatches == []
    assert checker.compared == 2


def test_an_operation_wider_than_the_budget_is_left_to_graphql_core() -> None:
    schema = build_schema()
    wide = "{ " + " ".join(f"a{i}: account {{ id }}" for i in range(MAX_COMPILED_FIELDS)) + " }"
    narrow = "{ " + " ".join(f"a{i}: account {{ id }}" for i in range(10)) + " }"

    def compiled(query: str) -> object:
        operation = parse(query).definitions[0]
        assert isinstance(operation, OperationDefinitionNode)
        return compile_operation(schema, operation, {}, default_field_resolver)

    assert compiled(wide) is None
    assert compiled(narrow) is not None
