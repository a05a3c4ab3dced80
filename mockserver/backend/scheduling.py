"""Where a post goes when a mode is applied, and the limits that placement must respect.

The glue between the pure rules (:mod:`mockserver.rules.queue`, :mod:`mockserver.rules.org_limits`)
and the store: it reads the channel's queue and counts from the World, decides a
:class:`Placement`, and :func:`commit` writes the post and the posts it pushed.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from mockserver.backend.context import RequestContext
from mockserver.clock import DAY_MS
from mockserver.errors import MutationRejected, invalid_input, limit_reached
from mockserver.rules import org_limits
from mockserver.rules import post_messages as msg
from mockserver.rules.posting_limits import DailyLimitStatus, count_in_day, local_day_bounds
from mockserver.rules.queue import QUEUE_MODES, insert_at_front, next_free_slot, slot_instants
from mockserver.scalars import format_datetime_ms
from mockserver.store import timeline
from mockserver.store.entities import Channel, Post
from mockserver.store.world import World

# How far ahead addToQueue looks for a day with room before giving up (daily limit of 0...).
QUEUE_HORIZON_DAYS = 400
QUEUE_HORIZON_MS = QUEUE_HORIZON_DAYS * DAY_MS
APPROVER_ROLES = frozenset({"owner", "admin"})
PINNED_STATUSES = ("scheduled", "sending")


@dataclass(slots=True)
class Placement:
    """The scheduling outcome of a mode: the post's new state and the queued posts it pushed."""

    status: str
    due_at: int | None
    share_mode: str
    is_custom_scheduled: bool
    shared_now: bool = False
    publish_now: bool = False
    moves: dict[str, int] = field(default_factory=dict)  # other queued posts -> new dueAt


@dataclass(slots=True)
class QueueState:
    queued: dict[int, list[str]]  # slot instant -> queued posts on it
    pinned: set[int]  # instants of scheduled posts with a fixed time

    @property
    def occupied(self) -> set[int]:
        return set(self.queued) | self.pinned


def queue_state(world: World, channel: Channel, exclude: str | None = None) -> QueueState:
    queued: dict[int, list[str]] = defaultdict(list)
    pinned: set[int] = set()
    for post in world.posts_of_channel(channel.id, PINNED_STATUSES):
        if post.id == exclude or post.due_at is None:
            continue
        if post.status == "scheduled" and is_queued(post):
            queued[post.due_at].append(post.id)
        else:
            pinned.add(post.due_at)
    return QueueState(dict(queued), pinned)


def is_queued(post: Post) -> bool:
    return post.share_mode in QUEUE_MODES and not post.is_custom_scheduled


def counted_on_day(post: Post | None, start: int, end: int) -> bool:
    """Whether ``post`` already counts in the daily posting limit of [start, end]."""
    if post is None:
        return False
    if post.status in PINNED_STATUSES and post.due_at is not None:
        return start <= post.due_at <= end
    return post.status == "sent" and post.sent_at is not None and start <= post.sent_at <= end


def daily_limit_status(world: World, channel: Channel, instant_ms: int) -> DailyLimitStatus:
    """How full the channel's local day containing ``instant_ms`` is (drafts never count)."""
    start, end = local_day_bounds(instant_ms, channel.timezone)
    scheduled = world.posts_of_channel(channel.id, ("scheduled", "sending"))
    sent = world.posts_of_channel(channel.id, ("sent",))
    return DailyLimitStatus(
        channel_id=channel.id,
        limit=channel.daily_posting_limit,
        scheduled=count_in_day([p.due_at for p in scheduled], start, end),
        sent=count_in_day([p.sent_at for p in sent], start, end),
    )


def used_on_day(world: World, channel: Channel, instant: int, exclude: Post | None) -> int:
    status = daily_limit_status(world, channel, instant)
    start, end = local_day_bounds(instant, channel.timezone)
    return status.scheduled + status.sent - (1 if counted_on_day(exclude, start, end) else 0)


def check_daily_limit(world: World, channel: Channel, instant: int, exclude: Post | None) -> None:
    org_limits.check_daily_limit(
        channel.daily_posting_limit, used_on_day(world, channel, instant, exclude), instant, channel.timezone
    )


def queue_slots(channel: Channel, now: int) -> Iterator[int]:
    slots = slot_instants(channel.posting_schedule, channel.timezone, now)
    return itertools.takewhile(lambda slot: slot <= now + QUEUE_HORIZON_MS, slots)


def day_is_full_check(world: World, channel: Channel, current: Post | None) -> Callable[[int], bool] | None:
    limit = channel.daily_posting_limit
    if limit is None:
        return None
    return lambda slot: org_limits.is_full(limit, used_on_day(world, channel, slot, current))


