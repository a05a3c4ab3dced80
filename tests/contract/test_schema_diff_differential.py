"""The schema differ against graphql-core's find_breaking_changes / find_dangerous_changes.

Hypothesis builds a small schema (objects with arguments, an interface, a union, enums, an input
object), then a mutated copy (removals, additions, type and default changes). For each pair the
breaking and dangerous changes of both tools, mapped to graphql-core's categories, must agree.
Deprecations and @oneOf are ours only and left out of the comparison.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graphql import build_schema, find_breaking_changes, find_dangerous_changes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockserver.contract.findings import BREAKING, DANGEROUS
from mockserver.contract.introspection import model_from_schema
from mockserver.contract.schema_diff import diff_schemas

SCALARS = ("String", "Int", "Boolean", "E0")
WRAPS = ("{}", "{}!", "[{}]", "[{}!]", "[{}]!", "[{}!]!")
OURS_TO_CORE = {
    ("TYPE_REMOVED", BREAKING): "TYPE_REMOVED",
    ("TYPE_KIND_CHANGED", BREAKING): "TYPE_CHANGED_KIND",
    ("UNION_MEMBER_REMOVED", BREAKING): "TYPE_REMOVED_FROM_UNION",
    ("ENUM_VALUE_REMOVED", BREAKING): "VALUE_REMOVED_FROM_ENUM",
    ("INPUT_FIELD_ADDED", BREAKING): "REQUIRED_INPUT_FIELD_ADDED",
    ("OBJECT_TYPE_INTERFACE_REMOVED", BREAKING): "IMPLEMENTED_INTERFACE_REMOVED",
    ("FIELD_REMOVED", BREAKING): "FIELD_REMOVED",
    ("INPUT_FIELD_REMOVED", BREAKING): "FIELD_REMOVED",
    ("FIELD_TYPE_CHANGED", BREAKING): "FIELD_CHANGED_KIND",
    ("INPUT_FIELD_TYPE_CHANGED", BREAKING): "FIELD_CHANGED_KIND",
    ("FIELD_ARGUMENT_ADDED", BREAKING): "REQUIRED_ARG_ADDED",
    ("FIELD_ARGUMENT_REMOVED", BREAKING): "ARG_REMOVED",
    ("FIELD_ARGUMENT_TYPE_CHANGED", BREAKING): "ARG_CHANGED_KIND",
    ("ENUM_VALUE_ADDED", DANGEROUS): "VALUE_ADDED_TO_ENUM",
    ("OBJECT_TYPE_INTERFACE_ADDED", DANGEROUS): "IMPLEMENTED_INTERFACE_ADDED",
    ("UNION_MEMBER_ADDED", DANGEROUS): "TYPE_ADDED_TO_UNION",
    ("INPUT_FIELD_ADDED", DANGEROUS): "OPTIONAL_INPUT_FIELD_ADDED",
    ("FIELD_ARGUMENT_ADDED", DANGEROUS): "OPTIONAL_ARG_ADDED",
    ("FIELD_ARGUMENT_DEFAULT_VALUE_CHANGED", DANGEROUS): "ARG_DEFAULT_VALUE_CHANGE",
    ("INPUT_FIELD_DEFAULT_VALUE_CHANGED", DANGEROUS): "INPUT_FIELD_DEFAULT_VALUE_CHANGE",
}
OURS_ONLY = ("_DEPRECATION_", "ONE_OF")
#: graphql-core drops a specification scalar no field uses any more and reports it removed; we never
#: report the specification's own scalars (every server has them).
SPEC_SCALARS = ("String", "Int", "Float", "Boolean", "ID")


def type_ref(draw: Any, names: tuple[str, ...]) -> str:
    return draw(st.sampled_from(WRAPS)).format(draw(st.sampled_from(names)))


@st.composite
def schema_model(draw: Any) -> dict[str, Any]:
    enum = sorted(draw(st.sets(st.sampled_from(["A", "B", "C", "D"]), min_size=1)))
    objects: dict[str, dict[str, Any]] = {}
    for index in range(3):
        fields = {}
        for name in sorted(draw(st.sets(st.sampled_from(["a", "b", "c", "d"]), min_size=1))):
            args = {
                arg: (
                    type_ref(draw, ("String", "Int", "E0", "I0")),
                    draw(st.sampled_from([None, "1", '"x"'])),
                )
                for arg in sorted(draw(st.sets(st.sampled_from(["x", "y"]), max_size=2)))
            }
            fields[name] = (type_ref(draw, (*SCALARS, "O0", "O1")), args)
        objects[f"O{index}"] = {"fields": fields, "iface": draw(st.booleans())}
    inputs = {
        name: (type_ref(draw, ("String", "Int", "E0")), draw(st.sampled_from([None, "1"])))
        for name in sorted(draw(st.sets(st.sampled_from(["p", "q", "r"]), min_size=1)))
    }
    union = sorted(draw(st.sets(st.sampled_from(["O0", "O1", "O2"]), min_size=1)))
    return {"enum": enum, "objects": objects, "inputs": inputs, "union": union}


def _default(type_: str, default: str | None) -> str:
    if default is None or "[" in type_:
        return ""
    base = type_.rstrip("!")
    if base == "Int" and default == "1":
        return " = 1"
    if base == "String" and default == '"x"':
        return ' = "x"'
    return ""


def sdl(model: dict[str, Any]) -> str:
    lines = ["interface N0 { a: String }", f"enum E0 {{ {' '.join(model['enum'])} }}"]
    for name, obj in model["objects"].items():
        fields = dict(obj["fields"])
        if obj["iface"]:
            fields["a"] = ("String", {})
        rendered = []
        for field, (type_, args) in fields.items():
            arg_text = ", ".join(f"{a}: {t}{_default(t, d)}" for a, (t, d) in args.items())
            rendered.append(f"{field}{f'({arg_text})' if arg_text else ''}: {type_}")
        implements = " implements N0" if obj["iface"] else ""
        lines.append(f"type {name}{implements} {{ {' '.join(rendered)} }}")
    lines.append(
        "input I0 { " + " ".join(f"{n}: {t}{_default(t, d)}" for n, (t, d) in model["inputs"].items()) + " }"
    )
    lines.append(f"union U0 = {' | '.join(model['union'])}")
    lines.append("type Query { o: O0 u: U0 n: N0 i(arg: I0): String e: E0 o1: O1 o2: O2 }")
    return "\n".join(lines)


def ours(old_sdl: str, new_sdl: str) -> Counter[str]:
    changes = diff_schemas(model_from_schema(build_schema(old_sdl)), model_from_schema(build_schema(new_sdl)))
    # graphql-core reports a default change only when the type change is safe; we report both
    broken = {c.path for c in changes if c.kind.endswith("_TYPE_CHANGED") and c.severity == BREAKING}
    changes = [c for c in changes if not (c.kind.endswith("DEFAULT_VALUE_CHANGED") and c.path in broken)]
    return Counter(
        OURS_TO_CORE[(c.kind, c.severity)]
        for c in changes
        if c.severity in (BREAKING, DANGEROUS)
        and not any(tag in c.kind for tag in OURS_ONLY)
        # a default added where there was none: DANGEROUS for graphql-inspector and us, silent in graphql-core
        and "default changed from None to" not in c.message
    )


def core(old_sdl: str, new_sdl: str) -> Counter[str]:
    old, new = build_schema(old_sdl), build_schema(new_sdl)
    changes = [*find_breaking_changes(old, new), *find_dangerous_changes(old, new)]
    return Counter(
        c.type.name
        for c in changes
        if not (
            c.type.name == "TYPE_REMOVED"
            and c.description.startswith(tuple(f"Standard scalar {s} was removed" for s in SPEC_SCALARS))
        )
    )


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(schema_model(), schema_model())
def test_the_differ_agrees_with_graphql_core_on_generated_schema_pairs(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    old_sdl, new_sdl = sdl(old), sdl(new)
    assert ours(old_sdl, new_sdl) == core(old_sdl, new_sdl), (old_sdl, new_sdl)


def test_the_generator_produces_pairs_with_both_kinds_of_change() -> None:
    base = sdl(
        {
            "enum": ["A"],
            "objects": {f"O{i}": {"fields": {"a": ("String", {})}, "iface": False} for i in range(3)},
            "inputs": {"p": ("Int", None)},
            "union": ["O0"],
        }
    )
    changed = base.replace("enum E0 { A }", "enum E0 { A B }").replace(
        "input I0 { p: Int }", "input I0 { p: Int! }"
    )
    assert (
        ours(base, changed)
        == core(base, changed)
        == Counter({"VALUE_ADDED_TO_ENUM": 1, "FIELD_CHANGED_KIND": 1})
    )
