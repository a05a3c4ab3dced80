"""Read Buffer's published API reference (markdown) into a :class:`SchemaModel`.

The reference is one markdown file with a ``##`` section per kind of definition
(``Queries``, ``Mutations``, ``Object Types``, ``Input Types``, ``Interfaces``,
``Unions``, ``Enums``, ``Scalars``) and a ``####`` entry per definition. Inside an entry:
free description lines, then ``**Returns:**``, ``**Arguments:**``, ``**Implements:**``,
``**Fields:**``, ``**Possible types:**`` or ``**Values:**`` blocks. List items look like
``- `name`: `Type` (default: x) - description``; a description may run over several lines;
field arguments are sub-items ``  - Arg `name`: `Type```; deprecations are marked
``*(Deprecated: reason)*`` at the end of an item. The parser is strict: a line it cannot
place raises :class:`ReferenceFormatError`, so a change of format is noticed, not skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockserver.contract.findings import SchemaChange
from mockserver.contract.introspection import model_from_introspection
from mockserver.contract.schema_diff import DiffOptions, diff_schemas
from mockserver.contract.schema_model import (
    ENUM,
    INPUT_OBJECT,
    INTERFACE,
    OBJECT,
    SCALAR,
    UNION,
    EnumValue,
    Field,
    InputValue,
    SchemaModel,
    TypeDef,
    normalize_default,
)

QUERY_ROOT = "Query"
MUTATION_ROOT = "Mutation"

#: ``##`` heading -> kind of the definitions under it (roots are fields of Query/Mutation).
SECTION_KINDS: dict[str, str] = {
    "Queries": QUERY_ROOT,
    "Mutations": MUTATION_ROOT,
    "Object Types": OBJECT,
    "Input Types": INPUT_OBJECT,
    "Interfaces": INTERFACE,
    "Unions": UNION,
    "Enums": ENUM,
    "Scalars": SCALAR,
}

_VALUE_TAIL = r"`(?P<name>\w+)`: `(?P<type>[^`]+)`(?: \(default: (?P<default>.*?)\))?(?: - (?P<desc>.*))?$"
_ITEM = re.compile(r"^- " + _VALUE_TAIL)
_ARG = re.compile(r"^  - Arg " + _VALUE_TAIL)
_ENUM_VALUE = re.compile(r"^- `(?P<name>\w+)`(?P<rest>.*)$")
_BLOCK = re.compile(r"^\*\*(?P<label>[A-Za-z ]+):\*\*\s*(?P<value>.*)$")
_DEPRECATED = re.compile(r"\s*\*\(Deprecated: (?P<reason>.*)\)\*\s*$", re.DOTALL)
_STATUS_NOTE = re.compile(r"\s*\*\([^()]*\b(?:Preview|Experimental)\)\*")
_TYPE_REF = re.compile(r"^\[*\w+!?(?:\]!?)*$")


class ReferenceFormatError(ValueError):
    """The markdown does not follow the format this parser knows."""


@dataclass
class _Item:
    """A list item being read: a field, an argument, an input field or an enum value."""

    name: str
    type: str | None
    default: str | None
    lines: list[str]
    args: list[_Item] = field(default_factory=list)

    def text(self) -> tuple[str | None, bool, str | None]:
        """(description, deprecated, deprecation reason) from the item's text lines."""
        text = "\n".join(self.lines).strip()
        reason = None
        match = _DEPRECATED.search(text)
        if match:
            reason = " ".join(match["reason"].split())
            text = text[: match.start()]
        text = _STATUS_NOTE.sub("", text).strip()
        return (text or None), match is not None, reason

    def input_value(self) -> InputValue:
        description, deprecated, reason = self.text()
        assert self.type is not None
        default = normalize_default(self.default)
        return InputValue(self.name, self.type, default, deprecated, reason, description)

    def field(self) -> Field:
        description, deprecated, reason = self.text()
        assert self.type is not None
        return Field(
            self.name,
            self.type,
            {a.name: a.input_value() for a in self.args},
            deprecated,
            reason,
            description,
        )


@dataclass
class _Entry:
    """One ``####`` definition being read."""

    name: str
    section: str
    line_no: int
    description: list[str] = field(default_factory=list)
    blocks: dict[str, str] = field(default_factory=dict)
    items: list[_Item] = field(default_factory=list)


def _item_from_match(match: re.Match[str], line_no: int) -> _Item:
    type_ref = match["type"]
    if not _TYPE_REF.match(type_ref):
        raise ReferenceFormatError(f"line {line_no}: not a type reference: {type_ref!r}")
    return _Item(match["name"], type_ref, match["default"], [match["desc"] or ""])


