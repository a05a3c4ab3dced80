"""Query limits as validation rules: the cost model, depth, aliases, directives, tokens."""

from __future__ import annotations

import pytest
from graphql import GraphQLSyntaxError, build_schema, parse, specified_rules, validate

from mockserver import errors
from mockserver.gateway.query_limits import (
    Measure,
    QueryLimitError,
    measure_document,
    query_limit_rules,
    token_limit_error,
)
from mockserver.settings import QueryLimits

SCHEMA = build_schema("""
type Query { node: Node, nodes: [Node!]!, leaf: Int, other: Other }
type Node { child: Node, value: Int, kind: Kind, tags: [String!]! }
type Other { value: Int, node: Node }
enum Kind { A B }
""")


def measure(query: str) -> Measure:
    (only,) = measure_document(SCHEMA, parse(query)).values()
    return only


def limit_messages(query: str, limits: QueryLimits) -> list[str]:
    found = validate(SCHEMA, parse(query), [*specified_rules, *query_limit_rules(limits)])
    return [e.message for e in found if isinstance(e, QueryLimitError)]


def nested(depth: int) -> str:
    """``{ node { child { ... value } } }`` with ``depth`` fields on the path."""
    return "{ node " + "{ child " * (depth - 2) + "{ value }" + " }" * (depth - 2) + " }"


# --- cost model ----------------------------------------------------------------------------------
def test_root_leaf_costs_one_point() -> None:
    assert measure("{ leaf }").cost == 1


def test_object_field_costs_two_and_children_are_multiplied_by_one_and_a_half() -> None:
    assert measure("{ node { value } }").cost == 2 + 1 * 1.5


def test_each_level_multiplies_by_one_and_a_half_again() -> None:
    assert measure("{ node { child { value kind } } }").cost == 2 + 2 * 1.5 + 2 * 1 * 1.5**2


def test_list_fields_count_once_whatever_their_size() -> None:
    assert measure("{ nodes { value } }").cost == measure("{ node { value } }").cost
    assert measure("{ node { tags } }").cost == 2 + 1.5


def test_typename_is_a_leaf() -> None:
    assert measure("{ __typename node { __typename } }").cost == 1 + 2 + 1.5


def test_introspection_fields_are_costed_by_their_types() -> None:
    assert measure('{ __type(name: "Node") { name } }').cost == 2 + 1.5
    assert measure("{ __schema { queryType { name } } }").cost == 2 + 2 * 1.5 + 1.5**2


def test_fragments_are_expanded_at_the_depth_they_are_spread() -> None:
    spread = measure("query { node { ...F } other { node { ...F } } } fragment F on Node { value kind }")
    inline = measure("query { node { value kind } other { node { value kind } } }")
    assert spread == inline


def test_inline_fragments_do_not_add_depth() -> None:
    assert measure("{ node { ... on Node { value } } }") == measure("{ node { value } }")


def test_fragment_cycles_contribute_nothing_instead_of_looping() -> None:
    result = measure("{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { ...A }")
    assert result.depth == 2


# --- depth, aliases, directives -------------------------------------------------------------------
def test_depth_counts_fields_on_the_longest_path() -> None:
    assert measure("{ leaf }").depth == 1
    assert measure("{ leaf node { value child { value } } }").depth == 3
    assert measure(nested(7)).depth == 7


def test_aliases_and_directives_are_counted_with_fragments_expanded() -> None:
    query = """
    query Q @skip(if: false) { a: node { ...F } b: node { ...F } }
    fragment F on Node { x: value @include(if: true) y: kind }
    """
    result = measure(query)
    assert result.aliases == 2 + 2 * 2
    assert result.directives == 1 + 2


def test_each_operation_is_measured_on_its_own() -> None:
    measures = measure_document(SCHEMA, parse("query A { leaf } query B { node { value } }"))
    assert measures == {"A": Measure(1, 1.0, 0, 0), "B": Measure(2, 3.5, 0, 0)}


# --- rules: at the limit passes, one over fails ---------------------------------------------------
def test_depth_at_the_limit_passes_and_one_more_fails() -> None:
    limits = QueryLimits(max_depth=25)
    assert limit_messages(nested(25), limits) == []
    assert limit_messages(nested(26), limits) == ["Query depth 26 exceeds the maximum allowed depth of 25."]


def test_aliases_at_the_limit_pass_and_one_more_fails() -> None:
    limits = QueryLimits(max_aliases=30)
    at_limit = "{ " + " ".join(f"a{i}: leaf" for i in range(30)) + " }"
    over = "{ " + " ".join(f"a{i}: leaf" for i in range(31)) + " }"
    assert limit_messages(at_limit, limits) == []
    assert limit_messages(over, limits) == ["Query uses 31 aliases, more than the maximum of 30 allowed."]


def test_directives_at_the_limit_pass_and_one_more_fails() -> None:
    limits = QueryLimits(max_directives=50)
    at_limit = "{ " + " ".join("leaf @include(if: true)" for _ in range(50)) + " }"
    over = "{ " + " ".join("leaf @include(if: true)" for _ in range(51)) + " }"
    assert limit_messages(at_limit, limits) == []
    assert limit_messages(over, limits) == ["Query uses 51 directives, more than the maximum of 50 allowed."]


def test_complexity_at_the_limit_passes_and_above_fails_with_buffers_message() -> None:
    query = nested(12)
    cost = measure(query).cost
    assert limit_messages(query, QueryLimits(max_complexity=int(cost) + 1)) == []
    assert limit_messages(query, QueryLimits(max_complexity=int(cost) - 1)) == [errors.MSG_COMPLEXITY]


def test_default_complexity_limit_is_reached_through_depth_alone() -> None:
    """25 levels of one leaf stay under 175,000 points; a few leaves at depth 25 do not."""
    limits = QueryLimits()
    assert limit_messages(nested(25), limits) == []
    leaves = "{ value kind tags __typename a: value b: kind c: tags }"
    wide = "{ node " + "{ child " * 23 + leaves + " }" * 23 + " }"
    assert measure(wide).cost > 175_000
    assert limit_messages(wide, limits) == [errors.MSG_COMPLEXITY]


def test_limit_errors_carry_no_extensions_code() -> None:
    (error,) = validate(SCHEMA, parse(nested(26)), query_limit_rules(QueryLimits()))
    assert error.is_query_limit
    assert not error.extensions


def test_several_limits_are_reported_together() -> None:
    limits = QueryLimits(max_depth=3, max_aliases=0)
    assert limit_messages("{ x: node { child { child { value } } } }", limits) == [
        "Query depth 4 exceeds the maximum allowed depth of 3.",
        "Query uses 1 aliases, more than the maximum of 0 allowed.",
    ]


# --- tokens -------------------------------------------------------------------------------------------
def test_token_limit_abort_becomes_buffers_plain_limit_error() -> None:
    with pytest.raises(GraphQLSyntaxError) as caught:
        parse("{" + " leaf" * 20 + " }", max_tokens=10)
    converted = token_limit_error(caught.value, 10)
    assert converted is not None
    assert converted.message == "Query exceeds the maximum allowed number of tokens (10)."
    assert converted.is_query_limit


def test_other_syntax_errors_are_left_alone() -> None:
    with pytest.raises(GraphQLSyntaxError) as caught:
        parse("{ leaf", max_tokens=10)
    assert token_limit_error(caught.value, 10) is None
