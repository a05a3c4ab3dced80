"""Compare two :class:`SchemaModel` (built by :mod:`mockserver.contract.introspection`).

The comparison speaks graphql-inspector's vocabulary: every difference is a
:class:`SchemaChange` with a severity (``BREAKING`` / ``DANGEROUS`` / ``SAFE``), a kind
(``FIELD_REMOVED``, ``ENUM_VALUE_ADDED``, ...), the path of the element and a sentence.
``old`` is the schema clients were written against and ``new`` the one now served, so
"removed" means present in ``old`` and missing from ``new``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mockserver.contract.findings import (
    BREAKING,
    DANGEROUS,
    SAFE,
    SchemaChange,
)
from mockserver.contract.schema_model import (
    INPUT_OBJECT,
    Directive,
    InputValue,
    SchemaModel,
    TypeDef,
)
from mockserver.contract.type_change_safety import is_safe_input_type_change, is_safe_output_type_change


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
