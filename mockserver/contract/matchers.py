"""Pure comparisons of two GraphQL responses to the same operation: the mock's and a target's.

Every matcher takes what the mock answered (``expected``) and what the target answered
(``actual``) and returns :class:`Finding` objects classified like the schema diff:

* ``BREAKING``: a client written against the mock would fail on the target (another HTTP
  status class, another set of ``errors[].extensions.code``, a key missing, a value of
  another JSON type, an enum value the target's schema does not know).
* ``DANGEROUS``: the client would still work but could be surprised (a new key, a value
  that was never null now null, an enum value the mock's schema does not know).
* ``SAFE``: only values differ (ids, dates, text, counts).

Shapes ignore values: a response is reduced to a :class:`Shape` (JSON kinds seen, keys per
``__typename``, the merged shape of list items), so two worlds with different data but the
same API give no finding beyond ``SAFE``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
)

from mockserver.contract.findings import BREAKING, DANGEROUS, SAFE, Finding

NULL = "null"
STRING = "string"
NUMBER = "number"
BOOLEAN = "boolean"
OBJECT = "object"
LIST = "list"


# --- status and errors ---------------------------------------------------------------------


def status_class(status: int) -> str:
    """``200`` -> ``"2xx"``."""
    return f"{status // 100}xx"


def match_status(expected: int, actual: int) -> list[Finding]:
    """Same HTTP status class on both sides (200 vs 201 is fine, 200 vs 400 is not)."""
    if status_class(expected) == status_class(actual):
        return []
    return [
        Finding(
            BREAKING,
            "STATUS_CLASS_CHANGED",
            "status",
            f"the mock answered {expected}, the target {actual}",
        )
    ]


def error_codes(body: Any) -> frozenset[str]:
    """The set of ``errors[].extensions.code`` in a response body (``"<none>"`` for an error without one)."""
    if not isinstance(body, Mapping) or not isinstance(body.get("errors"), list):
        return frozenset()
    codes: set[str] = set()
    for error in body["errors"]:
        extensions = error.get("extensions") if isinstance(error, Mapping) else None
        code = extensions.get("code") if isinstance(extensions, Mapping) else None
        codes.add(str(code) if code is not None else "<none>")
    return frozenset(codes)


def match_error_codes(expected_body: Any, actual_body: Any) -> list[Finding]:
    """Same set of error codes on both sides."""
    expected, actual = error_codes(expected_body), error_codes(actual_body)
    if expected == actual:
        return []
    return [
        Finding(
            BREAKING,
            "ERROR_CODES_CHANGED",
            "errors",
            f"the mock's error codes {sorted(expected)} differ from the target's {sorted(actual)}",
        )
    ]


# --- shapes --------------------------------------------------------------------------------


@dataclass(slots=True)
class Shape:
    """The JSON kinds seen at one place of a response, with keys per ``__typename`` for objects
    (``""`` when the selection has no ``__typename``) and the merged shape of list items."""

    kinds: set[str] = field(default_factory=set)
    variants: dict[str, dict[str, Shape]] = field(default_factory=dict)
    items: Shape | None = None

    def merge(self, other: Shape) -> None:
        self.kinds |= other.kinds
        for typename, fields in other.variants.items():
            mine = self.variants.setdefault(typename, {})
            for key, shape in fields.items():
                if key in mine:
                    mine[key].merge(shape)
                else:
                    mine[key] = shape
        if other.items is not None:
            if self.items is None:
                self.items = Shape()
            self.items.merge(other.items)


def json_kind(value: Any) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int | float):
        return NUMBER
    if isinstance(value, str):
        return STRING
    if isinstance(value, Mapping):
        return OBJECT
    if isinstance(value, list):
        return LIST
    return type(value).__name__


def shape_of(value: Any) -> Shape:
    """The value-free shape of a JSON value; list items are merged into one shape."""
    kind = json_kind(value)
    shape = Shape(kinds={kind})
    if kind == OBJECT:
        typename = value.get("__typename")
        shape.variants[typename if isinstance(typename, str) else ""] = {
            key: shape_of(item) for key, item in value.items()
        }
    elif kind == LIST:
        for item in value:
            if shape.items is None:
                shape.items = Shape()
            shape.items.merge(shape_of(item))
    return shape


def match_shape(expected: Any, actual: Any, path: str = "data") -> list[Finding]:
    """Compare the shapes of two JSON values (not their values)."""
    findings: list[Finding] = []
    _compare_shapes(shape_of(expected), shape_of(actual), path, findings)
    return findings


def _compare_shapes(expected: Shape, actual: Shape, path: str, findings: list[Finding]) -> None:
    expected_kinds, actual_kinds = expected.kinds - {NULL}, actual.kinds - {NULL}
    if expected_kinds and actual_kinds and not actual_kinds <= expected_kinds:
        findings.append(
            Finding(
                BREAKING,
                "TYPE_CHANGED",
                path,
                f"the mock gives {'/'.join(sorted(expected_kinds))}, "
                f"the target {'/'.join(sorted(actual_kinds))}",
            )
        )
        return
    if expected_kinds and NULL in actual.kinds and NULL not in expected.kinds:
        findings.append(
            Finding(
                DANGEROUS, "NULLABILITY_WIDENED", path, "the target returns null where the mock never does"
            )
        )
    if OBJECT in expected_kinds and OBJECT in actual_kinds:
        _compare_variants(expected.variants, actual.variants, path, findings)
    if expected.items is not None and actual.items is not None:
        _compare_shapes(expected.items, actual.items, f"{path}[]", findings)


def _compare_variants(
    expected: dict[str, dict[str, Shape]],
    actual: dict[str, dict[str, Shape]],
    path: str,
    findings: list[Finding],
) -> None:
    # Objects of a union or interface differ per member: compare only members seen on both sides.
    for typename in expected.keys() & actual.keys():
        expected_fields, actual_fields = expected[typename], actual[typename]
        where = f"{path}<{typename}>" if typename else path
        for key in expected_fields:
            if key not in actual_fields:
                findings.append(
                    Finding(BREAKING, "KEY_REMOVED", f"{where}.{key}", "the target's response lacks this key")
                )
            else:
                _compare_shapes(expected_fields[key], actual_fields[key], f"{where}.{key}", findings)
        for key in actual_fields:
            if key not in expected_fields:
                findings.append(
                    Finding(
                        DANGEROUS, "KEY_ADDED", f"{where}.{key}", "the target's response has an extra key"
                    )
                )


# --- values --------------------------------------------------------------------------------


def leaf_paths(value: Any, path: str = "data") -> dict[str, Any]:
    """Every scalar leaf of a JSON value by path (list items indexed)."""
    if isinstance(value, Mapping):
        leaves: dict[str, Any] = {}
        for key, item in value.items():
            leaves.update(leaf_paths(item, f"{path}.{key}"))
        return leaves
    if isinstance(value, list):
        leaves = {}
        for index, item in enumerate(value):
            leaves.update(leaf_paths(item, f"{path}[{index}]"))
        return leaves
    return {path: value}


def match_values(expected: Any, actual: Any, path: str = "data") -> list[Finding]:
    """One SAFE finding when values differ (ids, dates, text, counts), counting the differing leaves."""
    if expected == actual:
        return []
    expected_leaves, actual_leaves = leaf_paths(expected, path), leaf_paths(actual, path)
    differing = sum(
        1
        for key in expected_leaves.keys() | actual_leaves.keys()
        if expected_leaves.get(key, ...) != actual_leaves.get(key, ...)
    )
    return [Finding(SAFE, "VALUES_DIFFER", path, f"{differing} value(s) differ")]


# --- enum values ---------------------------------------------------------------------------


def enum_value_paths(schema: GraphQLSchema, document: DocumentNode) -> dict[tuple[str, ...], str]:
    """Response paths (keys only, list levels skipped) whose values are enums, with the enum's name."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    paths: dict[tuple[str, ...], str] = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            root = schema.get_root_type(definition.operation)
            if root is not None:
                _walk_selections(schema, root, definition.selection_set, (), fragments, paths)
    return paths


