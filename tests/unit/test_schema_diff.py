from __future__ import annotations

import pytest
from graphql import build_schema

from mockserver.contract.findings import BREAKING, DANGEROUS, SAFE, SchemaChange, count_by_severity
from mockserver.contract.introspection import (
    BASIC_INTROSPECTION_QUERY,
    introspect,
    model_from_introspection,
    model_from_schema,
    type_ref_to_str,
)
from mockserver.contract.schema_diff import DiffOptions, diff_schemas
from mockserver.contract.schema_model import SchemaModel
from mockserver.contract.type_change_safety import is_safe_input_type_change, is_safe_output_type_change

BASE = """
directive @tagged(name: String!) on FIELD_DEFINITION
scalar Stamp
interface Node { id: ID! }
interface Named { name: String }
type Query {
  item(id: ID!, limit: Int = 10): Item
  items(filter: Filter): [Item!]!
}
type Item implements Node {
  id: ID!
  name: String!
  tags: [String!]
  old: String @deprecated(reason: "use name")
}
type Other { id: ID! }
union Result = Item | Other
enum Color { RED GREEN BLUE }
input Filter {
  color: Color
  strict: Boolean! = false
  legacy: String @deprecated(reason: "gone")
}
input Pick @oneOf { a: Int, b: String }
input Either { a: Int, b: String }
"""


def model(sdl: str) -> SchemaModel:
    return model_from_schema(build_schema(sdl))


def changes(new_sdl: str, options: DiffOptions | None = None) -> set[tuple[str, str, str]]:
    return {(c.severity, c.kind, c.path) for c in diff_schemas(model(BASE), model(new_sdl), options)}


