"""Channel resolvers: ``channels``, ``channel``, ``dailyPostingLimits`` and derived fields."""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType, QueryType
from graphql import GraphQLResolveInfo

from mockserver import errors
from mockserver.backend.scheduling import daily_limit_status
from mockserver.networks import NETWORKS
from mockserver.resolvers.context import ctx_of
from mockserver.rules.allowed_actions import channel_actions_for, channel_descriptor
from mockserver.scalars import datetime_to_ms
from mockserver.store.entities import Channel

query = QueryType()
channel_type = ObjectType("Channel")

NEW_CHANNEL_WINDOW_MS = 10_000


def channel_supports_product(channel: Channel, product: str) -> bool:
    """Products the channel lists, else the ones its network works with (network profile table)."""
    if channel.products is not None:
        return product in channel.products or product == "buffer"
    profile = NETWORKS.get(channel.service)
    return profile is not None and profile.supports_product(product)


@query.field("channels")
def resolve_channels(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> list[Channel]:
    ctx = ctx_of(info)
    org = ctx.organization(input["organizationId"])
    channels = [c for c in ctx.world.channels_of(org.id) if ctx.sees_channel(c)]
    flt = input.get("filter") or {}
    if flt.get("isLocked") is not None:
        channels = [c for c in channels if c.is_locked == flt["isLocked"]]
    if flt.get("product") is not None:
        channels = [c for c in channels if channel_supports_product(c, flt["product"])]
    return channels


@query.field("channel")
def resolve_channel(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> Channel:
    ctx = ctx_of(info)
    return ctx.channel(input["id"])


@channel_type.field("descriptor")
def resolve_descriptor(channel: Channel, _: GraphQLResolveInfo) -> str:
    return channel_descriptor(channel.service, channel.type)


@channel_type.field("allowedActions")
def resolve_channel_actions(channel: Channel, info: GraphQLResolveInfo) -> list[str]:
    """Read with a personal key, one live capture showed ``[]`` on every channel; the setting
    ``personal_key_allowed_actions`` chooses that ("observed") or the stored actions ("role")."""
    ctx = ctx_of(info)
    return channel_actions_for(
        channel.allowed_actions, ctx.actor.is_personal_key, ctx.settings.personal_key_allowed_actions
    )


@channel_type.field("isNew")
def resolve_is_new(channel: Channel, info: GraphQLResolveInfo) -> bool:
    return ctx_of(info).now - channel.created_at < NEW_CHANNEL_WINDOW_MS


@query.field("dailyPostingLimits")
def resolve_daily_posting_limits(
    _: None, info: GraphQLResolveInfo, input: dict[str, Any]
) -> list[dict[str, object]]:
    ctx = ctx_of(info)
    channels = [ctx.channel(channel_id) for channel_id in input["channelIds"]]
    if len({c.organization_id for c in channels}) > 1:
        raise errors.bad_user_input(errors.MSG_MIXED_ORGANIZATIONS)
    instant = datetime_to_ms(input["date"]) if input.get("date") is not None else ctx.now
    return [daily_limit_status(ctx.world, c, instant).as_graphql() for c in channels]


BINDABLES = [query, channel_type]
