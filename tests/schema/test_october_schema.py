"""The 2026-10 schema must be the reference plus the October digest, element by element.

The expectation (``october_digest``) is built from the reference model and the digest's items,
one block per digest section; our SDL is built, introspected and diffed against it with the
reference's options (structure, deprecation flags, defaults, member order). A missing reference
fails the run; it never skips.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mockserver.contract import SchemaChange, introspect, load_reference
from mockserver.contract.introspection import model_from_introspection
from mockserver.contract.reference_doc import REFERENCE_DIFF_OPTIONS
from mockserver.contract.schema_diff import diff_schemas
from mockserver.contract.schema_model import SchemaModel
from mockserver.graphql_schema import build_schema
from mockserver.schema.versions import VERSIONS
from tests.reference import reference_file
from tests.schema.october_digest import DIGEST_SECTIONS, october_expectation


@pytest.fixture(scope="module")
def reference_path() -> Path:
    try:
        return reference_file("buffer-api-reference.md")
    except FileNotFoundError as missing:
        pytest.fail(str(missing))


@functools.lru_cache(maxsize=8)
def introspection(version: str, removals: tuple[str, ...]) -> dict[str, Any]:
    return introspect(build_schema(version, removals))


def served(version: str, removals: tuple[str, ...] = ()) -> SchemaModel:
    """A fresh model of the served schema (callers may edit it)."""
    return model_from_introspection(introspection(version, removals))


def report(changes: list[SchemaChange]) -> str:
    return f"{len(changes)} difference(s):\n" + "\n".join(f"  {c}" for c in changes)


def expected(
    reference_path: Path, sections: list[Callable[[SchemaModel], None]] | None = None
) -> SchemaModel:
    model = load_reference(reference_path)
    if sections is None:
        return october_expectation(model)
    for section in sections:
        section(model)
    return model


def test_reference_version_is_exactly_the_reference(reference_path: Path) -> None:
    changes = diff_schemas(load_reference(reference_path), served("2026-08-13"), REFERENCE_DIFF_OPTIONS)
    assert changes == [], report(changes)


def test_october_version_is_the_reference_plus_every_digest_section(reference_path: Path) -> None:
    changes = diff_schemas(expected(reference_path), served("2026-10"), REFERENCE_DIFF_OPTIONS)
    assert changes == [], report(changes)


@pytest.mark.parametrize("left_out", DIGEST_SECTIONS, ids=lambda section: section.__name__)
def test_every_digest_section_is_seen_by_the_comparison(
    reference_path: Path, left_out: Callable[[SchemaModel], None]
) -> None:
    others = [section for section in DIGEST_SECTIONS if section is not left_out]
    changes = diff_schemas(expected(reference_path, others), served("2026-10"), REFERENCE_DIFF_OPTIONS)
    assert changes, f"{left_out.__name__} changes nothing the served schema shows"


def test_october_keeps_every_reference_root_and_adds_its_own(reference_path: Path) -> None:
    reference = load_reference(reference_path)
    october = served("2026-10")
    for operation in ("query", "mutation"):
        assert set(reference.root_fields(operation)) <= set(october.root_fields(operation))
    assert {"tag", "tagsV2", "snippets"} <= set(october.root_fields("query"))
    assert {"createTag", "updateTag", "deleteTag", "createSnippet", "updateSnippet", "deleteSnippet"} <= set(
        october.root_fields("mutation")
    )


def test_october_only_types_are_absent_from_the_reference_version() -> None:
    reference = served("2026-08-13")
    for name in ("TagsConnection", "Snippet", "ThreadItemMetadata", "DuplicateError"):
        assert name not in reference.types
    assert "urn" not in reference.types["Author"].fields
    assert "postTypes" not in reference.types["PostsFiltersInput"].input_fields
    assert not reference.types["PostsFiltersInput"].input_fields["tagIds"].deprecated


def test_deprecated_but_accepted_fields_stay_in_october_marked_deprecated() -> None:
    october = served("2026-10")
    for type_name, name in (
        ("PostsFiltersInput", "startDate"),
        ("PostsFiltersInput", "endDate"),
        ("PostsFiltersInput", "tagIds"),
        ("AssetInput", "link"),
        ("ImageMetadataInput", "dimensions"),
    ):
        assert october.types[type_name].input_fields[name].deprecated, f"{type_name}.{name}"
    link = october.types["ThreadedPost"].fields["linkAttachment"]
    assert link.deprecated
    assert link.deprecation_reason == (
        "Use metadata.{service}.linkAttachment on the thread item; removal on 2026-12-15."
    )


def test_announced_removals_apply_only_when_asked() -> None:
    legacy = {"favorites", "link_clicks", "other", "reblogs", "repins", "replies", "retweets"}
    assert legacy <= set(served("2026-10").types["PostMetricType"].enum_values)
    removed = served("2026-10", ("legacy-post-metric-types",))
    assert legacy.isdisjoint(removed.types["PostMetricType"].enum_values)
    assert "linkAttachment" in removed.types["ThreadedPost"].fields
    without_link = served("2026-10", ("threaded-post-link-attachment",))
    assert "linkAttachment" not in without_link.types["ThreadedPost"].fields
    assert (
        "linkAttachment"
        in served("2026-08-13", ("threaded-post-link-attachment",)).types["ThreadedPost"].fields
    )


def test_the_comparison_notices_a_drifting_october_field(reference_path: Path) -> None:
    model = served("2026-10")
    del model.types["Author"].fields["urn"]
    model.types["TagsConnection"].fields.pop("totalCount")
    changes = diff_schemas(expected(reference_path), model, REFERENCE_DIFF_OPTIONS)
    assert {(c.kind, c.path) for c in changes} == {
        ("FIELD_REMOVED", "Author.urn"),
        ("FIELD_REMOVED", "TagsConnection.totalCount"),
    }


def test_versions_registry_names_both_versions_and_the_newest_first_served() -> None:
    assert list(VERSIONS) == ["2026-08-13", "2026-10"]
    kinds = Counter(t.kind for t in served("2026-10").types.values())
    assert kinds["OBJECT"] > Counter(t.kind for t in served("2026-08-13").types.values())["OBJECT"]
