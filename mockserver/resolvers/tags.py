"""2026-10 tag roots: ``tag``, ``tagsV2``, ``createTag``, ``updateTag``, ``deleteTag``.

Organizations the caller cannot see answer NOT_FOUND / FORBIDDEN in ``errors[]`` as every root
does; a tag id that is unknown (or of another organization) is ``NotFoundError`` in the payload
of the mutations and ``null`` plus NOT_FOUND for ``tag``. Rules: :mod:`mockserver.rules.tag_rules`.
"""

from __future__ import annotations

from typing import Any

from ariadne import MutationType, QueryType
from graphql import GraphQLResolveInfo

from mockserver import errors
from mockserver.errors import MutationRejected, NotFoundError
from mockserver.fixtures.convert import tag_color_name
from mockserver.resolvers.connections import page_size
from mockserver.resolvers.context import RequestContext, ctx_of
from mockserver.rules.org_limits import limit_of
from mockserver.rules.pagination import connection
from mockserver.rules.tag_rules import (
    MSG_TAG_NOT_FOUND,
    check_tag_limit,
    check_tag_manager,
    check_unique_name,
    checked_tag_color,
    checked_tag_name,
    tag_matches,
    tag_order_key,
)
from mockserver.store.entities import Tag
from mockserver.store.tag_store import delete_tag, put_tag

query = QueryType()
mutation = MutationType()


def tags_of_organization(ctx: RequestContext, organization_id: str) -> list[Tag]:
    return [t for t in ctx.world.tags.values() if t.organization_id == organization_id]


def visible_tag(ctx: RequestContext, tag_id: str) -> Tag | None:
    tag = ctx.world.tags.get(tag_id)
    if tag is None or not ctx.world.is_member(ctx.actor.account.id, tag.organization_id):
        return None
    return tag


@query.field("tag")
def resolve_tag(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> Tag:
    tag = visible_tag(ctx_of(info), input["id"])
    if tag is None:
        raise errors.not_found(MSG_TAG_NOT_FOUND)
    return tag


@query.field("tagsV2")
def resolve_tags_v2(
    _: None,
    info: GraphQLResolveInfo,
    input: dict[str, Any],
    first: int | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    ctx = ctx_of(info)
    size = page_size(ctx, first)
    organization = ctx.organization(input["organizationId"])
    is_locked = (input.get("filter") or {}).get("isLocked")
    matching = [t for t in tags_of_organization(ctx, organization.id) if tag_matches(t, is_locked)]
    return connection(
        matching, kind="tags", order_key=tag_order_key, first=size, after=after, total_count=True
    )


def managed_tag(ctx: RequestContext, tag_id: str) -> Tag:
    """The tag, if the caller may manage it (NotFoundError / UnauthorizedError otherwise)."""
    tag = visible_tag(ctx, tag_id)
    if tag is None:
        raise NotFoundError(MSG_TAG_NOT_FOUND)
    check_tag_manager(ctx.world.organizations[tag.organization_id].members.get(ctx.actor.account.id))
    return tag


@mutation.field("createTag")
def resolve_create_tag(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    ctx = ctx_of(info)
    organization = ctx.organization(input["organizationId"])
    given = input["tag"]
    try:
        check_tag_manager(organization.members.get(ctx.actor.account.id))
        name, color = checked_tag_name(given["name"]), checked_tag_color(given["color"])
        existing = tags_of_organization(ctx, organization.id)
        check_unique_name(name, existing)
        check_tag_limit(limit_of(organization.limits, "tags"), len(existing))
    except MutationRejected as rejected:
        return rejected.payload
    tag = Tag(id=ctx.world.new_id(), organization_id=organization.id, name=name, color=color)
    put_tag(ctx.world, tag, tag_color_name(color))
    return {"__typename": "TagActionSuccess", "tag": tag}


@mutation.field("updateTag")
def resolve_update_tag(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    ctx = ctx_of(info)
    given = input["tag"]
    try:
        tag = managed_tag(ctx, input["id"])
        name, color = checked_tag_name(given["name"]), checked_tag_color(given["color"])
        check_unique_name(name, tags_of_organization(ctx, tag.organization_id), except_id=tag.id)
    except MutationRejected as rejected:
        return rejected.payload
    tag.name, tag.color = name, color
    put_tag(ctx.world, tag, tag_color_name(color))
    return {"__typename": "TagActionSuccess", "tag": tag}


@mutation.field("deleteTag")
def resolve_delete_tag(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    ctx = ctx_of(info)
    try:
        tag = managed_tag(ctx, input["id"])
    except MutationRejected as rejected:
        return rejected.payload
    delete_tag(ctx.world, tag.id)
    return {"__typename": "DeleteTagActionSuccess", "id": tag.id}


BINDABLES: list[object] = [query, mutation]