def edit(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def test_identical_schemas_have_no_changes() -> None:
    assert diff_schemas(model(BASE), model(BASE), DiffOptions(True, True, True)) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  name: String!\n", "", {(BREAKING, "FIELD_REMOVED", "Item.name")}),
        ("  name: String!\n", "  name: String!\n  extra: Int\n", {(SAFE, "FIELD_ADDED", "Item.extra")}),
        ("  name: String!\n", "  name: String\n", {(BREAKING, "FIELD_TYPE_CHANGED", "Item.name")}),
        ("  tags: [String!]\n", "  tags: [String!]!\n", {(SAFE, "FIELD_TYPE_CHANGED", "Item.tags")}),
        ("  tags: [String!]\n", "  tags: [String]\n", {(BREAKING, "FIELD_TYPE_CHANGED", "Item.tags")}),
        ("  tags: [String!]\n", "  tags: String\n", {(BREAKING, "FIELD_TYPE_CHANGED", "Item.tags")}),
        (
            '  old: String @deprecated(reason: "use name")\n',
            "  old: String\n",
            {(SAFE, "FIELD_DEPRECATION_REMOVED", "Item.old")},
        ),
        (
            "  name: String!\n",
            '  name: String! @deprecated(reason: "x")\n',
            {(DANGEROUS, "FIELD_DEPRECATION_ADDED", "Item.name")},
        ),
        (
            "limit: Int = 10",
            "limit: Int = 20",
            {(DANGEROUS, "FIELD_ARGUMENT_DEFAULT_VALUE_CHANGED", "Query.item.limit")},
        ),
        (
            "limit: Int = 10",
            "limit: Int! = 10",
            {(BREAKING, "FIELD_ARGUMENT_TYPE_CHANGED", "Query.item.limit")},
        ),
        ("item(id: ID!,", "item(id: ID,", {(SAFE, "FIELD_ARGUMENT_TYPE_CHANGED", "Query.item.id")}),
        (", limit: Int = 10)", ")", {(BREAKING, "FIELD_ARGUMENT_REMOVED", "Query.item.limit")}),
        (
            "items(filter: Filter)",
            "items(filter: Filter, page: Int)",
            {(DANGEROUS, "FIELD_ARGUMENT_ADDED", "Query.items.page")},
        ),
        (
            "items(filter: Filter)",
            "items(filter: Filter, page: Int!)",
            {(BREAKING, "FIELD_ARGUMENT_ADDED", "Query.items.page")},
        ),
        (
            "  color: Color\n",
            "  color: Color\n  size: Int\n",
            {(DANGEROUS, "INPUT_FIELD_ADDED", "Filter.size")},
        ),
        (
            "  color: Color\n",
            "  color: Color\n  size: Int!\n",
            {(BREAKING, "INPUT_FIELD_ADDED", "Filter.size")},
        ),
        (
            "  color: Color\n",
            "  color: Color\n  size: Int! = 1\n",
            {(DANGEROUS, "INPUT_FIELD_ADDED", "Filter.size")},
        ),
        ("  color: Color\n", "", {(BREAKING, "INPUT_FIELD_REMOVED", "Filter.color")}),
        ("  color: Color\n", "  color: Color!\n", {(BREAKING, "INPUT_FIELD_TYPE_CHANGED", "Filter.color")}),
        (
            "strict: Boolean! = false",
            "strict: Boolean! = true",
            {(DANGEROUS, "INPUT_FIELD_DEFAULT_VALUE_CHANGED", "Filter.strict")},
        ),
        (
            "strict: Boolean! = false",
            "strict: Boolean!",
            {(DANGEROUS, "INPUT_FIELD_DEFAULT_VALUE_CHANGED", "Filter.strict")},
        ),
        (
            '  legacy: String @deprecated(reason: "gone")\n',
            "  legacy: String\n",
            {(SAFE, "INPUT_FIELD_DEPRECATION_REMOVED", "Filter.legacy")},
        ),
        ("{ RED GREEN BLUE }", "{ RED GREEN BLUE PINK }", {(DANGEROUS, "ENUM_VALUE_ADDED", "Color.PINK")}),
        ("{ RED GREEN BLUE }", "{ RED BLUE }", {(BREAKING, "ENUM_VALUE_REMOVED", "Color.GREEN")}),
        (
            "{ RED GREEN BLUE }",
            '{ RED GREEN @deprecated(reason: "dull") BLUE }',
            {(DANGEROUS, "ENUM_VALUE_DEPRECATION_ADDED", "Color.GREEN")},
        ),
        ("Item | Other", "Item", {(BREAKING, "UNION_MEMBER_REMOVED", "Result.Other")}),
        (
            "union Result = Item | Other",
            "type Third { id: ID! }\nunion Result = Item | Other | Third",
            {(DANGEROUS, "UNION_MEMBER_ADDED", "Result.Third"), (SAFE, "TYPE_ADDED", "Third")},
        ),
        (
            "implements Node {",
            "implements Node & Named {\n  name2: String",
            {(DANGEROUS, "OBJECT_TYPE_INTERFACE_ADDED", "Item.Named"), (SAFE, "FIELD_ADDED", "Item.name2")},
        ),
        (
            "type Item implements Node {",
            "type Item {",
            {(BREAKING, "OBJECT_TYPE_INTERFACE_REMOVED", "Item.Node")},
        ),
        (
            "type Other { id: ID! }\nunion Result = Item | Other",
            "union Result = Item",
            {(BREAKING, "TYPE_REMOVED", "Other"), (BREAKING, "UNION_MEMBER_REMOVED", "Result.Other")},
        ),
        (
            "type Other { id: ID! }\nunion Result = Item | Other",
            "input Other { id: ID! }\ntype Other2 { id: ID! }\nunion Result = Item | Other2",
            {
                (BREAKING, "TYPE_KIND_CHANGED", "Other"),
                (SAFE, "TYPE_ADDED", "Other2"),
                (BREAKING, "UNION_MEMBER_REMOVED", "Result.Other"),
                (DANGEROUS, "UNION_MEMBER_ADDED", "Result.Other2"),
            },
        ),
        ("input Pick @oneOf {", "input Pick {", {(DANGEROUS, "INPUT_OBJECT_ONE_OF_REMOVED", "Pick")}),
        ("input Either {", "input Either @oneOf {", {(BREAKING, "INPUT_OBJECT_ONE_OF_ADDED", "Either")}),
        (
            "directive @tagged(name: String!) on FIELD_DEFINITION\n",
            "",
            {(BREAKING, "DIRECTIVE_REMOVED", "@tagged")},
        ),
        (
            "on FIELD_DEFINITION",
            "on FIELD_DEFINITION | OBJECT",
            {(SAFE, "DIRECTIVE_LOCATION_ADDED", "@tagged")},
        ),
        (
            "@tagged(name: String!)",
            "@tagged(name: String!, level: Int!)",
            {(BREAKING, "DIRECTIVE_ARGUMENT_ADDED", "@tagged.level")},
        ),
        ("scalar Stamp\n", "", {(BREAKING, "TYPE_REMOVED", "Stamp")}),
    ],
)
def test_each_kind_of_difference_is_reported_with_its_severity(
    old: str, new: str, expected: set[tuple[str, str, str]]
) -> None:
    assert changes(edit(old, new)) == expected


def test_deprecation_reasons_are_compared_only_when_asked() -> None:
    sdl = edit('reason: "use name"', 'reason: "prefer name"')
    assert changes(sdl) == set()
    assert changes(sdl, DiffOptions(deprecation_reasons=True)) == {
        (SAFE, "FIELD_DEPRECATION_REASON_CHANGED", "Item.old")
    }


