"""The executable schema: our SDL, our scalars, and every resolver bindable."""

from __future__ import annotations

from functools import lru_cache

from ariadne import make_executable_schema
from graphql import GraphQLSchema

from mockserver.resolvers import account, channels, ideas, metrics, posts, templates
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


def mutation_bindables() -> list[object]:
    from mockserver.resolvers import mutations

    return list(mutations.BINDABLES)


@lru_cache(maxsize=1)
def build_schema() -> GraphQLSchema:
    """Built once per process: the schema is immutable data shared by every namespace."""
    schema = make_executable_schema(load_type_defs(), *SCALARS, *READ_BINDABLES, *mutation_bindables())
    install_type_resolvers(schema)
    return schema
