"""The executable schema of each version: its SDL, our scalars, and every resolver bindable.

One set of resolvers serves every version. Fields that exist only in 2026-10 are bound by
the modules in :data:`OCTOBER_BINDABLE_MODULES` (each exposes ``BINDABLES: list[object]``,
with ariadne ``ObjectType`` instances of their own, since ariadne refuses to bind a field a
schema lacks); they are added for 2026-10 only.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from types import ModuleType
from typing import cast

from ariadne import SchemaBindable, make_executable_schema
from graphql import GraphQLSchema

from mockserver.resolvers import (
    account,
    channels,
    configuration,
    content_items,
    ideas,
    instagram_audio,
    metrics,
    mutations,
    october_posts,
    posts,
    snippets,
    tags,
    templates,
)
from mockserver.resolvers.defaults import install_type_resolvers
from mockserver.scalars import SCALARS
from mockserver.schema.removals import with_deprecations, without_elements
from mockserver.schema.versions import DEFAULT_VERSION, OCTOBER_VERSION, schema_version, version_type_defs

READ_BINDABLES = [
    *account.BINDABLES,
    *channels.BINDABLES,
    *posts.BINDABLES,
    *metrics.BINDABLES,
    *ideas.BINDABLES,
    *templates.BINDABLES,
]

#: Modules binding the resolvers of 2026-10-only fields (one line per module).
OCTOBER_BINDABLE_MODULES: tuple[ModuleType, ...] = (
    october_posts,
    tags,
    snippets,
    content_items,
    configuration,
    instagram_audio,
)


def october_bindables() -> list[object]:
    return [b for module in OCTOBER_BINDABLE_MODULES for b in module.BINDABLES]


def removed_elements(version: str, removals: Iterable[str]) -> frozenset[str]:
    """The elements the named announced removals take out of ``version`` (unknown names: none)."""
    wanted = set(removals)
    return frozenset(e for r in schema_version(version).removals if r.name in wanted for e in r.elements)


@lru_cache(maxsize=8)
def _build(version: str, removals: frozenset[str]) -> GraphQLSchema:
    type_defs = with_deprecations(version_type_defs(version), schema_version(version).deprecations)
    type_defs = without_elements(type_defs, removed_elements(version, removals))
    extra = october_bindables() if version == OCTOBER_VERSION else []
    # Resolver modules expose BINDABLES as list[object] (ariadne's ObjectType, MutationType, ...).
    bindables = cast("list[SchemaBindable]", [*READ_BINDABLES, *mutations.BINDABLES, *extra])
    schema = make_executable_schema(type_defs, *SCALARS, *bindables)
    install_type_resolvers(schema)
    return schema


def build_schema(version: str = DEFAULT_VERSION, removals: Iterable[str] = ()) -> GraphQLSchema:
    """The executable schema of ``version``, built once per (version, removals) and shared by every
    namespace. Raises :class:`~mockserver.schema.versions.UnknownSchemaVersion` for an unknown name."""
    schema_version(version)
    return _build(version, frozenset(removals))
