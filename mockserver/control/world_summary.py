"""What the world page shows, as plain data: one namespace's world summed up (pure reads).

Organizations, channels grouped per network with what each network reports, posts per status
and per month, one metric per network per month, the clock and the next scheduled publication.
A post's month is the UTC month of when it was sent, else when it is due, else when it was
created. Metric series sum the metric over the sent posts of each month (the percentage type,
engagementRate, is averaged instead).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import get_args

from mockserver.fixtures.field_types import PostStatus
from mockserver.gateway.state import ServedNamespace
from mockserver.metrics.catalog import PERCENTAGE_TYPES, POST_METRIC_TYPES
from mockserver.scalars import ms_to_datetime
from mockserver.services import SERVICES
from mockserver.store.entities import Channel, Post
from mockserver.store.world import World

POST_STATUSES: tuple[str, ...] = get_args(PostStatus)
PREFERRED_METRIC = "impressions"


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    id: str
    name: str
    plan: str
    members: int
    channels: int
    posts: int


@dataclass(frozen=True, slots=True)
class ChannelRow:
    id: str
    name: str
    organization: str
    type: str
    timezone: str
    flags: tuple[str, ...]
    posts: int
    slots_per_week: int


@dataclass(frozen=True, slots=True)
class NetworkGroup:
    service: str
    reports: tuple[str, ...]  # metric types the network reports, in enum order
    denominator: str | None  # what engagementRate divides by, when the network has one
    channels: tuple[ChannelRow, ...]


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: str  # "2026-11"
    counts: dict[str, int]  # status -> posts
    total: int


@dataclass(frozen=True, slots=True)
class Series:
    service: str
    points: tuple[tuple[str, float], ...]  # (month, value), months ascending


@dataclass(frozen=True, slots=True)
class NextPublication:
    post_id: str
    due_at: int
    channel: str
    service: str
    text: str


@dataclass(slots=True)
class WorldSummary:
    namespace: str
    world_name: str
    now: int
    frozen: bool
    organizations: list[OrganizationRow]
    networks: list[NetworkGroup]
    status_totals: dict[str, int]
    months: list[MonthRow]
    metric: str
    metric_choices: list[str]
    series: list[Series]
    next_publication: NextPublication | None
    totals: dict[str, int] = field(default_factory=dict)


def month_of(ms: int) -> str:
    moment = ms_to_datetime(ms)
    return f"{moment.year:04d}-{moment.month:02d}"


def post_month(post: Post) -> str:
    return month_of(post.sent_at or post.due_at or post.created_at)


def channel_flags(channel: Channel) -> tuple[str, ...]:
    flags = [
        label
        for label, on in (
            ("locked", channel.is_locked),
            ("disconnected", channel.is_disconnected),
            ("queue paused", channel.is_queue_paused),
            ("needs approval", channel.requires_approval),
        )
        if on
    ]
    if channel.daily_posting_limit is not None:
        flags.append(f"{channel.daily_posting_limit}/day limit")
    return tuple(flags)


def slots_per_week(channel: Channel) -> int:
    return sum(
        len(entry.get("times") or []) for entry in channel.posting_schedule if not entry.get("paused", False)
    )


def posts_per_month(posts: Iterable[Post]) -> list[MonthRow]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(POST_STATUSES, 0))
    for post in posts:
        row = counts[post_month(post)]
        row[post.status] = row.get(post.status, 0) + 1
    return [MonthRow(month, row, sum(row.values())) for month, row in sorted(counts.items())]


def metric_choices(posts: Iterable[Post]) -> list[str]:
    seen = {name for post in posts if post.metrics for name in post.metrics}
    return [name for name in POST_METRIC_TYPES if name in seen]


def choose_metric(requested: str | None, choices: list[str]) -> str:
    if requested is not None and requested in choices:
        return requested
    if PREFERRED_METRIC in choices:
        return PREFERRED_METRIC
    return choices[0] if choices else PREFERRED_METRIC


def metric_series(posts: Iterable[Post], channels: dict[str, Channel], metric: str) -> list[Series]:
    """One series per network: the metric per month of the sent posts that report it."""
    values: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for post in posts:
        if post.status != "sent" or post.sent_at is None or not post.metrics or metric not in post.metrics:
            continue
        channel = channels.get(post.channel_id)
        if channel is None:
            continue
        values[channel.service][month_of(post.sent_at)].append(post.metrics[metric])
    average = metric in PERCENTAGE_TYPES
    series = []
    for service in sorted(values, key=service_order):
        months = values[service]
        points = tuple(
            (month, (sum(v) / len(v)) if average else sum(v)) for month, v in sorted(months.items())
        )
        series.append(Series(service, points))
    return series


def service_order(service: str) -> tuple[int, str]:
    return (SERVICES.index(service) if service in SERVICES else len(SERVICES), service)


def next_publication(world: World) -> NextPublication | None:
    due = [p for p in world.posts.values() if p.status == "scheduled" and p.due_at is not None]
    if not due:
        return None
    post = min(due, key=lambda p: (p.due_at or 0, p.id))
    channel = world.channels.get(post.channel_id)
    return NextPublication(
        post_id=post.id,
        due_at=post.due_at or 0,
        channel=channel.name if channel else post.channel_id,
        service=channel.service if channel else "",
        text=post.text,
    )


def network_groups(world: World, posts_by_channel: dict[str, int]) -> list[NetworkGroup]:
    by_service: dict[str, list[Channel]] = defaultdict(list)
    for channel in world.channels.values():
        by_service[channel.service].append(channel)
    groups = []
    for service in sorted(by_service, key=service_order):
        try:
            profile = world.capabilities.profile(service)
            reports, denominator = profile.reports_in_enum_order(), profile.denominator
        except ValueError:  # a service the capability data does not know
            reports, denominator = (), None
        rows = tuple(
            ChannelRow(
                id=c.id,
                name=c.display_name or c.name,
                organization=world.organizations[c.organization_id].name
                if c.organization_id in world.organizations
                else c.organization_id,
                type=c.type,
                timezone=c.timezone,
                flags=channel_flags(c),
                posts=posts_by_channel.get(c.id, 0),
                slots_per_week=slots_per_week(c),
            )
            for c in sorted(by_service[service], key=lambda c: (c.name.lower(), c.id))
        )
        groups.append(NetworkGroup(service, tuple(reports), denominator, rows))
    return groups


def summarize(namespace: ServedNamespace, metric: str | None = None) -> WorldSummary:
    """The world page's data for ``namespace`` (call under its lock after ``sync_clock``)."""
    world = namespace.world
    posts = list(world.posts.values())
    posts_by_channel: dict[str, int] = defaultdict(int)
    posts_by_org: dict[str, int] = defaultdict(int)
    for post in posts:
        posts_by_channel[post.channel_id] += 1
        posts_by_org[post.organization_id] += 1
    organizations = [
        OrganizationRow(
            id=o.id,
            name=o.name,
            plan=o.plan,
            members=o.member_count if o.member_count is not None else len(o.members),
            channels=len(world.channels_by_org.get(o.id, ())),
            posts=posts_by_org.get(o.id, 0),
        )
        for o in world.organizations.values()
    ]
    status_totals = dict.fromkeys(POST_STATUSES, 0)
    for post in posts:
        status_totals[post.status] = status_totals.get(post.status, 0) + 1
    choices = metric_choices(posts)
    chosen = choose_metric(metric, choices)
    return WorldSummary(
        namespace=namespace.name,
        world_name=world.world_name,
        now=namespace.clock.now(),
        frozen=namespace.clock.frozen,
        organizations=organizations,
        networks=network_groups(world, posts_by_channel),
        status_totals=status_totals,
        months=posts_per_month(posts),
        metric=chosen,
        metric_choices=choices,
        series=metric_series(posts, world.channels, chosen),
        next_publication=next_publication(world),
        totals={
            "organizations": len(world.organizations),
            "channels": len(world.channels),
            "posts": len(posts),
            "ideas": len(world.ideas),
            "templates": len(world.templates),
        },
    )
