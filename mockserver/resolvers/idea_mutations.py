"""``createIdea``: thin, over :mod:`mockserver.backend.ideas`.

Success answers the ``Idea`` member (as observed live), not ``IdeaResponse``; refusals are the
payload's typed error members.
"""

from __future__ import annotations

from typing import Any

from ariadne import MutationType
from graphql import GraphQLResolveInfo

from mockserver.backend import ideas
from mockserver.errors import answers_typed_errors
from mockserver.resolvers.context import ctx_of
from mockserver.store.entities import Idea

mutation = MutationType()


@mutation.field("createIdea")
@answers_typed_errors
def resolve_create_idea(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> Idea | dict[str, Any]:
    return ideas.create_idea(ctx_of(info), input)


BINDABLES = [mutation]
