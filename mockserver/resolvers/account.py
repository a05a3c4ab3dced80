"""Account and Organization resolvers."""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType, QueryType
from graphql import GraphQLResolveInfo

from mockserver.resolvers.context import ctx_of
from mockserver.store.entities import Account, Organization

query = QueryType()
account_type = ObjectType("Account")
organization_type = ObjectType("Organization")


@query.field("account")
def resolve_account(_: None, info: GraphQLResolveInfo) -> Account:
    ctx = ctx_of(info)
    return ctx.actor.account


@account_type.field("organizations")
def resolve_organizations(
    account: Account, info: GraphQLResolveInfo, filter: dict[str, Any] | None = None
) -> list[Organization]:
    orgs = ctx_of(info).world.organizations_of(account.id)
    if filter is not None:
        orgs = [o for o in orgs if o.id == filter.get("organizationId")]
    return orgs


@organization_type.field("channelCount")
def resolve_channel_count(org: Organization, info: GraphQLResolveInfo) -> int:
    ctx = ctx_of(info)
    if ctx.sees_every_service():
        return len(ctx.world.channels_by_org.get(org.id, ()))
    return sum(1 for c in ctx.world.channels_of(org.id) if ctx.sees_channel(c))


@organization_type.field("members")
def resolve_members(org: Organization, _: GraphQLResolveInfo) -> dict[str, int]:
    total = org.member_count if org.member_count is not None else len(org.members)
    return {"totalCount": total}


@organization_type.field("shouldEnforce2FASetup")
def resolve_enforce_2fa(org: Organization, _: GraphQLResolveInfo) -> bool:
    return org.should_enforce_2fa_setup


BINDABLES = [query, account_type, organization_type]
