"""Schema drift classification, on introspection results edited the way a changed API would look."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mockserver.contract.findings import BREAKING, DANGEROUS, SAFE
from mockserver.contract.introspection import introspect, model_from_introspection
from mockserver.contract.schema_diff import diff_schemas
from mockserver.graphql_schema import build_schema


@pytest.fixture(scope="module")
def served() -> dict[str, Any]:
    return introspect(build_schema())


def type_named(introspection: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in introspection["types"] if t["name"] == name)


def drift(served: dict[str, Any], edit) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    changed = copy.deepcopy(served)
    edit(changed)
    changes = diff_schemas(model_from_introspection(served), model_from_introspection(changed))
    return sorted((c.severity, c.kind, c.path) for c in changes)


def test_identical_introspections_have_no_drift(served: dict[str, Any]) -> None:
    assert drift(served, lambda _: None) == []


def test_a_removed_field_is_breaking(served: dict[str, Any]) -> None:
    def edit(schema: dict[str, Any]) -> None:
        post = type_named(schema, "Post")
        post["fields"] = [f for f in post["fields"] if f["name"] != "via"]

    assert drift(served, edit) == [(BREAKING, "FIELD_REMOVED", "Post.via")]


def test_a_field_made_nullable_is_breaking(served: dict[str, Any]) -> None:
    def edit(schema: dict[str, Any]) -> None:
        text = next(f for f in type_named(schema, "Post")["fields"] if f["name"] == "text")
        text["type"] = text["type"]["ofType"]  # String! -> String

    assert drift(served, edit) == [(BREAKING, "FIELD_TYPE_CHANGED", "Post.text")]


def test_a_new_enum_value_is_dangerous(served: dict[str, Any]) -> None:
    def edit(schema: dict[str, Any]) -> None:
        type_named(schema, "PostStatus")["enumValues"].append(
            {"name": "archived", "description": None, "isDeprecated": False, "deprecationReason": None}
        )

    assert drift(served, edit) == [(DANGEROUS, "ENUM_VALUE_ADDED", "PostStatus.archived")]


def test_a_new_type_is_safe(served: dict[str, Any]) -> None:
    def edit(schema: dict[str, Any]) -> None:
        extra = copy.deepcopy(type_named(schema, "PostPublishingError"))
        extra["name"] = "PostWarning"
        schema["types"].append(extra)

    assert drift(served, edit) == [(SAFE, "TYPE_ADDED", "PostWarning")]
