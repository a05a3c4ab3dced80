from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLSchema, build_schema

from mockserver.metrics.catalog import (
    CATALOG,
    DEPRECATED_TYPES,
    POST_METRIC_TYPES,
    REPORTABLE_TYPES,
)
from mockserver.schema import load_type_defs


def _served_enum(name: str) -> GraphQLEnumType:
    schema: GraphQLSchema = build_schema("\n".join(load_type_defs()))
    enum = schema.type_map[name]
    assert isinstance(enum, GraphQLEnumType)
    return enum


def test_catalog_lists_the_23_post_metric_types_in_the_served_schema_order() -> None:
    assert len(POST_METRIC_TYPES) == 23
    assert list(POST_METRIC_TYPES) == list(_served_enum("PostMetricType").values)


def test_catalog_deprecated_types_are_the_schema_deprecated_values() -> None:
    values = _served_enum("PostMetricType").values
    assert {name for name, value in values.items() if value.deprecation_reason} == DEPRECATED_TYPES


def test_engagement_rate_is_the_only_percentage() -> None:
    units = {t: CATALOG.info(t).unit for t in POST_METRIC_TYPES}
    assert [t for t, unit in units.items() if unit == "percentage"] == ["engagementRate"]
    assert set(units.values()) == {"count", "percentage"}


def test_documented_names_are_used_for_reactions_engagement_rate_and_post_count() -> None:
    assert CATALOG.info("reactions").name == "Reactions"
    assert CATALOG.info("engagementRate").name == "Eng. Rate"
    assert CATALOG.info("postCount").name == "Posts"
    assert CATALOG.info("impressions").name == "Impressions"


def test_every_type_has_a_name_and_a_description() -> None:
    for metric_type in POST_METRIC_TYPES:
        info = CATALOG.info(metric_type)
        assert info.name.strip() and info.description.strip()


def test_deprecated_types_and_post_count_are_never_reportable() -> None:
    assert len(DEPRECATED_TYPES) == 7
    assert not (DEPRECATED_TYPES | {"postCount"}) & set(REPORTABLE_TYPES)
    assert len(REPORTABLE_TYPES) == 23 - 7 - 1


def test_catalog_entry_has_the_post_metric_shape() -> None:
    assert CATALOG.entry("reach", 12) == {
        "type": "reach",
        "name": "Reach",
        "description": CATALOG.info("reach").description,
        "value": 12.0,
        "unit": "count",
    }
