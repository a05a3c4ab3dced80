"""Post metrics resolvers: per-post ``metrics`` and the ``aggregatedPostMetrics`` query.

The semantics live in :mod:`mockserver.metrics`; this module only resolves access
(scope, organization, channel set) and hands the engine a resolved query.
"""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType, QueryType
from graphql import GraphQLResolveInfo

from mockserver import errors
from mockserver.clock import DAY_MS
from mockserver.metrics.aggregation import AggregateQuery, TagFilter
from mockserver.metrics.catalog import metric_type_in_version
from mockserver.metrics.per_post import per_post_metrics
from mockserver.metrics.window import aggregate_window
from mockserver.resolvers.context import RequestContext, ctx_of
from mockserver.scalars import datetime_to_ms
from mockserver.store.entities import Post

query = QueryType()
post_type = ObjectType("Post")


@post_type.field("metrics")
def resolve_post_metrics(post: Post, info: GraphQLResolveInfo) -> list[dict[str, Any]] | None:
    ctx = ctx_of(info)
    entries = per_post_metrics(post.metrics, post.status)
    return None if entries is None else in_version(entries, ctx.schema_version)


def in_version(entries: list[dict[str, Any]], version: str) -> list[dict[str, Any]]:
    """Only the PostMetric entries whose type the schema version has."""
    return [e for e in entries if metric_type_in_version(e["type"], version)]


@post_type.field("metricsUpdatedAt")
def resolve_post_metrics_updated_at(post: Post, info: GraphQLResolveInfo) -> int | None:
    return post.metrics_updated_at


def resolve_channel_set(
    ctx: RequestContext, organization_id: str, channel_ids: list[str] | None
) -> tuple[str, ...]:
    """``null`` = every channel of the organization; ``[]`` = none; else each must be the org's."""
    if channel_ids is None:
        return tuple(c.id for c in ctx.world.channels_of(organization_id) if ctx.sees_channel(c))
    resolved: list[str] = []
    for channel_id in channel_ids:
        channel = ctx.channel(channel_id)
        if channel.organization_id != organization_id:
            raise errors.forbidden()
        if channel_id not in resolved:
            resolved.append(channel_id)
    return tuple(resolved)


@query.field("aggregatedPostMetrics")
def resolve_aggregated_post_metrics(
    _: None, info: GraphQLResolveInfo, input: dict[str, Any]
) -> dict[str, Any]:
    ctx = ctx_of(info)
    org = ctx.organization(input["organizationId"])
    start, end = aggregate_window(
        datetime_to_ms(input["startDateTime"]), datetime_to_ms(input["endDateTime"])
    )
    if org.plan == "free" and start < ctx.now - errors.FREE_PLAN_HISTORY_DAYS * DAY_MS:
        raise errors.forbidden(errors.MSG_FREE_PLAN_INSIGHTS)
    channel_ids = resolve_channel_set(ctx, org.id, input.get("channelIds"))
    tags = input.get("tags")
    tag_filter = (
        None
        if tags is None
        else TagFilter(in_ids=frozenset(tags.get("in") or ()), include_untagged=bool(tags.get("isEmpty")))
    )
    result = ctx.world.metrics_index.aggregate(
        AggregateQuery(channel_ids=channel_ids, start=start, end=end, tags=tag_filter)
    )
    return {
        "metrics": in_version(result.metrics, ctx.schema_version),
        "metricsUpdatedAt": result.metrics_updated_at,
    }


BINDABLES = [query, post_type]
