"""The PostMetricType catalog: enum order, display name, short description and unit per type.

The enum order is the one the published schema lists (23 values). Names and descriptions are
ours (Buffer publishes only a few examples: "Reactions", "Eng. Rate", "Posts"). ``engagementRate``
is the only ``percentage``; every other type is a ``count``. The seven deprecated values stay in
the enum for old clients but the mock never emits them, and ``postCount`` only appears in
aggregates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

COUNT = "count"
PERCENTAGE = "percentage"

# PostMetricType values in schema order.
POST_METRIC_TYPES: tuple[str, ...] = (
    "clicks",
    "comments",
    "engagementRate",
    "favorites",
    "follows",
    "impressions",
    "likes",
    "link_clicks",
    "other",
    "postCount",
    "quotes",
    "reach",
    "reactions",
    "reblogs",
    "repins",
    "replies",
    "reposts",
    "retweets",
    "saves",
    "shares",
    "totalTimeWatched",
    "viewers",
    "views",
)

# Deprecated values -> the type that replaced them (None: no replacement).
DEPRECATED_REPLACEMENTS: Mapping[str, str | None] = {
    "favorites": "reactions",
    "link_clicks": None,
    "other": None,
    "reblogs": "reposts",
    "repins": None,
    "replies": "comments",
    "retweets": "reposts",
}
DEPRECATED_TYPES: frozenset[str] = frozenset(DEPRECATED_REPLACEMENTS)
POST_COUNT = "postCount"
ENGAGEMENT_RATE = "engagementRate"
PERCENTAGE_TYPES: frozenset[str] = frozenset({ENGAGEMENT_RATE})
BASELINE_TYPES: tuple[str, ...] = (POST_COUNT, "reactions", "comments")

# Types a network may report on a post (and so may appear per post or as an aggregate extra).
REPORTABLE_TYPES: tuple[str, ...] = tuple(
    t for t in POST_METRIC_TYPES if t not in DEPRECATED_TYPES and t != POST_COUNT
)
# Values the 2026-10 schema appends (docs/fidelity.md, 2026-10 §3), and the first version of every value.
OCTOBER_METRIC_TYPES: tuple[str, ...] = ("averageTimeWatched", "freeSubscriptions", "paidSubscriptions")
ALL_METRIC_TYPES: tuple[str, ...] = POST_METRIC_TYPES + OCTOBER_METRIC_TYPES
ALL_REPORTABLE_TYPES: tuple[str, ...] = REPORTABLE_TYPES + OCTOBER_METRIC_TYPES
METRIC_TYPE_SINCE: Mapping[str, str] = {
    **{t: "2026-08-13" for t in POST_METRIC_TYPES},
    **{t: "2026-10" for t in OCTOBER_METRIC_TYPES},
}

ENUM_POSITION: Mapping[str, int] = {t: i for i, t in enumerate(ALL_METRIC_TYPES)}

# type -> (name, description); our own wording.
_LABELS: Mapping[str, tuple[str, str]] = {
    "clicks": ("Clicks", "Clicks on the post or its link."),
    "comments": ("Comments", "Comments and replies the post received."),
    "engagementRate": ("Eng. Rate", "Share of the people reached who interacted with the post, in percent."),
    "favorites": ("Favorites", "Legacy favorites count; superseded by reactions."),
    "follows": ("Follows", "New followers attributed to the post."),
    "impressions": ("Impressions", "Times the post was displayed, repeat views included."),
    "likes": ("Likes", "Like reactions only, counted apart from the other reaction kinds."),
    "link_clicks": ("Link Clicks", "Legacy Start Page link clicks."),
    "other": ("Other", "Legacy catch-all value."),
    "postCount": ("Posts", "Posts that matched the filter."),
    "quotes": ("Quotes", "Times the post was quoted."),
    "reach": ("Reach", "Distinct people who saw the post."),
    "reactions": ("Reactions", "Likes and every other reaction kind."),
    "reblogs": ("Reblogs", "Legacy reblogs count; superseded by reposts."),
    "repins": ("Repins", "Legacy repins count."),
    "replies": ("Replies", "Legacy replies count; superseded by comments."),
    "reposts": ("Reposts", "Times other people reposted the post."),
    "retweets": ("Retweets", "Legacy retweets count; superseded by reposts."),
    "saves": ("Saves", "Times people saved the post for later."),
    "shares": ("Shares", "Times the post was shared or forwarded."),
    "totalTimeWatched": ("Watch Time", "Minutes of video watched in total."),
    "viewers": ("Viewers", "Distinct people who watched the video."),
    "views": ("Views", "Times the post or its video was viewed."),
    "averageTimeWatched": ("Avg. Watch Time", "Seconds of video watched per view, on average."),
    "freeSubscriptions": ("Free Subscriptions", "Free subscriptions attributed to the post."),
    "paidSubscriptions": ("Paid Subscriptions", "Paid subscriptions attributed to the post."),
}


@dataclass(frozen=True, slots=True)
class MetricInfo:
    type: str
    name: str
    description: str
    unit: str


class MetricCatalog:
    """Looks up the display data of a metric type and shapes PostMetric entries."""

    def __init__(self, infos: Mapping[str, MetricInfo]) -> None:
        missing = [t for t in ALL_METRIC_TYPES if t not in infos]
        if missing:
            raise ValueError(f"catalog lacks metric types: {', '.join(missing)}")
        self._infos = dict(infos)

    def info(self, metric_type: str) -> MetricInfo:
        try:
            return self._infos[metric_type]
        except KeyError:
            raise KeyError(f"unknown PostMetricType {metric_type!r}") from None

    def entry(self, metric_type: str, value: float) -> dict[str, Any]:
        """A PostMetric-shaped dict: ``{"type", "name", "description", "value", "unit"}``."""
        info = self.info(metric_type)
        return {
            "type": info.type,
            "name": info.name,
            "description": info.description,
            "value": float(value),
            "unit": info.unit,
        }


def _default_infos() -> dict[str, MetricInfo]:
    return {
        t: MetricInfo(t, name, description, PERCENTAGE if t in PERCENTAGE_TYPES else COUNT)
        for t, (name, description) in _LABELS.items()
    }


CATALOG = MetricCatalog(_default_infos())


def is_percentage(metric_type: str) -> bool:
    return metric_type in PERCENTAGE_TYPES


def metric_type_in_version(metric_type: str, version: str) -> bool:
    """Whether the PostMetricType value exists in the schema version (2026-10 added three)."""
    return METRIC_TYPE_SINCE.get(metric_type) == "2026-08-13" or version != "2026-08-13"
