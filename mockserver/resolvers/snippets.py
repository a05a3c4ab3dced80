"""2026-10 snippet roots: ``snippets``, ``createSnippet``, ``updateSnippet``, ``deleteSnippet``.

Any member of the organization may use them (inferred); a snippet of another organization, or
named with the wrong ``organizationId``, is "not found" (VoidMutationError). docs/fidelity.md.
"""

from __future__ import annotations

from typing import Any

from ariadne import MutationType, QueryType
from graphql import GraphQLResolveInfo

from mockserver.errors import MutationRejected
from mockserver.resolvers.context import RequestContext, ctx_of
from mockserver.rules.snippet_rules import (
    MSG_SNIPPET_NOT_FOUND,
    checked_snippet_field,
    snippet_order_key,
    void,
)
from mockserver.scalars import object_id_scalar
from mockserver.store.entities import Snippet
from mockserver.store.tag_store import put_snippet, remove_snippet

query = QueryType()
mutation = MutationType()


@query.field("snippets")
def resolve_snippets(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> list[Snippet]:
    ctx = ctx_of(info)
    organization = ctx.organization(input["organizationId"])
    found = [s for s in ctx.world.snippets.values() if s.organization_id == organization.id]
    return sorted(found, key=snippet_order_key)


def own_snippet(ctx: RequestContext, snippet_id: str, organization_id: str) -> Snippet:
    snippet = ctx.world.snippets.get(snippet_id)
    if snippet is None or snippet.organization_id != organization_id:
        raise void(MSG_SNIPPET_NOT_FOUND)
    return snippet


@mutation.field("createSnippet")
def resolve_create_snippet(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    ctx = ctx_of(info)
    organization = ctx.organization(input["organizationId"])
    try:
        name = checked_snippet_field("name", input["name"])
        text = checked_snippet_field("text", input["text"])
    except MutationRejected as rejected:
        return rejected.payload
    snippet = Snippet(ctx.world.new_id(), organization.id, name, text, created_at=ctx.now, updated_at=ctx.now)
    put_snippet(ctx.world, snippet)
    return {"__typename": "CreateSnippetSuccess", "snippet": snippet}


@mutation.field("updateSnippet")
def resolve_update_snippet(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    ctx = ctx_of(info)
    organization = ctx.organization(input["organizationId"])
    try:
        snippet = own_snippet(ctx, input["id"], organization.id)
        name = checked_snippet_field("name", input["name"])
        text = checked_snippet_field("text", input["text"])
    except MutationRejected as rejected:
        return rejected.payload
    snippet.name, snippet.text, snippet.updated_at = name, text, ctx.now
    put_snippet(ctx.world, snippet)
    return {"__typename": "UpdateSnippetSuccess", "snippet": snippet}


@mutation.field("deleteSnippet")
def resolve_delete_snippet(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    ctx = ctx_of(info)
    organization = ctx.organization(input["organizationId"])
    try:
        snippet = own_snippet(ctx, input["id"], organization.id)
    except MutationRejected as rejected:
        return rejected.payload
    remove_snippet(ctx.world, snippet.id)
    return {"__typename": "EmptySuccess", "_empty": ""}


BINDABLES: list[object] = [query, mutation, object_id_scalar("SnippetId")]
