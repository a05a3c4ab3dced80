"""Plan and posting limits that writes must respect (each a pure check on counts).

* ``OrganizationLimits.scheduledPosts``: scheduled posts across the organization's channels.
* ``scheduledThreadsPerChannel`` / ``scheduledStoriesPerChannel``: scheduled threads (two or
  more thread items) / stories (metadata type ``story``) on one channel.
* The channel's daily posting limit (``dailyPostingLimits.limit``): posts scheduled for or sent
  on one local day of the channel. Drafts never count.
* ``ideas`` and ``postTemplates`` per organization.

A limit of ``None`` (absent from the organization's limits) means unlimited. Every check asks
"would one more fit?": it fails when the current count has already reached the limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from mockserver.errors import limit_reached
from mockserver.rules import post_messages as msg

Json = dict[str, Any]


def limit_of(limits: Mapping[str, Any] | None, name: str) -> int | None:
    value = (limits or {}).get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def is_full(limit: int | None, count: int) -> bool:
    """True when one more item would exceed ``limit``."""
    return limit is not None and count >= limit


def is_thread(metadata: Json | None) -> bool:
    return len((metadata or {}).get("thread") or ()) >= 2


def is_story(metadata: Json | None) -> bool:
    return (metadata or {}).get("type") == "story"


def check_scheduled_posts(limit: int | None, scheduled_in_org: int) -> None:
    if is_full(limit, scheduled_in_org):
        raise limit_reached(msg.SCHEDULED_POSTS_LIMIT.format(limit=limit))


def check_scheduled_threads(limit: int | None, threads_on_channel: int) -> None:
    if is_full(limit, threads_on_channel):
        raise limit_reached(msg.SCHEDULED_THREADS_LIMIT.format(limit=limit))


def check_scheduled_stories(limit: int | None, stories_on_channel: int) -> None:
    if is_full(limit, stories_on_channel):
        raise limit_reached(msg.SCHEDULED_STORIES_LIMIT.format(limit=limit))


def local_day_label(instant_ms: int, timezone: str) -> str:
    return datetime.fromtimestamp(instant_ms / 1000, tz=UTC).astimezone(ZoneInfo(timezone)).date().isoformat()


def check_daily_limit(limit: int | None, used_that_day: int, instant_ms: int, timezone: str) -> None:
    """``used_that_day``: scheduled + sent on the channel's local day of ``instant_ms``, the post excluded."""
    if is_full(limit, used_that_day):
        raise limit_reached(
            msg.DAILY_POSTING_LIMIT.format(
                limit=limit, day=local_day_label(instant_ms, timezone), timezone=timezone
            )
        )


def check_ideas(limit: int | None, ideas_in_org: int) -> None:
    if is_full(limit, ideas_in_org):
        raise limit_reached(msg.IDEAS_LIMIT.format(limit=limit))


def templates_limit_problem(limit: int | None, templates_in_org: int) -> str | None:
    """The message when the organization has no room for another template (template errors are Void)."""
    return msg.TEMPLATES_LIMIT.format(limit=limit) if is_full(limit, templates_in_org) else None
