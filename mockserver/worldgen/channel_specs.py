"""The channels of the default world as data: one spec per channel, main organization and outsider."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
# (service, type, handle suffix, timezone, audience, status -> post count, options)
ChannelSpec = tuple[str, str, str, str, int, dict[str, int], Json]


MAIN_CHANNEL_SPECS: list[ChannelSpec] = [
    (
        "twitter",
        "profile",
        "",
        "America/New_York",
        12000,
        {"sent": 50, "scheduled": 7, "draft": 4, "error": 2, "sending": 1},
        {"subscription": "premium", "limit": 100, "shorten": True, "recent": 1, "paused_days": ("sun",)},
    ),
    (
        "threads",
        "profile",
        "",
        "America/New_York",
        4000,
        {"sent": 24, "scheduled": 4, "draft": 2, "error": 1},
        {"recent": 1},
    ),
    (
        "mastodon",
        "profile",
        "",
        "Europe/Berlin",
        1500,
        {"sent": 18, "scheduled": 3, "draft": 2, "error": 1},
        {},
    ),
    (
        "bluesky",
        "profile",
        ".bsky.social",
        "America/Los_Angeles",
        2000,
        {"sent": 18, "scheduled": 3, "draft": 2},
        {},
    ),
    (
        "facebook",
        "page",
        "",
        "America/New_York",
        15000,
        {"sent": 33, "scheduled": 5, "draft": 3, "error": 1, "sending": 1},
        {"recent": 1, "goal": 5},
    ),
    (
        "instagram",
        "business",
        "",
        "America/New_York",
        25000,
        {"sent": 45, "scheduled": 6, "draft": 4, "error": 2, "sending": 1},
        {"limit": 50, "recent": 1, "goal": 7, "paused_days": ("sat",)},
    ),
    (
        "linkedin",
        "page",
        "",
        "Europe/London",
        8000,
        {"sent": 32, "scheduled": 3, "draft": 3, "needs_approval": 6, "error": 1},
        {"limit": 50, "approval": True, "shorten": True, "recent": 1},
    ),
    ("pinterest", "business", "", "America/Chicago", 3000, {"sent": 14, "scheduled": 3, "draft": 2}, {}),
    (
        "tiktok",
        "business",
        "",
        "America/Los_Angeles",
        40000,
        {"sent": 16, "scheduled": 3, "draft": 2, "error": 1},
        {"limit": 15},
    ),
    (
        "youtube",
        "channel",
        "",
        "America/New_York",
        5000,
        {"sent": 10, "scheduled": 2, "draft": 2},
        {"empty_schedule": True},
    ),
    (
        "googlebusiness",
        "business",
        "",
        "America/New_York",
        1000,
        {"sent": 10, "scheduled": 2, "draft": 1, "error": 1},
        {},
    ),
    ("startPage", "page", "", "America/New_York", 500, {"sent": 5, "draft": 1}, {}),
    # the odd ones out
    (
        "instagram",
        "business",
        ".archive",
        "Australia/Sydney",
        3000,
        {"sent": 6},
        {"locked": True, "sent_days": (200, 364)},
    ),
    (
        "twitter",
        "profile",
        "_support",
        "Europe/London",
        2500,
        {"sent": 8, "error": 2},
        {"disconnected": True, "sent_days": (90, 364)},
    ),
    (
        "linkedin",
        "profile",
        "-founder",
        "Asia/Tokyo",
        3000,
        {"sent": 10, "scheduled": 3, "draft": 1},
        {"queue_paused": True, "banner": True},
    ),
]

OUTSIDER_CHANNEL_SPECS: list[ChannelSpec] = [
    ("twitter", "profile", "", "Asia/Tokyo", 1800, {"sent": 4, "scheduled": 1, "draft": 1}, {}),
    ("instagram", "business", "", "Asia/Tokyo", 2200, {"sent": 3, "scheduled": 1}, {"limit": 50}),
]
