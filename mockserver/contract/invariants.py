"""Semantic invariants, checked on each side's own answers (never by comparing the two sides).

Each invariant is a named check taken from Buffer's post-metrics guide and the facts digest. It
looks at one :class:`Observation` (one operation on one side: its variables and the pages of
answers) and returns :class:`Finding` objects naming the operation, the JSON path and the values.
Checks that need more data (the posts behind an aggregate, the channel-by-channel aggregates)
ask the side through :class:`SideContext.fetch`, so a cassette can answer them too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from mockserver.contract.endpoint import Exchange
from mockserver.contract.findings import BREAKING, Finding

BASELINE_TRIO = ("postCount", "reactions", "comments")
DEPRECATED_METRIC_TYPES = frozenset(
    {"favorites", "retweets", "reblogs", "repins", "replies", "link_clicks", "other"}
)
PERCENT_TYPES = frozenset({"engagementRate"})
#: Network-specific metrics and the networks that report them (post-metrics guide).
NETWORK_SPECIFIC: dict[str, frozenset[str]] = {
    "saves": frozenset({"instagram", "pinterest"}),
    "follows": frozenset({"instagram"}),
    "quotes": frozenset({"threads"}),
    "viewers": frozenset({"linkedin"}),
    "totalTimeWatched": frozenset({"linkedin"}),
    "likes": frozenset({"facebook"}),
}
AGGREGATE = "aggregatedPostMetrics"


@dataclass(slots=True)
class Observation:
    """What one side answered to one operation (several pages for a walk)."""

    operation: str
    root_fields: dict[str, str]  # response key -> root field name
    variables: dict[str, Any]
    pages: list[Exchange]
    side: str = ""

    @property
    def datas(self) -> list[Mapping[str, Any]]:
        return [
            p.body["data"]
            for p in self.pages
            if isinstance(p.body, Mapping) and isinstance(p.body.get("data"), Mapping)
        ]

    def roots(self, field_name: str) -> Iterator[tuple[str, Any]]:
        """``(path, value)`` of every answer to root field ``field_name`` (one per page)."""
        for index, data in enumerate(self.datas):
            for key, name in self.root_fields.items():
                if name == field_name and key in data:
                    suffix = f"<page {index + 1}>" if len(self.pages) > 1 else ""
                    yield f"data.{key}{suffix}", data[key]


@dataclass(slots=True)
class SideContext:
    """A side's discovered values and a way to ask it more (``fetch(document, variables)``)."""

    side: str
    fetch: Callable[[str, dict[str, Any]], Exchange]
    services: dict[str, str] = field(default_factory=dict)  # channel id -> service
    channels: list[str] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)


Check = Callable[[Observation, SideContext], list[Finding]]


@dataclass(frozen=True, slots=True)
class Invariant:
    name: str
    summary: str
    applies: Callable[[Observation], bool]
    check: Check


def violation(
    invariant: str, obs: Observation, path: str, message: str, expected: Any = None, actual: Any = None
) -> Finding:
    return Finding(
        BREAKING,
        "INVARIANT_VIOLATED",
        path,
        message,
        check="invariants",
        operation=obs.operation,
        side=obs.side,
        cause=invariant,
        expected=expected,
        actual=actual,
    )


def walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every object of a JSON value with its path."""
    if isinstance(value, Mapping):
        yield path, value
        for key, item in value.items():
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")


def _metric_lists(obs: Observation, *, aggregates: bool) -> Iterator[tuple[str, list[Any]]]:
    for index, data in enumerate(obs.datas):
        for key, value in data.items():
            is_aggregate = obs.root_fields.get(key) == AGGREGATE
            if is_aggregate != aggregates:
                continue
            for path, obj in walk(
                value, f"data.{key}" + (f"<page {index + 1}>" if len(obs.pages) > 1 else "")
            ):
                if isinstance(obj.get("metrics"), list):
                    yield f"{path}.metrics", obj["metrics"]


def _types(metrics: list[Any]) -> list[str]:
    return [str(m.get("type")) for m in metrics if isinstance(m, Mapping)]


def _has_aggregate(obs: Observation) -> bool:
    return any(True for _ in obs.roots(AGGREGATE))


def _aggregate_input(obs: Observation) -> Mapping[str, Any]:
    for value in obs.variables.values():
        if isinstance(value, Mapping) and "startDateTime" in value:
            return value
    return {}


def _instant(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


# --- aggregates ----------------------------------------------------------------------------------


def check_baseline_trio(obs: Observation, ctx: SideContext) -> list[Finding]:
    findings = []
    for path, agg in obs.roots(AGGREGATE):
        types = _types(agg.get("metrics") or []) if isinstance(agg, Mapping) else []
        missing = [t for t in BASELINE_TRIO if t not in types]
        if "type" in str(agg) and missing:
            findings.append(
                violation(
                    "aggregate_baseline_trio",
                    obs,
                    f"{path}.metrics",
                    f"baseline entries missing: {missing}",
                    list(BASELINE_TRIO),
                    types,
                )
            )
    return findings


def check_extras_shared(obs: Observation, ctx: SideContext) -> list[Finding]:
    findings: list[Finding] = []
    channel_ids = _aggregate_input(obs).get("channelIds")
    channel_set = ctx.channels if channel_ids is None else list(channel_ids)
    services = {ctx.services[c] for c in channel_set if c in ctx.services}
    for path, agg in obs.roots(AGGREGATE):
        types = _types(agg.get("metrics") or [])
        if channel_ids == []:
            extras = [t for t in types if t not in BASELINE_TRIO]
            if extras:
                findings.append(
                    violation(
                        "aggregate_extras_shared_by_every_channel",
                        obs,
                        f"{path}.metrics",
                        f"an empty channel set has no channel to report extras, yet lists {extras} "
                        "(zero-padded?)",
                        [],
                        extras,
                    )
                )
            continue
        for metric_type in types:
            networks = NETWORK_SPECIFIC.get(metric_type)
            if networks is not None and services and not services <= networks:
                findings.append(
                    violation(
                        "aggregate_extras_shared_by_every_channel",
                        obs,
                        f"{path}.metrics[type={metric_type}]",
                        f"{metric_type} is reported only by {sorted(networks)}, but the channel set also has "
                        f"{sorted(services - networks)} (zero-padded?)",
                        sorted(networks),
                        sorted(services),
                    )
                )
        if channel_ids and len(channel_ids) > 1:  # extras must be the intersection of the single-channel sets
            shared: set[str] | None = None
            for channel in channel_ids:
                single = _single_channel_extras(obs, ctx, channel)
                shared = single if shared is None else shared & single
            extra_set = set(types) - set(BASELINE_TRIO)
            if shared is not None and extra_set != shared:
                findings.append(
                    violation(
                        "aggregate_extras_shared_by_every_channel",
                        obs,
                        f"{path}.metrics",
                        f"extras {sorted(extra_set)} are not the intersection {sorted(shared)} "
                        "of the channels' own aggregates",
                        sorted(shared),
                        sorted(extra_set),
                    )
                )
    return findings


_SINGLE = (
    "query ContractInvariantSingleChannel($input: AggregatedPostMetricsInput!) "
    "{ aggregatedPostMetrics(input: $input) { metrics { type } } }"
)


def _single_channel_extras(obs: Observation, ctx: SideContext, channel: str) -> set[str]:
    window = _aggregate_input(obs)
    key = f"single:{channel}:{window.get('startDateTime')}:{window.get('endDateTime')}"
    if key not in ctx.cache:
        variables = {
            "input": {
                "organizationId": window.get("organizationId"),
                "startDateTime": window.get("startDateTime"),
                "endDateTime": window.get("endDateTime"),
                "channelIds": [channel],
            }
        }
        body = ctx.fetch(_SINGLE, variables).body
        metrics = ((body or {}).get("data") or {}).get(AGGREGATE) or {}
        ctx.cache[key] = set(_types(metrics.get("metrics") or [])) - set(BASELINE_TRIO)
    return set(ctx.cache[key])


def check_empty_channel_set(obs: Observation, ctx: SideContext) -> list[Finding]:
    findings = []
    for path, agg in obs.roots(AGGREGATE):
        metrics = agg.get("metrics") or []
        entries = {m.get("type"): m.get("value") for m in metrics if isinstance(m, Mapping)}
        expected = dict.fromkeys(BASELINE_TRIO, 0)
        trio = {t: entries.get(t) for t in BASELINE_TRIO}
        if any(t not in entries for t in BASELINE_TRIO) or any(v not in (0, None) for v in trio.values()):
            findings.append(
                violation(
                    "aggregate_empty_channel_set",
                    obs,
                    f"{path}.metrics",
                    "channelIds: [] must give the baseline trio of zeros",
                    expected,
                    entries,
                )
            )
        if "metricsUpdatedAt" in agg and agg["metricsUpdatedAt"] is not None:
            findings.append(
                violation(
                    "aggregate_empty_channel_set",
                    obs,
                    f"{path}.metricsUpdatedAt",
                    "channelIds: [] must give metricsUpdatedAt null",
                    None,
                    agg["metricsUpdatedAt"],
                )
            )
    return findings


_SENT_POSTS = """query ContractInvariantSentPosts($input: PostsInput!, $after: String) {
  posts(input: $input, first: 100, after: $after) {
    edges { node { id sentAt metricsUpdatedAt metrics { type value unit } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def _sent_posts(obs: Observation, ctx: SideContext, channel: str) -> list[Mapping[str, Any]]:
    window = _aggregate_input(obs)
    tags = window.get("tags")
    key = f"sent:{channel}:{tags!r}"
    if key not in ctx.cache:
        nodes: list[Mapping[str, Any]] = []
        after = None
        filters: dict[str, Any] = {"status": ["sent"], "channelIds": [channel]}
        if tags is not None:
            filters["tags"] = tags
        for _page in range(50):
            variables = {
                "input": {"organizationId": window.get("organizationId"), "filter": filters},
                "after": after,
            }
            posts = (((ctx.fetch(_SENT_POSTS, variables).body or {}).get("data") or {}).get("posts")) or {}
            nodes += [e["node"] for e in posts.get("edges") or ()]
            info = posts.get("pageInfo") or {}
            if not info.get("hasNextPage"):
                break
            after = info.get("endCursor")
        ctx.cache[key] = nodes
    return list(ctx.cache[key])


def _matched_posts(obs: Observation, ctx: SideContext) -> list[Mapping[str, Any]]:
    window = _aggregate_input(obs)
    start, end = _instant(window.get("startDateTime")), _instant(window.get("endDateTime"))
    if end is not None and (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0):
        end += timedelta(days=1) - timedelta(milliseconds=1)  # REF: a midnight end includes that day
    channel_ids = window.get("channelIds")
    channel_set = ctx.channels if channel_ids is None else list(channel_ids)
    matched = []
    for channel in channel_set:
        for node in _sent_posts(obs, ctx, channel):
            sent = _instant(node.get("sentAt"))
            if sent is not None and start is not None and end is not None and start <= sent <= end:
                matched.append(node)
    return matched


def _unshared(obs: Observation, ctx: SideContext) -> set[str]:
    """Network-specific types the channel set does not all report (another invariant's finding)."""
    channel_ids = _aggregate_input(obs).get("channelIds")
    services = {
        ctx.services[c] for c in (ctx.channels if channel_ids is None else channel_ids) if c in ctx.services
    }
    return {t for t, networks in NETWORK_SPECIFIC.items() if services and not services <= networks}


def check_matches_post_sums(obs: Observation, ctx: SideContext) -> list[Finding]:
    findings = []
    skip = _unshared(obs, ctx)
    matched = _matched_posts(obs, ctx)
    sums: dict[str, float] = {"postCount": float(len(matched))}
    for node in matched:
        for metric in node.get("metrics") or ():
            if metric.get("unit") == "count" and metric.get("type") != "postCount":
                sums[metric["type"]] = sums.get(metric["type"], 0.0) + float(metric.get("value") or 0)
    for path, agg in obs.roots(AGGREGATE):
        for metric in agg.get("metrics") or ():
            metric_type = metric.get("type")
            if metric_type in PERCENT_TYPES or metric_type in skip or "value" not in metric:
                continue
            expected = sums.get(metric_type, 0.0)
            if abs(float(metric["value"]) - expected) > 1e-6:
                findings.append(
                    violation(
                        "aggregate_matches_post_sums",
                        obs,
                        f"{path}.metrics[type={metric_type}].value",
                        f"the aggregate says {metric['value']}, the {len(matched)} matched posts "
                        f"read through posts sum to {expected}",
                        expected,
                        metric["value"],
                    )
                )
    return findings


def check_updated_at_is_latest(obs: Observation, ctx: SideContext) -> list[Finding]:
    stamps = [_instant(n.get("metricsUpdatedAt")) for n in _matched_posts(obs, ctx)]
    latest = max((s for s in stamps if s is not None), default=None)
    findings = []
    for path, agg in obs.roots(AGGREGATE):
        if "metricsUpdatedAt" not in agg:
            continue
        actual = _instant(agg["metricsUpdatedAt"])
        if actual != latest:
            findings.append(
                violation(
                    "aggregate_metrics_updated_at_is_latest",
                    obs,
                    f"{path}.metricsUpdatedAt",
                    "must be the latest metricsUpdatedAt of the matched posts",
                    latest.isoformat() if latest else None,
                    agg["metricsUpdatedAt"],
                )
            )
    return findings