def place(
    ctx: RequestContext,
    channel: Channel,
    post_id: str,
    mode: str,
    due_at: int | None,
    current: Post | None = None,
) -> Placement:
    """Apply ``mode`` to a post about to be scheduled (``current``: the stored post on an edit)."""
    world, now = ctx.world, ctx.now
    if mode == "shareNow":
        check_daily_limit(world, channel, now, current)
        return Placement("scheduled", now, mode, False, shared_now=True, publish_now=True)
    if mode == "customScheduled":
        return place_custom(ctx, channel, due_at, current)
    keeps_slot = (
        current is not None
        and current.status == "scheduled"
        and current.share_mode == mode
        and is_queued(current)
        and current.due_at is not None
    )
    if keeps_slot:
        assert current is not None
        return Placement("scheduled", current.due_at, mode, False)
    state = queue_state(world, channel, exclude=post_id)
    if mode == "shareNext":
        moves = insert_at_front(queue_slots(channel, now), state.queued, state.pinned, post_id)
        if post_id not in moves:
            raise no_slot(channel)
        due = moves.pop(post_id)
        check_daily_limit(world, channel, due, current)
        return Placement("scheduled", due, mode, False, moves=moves)
    try:
        due = next_free_slot(
            queue_slots(channel, now), state.occupied, day_is_full_check(world, channel, current)
        )
    except ValueError:
        raise no_slot(channel) from None
    return Placement("scheduled", due, mode, False)


def no_slot(channel: Channel) -> MutationRejected:
    return limit_reached(msg.QUEUE_NO_SLOT.format(days=QUEUE_HORIZON_DAYS, limit=channel.daily_posting_limit))


def place_custom(
    ctx: RequestContext, channel: Channel, due_at: int | None, current: Post | None
) -> Placement:
    if due_at is None:
        if (
            current is not None
            and current.status == "scheduled"
            and current.is_custom_scheduled
            and current.due_at is not None
        ):
            return Placement("scheduled", current.due_at, "customScheduled", True)
        raise invalid_input(msg.DUE_AT_REQUIRED)
    if (
        current is not None
        and current.status == "scheduled"
        and current.due_at == due_at
        and current.is_custom_scheduled
    ):
        return Placement("scheduled", due_at, "customScheduled", True)
    if due_at <= ctx.now:
        raise invalid_input(
            msg.DUE_AT_IN_PAST.format(due_at=format_datetime_ms(due_at), now=format_datetime_ms(ctx.now))
        )
    check_daily_limit(ctx.world, channel, due_at, current)
    return Placement("scheduled", due_at, "customScheduled", True)


def check_channel_accepts_scheduling(ctx: RequestContext, channel: Channel) -> None:
    """Locked channels take nothing; disconnected ones no schedule; approval channels need an approver."""
    if channel.is_locked:
        raise limit_reached(msg.CHANNEL_LOCKED)
    if channel.is_disconnected:
        raise invalid_input(msg.CHANNEL_DISCONNECTED)
    if channel.requires_approval:
        role = ctx.world.organizations[channel.organization_id].members.get(ctx.actor.account.id)
        if role not in APPROVER_ROLES:
            raise invalid_input(msg.APPROVAL_REQUIRED)


def scheduled_in_organization(world: World, organization_id: str, exclude: str) -> int:
    return sum(
        1
        for channel in world.channels_of(organization_id)
        for post in world.posts_of_channel(channel.id, ("scheduled",))
        if post.id != exclude
    )


def check_plan_limits(ctx: RequestContext, channel: Channel, candidate: Post, before: Post | None) -> None:
    """Organization and per-channel caps for a post that becomes (or stays) scheduled."""
    world = ctx.world
    limits = world.organizations[channel.organization_id].limits
    was_scheduled = before is not None and before.status == "scheduled"
    if not was_scheduled:
        org_limits.check_scheduled_posts(
            org_limits.limit_of(limits, "scheduledPosts"),
            scheduled_in_organization(world, channel.organization_id, candidate.id),
        )
    on_channel = [p for p in world.posts_of_channel(channel.id, ("scheduled",)) if p.id != candidate.id]
    if org_limits.is_thread(candidate.metadata) and not (
        was_scheduled and before is not None and org_limits.is_thread(before.metadata)
    ):
        org_limits.check_scheduled_threads(
            org_limits.limit_of(limits, "scheduledThreadsPerChannel"),
            sum(1 for p in on_channel if org_limits.is_thread(p.metadata)),
        )
    if org_limits.is_story(candidate.metadata) and not (
        was_scheduled and before is not None and org_limits.is_story(before.metadata)
    ):
        org_limits.check_scheduled_stories(
            org_limits.limit_of(limits, "scheduledStoriesPerChannel"),
            sum(1 for p in on_channel if org_limits.is_story(p.metadata)),
        )


def apply_placement(candidate: Post, placement: Placement) -> None:
    candidate.status = placement.status
    candidate.due_at = placement.due_at
    candidate.share_mode = placement.share_mode
    candidate.is_custom_scheduled = placement.is_custom_scheduled
    candidate.shared_now = placement.shared_now


def commit(ctx: RequestContext, candidate: Post, placement: Placement | None) -> Post:
    """Store the post (publishing it for shareNow) and the queued posts its placement pushed."""
    world, now = ctx.world, ctx.now
    if placement is not None:
        for post_id, due in placement.moves.items():
            world.update_post(post_id, due_at=due, updated_at=now)
        if placement.publish_now:
            timeline.publish(world, candidate, now)
            return world.posts[candidate.id]
    world.put_post(candidate)
    return candidate
