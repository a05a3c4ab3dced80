"""The post-template writes behind ``createPostTemplate``, ``updatePostTemplate``, ``deletePostTemplate``.

Rule refusals (visibility, empty texts, permission to manage, plan limit) raise
:class:`VoidMutationError`, the only member their unions have. Organizations and templates the
caller cannot see are answered like the read queries answer them: NOT_FOUND / FORBIDDEN in
``errors[]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver import errors
from mockserver.backend.context import RequestContext
from mockserver.rules import post_messages as msg
from mockserver.rules.org_limits import limit_of, templates_limit_problem
from mockserver.rules.template_rules import (
    can_manage_template,
    required_text,
    template_changes,
    template_emoji,
    template_visibility,
    void,
)
from mockserver.store.entities import PostTemplate


def template_visible(ctx: RequestContext, template: PostTemplate, organization_id: str | None = None) -> bool:
    """Public to all; internal to members of its organization; private to its owner only."""
    if template.visibility == "public":
        return True
    if template.visibility == "internal":
        scope_org = organization_id or template.organization_id
        return template.organization_id == scope_org and ctx.world.is_member(ctx.actor.account.id, scope_org)
    return template.owner_account_id == ctx.actor.account.id


def templates_in_organization(ctx: RequestContext, organization_id: str) -> int:
    """Templates counted against ``limits.postTemplates``: internal and private ones of the organization."""
    return sum(
        1
        for t in ctx.world.templates.values()
        if t.organization_id == organization_id and t.visibility != "public"
    )


def create_template(ctx: RequestContext, raw: Mapping[str, Any]) -> PostTemplate:
    organization = ctx.organization(raw["organizationId"])  # NOT_FOUND / FORBIDDEN in errors[]
    visibility = template_visibility(raw.get("visibility"))
    title = required_text("title", raw["title"])
    body = required_text("body", raw["body"])
    description = required_text("description", raw.get("description"))
    problem = templates_limit_problem(
        limit_of(organization.limits, "postTemplates"), templates_in_organization(ctx, organization.id)
    )
    if problem is not None:
        raise void(problem)
    template = PostTemplate(
        id=ctx.world.new_id(),
        organization_id=organization.id,
        owner_account_id=ctx.actor.account.id,
        title=title,
        body=body,
        description=description,
        emoji=template_emoji(raw.get("emoji")),
        visibility=visibility,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.world.put_template(template)
    return template


def manageable_template(ctx: RequestContext, template_id: str) -> PostTemplate:
    """The template if the caller may change it; NOT_FOUND when they cannot even see it."""
    template = ctx.world.templates.get(template_id)
    if template is None or not template_visible(ctx, template):
        raise errors.not_found(msg.TEMPLATE_NOT_FOUND.format(id=template_id))
    role = (
        ctx.world.organizations[template.organization_id].members.get(ctx.actor.account.id)
        if template.organization_id in ctx.world.organizations
        else None
    )
    if not can_manage_template(
        visibility=template.visibility,
        owner_account_id=template.owner_account_id,
        actor_account_id=ctx.actor.account.id,
        actor_role_in_template_org=role,
    ):
        raise void(msg.TEMPLATE_NOT_MANAGEABLE)
    return template


def update_template(ctx: RequestContext, raw: Mapping[str, Any]) -> PostTemplate:
    """Omit means keep: only the fields present change (rules: ``template_changes``)."""
    template = manageable_template(ctx, raw["id"])
    changes = template_changes(raw)
    return ctx.world.update_template(template.id, **changes, updated_at=ctx.now)


def delete_template(ctx: RequestContext, template_id: str) -> PostTemplate:
    template = manageable_template(ctx, template_id)
    ctx.world.remove_template(template.id)
    return template
