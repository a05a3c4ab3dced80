"""Post template writes: ``createPostTemplate``, ``updatePostTemplate``, ``deletePostTemplate``.

Their unions only have ``VoidMutationError``, used for every rule refusal (visibility, empty
texts, permission to manage, plan limit). Organizations and templates the caller cannot see
are answered like the read queries answer them: NOT_FOUND / FORBIDDEN in ``errors[]``.
"""

from __future__ import annotations

from typing import Any

from ariadne import MutationType
from graphql import GraphQLResolveInfo

from mockserver import errors
from mockserver.errors import answers_typed_errors
from mockserver.resolvers.context import RequestContext, ctx_of
from mockserver.resolvers.templates import template_visible
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

mutation = MutationType()


def templates_in_organization(ctx: RequestContext, organization_id: str) -> int:
    """Templates counted against ``limits.postTemplates``: internal and private ones of the organization."""
    return sum(
        1
        for t in ctx.world.templates.values()
        if t.organization_id == organization_id and t.visibility != "public"
    )


@mutation.field("createPostTemplate")
@answers_typed_errors
def resolve_create_post_template(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    ctx = ctx_of(info)
    organization = ctx.organization(input["organizationId"])  # NOT_FOUND / FORBIDDEN in errors[]
    visibility = template_visibility(input.get("visibility"))
    title = required_text("title", input["title"])
    body = required_text("body", input["body"])
    description = required_text("description", input.get("description"))
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
        emoji=template_emoji(input.get("emoji")),
        visibility=visibility,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.world.put_template(template)
    return {"__typename": "CreatePostTemplateSuccess", "postTemplate": template}


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


@mutation.field("updatePostTemplate")
@answers_typed_errors
def resolve_update_post_template(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    ctx = ctx_of(info)
    template = manageable_template(ctx, input["id"])
    changes = template_changes(input)
    template = ctx.world.update_template(template.id, **changes, updated_at=ctx.now)
    return {"__typename": "UpdatePostTemplateSuccess", "postTemplate": template}


@mutation.field("deletePostTemplate")
@answers_typed_errors
def resolve_delete_post_template(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    ctx = ctx_of(info)
    template = manageable_template(ctx, input["id"])
    ctx.world.remove_template(template.id)
    return {"__typename": "EmptySuccess", "_empty": ""}


BINDABLES = [mutation]
