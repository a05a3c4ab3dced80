"""Instagram audio roots (2026-10): instagramAudio, searchInstagramAudio, trendingInstagramAudio."""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType, QueryType
from graphql import GraphQLResolveInfo

from mockserver import errors
from mockserver.networks import NETWORKS
from mockserver.resolvers.context import RequestContext, ctx_of
from mockserver.rules import instagram_audio_rules as rules
from mockserver.store.entities import Channel
from mockserver.store.instagram_audio import InstagramAudioTrack

query = QueryType()
audio_type = ObjectType("InstagramAudio")

Json = dict[str, Any]


def _audio_channel(ctx: RequestContext, channel_id: str) -> Channel:
    """The channel (NOT_FOUND / FORBIDDEN as everywhere), which must be an Instagram channel."""
    channel = ctx.channel(channel_id)
    if channel.service != rules.AUDIO_SERVICE:
        raise errors.bad_user_input(
            rules.MSG_NOT_INSTAGRAM.format(id=channel.id, network=NETWORKS.label(channel.service))
        )
    return channel


def _refresh_required(channel: Channel) -> Json | None:
    reason = rules.refresh_reason(connected_via=channel.connected_via, disconnected=channel.is_disconnected)
    if reason is None:
        return None
    return {"__typename": "ChannelRefreshRequired", "channelIds": [channel.id], "message": reason}


@query.field("instagramAudio")
def resolve_instagram_audio(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> Json:
    ctx = ctx_of(info)
    channel = _audio_channel(ctx, input["channelId"])
    refused = _refresh_required(channel)
    if refused is not None:
        return refused
    return {"__typename": "InstagramAudioSuccess", "audio": ctx.world.instagram_audio.get(input["audioId"])}


@query.field("searchInstagramAudio")
def resolve_search_instagram_audio(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> Json:
    ctx = ctx_of(info)
    channel = _audio_channel(ctx, input["channelId"])
    problem = rules.query_problem(input["query"])
    if problem is not None:
        raise errors.bad_user_input(problem)
    refused = _refresh_required(channel)
    if refused is not None:
        return refused
    found = rules.search(ctx.world.instagram_audio.values(), input["audioType"], input["query"])
    return {"__typename": "SearchInstagramAudioSuccess", "audio": found}


@query.field("trendingInstagramAudio")
def resolve_trending_instagram_audio(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> Json:
    ctx = ctx_of(info)
    channel = _audio_channel(ctx, input["channelId"])
    refused = _refresh_required(channel)
    if refused is not None:
        return refused
    ranked = rules.trending(ctx.world.instagram_audio.values(), input["audioType"])
    return {"__typename": "SearchInstagramAudioSuccess", "audio": ranked}


@audio_type.field("duration")
def resolve_duration(track: InstagramAudioTrack, _: GraphQLResolveInfo) -> int:
    return track.duration_ms


BINDABLES: list[object] = [query, audio_type]
