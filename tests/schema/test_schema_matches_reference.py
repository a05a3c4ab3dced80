"""The served schema must be exactly the published reference: compared element by element.

The reference (``<repo>/../shared/reference/buffer-api-reference.md``) is parsed into the
neutral model, our SDL is built with ariadne and introspected like a remote server, and
the two models are diffed. A missing reference fails the run; it never skips.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from ariadne import make_executable_schema
from graphql import GraphQLSchema

from mockserver.contract import (
    BREAKING,
    DANGEROUS,
    SAFE,
    SchemaChange,
    compare_to_reference,
    introspect,
    load_reference,
)
from mockserver.scalars import SCALARS
from mockserver.schema import SCHEMA_FILES, load_type_defs
from tests.reference import reference_file


@pytest.fixture(scope="module")
def reference_path() -> Path:
    try:
        return reference_file("buffer-api-reference.md")
    except FileNotFoundError as missing:
        pytest.fail(str(missing))


def build(type_defs: list[str]) -> GraphQLSchema:
    return make_executable_schema(type_defs, *SCALARS)


def report(changes: list[SchemaChange]) -> str:
    return f"{len(changes)} difference(s) from the reference:\n" + "\n".join(f"  {c}" for c in changes)


def test_schema_builds_with_ariadne_and_its_scalars() -> None:
    schema = build(load_type_defs())
    assert schema.query_type is not None and schema.query_type.name == "Query"
    assert schema.mutation_type is not None and schema.mutation_type.name == "Mutation"
    assert schema.subscription_type is None


def test_schema_files_split_by_domain_with_roots_declared_once() -> None:
    texts = dict(zip(SCHEMA_FILES, load_type_defs(), strict=True))
    assert SCHEMA_FILES[0] == "common.graphql"
    assert texts["common.graphql"].count("type Query") == 1
    for name, text in texts.items():
        assert "\ntype Query" not in text or name == "common.graphql", name
        assert "\ntype Mutation" not in text or name == "common.graphql", name
        if name != "common.graphql":
            assert "extend type Query {" in text, f"{name} adds no root query field"


def test_reference_holds_217_types_and_19_root_fields(reference_path: Path) -> None:
    reference = load_reference(reference_path)
    kinds = Counter(t.kind for name, t in reference.types.items() if name not in ("Query", "Mutation"))
    assert kinds == {"OBJECT": 88, "INPUT_OBJECT": 63, "ENUM": 36, "SCALAR": 14, "UNION": 10, "INTERFACE": 6}
    queries, mutations = reference.root_fields("query"), reference.root_fields("mutation")
    assert (len(queries), len(mutations)) == (11, 8)
    assert sum(kinds.values()) + len(queries) + len(mutations) == 236


def test_served_schema_matches_the_reference_exactly(reference_path: Path) -> None:
    changes = compare_to_reference(introspect(build(load_type_defs())), reference_path)
    assert changes == [], report(changes)


def test_comparison_accepts_a_full_http_response(reference_path: Path) -> None:
    response = {"data": {"__schema": introspect(build(load_type_defs()))}}
    assert compare_to_reference(response, reference_path) == []


# --- the comparison must notice a served schema that drifts --------------------------------

INJECTED = [
    pytest.param(
        "  \"True when published through 'share now'.\"\n  sharedNow: Boolean!\n",
        "",
        {(BREAKING, "FIELD_REMOVED", "Post.sharedNow")},
        id="field removed",
    ),
    pytest.param(
        "  channelService: Service!\n",
        "  channelService: Service\n",
        {(BREAKING, "FIELD_TYPE_CHANGED", "Post.channelService")},
        id="output made nullable",
    ),
    pytest.param(
        '  weeklyPostingLimit: WeeklyPostingLimit @deprecated(reason: "No longer used.")\n',
        "  weeklyPostingLimit: WeeklyPostingLimit\n",
        {(SAFE, "FIELD_DEPRECATION_REMOVED", "Channel.weeklyPostingLimit")},
        id="deprecation dropped",
    ),
    pytest.param(
        "  needs_approval\n",
        "",
        {(BREAKING, "ENUM_VALUE_REMOVED", "PostStatus.needs_approval")},
        id="enum value dropped",
    ),
    pytest.param(
        "  needsApproval: Boolean! = false\n",
        "  needsApproval: Boolean! = true\n",
        {(DANGEROUS, "INPUT_FIELD_DEFAULT_VALUE_CHANGED", "CreatePostInput.needsApproval")},
        id="default changed",
    ),
    pytest.param(
        "input IdeasGroupFilter @oneOf {",
        "input IdeasGroupFilter {",
        {(DANGEROUS, "INPUT_OBJECT_ONE_OF_REMOVED", "IdeasGroupFilter")},
        id="oneOf dropped",
    ),
    pytest.param(
        "enum PostStatus {\n  draft\n  error\n",
        "enum PostStatus {\n  error\n  draft\n",
        {(SAFE, "ENUM_VALUE_ORDER_CHANGED", "PostStatus")},
        id="enum order changed",
    ),
    pytest.param(
        "input IdeasGroupFilter @oneOf {",
        "input IdeasGroupFilter @oneOf {\n  extra: Int",
        {(DANGEROUS, "INPUT_FIELD_ADDED", "IdeasGroupFilter.extra")},
        id="input field added",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), INJECTED)
def test_comparison_detects_an_injected_difference(
    reference_path: Path, old: str, new: str, expected: set[tuple[str, str, str]]
) -> None:
    type_defs = load_type_defs()
    assert sum(text.count(old) for text in type_defs) == 1, f"injection point not unique: {old!r}"
    edited = [text.replace(old, new) for text in type_defs]
    changes = compare_to_reference(introspect(build(edited)), reference_path)
    assert {(c.severity, c.kind, c.path) for c in changes} == expected, report(changes)


def test_comparison_detects_an_extra_root_field_and_a_subscription(reference_path: Path) -> None:
    extra = "extend type Query {\n  extra: Int\n}\ntype Subscription {\n  ping: Int\n}\n"
    type_defs = [*load_type_defs(), extra]
    type_defs[0] = type_defs[0].replace(
        "  mutation: Mutation\n", "  mutation: Mutation\n  subscription: Subscription\n"
    )
    changes = compare_to_reference(introspect(build(type_defs)), reference_path)
    assert {(c.severity, c.kind, c.path) for c in changes} == {
        (SAFE, "FIELD_ADDED", "Query.extra"),
        (SAFE, "SCHEMA_SUBSCRIPTION_TYPE_CHANGED", "subscription"),
        (SAFE, "TYPE_ADDED", "Subscription"),
    }


def test_legacy_post_filters_carry_no_deprecation_because_the_reference_marks_none(
    reference_path: Path,
) -> None:
    old = '  tagIds: [TagId!]\n  "Tag filter: given tags, untagged posts, or both."\n'
    type_defs = load_type_defs()
    assert sum(text.count(old) for text in type_defs) == 1
    edited = [
        text.replace(old, old.replace("[TagId!]", '[TagId!] @deprecated(reason: "Use tags.")'))
        for text in type_defs
    ]
    changes = compare_to_reference(introspect(build(edited)), reference_path)
    assert {(c.severity, c.kind, c.path) for c in changes} == {
        (DANGEROUS, "INPUT_FIELD_DEPRECATION_ADDED", "PostsFiltersInput.tagIds")
    }
