"""Schema-wide resolver defaults: fields from dicts or snake_case attributes, and abstract types.

Entities are snake_case dataclasses and nested per-network shapes are camelCase dicts
with a ``__typename``; these two defaults let most fields resolve with no code at all.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from graphql import GraphQLInterfaceType, GraphQLResolveInfo, GraphQLSchema, GraphQLUnionType

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@lru_cache(maxsize=1024)
def snake_case(name: str) -> str:
    return _CAMEL_BOUNDARY.sub("_", name).lower()


def default_field_resolver(source: Any, info: GraphQLResolveInfo, **_: Any) -> Any:
    name = info.field_name
    if isinstance(source, dict):
        return source.get(name)
    return getattr(source, snake_case(name), None)


def resolve_abstract_type(value: Any, *_: Any) -> str | None:
    """A dict names its member with ``__typename``; an entity by its class name (Post, Idea...)."""
    if isinstance(value, dict):
        return value.get("__typename")
    return type(value).__name__


def install_type_resolvers(schema: GraphQLSchema) -> None:
    for graphql_type in schema.type_map.values():
        if (
            isinstance(graphql_type, GraphQLInterfaceType | GraphQLUnionType)
            and graphql_type.resolve_type is None
        ):
            graphql_type.resolve_type = resolve_abstract_type
