"""Edits a version's data makes to its SDL: announced removals (drop fields and enum values) and
deprecations of existing fields (add ``@deprecated``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from graphql import (
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    parse,
    print_ast,
)

_FIELD_HOLDERS = (ObjectTypeDefinitionNode, ObjectTypeExtensionNode, InterfaceTypeDefinitionNode)
_ENUMS = (EnumTypeDefinitionNode, EnumTypeExtensionNode)


def _edited(type_defs: list[str], edit: Callable[[Any], Any]) -> list[str]:
    """Each SDL text with ``edit`` applied to its definitions; a text no edit touched stays as written."""
    edited: list[str] = []
    for text in type_defs:
        document = parse(text, no_location=True)
        definitions = [edit(node) for node in document.definitions]
        changed = any(new is not old for new, old in zip(definitions, document.definitions, strict=True))
        edited.append(print_ast(replace(document, definitions=tuple(definitions))) if changed else text)
    return edited


def without_elements(type_defs: list[str], elements: Iterable[str]) -> list[str]:
    """The SDL texts minus every ``Type.member`` in ``elements`` (fields or enum values)."""
    by_type: dict[str, set[str]] = {}
    for element in elements:
        type_name, _, member = element.partition(".")
        by_type.setdefault(type_name, set()).add(member)
    if not by_type:
        return list(type_defs)
    return _edited(type_defs, lambda node: _without_members(node, by_type))


def _without_members(node: Any, by_type: dict[str, set[str]]) -> Any:
    if not isinstance(node, (*_FIELD_HOLDERS, *_ENUMS)):
        return node
    gone = by_type.get(node.name.value)
    if not gone:
        return node
    if isinstance(node, _ENUMS):
        return replace(node, values=tuple(v for v in node.values or () if v.name.value not in gone))
    return replace(node, fields=tuple(f for f in node.fields or () if f.name.value not in gone))


_DEPRECATABLE = (*_FIELD_HOLDERS, InputObjectTypeDefinitionNode, InputObjectTypeExtensionNode)


def _deprecated_directive(reason: str) -> Any:
    escaped = reason.replace("\\", "\\\\").replace('"', '\\"')
    holder = parse(f'type T {{ f: Int @deprecated(reason: "{escaped}") }}', no_location=True)
    return holder.definitions[0].fields[0].directives[0]  # type: ignore[attr-defined]


def with_deprecations(type_defs: list[str], deprecations: dict[str, str]) -> list[str]:
    """The SDL texts with ``@deprecated(reason:)`` on every ``Type.field`` of ``deprecations``."""
    by_type: dict[str, dict[str, str]] = {}
    for element, reason in deprecations.items():
        type_name, _, member = element.partition(".")
        by_type.setdefault(type_name, {})[member] = reason
    if not by_type:
        return list(type_defs)
    return _edited(type_defs, lambda node: _with_deprecated_fields(node, by_type))


def _with_deprecated_fields(node: Any, by_type: dict[str, dict[str, str]]) -> Any:
    wanted = by_type.get(node.name.value) if isinstance(node, _DEPRECATABLE) else None
    if not wanted:
        return node
    fields = tuple(
        replace(f, directives=(*(f.directives or ()), _deprecated_directive(wanted[f.name.value])))
        if f.name.value in wanted
        else f
        for f in node.fields or ()
    )
    return replace(node, fields=fields)
