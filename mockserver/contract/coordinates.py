"""Which schema coordinates a document uses, and which schema changes break it.

A coordinate is the path a :class:`Finding` of the schema differ names: ``Post``, ``Post.via``,
``Query.posts.first`` (an argument), ``PostsFiltersInput.tagIds`` (an input field, also when it
is only sent through variables), ``PostStatus.sent`` (an enum value). A document breaks on a side
when that side's schema fails to validate it; the changes responsible are the breaking (or
dangerous) changes at coordinates the document uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    EnumValueNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    ObjectFieldNode,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    type_from_ast,
    visit,
)

from mockserver.contract.findings import BREAKING, DANGEROUS, Finding


class _Collector(Visitor):
    def __init__(self, info: TypeInfo, coords: set[str]) -> None:
        super().__init__()
        self.info = info
        self.coords = coords

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.info.get_parent_type()
        if parent is not None:
            self.coords.add(parent.name)
            self.coords.add(f"{parent.name}.{node.name.value}")
            for argument in node.arguments or ():
                self.coords.add(f"{parent.name}.{node.name.value}.{argument.name.value}")
        named = get_named_type(self.info.get_type())
        if named is not None:
            self.coords.add(named.name)

    def enter_named_type(self, node: NamedTypeNode, *_: Any) -> None:
        self.coords.add(node.name.value)

    def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        parent = get_named_type(self.info.get_parent_input_type())
        if isinstance(parent, GraphQLInputObjectType):
            self.coords.add(f"{parent.name}.{node.name.value}")

    def enter_enum_value(self, node: EnumValueNode, *_: Any) -> None:
        enum = get_named_type(self.info.get_input_type())
        if isinstance(enum, GraphQLEnumType):
            self.coords.add(f"{enum.name}.{node.value}")

    def enter_inline_fragment(self, node: InlineFragmentNode, *_: Any) -> None:
        if node.type_condition is not None:
            self.coords.add(node.type_condition.name.value)


def _value_coords(type_: Any, value: Any, coords: set[str]) -> None:
    if isinstance(type_, GraphQLNonNull):
        _value_coords(type_.of_type, value, coords)
    elif isinstance(type_, GraphQLList):
        for item in value if isinstance(value, list) else [value]:
            _value_coords(type_.of_type, item, coords)
    elif isinstance(type_, GraphQLInputObjectType) and isinstance(value, Mapping):
        coords.add(type_.name)
        for key, item in value.items():
            coords.add(f"{type_.name}.{key}")
            if key in type_.fields:
                _value_coords(type_.fields[key].type, item, coords)
    elif isinstance(type_, GraphQLEnumType) and isinstance(value, str):
        coords.add(f"{type_.name}.{value}")


def used_coordinates(
    schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any] | None = None
) -> set[str]:
    """Every coordinate of ``schema`` that ``document`` (with ``variables``) touches."""
    coords: set[str] = set()
    info = TypeInfo(schema)
    visit(document, TypeInfoVisitor(info, _Collector(info, coords)))
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            for var in definition.variable_definitions or ():
                name = var.variable.name.value
                if variables and name in variables:
                    type_ = type_from_ast(schema, var.type)  # type: ignore[arg-type]
                    if type_ is not None:
                        _value_coords(type_, variables[name], coords)
    return coords


def _owner(path: str) -> str:
    return path.rsplit(".", 1)[0] if "." in path else path


def responsible_changes(changes: Iterable[Finding], coords: set[str]) -> list[Finding]:
    """The breaking and dangerous changes that touch ``coords`` (added required inputs count on
    their owner; removed types, fields, arguments, input fields and enum values on themselves)."""
    found = []
    for change in changes:
        if change.severity not in (BREAKING, DANGEROUS):
            continue
        if change.path in coords or (change.kind.endswith("_ADDED") and _owner(change.path) in coords):
            found.append(change)
    return sorted(found, key=lambda c: (c.severity != BREAKING, c.path))
