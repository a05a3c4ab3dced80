"""Post template writes: ``createPostTemplate``, ``updatePostTemplate``, ``deletePostTemplate``.

Thin: each resolver hands its input to :mod:`mockserver.backend.templates` and shapes the answer.
Their unions only have ``VoidMutationError``, used for every rule refusal; organizations and
templates the caller cannot see are NOT_FOUND / FORBIDDEN in ``errors[]``.
"""

from __future__ import annotations

from typing import Any

from ariadne import MutationType
from graphql import GraphQLResolveInfo

from mockserver.backend import templates
from mockserver.errors import answers_typed_errors
from mockserver.resolvers.context import ctx_of

mutation = MutationType()


@mutation.field("createPostTemplate")
@answers_typed_errors
def resolve_create_post_template(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    template = templates.create_template(ctx_of(info), input)
    return {"__typename": "CreatePostTemplateSuccess", "postTemplate": template}


@mutation.field("updatePostTemplate")
@answers_typed_errors
def resolve_update_post_template(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    template = templates.update_template(ctx_of(info), input)
    return {"__typename": "UpdatePostTemplateSuccess", "postTemplate": template}


@mutation.field("deletePostTemplate")
@answers_typed_errors
def resolve_delete_post_template(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    templates.delete_template(ctx_of(info), input["id"])
    return {"__typename": "EmptySuccess", "_empty": ""}


BINDABLES = [mutation]
