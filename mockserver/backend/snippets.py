"""The 2026-10 snippet writes behind ``createSnippet``, ``updateSnippet`` and ``deleteSnippet``.

Any member of the organization may use them (inferred); a snippet of another organization, or
named with the wrong ``organizationId``, is "not found" (``VoidMutationError``). docs/fidelity.md.
"""

from __future__ import annotations

from mockserver.backend.context import RequestContext
from mockserver.rules.snippet_rules import MSG_SNIPPET_NOT_FOUND, checked_snippet_field, void
from mockserver.store import tag_store
from mockserver.store.entities import Snippet


def own_snippet(ctx: RequestContext, snippet_id: str, organization_id: str) -> Snippet:
    snippet = ctx.world.snippets.get(snippet_id)
    if snippet is None or snippet.organization_id != organization_id:
        raise void(MSG_SNIPPET_NOT_FOUND)
    return snippet


def create_snippet(ctx: RequestContext, organization_id: str, name: str, text: str) -> Snippet:
    organization = ctx.organization(organization_id)  # NOT_FOUND / FORBIDDEN in errors[]
    name = checked_snippet_field("name", name)
    text = checked_snippet_field("text", text)
    snippet = Snippet(ctx.world.new_id(), organization.id, name, text, created_at=ctx.now, updated_at=ctx.now)
    tag_store.put_snippet(ctx.world, snippet)
    return snippet


def update_snippet(
    ctx: RequestContext, snippet_id: str, organization_id: str, name: str, text: str
) -> Snippet:
    organization = ctx.organization(organization_id)
    snippet = own_snippet(ctx, snippet_id, organization.id)
    name = checked_snippet_field("name", name)
    text = checked_snippet_field("text", text)
    return tag_store.update_snippet(ctx.world, snippet.id, name=name, text=text, updated_at=ctx.now)


def delete_snippet(ctx: RequestContext, snippet_id: str, organization_id: str) -> Snippet:
    organization = ctx.organization(organization_id)
    snippet = own_snippet(ctx, snippet_id, organization.id)
    tag_store.remove_snippet(ctx.world, snippet.id)
    return snippet
