"""The executable schema: our SDL, our scalars, and every resolver bindable."""

from __future__ import annotations

from functools import lru_cache
from typing import cast

from ariadne import SchemaBindable, make_executable_schema
from graphql import GraphQLSchema

from mockserver.resolvers import account, channels, ideas, metrics, mutations, posts, templates
from mockserver.resolvers.defaults import install_type_resolvers
from mockserver.scalars import SCALARS
from mockserver.schema import load_type_defs

READ_BINDABLES = [
    *account.BINDABLES,
    *channels.BINDABLES,
    *posts.BINDABLES,
    *metrics.BINDABLES,
    *ideas.BINDABLES,
    *templates.BINDABLES,
]


@lru_cache(maxsize=1)
def build_schema() -> GraphQLSchema:
    """Built once per process: the schema is immutable data shared by every namespace."""
    # Resolver modules expose BINDABLES as list[object] (ariadne's ObjectType, MutationType, ...).
    bindables = cast("list[SchemaBindable]", [*READ_BINDABLES, *mutations.BINDABLES])
    schema = make_executable_schema(load_type_defs(), *SCALARS, *bindables)
    install_type_resolvers(schema)
    return schema
