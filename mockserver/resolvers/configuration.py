"""``configuration`` (2026-10): per channel and per network, derived from the network table."""

from __future__ import annotations

from typing import Any

from ariadne import QueryType
from graphql import GraphQLResolveInfo

from mockserver.networks import NETWORKS
from mockserver.resolvers.context import ctx_of
from mockserver.rules.configuration_rules import (
    authorization_status,
    content_configuration,
    engagement_configuration,
)

query = QueryType()


@query.field("configuration")
def resolve_configuration(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    ctx = ctx_of(info)
    org = ctx.organization(input["organizationId"])
    channels = []
    for channel in ctx.world.channels_of(org.id):
        if not ctx.sees_channel(channel):
            continue
        profile = NETWORKS.profile(channel.service)
        channels.append(
            {
                "authorizationStatus": authorization_status(
                    profile, disconnected=channel.is_disconnected, locked=channel.is_locked
                ),
                "channelId": channel.id,
                "channelType": channel.type,
                "content": content_configuration(profile, channel.metadata, channel.service),
                "engagement": engagement_configuration(profile),
                "service": channel.service,
            }
        )
    services = [
        {
            "channelType": channel_type,
            "content": content_configuration(profile, None, service),
            "engagement": engagement_configuration(profile),
            "service": service,
        }
        for service in NETWORKS.services_in(ctx.schema_version)
        for profile in (NETWORKS.profile(service),)
        for channel_type in profile.channel_types
    ]
    return {"channels": channels, "services": services}


BINDABLES: list[object] = [query]
