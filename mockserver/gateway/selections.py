"""Walking a document's selections through its fragments (query limits, fault matching)."""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)


def fragment_definitions(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    """The document's named fragments, by name (what a ``...Name`` spread refers to)."""
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def root_field_names(document: DocumentNode, selection_set: SelectionSetNode) -> tuple[str, ...]:
    """The root fields an operation selects (through fragments), in order, without repeats."""
    fragments = fragment_definitions(document)
    names: list[str] = []
    pending = [selection_set]
    seen: set[str] = set()
    while pending:
        current = pending.pop(0)
        for selection in current.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value not in names and selection.name.value != "__typename":
                    names.append(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                seen.add(selection.name.value)
                fragment = fragments.get(selection.name.value)
                if fragment is not None:
                    pending.append(fragment.selection_set)
    return tuple(names)
