"""2026-10 snippet roots: ``snippets``, ``createSnippet``, ``updateSnippet``, ``deleteSnippet``.

Thin over :mod:`mockserver.backend.snippets`: any member of the organization may use them
(inferred); a snippet of another organization is "not found" (VoidMutationError). docs/fidelity.md.
"""

from __future__ import annotations

from typing import Any

from ariadne import MutationType, QueryType
from graphql import GraphQLResolveInfo

from mockserver.backend import snippets
from mockserver.errors import answers_typed_errors
from mockserver.resolvers.context import ctx_of
from mockserver.rules.snippet_rules import snippet_order_key
from mockserver.scalars import object_id_scalar
from mockserver.store.entities import Snippet

query = QueryType()
mutation = MutationType()


@query.field("snippets")
def resolve_snippets(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> list[Snippet]:
    ctx = ctx_of(info)
    organization = ctx.organization(input["organizationId"])
    found = [s for s in ctx.world.snippets.values() if s.organization_id == organization.id]
    return sorted(found, key=snippet_order_key)


@mutation.field("createSnippet")
@answers_typed_errors
def resolve_create_snippet(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    snippet = snippets.create_snippet(ctx_of(info), input["organizationId"], input["name"], input["text"])
    return {"__typename": "CreateSnippetSuccess", "snippet": snippet}


@mutation.field("updateSnippet")
@answers_typed_errors
def resolve_update_snippet(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    ctx = ctx_of(info)
    snippet = snippets.update_snippet(ctx, input["id"], input["organizationId"], input["name"], input["text"])
    return {"__typename": "UpdateSnippetSuccess", "snippet": snippet}


@mutation.field("deleteSnippet")
@answers_typed_errors
def resolve_delete_snippet(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    snippets.delete_snippet(ctx_of(info), input["id"], input["organizationId"])
    return {"__typename": "EmptySuccess", "_empty": ""}


BINDABLES: list[object] = [query, mutation, object_id_scalar("SnippetId")]
