"""A neutral, source-independent model of a GraphQL schema.

Both the published markdown reference and a GraphQL introspection result are turned into
this model, so that any two schemas can be compared element by element
(:mod:`mockserver.contract.schema_diff`). Types are kept as printed type references
(``"[AssetInput!]!"``) and default values as printed GraphQL literals (``"[]"``,
``"false"``), normalised by :func:`normalize_default`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import GraphQLError, parse_value, print_ast

OBJECT = "OBJECT"
INTERFACE = "INTERFACE"
UNION = "UNION"
ENUM = "ENUM"
INPUT_OBJECT = "INPUT_OBJECT"
SCALAR = "SCALAR"
TYPE_KINDS = (OBJECT, INTERFACE, UNION, ENUM, INPUT_OBJECT, SCALAR)

#: Scalars every GraphQL schema gets from the specification itself.
BUILTIN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})


@dataclass(frozen=True, slots=True)
class InputValue:
    """An argument or an input-object field."""

    name: str
    type: str
    default: str | None = None
    deprecated: bool = False
    deprecation_reason: str | None = None
    description: str | None = None

    @property
    def is_required(self) -> bool:
        """A caller must supply it: non-null and without a default."""
        return self.type.endswith("!") and self.default is None


@dataclass(frozen=True, slots=True)
class Field:
    """A field of an object or interface type."""

    name: str
    type: str
    args: dict[str, InputValue] = field(default_factory=dict)
    deprecated: bool = False
    deprecation_reason: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class EnumValue:
    name: str
    deprecated: bool = False
    deprecation_reason: str | None = None
    description: str | None = None


@dataclass(slots=True)
class TypeDef:
    """A named type. Only the members that fit its ``kind`` are filled."""

    name: str
    kind: str
    description: str | None = None
    fields: dict[str, Field] = field(default_factory=dict)
    input_fields: dict[str, InputValue] = field(default_factory=dict)
    interfaces: tuple[str, ...] = ()
    possible_types: tuple[str, ...] = ()
    enum_values: dict[str, EnumValue] = field(default_factory=dict)
    #: ``@oneOf`` on an input object; ``None`` when the source could not tell.
    one_of: bool | None = False


@dataclass(frozen=True, slots=True)
class Directive:
    name: str
    locations: tuple[str, ...] = ()
    args: dict[str, InputValue] = field(default_factory=dict)
    repeatable: bool = False
    description: str | None = None


@dataclass(slots=True)
class SchemaModel:
    """A whole schema. ``directives`` is ``None`` when the source does not describe them."""

    types: dict[str, TypeDef] = field(default_factory=dict)
    query_type: str | None = None
    mutation_type: str | None = None
    subscription_type: str | None = None
    directives: dict[str, Directive] | None = None

    def root_fields(self, operation: str) -> dict[str, Field]:
        """The fields of the ``query``/``mutation``/``subscription`` root type ({} when absent)."""
        name = {
            "query": self.query_type,
            "mutation": self.mutation_type,
            "subscription": self.subscription_type,
        }[operation]
        root = self.types.get(name) if name else None
        return root.fields if root else {}

    def named_types(self, *, include_builtin: bool = False) -> dict[str, TypeDef]:
        """Every named type, without the specification's own scalars unless asked."""
        if include_builtin:
            return dict(self.types)
        return {name: t for name, t in self.types.items() if name not in BUILTIN_SCALARS}


def normalize_default(literal: str | None) -> str | None:
    """A default value as one canonical GraphQL literal, so ``[ ]`` and ``[]`` compare equal."""
    if literal is None:
        return None
    text = literal.strip()
    try:
        return print_ast(parse_value(text))
    except GraphQLError:
        return text


def named_type(type_ref: str) -> str:
    """The innermost named type of a printed type reference: ``[Tag!]!`` -> ``Tag``."""
    return type_ref.replace("[", "").replace("]", "").replace("!", "")
