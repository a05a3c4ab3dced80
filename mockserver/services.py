"""The social networks Buffer connects: the values of the schema's ``Service`` enum, in its order.

One definition for the fixture models, the metric capabilities and the rules; a test checks it
against the served schema.
"""

from __future__ import annotations

SERVICES: tuple[str, ...] = (
    "bluesky",
    "facebook",
    "googlebusiness",
    "instagram",
    "linkedin",
    "mastodon",
    "pinterest",
    "startPage",
    "threads",
    "tiktok",
    "twitter",
    "youtube",
)
