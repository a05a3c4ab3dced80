"""The per-request context handed to every resolver (defined by the backend, which takes it)."""

from __future__ import annotations

from graphql import GraphQLResolveInfo

from mockserver.actor import Actor
from mockserver.backend.context import RequestContext, TimeWatchingContext

__all__ = ["Actor", "RequestContext", "TimeWatchingContext", "ctx_of"]


def ctx_of(info: GraphQLResolveInfo) -> RequestContext:
    return info.context  # type: ignore[no-any-return]
