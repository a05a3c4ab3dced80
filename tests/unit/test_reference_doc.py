from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.contract.reference_doc import ReferenceFormatError, load_reference, parse_reference
from mockserver.contract.schema_model import ENUM, INPUT_OBJECT, INTERFACE, OBJECT, SCALAR, UNION, SchemaModel

SAMPLE = """\
# Some API

> intro text that is not part of any section

## Queries

#### widget

Finds one widget.

**Status:** 🧪 Preview

**Returns:** `Widget`

**Arguments:**
- `after`: `String` - Cursor to start
from, on two lines
- `input`: `WidgetInput!` - The input.

## Mutations

#### makeWidget

Builds a widget.

**Returns:** `MakeWidgetPayload!`

**Arguments:**
- `input`: `MakeWidgetInput!`

## Object Types

#### Widget

A widget.

**Implements:** Node, Named

**Fields:**
- `id`: `ID!` - The id. *(🧪 Preview)*
- `name`: `String!` - The name. It may span
several lines:
- even a line that looks like a list item
- `parts`: `[Part!]!`
  - Arg `filter`: `PartFilter` - Which parts.
  - Arg `limit`: `Int` (default: 10)
- `oldName`: `String` - Former name *(Deprecated: use name)*

#### Part

**Fields:**
- `size`: `Float`

## Input Types

#### WidgetInput

**Fields:**
- `tags`: `[String!]!` (default: []) - Tags.
- `strict`: `Boolean!` (default: false) - Strictness (default: true in prose does not count)
- `legacy`: `String` - Old *(Deprecated: gone soon)*

#### PickOne

Exactly one member (enforced by @oneOf).

**Fields:**
- `a`: `Int`
- `b`: `String`

#### PartFilter

**Fields:**
- `kind`: `Kind`

#### MakeWidgetInput

A code sample sits in this description:
```
query X {
  widget(input: {}) { id }
}
```

**Fields:**
- `name`: `String!` - Use this query:
```
query Y {
  widget { id }
}
```
Then continue.

## Interfaces

#### Node

**Fields:**
- `id`: `ID!`

#### Named

**Fields:**
- `name`: `String!`

## Unions

#### MakeWidgetPayload

**Possible types:** Widget | Part

## Enums

#### Kind

**Values:**
- `small` - Small ones.
- `large`
- `huge` - Too big. *(Deprecated: Use `large`. Removal on 2026-12-01.)*
- `tiny` *(Deprecated: no longer made)*

## Scalars

#### Stamp

A timestamp.
"""


@pytest.fixture(scope="module")
def model() -> SchemaModel:
    return parse_reference(SAMPLE)


def test_root_fields_become_query_and_mutation_types(model: SchemaModel) -> None:
    assert model.query_type == "Query" and model.mutation_type == "Mutation"
    assert model.subscription_type is None
    widget = model.root_fields("query")["widget"]
    assert widget.type == "Widget"
    assert list(widget.args) == ["after", "input"]
    assert widget.args["after"].description == "Cursor to start\nfrom, on two lines"
    assert widget.args["input"].type == "WidgetInput!"
    assert widget.description == "Finds one widget."
    assert model.root_fields("mutation")["makeWidget"].args["input"].description is None


def test_kinds_follow_the_sections(model: SchemaModel) -> None:
    kinds = {name: t.kind for name, t in model.types.items()}
    assert kinds == {
        "Query": OBJECT,
        "Mutation": OBJECT,
        "Widget": OBJECT,
        "Part": OBJECT,
        "WidgetInput": INPUT_OBJECT,
        "PickOne": INPUT_OBJECT,
        "PartFilter": INPUT_OBJECT,
        "MakeWidgetInput": INPUT_OBJECT,
        "Node": INTERFACE,
        "Named": INTERFACE,
        "MakeWidgetPayload": UNION,
        "Kind": ENUM,
        "Stamp": SCALAR,
    }


