"""Post template resolvers: ``postTemplate`` and ``postTemplates`` (visibility rules)."""

from __future__ import annotations

from typing import Any

from ariadne import QueryType
from graphql import GraphQLResolveInfo

from mockserver.backend.templates import template_visible
from mockserver.resolvers.connections import page_size
from mockserver.resolvers.context import ctx_of
from mockserver.rules.pagination import SortKey, connection, descending_text
from mockserver.store.entities import PostTemplate

query = QueryType()
TEMPLATES_CURSOR_KIND = "postTemplates"


def template_order_key(template: PostTemplate) -> SortKey:
    """Most recently updated first, then id (our choice: the order is undocumented)."""
    return (-template.updated_at, descending_text(template.id))


@query.field("postTemplate")
def resolve_post_template(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> PostTemplate | None:
    ctx = ctx_of(info)
    template = ctx.world.templates.get(input["id"])
    if template is None or not template_visible(ctx, template):
        return None
    return template


@query.field("postTemplates")
def resolve_post_templates(
    _: None,
    info: GraphQLResolveInfo,
    input: dict[str, Any],
    first: int | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    ctx = ctx_of(info)
    size = page_size(ctx, first)
    org = ctx.organization(input["organizationId"])
    visibility = (input.get("filter") or {}).get("visibility")
    templates = [
        t
        for t in ctx.world.templates.values()
        if template_visible(ctx, t, org.id) and (visibility is None or t.visibility == visibility)
    ]
    return connection(
        templates,
        kind=TEMPLATES_CURSOR_KIND,
        order_key=template_order_key,
        first=size,
        after=after,
        total_count=True,
    )


BINDABLES = [query]
