"""Build a :class:`SchemaModel` from an introspection result, and compare two models.

The comparison speaks graphql-inspector's vocabulary: every difference is a
:class:`SchemaChange` with a severity (``BREAKING`` / ``DANGEROUS`` / ``SAFE``), a kind
(``FIELD_REMOVED``, ``ENUM_VALUE_ADDED``, ...), the path of the element and a sentence.
``old`` is the schema clients were written against and ``new`` the one now served, so
"removed" means present in ``old`` and missing from ``new``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLSchema, get_introspection_query, graphql_sync

from mockserver.contract.findings import (
    BREAKING,
    DANGEROUS,
    SAFE,
    SchemaChange,
)
from mockserver.contract.findings import count_by_severity as _count
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


# --- introspection -> model ---------------------------------------------------------------


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


# --- type reference safety (graphql-inspector's rules) ------------------------------------


def _parse_ref(ref: str) -> tuple[str, Any]:
    if ref.endswith("!"):
        return ("NON_NULL", _parse_ref(ref[:-1]))
    if ref.startswith("[") and ref.endswith("]"):
        return ("LIST", _parse_ref(ref[1:-1]))
    return ("NAMED", ref)


def _safe_output_change(old: tuple[str, Any], new: tuple[str, Any]) -> bool:
    """A field may only become stricter: ``String`` -> ``String!`` is safe, the reverse is not."""
    if old[0] == "NAMED" and new[0] == "NAMED":
        return bool(old[1] == new[1])
    if new[0] == "NON_NULL":
        inner = old[1] if old[0] == "NON_NULL" else old
        return _safe_output_change(inner, new[1])
    if old[0] == "LIST":
        return (new[0] == "LIST" and _safe_output_change(old[1], new[1])) or (
            new[0] == "NON_NULL" and _safe_output_change(old, new[1])
        )
    return False


def _safe_input_change(old: tuple[str, Any], new: tuple[str, Any]) -> bool:
    """An input may only become looser: ``String!`` -> ``String`` is safe, the reverse is not."""
    if old[0] == "NAMED" and new[0] == "NAMED":
        return bool(old[1] == new[1])
    if old[0] == "LIST" and new[0] == "LIST":
        return _safe_input_change(old[1], new[1])
    if old[0] == "NON_NULL":
        inner = new[1] if new[0] == "NON_NULL" else new
        return _safe_input_change(old[1], inner)
    return False


def is_safe_output_type_change(old: str, new: str) -> bool:
    return _safe_output_change(_parse_ref(old), _parse_ref(new))


def is_safe_input_type_change(old: str, new: str) -> bool:
    return _safe_input_change(_parse_ref(old), _parse_ref(new))


# --- the comparison -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiffOptions:
    """What to compare beyond structure.

    ``descriptions`` and ``deprecation_reasons`` are off by default: a mock writes its own
    prose. ``order`` reports members listed in another order (enum values, fields, union
    members, arguments...) as SAFE changes; the order of root fields is never compared.
    """

    descriptions: bool = False
    deprecation_reasons: bool = False
    order: bool = False


class _Differ:
    def __init__(self, options: DiffOptions) -> None:
        self.options = options
        self.changes: list[SchemaChange] = []
        self.root_types: set[str] = set()

    def add(self, severity: str, kind: str, path: str, message: str) -> None:
        self.changes.append(SchemaChange(severity, kind, path, message))

    # schema level
    def schema(self, old: SchemaModel, new: SchemaModel) -> None:
        self.root_types = {
            name for name in (old.query_type, old.mutation_type, old.subscription_type) if name
        }
        for op, old_root, new_root in (
            ("query", old.query_type, new.query_type),
            ("mutation", old.mutation_type, new.mutation_type),
            ("subscription", old.subscription_type, new.subscription_type),
        ):
            if old_root != new_root:
                severity = SAFE if old_root is None else BREAKING
                self.add(
                    severity,
                    f"SCHEMA_{op.upper()}_TYPE_CHANGED",
                    op,
                    f"{op} root type changed from {old_root} to {new_root}",
                )
        old_types, new_types = old.named_types(), new.named_types()
        for name, old_type in old_types.items():
            if name not in new_types:
                self.add(BREAKING, "TYPE_REMOVED", name, f"type {name} was removed")
            else:
                self.type(old_type, new_types[name])
        for name, new_type in new_types.items():
            if name not in old_types:
                self.add(SAFE, "TYPE_ADDED", name, f"{new_type.kind.lower()} {name} was added")
        if old.directives is not None and new.directives is not None:
            self.directives(old.directives, new.directives)

    def order(self, kind: str, path: str, old: list[str], new: list[str]) -> None:
        if not self.options.order:
            return
        common = set(old) & set(new)
        old_order = [n for n in old if n in common]
        new_order = [n for n in new if n in common]
        if old_order != new_order:
            self.add(SAFE, kind, path, f"order changed from {old_order} to {new_order}")

    def description(self, kind: str, path: str, old: str | None, new: str | None) -> None:
        if self.options.descriptions and (old or "").strip() != (new or "").strip():
            self.add(SAFE, kind, path, f"description changed from {old!r} to {new!r}")

    def deprecation(self, prefix: str, path: str, old: Any, new: Any) -> None:
        if old.deprecated and not new.deprecated:
            self.add(SAFE, f"{prefix}_DEPRECATION_REMOVED", path, f"{path} is no longer deprecated")
        elif new.deprecated and not old.deprecated:
            self.add(
                DANGEROUS,
                f"{prefix}_DEPRECATION_ADDED",
                path,
                f"{path} is now deprecated ({new.deprecation_reason})",
            )
        elif (
            old.deprecated
            and self.options.deprecation_reasons
            and old.deprecation_reason != new.deprecation_reason
        ):
            self.add(
                SAFE,
                f"{prefix}_DEPRECATION_REASON_CHANGED",
                path,
                f"deprecation reason changed from {old.deprecation_reason!r} to {new.deprecation_reason!r}",
            )

    # type level
    def type(self, old: TypeDef, new: TypeDef) -> None:
        path = old.name
        if old.kind != new.kind:
            self.add(BREAKING, "TYPE_KIND_CHANGED", path, f"{path} changed from {old.kind} to {new.kind}")
            return
        self.description("TYPE_DESCRIPTION_CHANGED", path, old.description, new.description)
        self.fields(old, new)
        self.input_fields(old, new)
        self.members(path, "OBJECT_TYPE_INTERFACE", "interface", old.interfaces, new.interfaces)
        self.members(path, "UNION_MEMBER", "member", old.possible_types, new.possible_types)
        self.enum_values(old, new)
        if old.one_of is not None and new.one_of is not None and old.one_of != new.one_of:
            if new.one_of:
                self.add(
                    BREAKING, "INPUT_OBJECT_ONE_OF_ADDED", path, f"{path} now requires exactly one field"
                )
            else:
                self.add(
                    DANGEROUS,
                    "INPUT_OBJECT_ONE_OF_REMOVED",
                    path,
                    f"{path} no longer requires exactly one field",
                )

    def members(self, path: str, prefix: str, noun: str, old: tuple[str, ...], new: tuple[str, ...]) -> None:
        for name in old:
            if name not in new:
                self.add(
                    BREAKING, f"{prefix}_REMOVED", f"{path}.{name}", f"{noun} {name} was removed from {path}"
                )
        for name in new:
            if name not in old:
                self.add(DANGEROUS, f"{prefix}_ADDED", f"{path}.{name}", f"{noun} {name} was added to {path}")
        self.order(f"{prefix}_ORDER_CHANGED", path, list(old), list(new))

    def fields(self, old_type: TypeDef, new_type: TypeDef) -> None:
        old, new = old_type.fields, new_type.fields
        for name, old_field in old.items():
            path = f"{old_type.name}.{name}"
            if name not in new:
                self.add(
                    BREAKING,
                    "FIELD_REMOVED",
                    path,
                    f"field {path} was removed" + (" (it was deprecated)" if old_field.deprecated else ""),
                )
                continue
            new_field = new[name]
            if old_field.type != new_field.type:
                safe = is_safe_output_type_change(old_field.type, new_field.type)
                self.add(
                    SAFE if safe else BREAKING,
                    "FIELD_TYPE_CHANGED",
                    path,
                    f"{path} changed type from {old_field.type} to {new_field.type}",
                )
            self.deprecation("FIELD", path, old_field, new_field)
            self.description("FIELD_DESCRIPTION_CHANGED", path, old_field.description, new_field.description)
            self.input_values("FIELD_ARGUMENT", path, old_field.args, new_field.args, noun="argument")
        for name in new:
            if name not in old:
                path = f"{new_type.name}.{name}"
                self.add(SAFE, "FIELD_ADDED", path, f"field {path} was added")
        if old_type.name not in self.root_types:  # root fields may be spread over several files
            self.order("FIELD_ORDER_CHANGED", old_type.name, list(old), list(new))

    def input_fields(self, old_type: TypeDef, new_type: TypeDef) -> None:
        if old_type.kind == INPUT_OBJECT:
            self.input_values(
                "INPUT_FIELD", old_type.name, old_type.input_fields, new_type.input_fields, noun="input field"
            )

    def input_values(
        self, prefix: str, owner: str, old: dict[str, InputValue], new: dict[str, InputValue], *, noun: str
    ) -> None:
        for name, old_value in old.items():
            path = f"{owner}.{name}"
            if name not in new:
                self.add(BREAKING, f"{prefix}_REMOVED", path, f"{noun} {path} was removed")
                continue
            new_value = new[name]
            if old_value.type != new_value.type:
                safe = is_safe_input_type_change(old_value.type, new_value.type)
                self.add(
                    SAFE if safe else BREAKING,
                    f"{prefix}_TYPE_CHANGED",
                    path,
                    f"{path} changed type from {old_value.type} to {new_value.type}",
                )
            if old_value.default != new_value.default:
                self.add(
                    DANGEROUS,
                    f"{prefix}_DEFAULT_VALUE_CHANGED",
                    path,
                    f"{path} default changed from {old_value.default} to {new_value.default}",
                )
            self.deprecation(prefix, path, old_value, new_value)
            self.description(
                f"{prefix}_DESCRIPTION_CHANGED", path, old_value.description, new_value.description
            )
        for name, new_value in new.items():
            if name not in old:
                path = f"{owner}.{name}"
                if new_value.is_required:
                    self.add(BREAKING, f"{prefix}_ADDED", path, f"required {noun} {path} was added")
                else:
                    self.add(DANGEROUS, f"{prefix}_ADDED", path, f"optional {noun} {path} was added")
        self.order(f"{prefix}_ORDER_CHANGED", owner, list(old), list(new))

    def enum_values(self, old_type: TypeDef, new_type: TypeDef) -> None:
        old, new = old_type.enum_values, new_type.enum_values
        for name, old_value in old.items():
            path = f"{old_type.name}.{name}"
            if name not in new:
                self.add(BREAKING, "ENUM_VALUE_REMOVED", path, f"enum value {path} was removed")
                continue
            self.deprecation("ENUM_VALUE", path, old_value, new[name])
            self.description(
                "ENUM_VALUE_DESCRIPTION_CHANGED", path, old_value.description, new[name].description
            )
        for name in new:
            if name not in old:
                self.add(
                    DANGEROUS,
                    "ENUM_VALUE_ADDED",
                    f"{new_type.name}.{name}",
                    f"enum value {new_type.name}.{name} was added",
                )
        self.order("ENUM_VALUE_ORDER_CHANGED", old_type.name, list(old), list(new))

    def directives(self, old: dict[str, Directive], new: dict[str, Directive]) -> None:
        for name, old_directive in old.items():
            path = f"@{name}"
            if name not in new:
                self.add(BREAKING, "DIRECTIVE_REMOVED", path, f"directive {path} was removed")
                continue
            new_directive = new[name]
            for location in old_directive.locations:
                if location not in new_directive.locations:
                    self.add(
                        BREAKING,
                        "DIRECTIVE_LOCATION_REMOVED",
                        path,
                        f"{path} no longer allowed on {location}",
                    )
            for location in new_directive.locations:
                if location not in old_directive.locations:
                    self.add(SAFE, "DIRECTIVE_LOCATION_ADDED", path, f"{path} now allowed on {location}")
            if old_directive.repeatable and not new_directive.repeatable:
                self.add(BREAKING, "DIRECTIVE_REPEATABLE_REMOVED", path, f"{path} is no longer repeatable")
            elif new_directive.repeatable and not old_directive.repeatable:
                self.add(SAFE, "DIRECTIVE_REPEATABLE_ADDED", path, f"{path} is now repeatable")
            self.input_values(
                "DIRECTIVE_ARGUMENT", path, old_directive.args, new_directive.args, noun="argument"
            )
        for name in new:
            if name not in old:
                self.add(SAFE, "DIRECTIVE_ADDED", f"@{name}", f"directive @{name} was added")


def diff_schemas(
    old: SchemaModel, new: SchemaModel, options: DiffOptions | None = None
) -> list[SchemaChange]:
    """Every difference between ``old`` (what clients expect) and ``new`` (what is served).

    The specification's own scalars (String, Int, ...) are never reported; directives are
    compared only when both models describe them.
    """
    differ = _Differ(options or DiffOptions())
    differ.schema(old, new)
    return differ.changes


def count_by_severity(changes: list[SchemaChange]) -> dict[str, int]:
    return _count(changes)
