"""Schemathesis generates whole documents for every root field; every answer keeps the contract.

The schema is loaded the way a client would see it (introspection over the in-process app,
authenticated with the default key). Custom scalars are generated from the default world
(real ids mostly, see ``harness.scalar_values``). Positive documents are valid: they must
never break the contract and some must come back with data (the resolvers really ran).
Negative documents break the schema: they must be refused with a 400, never executed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from graphql import (
    REMOVE,
    ArgumentNode,
    GraphQLInputObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    IntValueNode,
    ObjectValueNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_nullable_type,
    parse,
    print_ast,
    visit,
)
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.graphql import nodes

from mockserver.fixtures.loader import WorldData
from mockserver.graphql_schema import build_schema
from tests.fuzz.harness import (
    AUTH_HEADERS,
    GRAPHQL_PATH,
    FuzzClient,
    FuzzTally,
    WorldIds,
    ci_fuzz_settings,
    scalar_values,
)
from tests.fuzz.response_contract import SentRequest, describe_exchange

POSITIVE_EXAMPLES = 70
NEGATIVE_EXAMPLES = 20
ROOT_FIELDS = [
    (root.name, name)
    for root in (build_schema().query_type, build_schema().mutation_type)
    if root is not None
    for name in root.fields
]


def register_scalars(ids: WorldIds) -> None:
    """Teach schemathesis our custom scalars (it generates AST value nodes for them)."""
    for name, values in scalar_values(ids).items():
        schemathesis.graphql.scalar(name, values.map(nodes.String))


def load_schemathesis_schema(data: WorldData, ids: WorldIds) -> Any:
    register_scalars(ids)
    client = FuzzClient(data)
    try:
        return schemathesis.graphql.from_asgi(GRAPHQL_PATH, client.app, headers=AUTH_HEADERS)
    finally:
        client.close()


class ClientLikeArguments(Visitor):
    """Makes a generated document look like a real client's: a page size within 0..100, no made-up
    ``after`` cursor, one member in a ``@oneOf`` input. Random ints and strings there would make
    almost every document stop at a BAD_USER_INPUT and never reach the data."""

    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info

    def enter_argument(self, node: ArgumentNode, *_: Any) -> Any:
        if node.name.value == "after":
            return REMOVE
        if node.name.value == "first" and isinstance(node.value, IntValueNode):
            return ArgumentNode(name=node.name, value=IntValueNode(value=str(int(node.value.value) % 101)))
        return None

    def enter_object_value(self, node: ObjectValueNode, *_: Any) -> Any:
        type_ = self.type_info.get_input_type()
        type_ = get_nullable_type(type_) if type_ is not None else None
        if isinstance(type_, GraphQLInputObjectType) and type_.is_one_of and len(node.fields) > 1:
            return ObjectValueNode(fields=(node.fields[0],))
        return None


def client_like(schema: GraphQLSchema, body: str) -> str:
    type_info = TypeInfo(schema)
    return print_ast(visit(parse(body), TypeInfoVisitor(type_info, ClientLikeArguments(type_info))))


@pytest.fixture(scope="module")
def st_schema(default_data: WorldData, default_ids: WorldIds) -> Any:
    return load_schemathesis_schema(default_data, default_ids)


def fuzz_operation(
    st_schema: Any,
    graphql_schema: GraphQLSchema,
    client: FuzzClient,
    root: str,
    field: str,
    mode: GenerationMode,
    max_examples: int,
    extra_check: Callable[[Any], str | None],
) -> FuzzTally:
    operation = st_schema[root][field]
    tally = FuzzTally()

    @ci_fuzz_settings(max_examples)
    @given(case=operation.as_strategy(mode), as_generated=st.integers(0, 3))
    def exchange(case: Any, as_generated: int) -> None:
        # three in four valid documents made client-like; negative ones are sent as generated
        body = (
            case.body
            if mode == GenerationMode.NEGATIVE or as_generated == 0
            else client_like(graphql_schema, case.body)
        )
        sent = SentRequest(body)
        answer = client.send(sent)
        problems = client.check(graphql_schema, sent, answer)
        extra = extra_check(answer)
        if extra:
            problems.append(extra)
        tally.record(answer, problems)
        assert not problems, describe_exchange(sent, answer.status, answer.body, problems)

    exchange()
    return tally


def test_every_root_field_is_fuzzed(st_schema: Any, graphql_schema: GraphQLSchema) -> None:
    introspected = {(root, name) for root in ("Query", "Mutation") for name in st_schema[root]}
    assert introspected == set(ROOT_FIELDS)
    reference = build_schema("2026-08-13")
    assert len(reference.query_type.fields) == 11  # type: ignore[union-attr]
    assert len(reference.mutation_type.fields) == 8  # type: ignore[union-attr]
    assert set(reference.query_type.fields) < set(graphql_schema.query_type.fields)  # type: ignore[union-attr]
    assert set(reference.mutation_type.fields) < set(graphql_schema.mutation_type.fields)  # type: ignore[union-attr]


@pytest.mark.parametrize(("root", "field"), ROOT_FIELDS, ids=[f"{r}.{f}" for r, f in ROOT_FIELDS])
def test_valid_generated_documents_keep_the_response_contract(
    st_schema: Any,
    graphql_schema: GraphQLSchema,
    fuzz_client: Callable[[], FuzzClient],
    root: str,
    field: str,
) -> None:
    tally = fuzz_operation(
        st_schema,
        graphql_schema,
        fuzz_client(),
        root,
        field,
        GenerationMode.POSITIVE,
        POSITIVE_EXAMPLES,
        lambda answer: None,
    )
    assert tally.with_data > 0, f"no generated {root}.{field} document came back with data: {tally.statuses}"


def refused_with_400(answer: Any) -> str | None:
    if answer.status == 400:
        return None
    return f"a document that breaks the schema got HTTP {answer.status}, not 400"


@pytest.mark.parametrize(("root", "field"), ROOT_FIELDS, ids=[f"{r}.{f}" for r, f in ROOT_FIELDS])
def test_invalid_generated_documents_are_refused(
    st_schema: Any,
    graphql_schema: GraphQLSchema,
    fuzz_client: Callable[[], FuzzClient],
    root: str,
    field: str,
) -> None:
    tally = fuzz_operation(
        st_schema,
        graphql_schema,
        fuzz_client(),
        root,
        field,
        GenerationMode.NEGATIVE,
        NEGATIVE_EXAMPLES,
        refused_with_400,
    )
    assert tally.cases > 0


def test_registered_scalar_strategies_produce_values_the_server_accepts(default_ids: WorldIds) -> None:
    """The generators themselves: every drawn scalar value parses with the server's own scalar."""
    # The built schema's scalar types (ariadne's ScalarType.value_parser is a decorator that
    # would replace the parser with its argument).
    schema = build_schema()
    parsers = {name: t.parse_value for name, t in schema.type_map.items() if isinstance(t, GraphQLScalarType)}

    @ci_fuzz_settings(50)
    @given(data=st.data())
    def draw_and_parse(data: st.DataObject) -> None:
        for name, values in scalar_values(default_ids).items():
            value = data.draw(values, label=name)
            if name not in parsers:
                continue
            parsers[name](value)  # a GraphQLError here fails the test: the value was refused

    draw_and_parse()
