"""An introspection result as a :class:`SchemaModel` (the standard queries, and the model built
from a served schema or from an answer).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLSchema, get_introspection_query, graphql_sync

from mockserver.contract.schema_model import (
    INPUT_OBJECT,
    Directive,
    EnumValue,
    Field,
    InputValue,
    SchemaModel,
    TypeDef,
    normalize_default,
)

#: The standard introspection query, with input-value deprecations, ``isOneOf`` and
#: ``isRepeatable``.
INTROSPECTION_QUERY = get_introspection_query(
    descriptions=True, input_value_deprecation=True, one_of=True, directive_is_repeatable=True
)
#: The same without ``isOneOf``/``isRepeatable``, for servers that predate them; a model
#: built from its answer leaves ``one_of`` unknown (``None``), and the diff then skips it.
BASIC_INTROSPECTION_QUERY = get_introspection_query(descriptions=True, input_value_deprecation=True)


def introspect(schema: GraphQLSchema) -> dict[str, Any]:
    """Run :data:`INTROSPECTION_QUERY` against an in-process schema; returns the ``__schema`` dict."""
    result = graphql_sync(schema, INTROSPECTION_QUERY)
    if result.errors:
        raise ValueError(f"introspection failed: {[e.message for e in result.errors]}")
    assert result.data is not None
    return result.data["__schema"]


def model_from_schema(schema: GraphQLSchema) -> SchemaModel:
    """The model of an in-process schema, through introspection like a remote one."""
    return model_from_introspection(introspect(schema))


def _unwrap_introspection(introspection: Mapping[str, Any]) -> Mapping[str, Any]:
    if "data" in introspection and isinstance(introspection["data"], Mapping):
        introspection = introspection["data"]
    if "__schema" in introspection:
        introspection = introspection["__schema"]
    if "types" not in introspection:
        raise ValueError("not an introspection result: no __schema.types")
    return introspection


def type_ref_to_str(ref: Mapping[str, Any]) -> str:
    """``{"kind": "NON_NULL", "ofType": {"kind": "LIST", ...}}`` -> ``"[...]!"``."""
    kind = ref["kind"]
    if kind == "NON_NULL":
        return type_ref_to_str(ref["ofType"]) + "!"
    if kind == "LIST":
        return "[" + type_ref_to_str(ref["ofType"]) + "]"
    return str(ref["name"])


def _input_value(raw: Mapping[str, Any]) -> InputValue:
    return InputValue(
        name=raw["name"],
        type=type_ref_to_str(raw["type"]),
        default=normalize_default(raw.get("defaultValue")),
        deprecated=bool(raw.get("isDeprecated", False)),
        deprecation_reason=raw.get("deprecationReason"),
        description=raw.get("description"),
    )


def _input_values(raws: list[Mapping[str, Any]] | None) -> dict[str, InputValue]:
    return {raw["name"]: _input_value(raw) for raw in raws or ()}


def _type_def(raw: Mapping[str, Any]) -> TypeDef:
    return TypeDef(
        name=raw["name"],
        kind=raw["kind"],
        description=raw.get("description"),
        fields={
            f["name"]: Field(
                name=f["name"],
                type=type_ref_to_str(f["type"]),
                args=_input_values(f.get("args")),
                deprecated=bool(f.get("isDeprecated", False)),
                deprecation_reason=f.get("deprecationReason"),
                description=f.get("description"),
            )
            for f in raw.get("fields") or ()
        },
        input_fields=_input_values(raw.get("inputFields")),
        interfaces=tuple(i["name"] for i in raw.get("interfaces") or ()),
        possible_types=tuple(p["name"] for p in raw.get("possibleTypes") or ())
        if raw["kind"] == "UNION"
        else (),
        enum_values={
            v["name"]: EnumValue(
                name=v["name"],
                deprecated=bool(v.get("isDeprecated", False)),
                deprecation_reason=v.get("deprecationReason"),
                description=v.get("description"),
            )
            for v in raw.get("enumValues") or ()
        },
        one_of=(raw.get("isOneOf") if "isOneOf" in raw else None) if raw["kind"] == INPUT_OBJECT else False,
    )


def model_from_introspection(introspection: Mapping[str, Any]) -> SchemaModel:
    """Accepts a full response (``{"data": {"__schema": ...}}``), ``{"__schema": ...}`` or the
    ``__schema`` dict itself. Introspection's own ``__*`` types are left out."""
    schema = _unwrap_introspection(introspection)

    def root(key: str) -> str | None:
        value = schema.get(key)
        return value["name"] if value else None

    return SchemaModel(
        types={raw["name"]: _type_def(raw) for raw in schema["types"] if not raw["name"].startswith("__")},
        query_type=root("queryType"),
        mutation_type=root("mutationType"),
        subscription_type=root("subscriptionType"),
        directives={
            d["name"]: Directive(
                name=d["name"],
                locations=tuple(d.get("locations") or ()),
                args=_input_values(d.get("args")),
                repeatable=bool(d.get("isRepeatable", False)),
                description=d.get("description"),
            )
            for d in schema.get("directives") or ()
        },
    )