def _walk_selections(
    schema: GraphQLSchema,
    parent: Any,
    selection_set: SelectionSetNode | None,
    prefix: tuple[str, ...],
    fragments: Mapping[str, FragmentDefinitionNode],
    paths: dict[tuple[str, ...], str],
) -> None:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
                continue
            field_def = parent.fields.get(selection.name.value)
            if field_def is None:
                continue
            key = (*prefix, (selection.alias or selection.name).value)
            named = get_named_type(field_def.type)
            if isinstance(named, GraphQLEnumType):
                paths[key] = named.name
            _walk_selections(schema, named, selection.selection_set, key, fragments, paths)
        elif isinstance(selection, InlineFragmentNode | FragmentSpreadNode):
            condition: NamedTypeNode | None
            if isinstance(selection, FragmentSpreadNode):
                fragment = fragments.get(selection.name.value)
                if fragment is None:
                    continue
                condition, selections = fragment.type_condition, fragment.selection_set
            else:
                condition, selections = selection.type_condition, selection.selection_set
            target = schema.get_type(condition.name.value) if condition is not None else parent
            if isinstance(target, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
                _walk_selections(schema, target, selections, prefix, fragments, paths)


def collect_enum_values(data: Any, paths: Mapping[tuple[str, ...], str]) -> dict[str, set[str]]:
    """The enum values found in ``data`` at ``paths``, by enum name."""
    found: dict[str, set[str]] = {}
    for path, enum in paths.items():
        for value in _values_at(data, path):
            if isinstance(value, str):
                found.setdefault(enum, set()).add(value)
            elif isinstance(value, list):
                found.setdefault(enum, set()).update(v for v in value if isinstance(v, str))
    return found


def _values_at(value: Any, path: tuple[str, ...]) -> Iterable[Any]:
    if isinstance(value, list):
        for item in value:
            yield from _values_at(item, path)
        return
    if not path:
        yield value
        return
    if isinstance(value, Mapping) and path[0] in value:
        yield from _values_at(value[path[0]], path[1:])


def match_enum_values(
    observed: Mapping[str, set[str]],
    mock_enums: Mapping[str, Iterable[str]],
    target_enums: Mapping[str, Iterable[str]],
) -> list[Finding]:
    """Every enum value seen in either response must be a value of that enum in both schemas.

    Unknown to the target's schema -> BREAKING (the mock hands out something the API would not);
    unknown to the mock's schema -> DANGEROUS (the API grew a value the mock lacks).
    """
    findings: list[Finding] = []
    for enum, values in sorted(observed.items()):
        for value in sorted(values):
            if enum in target_enums and value not in set(target_enums[enum]):
                findings.append(
                    Finding(
                        BREAKING, "ENUM_VALUE_INVALID", f"{enum}.{value}", "not a value of the target's enum"
                    )
                )
            if enum in mock_enums and value not in set(mock_enums[enum]):
                findings.append(
                    Finding(
                        DANGEROUS, "ENUM_VALUE_UNKNOWN", f"{enum}.{value}", "not a value of the mock's enum"
                    )
                )
    return findings


def enums_of_introspection(introspection: Mapping[str, Any]) -> dict[str, set[str]]:
    """Enum name -> value names, from an introspection result (any of the usual wrappings)."""
    schema = introspection.get("data", introspection) if isinstance(introspection, Mapping) else {}
    schema = schema.get("__schema", schema) if isinstance(schema, Mapping) else {}
    return {
        t["name"]: {v["name"] for v in t.get("enumValues") or ()}
        for t in schema.get("types") or ()
        if t.get("kind") == "ENUM" and not t["name"].startswith("__")
    }


def compare_responses(
    expected_status: int, expected_body: Any, actual_status: int, actual_body: Any
) -> list[Finding]:
    """Status class, error codes, shape of ``data`` and (SAFE) values, in that order."""
    findings = match_status(expected_status, actual_status)
    findings += match_error_codes(expected_body, actual_body)
    expected_data = expected_body.get("data") if isinstance(expected_body, Mapping) else None
    actual_data = actual_body.get("data") if isinstance(actual_body, Mapping) else None
    findings += match_shape(expected_data, actual_data)
    if not any(f.severity != SAFE for f in findings):
        findings += match_values(expected_data, actual_data)
    return findings
