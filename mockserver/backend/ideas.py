"""The idea write behind ``createIdea``: validated content, tag snapshots, group placement and
the ideas limit. A caller who is not a member of the organization gets ``UnauthorizedError``
(unknown and foreign organizations answer alike, so ids cannot be probed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.backend.context import RequestContext
from mockserver.errors import UnauthorizedError, invalid_input, limit_reached
from mockserver.rules import post_messages as msg
from mockserver.rules.idea_rules import (
    check_idea_media,
    idea_is_empty,
    idea_media,
    placement_position,
    publishing_tag,
)
from mockserver.rules.org_limits import check_ideas, limit_of
from mockserver.scalars import datetime_to_ms
from mockserver.store.entities import Idea, Organization


def organization_for_idea(ctx: RequestContext, organization_id: str) -> Organization:
    organization = ctx.world.organizations.get(organization_id)
    if organization is None or ctx.actor.account.id not in organization.members:
        raise UnauthorizedError(msg.NOT_ORGANIZATION_MEMBER.format(id=organization_id))
    return organization


def target_group(ctx: RequestContext, organization: Organization, group_id: str | None) -> str | None:
    if group_id is None:
        return None
    group = ctx.world.idea_groups.get(group_id)
    if group is None or group.organization_id != organization.id:
        raise invalid_input(msg.IDEA_GROUP_NOT_FOUND.format(id=group_id))
    if group.is_locked:
        raise limit_reached(msg.IDEA_GROUP_LOCKED.format(name=group.name))
    return group_id


def create_idea(ctx: RequestContext, raw: Mapping[str, Any]) -> Idea:
    world, now = ctx.world, ctx.now
    organization = organization_for_idea(ctx, raw["organizationId"])
    content = raw["content"]
    if idea_is_empty(content):
        raise invalid_input(msg.IDEA_EMPTY)
    check_idea_media(content.get("media"))
    tags = [publishing_tag(tag, index) for index, tag in enumerate(content.get("tags") or ())]
    placement = raw.get("group") or {}
    group_id = target_group(ctx, organization, placement.get("groupId"))
    ideas = world.ideas_of(organization.id)
    position = placement_position(
        [(i.id, i.position) for i in ideas if i.group_id == group_id], placement.get("placeAfterId")
    )
    check_ideas(limit_of(organization.limits, "ideas"), len(ideas))
    date = content.get("date")
    idea = Idea(
        id=world.new_id(),
        organization_id=organization.id,
        content={
            "title": content.get("title"),
            "text": content.get("text"),
            "media": [idea_media(item, world.new_id) for item in content.get("media") or ()],
            "tags": tags,
            "services": list(content.get("services") or ()),
            "date": None if date is None else datetime_to_ms(date),
            "aiAssisted": bool(content.get("aiAssisted")),
        },
        group_id=group_id,
        position=position,
        created_at=now,
        updated_at=now,
        template_id=raw.get("templateId"),
        cta=raw.get("cta"),
    )
    world.put_idea(idea)
    return idea