def test_object_fields_arguments_interfaces_and_deprecations(model: SchemaModel) -> None:
    widget = model.types["Widget"]
    assert widget.interfaces == ("Node", "Named")
    assert list(widget.fields) == ["id", "name", "parts", "oldName"]
    assert widget.fields["id"].description == "The id."  # status marker stripped
    assert widget.fields["name"].description == (
        "The name. It may span\nseveral lines:\n- even a line that looks like a list item"
    )
    parts = widget.fields["parts"]
    assert parts.type == "[Part!]!"
    assert {name: (a.type, a.default) for name, a in parts.args.items()} == {
        "filter": ("PartFilter", None),
        "limit": ("Int", "10"),
    }
    old_name = widget.fields["oldName"]
    assert (old_name.deprecated, old_name.deprecation_reason, old_name.description) == (
        True,
        "use name",
        "Former name",
    )
    assert not widget.fields["name"].deprecated


def test_input_defaults_only_come_from_the_default_marker(model: SchemaModel) -> None:
    fields = model.types["WidgetInput"].input_fields
    assert fields["tags"].default == "[]"
    assert fields["strict"].default == "false"
    assert fields["legacy"].default is None
    assert fields["legacy"].deprecated and fields["legacy"].deprecation_reason == "gone soon"


def test_one_of_is_read_from_the_description(model: SchemaModel) -> None:
    assert model.types["PickOne"].one_of is True
    assert model.types["WidgetInput"].one_of is False


def test_code_blocks_inside_descriptions_stay_text(model: SchemaModel) -> None:
    make = model.types["MakeWidgetInput"]
    assert "query X {" in (make.description or "")
    assert list(make.input_fields) == ["name"]
    assert make.input_fields["name"].description.endswith("}\n```\nThen continue.")


def test_unions_enums_and_scalars(model: SchemaModel) -> None:
    assert model.types["MakeWidgetPayload"].possible_types == ("Widget", "Part")
    kind = model.types["Kind"]
    assert list(kind.enum_values) == ["small", "large", "huge", "tiny"]
    assert kind.enum_values["small"].description == "Small ones."
    assert not kind.enum_values["large"].deprecated
    huge = kind.enum_values["huge"]
    assert huge.deprecated and huge.deprecation_reason == "Use `large`. Removal on 2026-12-01."
    assert huge.description == "Too big."
    tiny = kind.enum_values["tiny"]
    assert tiny.deprecated and tiny.deprecation_reason == "no longer made" and tiny.description is None
    assert model.types["Stamp"].description == "A timestamp."
    assert model.directives is None


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("## Object Types\n\n#### A\n\n**Feilds:**\n- `x`: `Int`\n", "unknown block"),
        (
            "## Object Types\n\n#### A\n\n**Fields:**\n- `x`: `Int`\n\n#### A\n\n**Fields:**\n- `y`: `Int`\n",
            "defined twice",
        ),
        ("## Queries\n\n#### q\n\nNo return type.\n", "no **Returns:**"),
        ("## Object Types\n\nstray text\n", "outside an entry"),
        ("## Object Types\n\n#### A\n\n**Fields:**\nnot an item\n", "must start with an item"),
        ("## Object Types\n\n#### A\n\n**Fields:**\n- `x`: `Not a type`\n", "not a type reference"),
        (
            "## Input Types\n\n#### A\n\n**Fields:**\n- `x`: `Int`\n  - Arg `y`: `Int`\n",
            "cannot have arguments",
        ),
        ("## Unions\n\n#### U\n\n**Implements:** X\n", "cannot have"),
        ("## Enums\n\n#### E\n\n**Values:**\n- `a`\n\n## Directives\n\n#### d\n", "unknown section"),
    ],
)
def test_unexpected_format_is_an_error_not_a_silent_gap(markdown: str, message: str) -> None:
    with pytest.raises(ReferenceFormatError, match=message.replace("*", r"\*")):
        parse_reference(markdown)


def test_load_reference_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="API reference not found"):
        load_reference(tmp_path / "nope.md")
