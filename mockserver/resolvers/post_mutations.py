"""Post mutations: ``createPost``, ``editPost``, ``deletePost`` and ``movePostInQueue``.

Thin: each resolver hands its input to :mod:`mockserver.backend.posts` and shapes the answer.
Typed refusals come back as the payload's error member (:func:`answers_typed_errors`).
``createPost``/``editPost`` answer unknown or foreign targets with the ``NotFoundError`` /
``UnauthorizedError`` members their union has; ``deletePost`` and ``movePostInQueue`` (whose
unions only have ``VoidMutationError``) answer them in ``errors[]`` with NOT_FOUND/FORBIDDEN, and
use ``VoidMutationError`` for rule refusals.
"""

from __future__ import annotations

from typing import Any

from ariadne import MutationType
from graphql import GraphQLResolveInfo

from mockserver.backend import posts
from mockserver.errors import answers_typed_errors
from mockserver.resolvers.context import ctx_of
from mockserver.store.entities import Post

mutation = MutationType()


def success(post: Post) -> dict[str, Any]:
    return {"__typename": "PostActionSuccess", "post": post}


@mutation.field("createPost")
@answers_typed_errors
def resolve_create_post(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    return success(posts.create_post(ctx_of(info), input))


@mutation.field("editPost")
@answers_typed_errors
def resolve_edit_post(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    return success(posts.edit_post(ctx_of(info), input))


@mutation.field("deletePost")
@answers_typed_errors
def resolve_delete_post(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    post = posts.delete_post(ctx_of(info), input["id"])
    return {"__typename": "DeletePostSuccess", "id": post.id}


@mutation.field("movePostInQueue")
@answers_typed_errors
def resolve_move_post_in_queue(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    return success(posts.move_post_in_queue(ctx_of(info), input["id"], input["position"]))


BINDABLES = [mutation]
