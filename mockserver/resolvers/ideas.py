"""Idea resolvers: ``ideas`` (paginated, filtered) and ``ideaGroups``."""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType, QueryType
from graphql import GraphQLResolveInfo

from mockserver.resolvers.connections import page_size
from mockserver.resolvers.context import ctx_of
from mockserver.rules.pagination import SortKey, connection, descending_text
from mockserver.rules.post_query import tag_selection
from mockserver.store.entities import Idea, IdeaGroup

query = QueryType()
idea_type = ObjectType("Idea")
idea_group_type = ObjectType("IdeaGroup")
IDEAS_CURSOR_KIND = "ideas"


def idea_order_key(idea: Idea) -> SortKey:
    """Newest first, then id (our choice: Buffer does not document the order)."""
    return (-idea.created_at, descending_text(idea.id))


def idea_matches_group_filter(idea: Idea, group_filter: dict[str, Any] | None) -> bool:
    if group_filter is None:
        return True
    if group_filter.get("groups") is not None:
        return idea.group_id in set(group_filter["groups"])
    membership = group_filter.get("membership")
    if membership == "grouped":
        return idea.group_id is not None
    if membership == "ungrouped":
        return idea.group_id is None
    return True


def idea_tag_ids(idea: Idea) -> list[str]:
    return [t["id"] for t in idea.content.get("tags") or ()]


@query.field("ideas")
def resolve_ideas(
    _: None,
    info: GraphQLResolveInfo,
    input: dict[str, Any],
    first: int | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    ctx = ctx_of(info)
    size = page_size(ctx, first)
    org = ctx.organization(input["organizationId"])
    tags = tag_selection(input.get("tagsFilter"))
    ideas = [
        idea
        for idea in ctx.world.ideas_of(org.id)
        if idea_matches_group_filter(idea, input.get("groupFilter"))
        and (tags is None or tags.matches(idea_tag_ids(idea)))
    ]
    return connection(ideas, kind=IDEAS_CURSOR_KIND, order_key=idea_order_key, first=size, after=after)


@query.field("ideaGroups")
def resolve_idea_groups(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> list[IdeaGroup]:
    ctx = ctx_of(info)
    org = ctx.organization(input["organizationId"])
    return ctx.world.idea_groups_of(org.id)


@idea_type.field("createdAt")
def resolve_idea_created_at(idea: Idea, _: GraphQLResolveInfo) -> int:
    return idea.created_at // 1000  # Unix seconds (our choice; Buffer leaves the unit open)


@idea_type.field("updatedAt")
def resolve_idea_updated_at(idea: Idea, _: GraphQLResolveInfo) -> int:
    return idea.updated_at // 1000


BINDABLES = [query, idea_type, idea_group_type]
