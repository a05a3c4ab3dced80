"""The 2026-10 tag writes behind ``createTag``, ``updateTag`` and ``deleteTag``, and tag lookups.

Organizations the caller cannot see are NOT_FOUND / FORBIDDEN in ``errors[]`` (raised by the
context); a tag id that is unknown or of another organization is ``NotFoundError``; rule refusals
(:mod:`mockserver.rules.tag_rules`) are their typed errors.
"""

from __future__ import annotations

from mockserver.backend.context import RequestContext
from mockserver.errors import NotFoundError
from mockserver.rules.org_limits import limit_of
from mockserver.rules.tag_colors import tag_color_name
from mockserver.rules.tag_rules import (
    MSG_TAG_NOT_FOUND,
    check_tag_limit,
    check_tag_manager,
    check_unique_name,
    checked_tag_color,
    checked_tag_name,
)
from mockserver.store import tag_store
from mockserver.store.entities import Tag


def tags_of_organization(ctx: RequestContext, organization_id: str) -> list[Tag]:
    return [t for t in ctx.world.tags.values() if t.organization_id == organization_id]


def visible_tag(ctx: RequestContext, tag_id: str) -> Tag | None:
    tag = ctx.world.tags.get(tag_id)
    if tag is None or not ctx.world.is_member(ctx.actor.account.id, tag.organization_id):
        return None
    return tag


def managed_tag(ctx: RequestContext, tag_id: str) -> Tag:
    """The tag, if the caller may manage it (NotFoundError / UnauthorizedError otherwise)."""
    tag = visible_tag(ctx, tag_id)
    if tag is None:
        raise NotFoundError(MSG_TAG_NOT_FOUND)
    check_tag_manager(ctx.world.organizations[tag.organization_id].members.get(ctx.actor.account.id))
    return tag


def create_tag(ctx: RequestContext, organization_id: str, name: str, color: str) -> Tag:
    organization = ctx.organization(organization_id)  # NOT_FOUND / FORBIDDEN in errors[]
    check_tag_manager(organization.members.get(ctx.actor.account.id))
    name, color = checked_tag_name(name), checked_tag_color(color)
    existing = tags_of_organization(ctx, organization.id)
    check_unique_name(name, existing)
    check_tag_limit(limit_of(organization.limits, "tags"), len(existing))
    tag = Tag(id=ctx.world.new_id(), organization_id=organization.id, name=name, color=color)
    tag_store.put_tag(ctx.world, tag, tag_color_name(color))
    return tag


def update_tag(ctx: RequestContext, tag_id: str, name: str, color: str) -> Tag:
    tag = managed_tag(ctx, tag_id)
    name, color = checked_tag_name(name), checked_tag_color(color)
    check_unique_name(name, tags_of_organization(ctx, tag.organization_id), except_id=tag.id)
    return tag_store.update_tag(ctx.world, tag.id, tag_color_name(color), name=name, color=color)


def delete_tag(ctx: RequestContext, tag_id: str) -> Tag:
    tag = managed_tag(ctx, tag_id)
    tag_store.delete_tag(ctx.world, tag.id)
    return tag