def test_descriptions_are_compared_only_when_asked() -> None:
    sdl = edit("type Other {", '"Something else."\ntype Other {')
    assert changes(sdl) == set()
    assert changes(sdl, DiffOptions(descriptions=True)) == {(SAFE, "TYPE_DESCRIPTION_CHANGED", "Other")}


def test_order_is_compared_only_when_asked_and_never_for_root_fields() -> None:
    sdl = edit("{ RED GREEN BLUE }", "{ BLUE GREEN RED }")
    sdl = sdl.replace(
        "  item(id: ID!, limit: Int = 10): Item\n  items(filter: Filter): [Item!]!\n",
        "  items(filter: Filter): [Item!]!\n  item(id: ID!, limit: Int = 10): Item\n",
    )
    sdl = sdl.replace("  id: ID!\n  name: String!\n", "  name: String!\n  id: ID!\n")
    assert changes(sdl) == set()
    assert changes(sdl, DiffOptions(order=True)) == {
        (SAFE, "ENUM_VALUE_ORDER_CHANGED", "Color"),
        (SAFE, "FIELD_ORDER_CHANGED", "Item"),
    }


def test_builtin_scalars_are_never_reported() -> None:
    without_int = BASE.replace("limit: Int = 10", "limit: String").replace("size: Int", "")
    reported = changes(without_int)
    assert (BREAKING, "TYPE_REMOVED", "Int") not in reported
    assert reported == {
        (BREAKING, "FIELD_ARGUMENT_TYPE_CHANGED", "Query.item.limit"),
        (DANGEROUS, "FIELD_ARGUMENT_DEFAULT_VALUE_CHANGED", "Query.item.limit"),
    }


def test_a_subscription_root_appearing_is_reported() -> None:
    sdl = BASE + "type Subscription { ping: Int }\n"
    assert changes(sdl) == {
        (SAFE, "SCHEMA_SUBSCRIPTION_TYPE_CHANGED", "subscription"),
        (SAFE, "TYPE_ADDED", "Subscription"),
    }


def test_model_from_introspection_accepts_response_wrappers_and_skips_meta_types() -> None:
    raw = introspect(build_schema(BASE))
    for wrapped in (raw, {"__schema": raw}, {"data": {"__schema": raw}}):
        built = model_from_introspection(wrapped)
        assert built.query_type == "Query" and built.mutation_type is None
        assert not any(name.startswith("__") for name in built.types)
        assert built.types["Filter"].input_fields["strict"].default == "false"
        assert built.types["Filter"].input_fields["legacy"].deprecated
        assert built.types["Pick"].one_of is True
        assert built.types["Result"].possible_types == ("Item", "Other")
        assert list(built.types["Color"].enum_values) == ["RED", "GREEN", "BLUE"]
        assert built.directives is not None and "tagged" in built.directives
    with pytest.raises(ValueError, match="not an introspection result"):
        model_from_introspection({"data": {"account": {}}})


def test_servers_without_is_one_of_leave_one_of_unknown_and_uncompared() -> None:
    from graphql import graphql_sync

    result = graphql_sync(build_schema(BASE), BASIC_INTROSPECTION_QUERY)
    assert result.data is not None
    basic = model_from_introspection(result.data)
    assert basic.types["Pick"].one_of is None
    assert basic.types["Item"].one_of is False
    assert diff_schemas(model(BASE), basic) == []


def test_type_ref_printing_and_safety_rules() -> None:
    ref = {
        "kind": "NON_NULL",
        "ofType": {
            "kind": "LIST",
            "ofType": {"kind": "NON_NULL", "ofType": {"kind": "OBJECT", "name": "Tag"}},
        },
    }
    assert type_ref_to_str(ref) == "[Tag!]!"
    assert is_safe_output_type_change("String", "String!")
    assert is_safe_output_type_change("[String]", "[String!]!")
    assert not is_safe_output_type_change("String!", "String")
    assert not is_safe_output_type_change("[String!]", "[String]")
    assert is_safe_input_type_change("String!", "String")
    assert is_safe_input_type_change("[String!]!", "[String]")
    assert not is_safe_input_type_change("String", "String!")
    assert not is_safe_input_type_change("String", "Int")


def test_count_by_severity_and_text_form() -> None:
    found = [
        SchemaChange(BREAKING, "FIELD_REMOVED", "A.b", "gone"),
        SchemaChange(SAFE, "TYPE_ADDED", "C", "new"),
    ]
    assert count_by_severity(found) == {BREAKING: 1, DANGEROUS: 0, SAFE: 1}
    assert str(found[0]) == "[BREAKING] FIELD_REMOVED A.b: gone"