def _read_entries(markdown: str) -> list[_Entry]:
    entries: list[_Entry] = []
    section: str | None = None
    entry: _Entry | None = None
    block: str | None = None  # the list block being read: "Arguments", "Fields" or "Values"
    for line_no, line in enumerate(markdown.splitlines(), 1):
        if line.startswith("## "):
            title = line[3:].strip()
            if title not in SECTION_KINDS and section is not None:
                raise ReferenceFormatError(f"line {line_no}: unknown section {title!r}")
            section = title if title in SECTION_KINDS else None
            entry, block = None, None
            continue
        if section is None:
            continue
        if line.startswith("#### "):
            entry = _Entry(line[5:].strip(), section, line_no)
            entries.append(entry)
            block = None
            continue
        if entry is None:
            if line.strip():
                raise ReferenceFormatError(f"line {line_no}: text outside an entry in {section!r}")
            continue
        marker = _BLOCK.match(line)
        if marker:
            label, value = marker["label"], marker["value"].strip()
            if label in ("Arguments", "Fields", "Values"):
                block = label
            elif label in ("Returns", "Implements", "Possible types", "Status"):
                entry.blocks[label] = value
                block = None
            else:
                raise ReferenceFormatError(f"line {line_no}: unknown block **{label}:** in {entry.name}")
            continue
        if block is None:
            if entry.items:
                raise ReferenceFormatError(f"line {line_no}: text after the lists of {entry.name}")
            entry.description.append(line)
            continue
        if block == "Values":
            value_match = _ENUM_VALUE.match(line)
            if value_match:
                rest = value_match["rest"].strip()
                rest = rest[1:].strip() if rest.startswith("-") else rest
                entry.items.append(_Item(value_match["name"], None, None, [rest]))
                continue
        else:
            item_match = _ITEM.match(line)
            if item_match:
                entry.items.append(_item_from_match(item_match, line_no))
                continue
            arg_match = _ARG.match(line)
            if arg_match:
                if block != "Fields" or not entry.items:
                    raise ReferenceFormatError(f"line {line_no}: argument outside a field in {entry.name}")
                entry.items[-1].args.append(_item_from_match(arg_match, line_no))
                continue
        if not entry.items:
            if line.strip():
                raise ReferenceFormatError(f"line {line_no}: {block} of {entry.name} must start with an item")
            continue
        owner = entry.items[-1].args[-1] if entry.items[-1].args else entry.items[-1]
        owner.lines.append(line)
    return entries


def _description(entry: _Entry) -> str | None:
    return "\n".join(entry.description).strip() or None


def _root_field(entry: _Entry) -> Field:
    returns = entry.blocks.get("Returns", "").strip("`")
    if not returns or not _TYPE_REF.match(returns):
        raise ReferenceFormatError(f"line {entry.line_no}: root field {entry.name} has no **Returns:** type")
    body = _Item(entry.name, returns, None, entry.description, args=entry.items)
    return body.field()


def _type_def(entry: _Entry) -> TypeDef:
    kind = SECTION_KINDS[entry.section]
    description = _description(entry)
    type_def = TypeDef(name=entry.name, kind=kind, description=description)
    allowed = {
        OBJECT: {"Implements", "Status"},
        INTERFACE: {"Implements", "Status"},
        UNION: {"Possible types", "Status"},
    }.get(kind, {"Status"})
    stray = set(entry.blocks) - allowed
    if stray:
        raise ReferenceFormatError(f"line {entry.line_no}: {kind} {entry.name} cannot have {sorted(stray)}")
    if kind in (OBJECT, INTERFACE):
        type_def.fields = {item.name: item.field() for item in entry.items}
        implements = entry.blocks.get("Implements", "").split(",")
        type_def.interfaces = tuple(n.strip() for n in implements if n.strip())
    elif kind == INPUT_OBJECT:
        for item in entry.items:
            if item.args:
                raise ReferenceFormatError(
                    f"line {entry.line_no}: input field {entry.name}.{item.name} cannot have arguments"
                )
        type_def.input_fields = {item.name: item.input_value() for item in entry.items}
        type_def.one_of = "@oneOf" in (description or "")
    elif kind == UNION:
        type_def.possible_types = tuple(
            n.strip() for n in entry.blocks.get("Possible types", "").split("|") if n.strip()
        )
    elif kind == ENUM:
        for item in entry.items:
            description_text, deprecated, reason = item.text()
            type_def.enum_values[item.name] = EnumValue(item.name, deprecated, reason, description_text)
    if kind in (UNION, SCALAR) and entry.items:
        raise ReferenceFormatError(f"line {entry.line_no}: {kind} {entry.name} cannot list fields or values")
    return type_def


def parse_reference(markdown: str) -> SchemaModel:
    """The schema the reference describes. Directives are not described there (``directives=None``)."""
    model = SchemaModel()
    for entry in _read_entries(markdown):
        kind = SECTION_KINDS[entry.section]
        if kind in (QUERY_ROOT, MUTATION_ROOT):
            root = model.types.setdefault(kind, TypeDef(name=kind, kind=OBJECT))
            if entry.name in root.fields:
                raise ReferenceFormatError(f"line {entry.line_no}: root field {entry.name} listed twice")
            root.fields[entry.name] = _root_field(entry)
            continue
        if entry.name in model.types:
            raise ReferenceFormatError(f"line {entry.line_no}: type {entry.name} defined twice")
        model.types[entry.name] = _type_def(entry)
    model.query_type = QUERY_ROOT if QUERY_ROOT in model.types else None
    model.mutation_type = MUTATION_ROOT if MUTATION_ROOT in model.types else None
    return model


def load_reference(path: Path) -> SchemaModel:
    """Parse the reference file at ``path``; a missing file is a clear :class:`FileNotFoundError`."""
    if not path.is_file():
        raise FileNotFoundError(f"API reference not found at {path}")
    return parse_reference(path.read_text(encoding="utf-8"))


#: How the served schema is held to the reference: structure, deprecation flags, defaults,
#: ``@oneOf`` and member order; descriptions and deprecation reasons are our own words.
REFERENCE_DIFF_OPTIONS = DiffOptions(descriptions=False, deprecation_reasons=False, order=True)


def compare_to_reference(introspection: Mapping[str, Any], reference_path: Path) -> list[SchemaChange]:
    """Every difference between the reference at ``reference_path`` and a served schema given as
    an introspection result (``{"data": {"__schema": ...}}``, ``{"__schema": ...}`` or the
    ``__schema`` dict). An empty list means the served schema matches the reference."""
    return diff_schemas(
        load_reference(reference_path), model_from_introspection(introspection), REFERENCE_DIFF_OPTIONS
    )
