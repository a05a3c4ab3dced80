from __future__ import annotations

import pytest

from mockserver.metrics.per_post import per_post_metrics

from .builders import types_of


@pytest.mark.parametrize("status", ["draft", "scheduled", "sending", "error", "needs_approval"])
def test_per_post_metrics_are_null_until_the_post_is_sent(status: str) -> None:
    assert per_post_metrics({"reactions": 3.0}, status) is None


def test_sent_post_not_ingested_yet_has_an_empty_list() -> None:
    assert per_post_metrics(None, "sent") == []


def test_per_post_lists_only_the_reported_types() -> None:
    metrics = per_post_metrics({"views": 10.0, "reactions": 2.0}, "sent")
    assert metrics is not None
    assert types_of(metrics) == ["reactions", "views"]  # no zero-filled comments


def test_per_post_entries_follow_the_enum_order() -> None:
    metrics = per_post_metrics(
        {"views": 1.0, "reactions": 1.0, "engagementRate": 2.5, "clicks": 1.0, "comments": 1.0}, "sent"
    )
    assert metrics is not None
    assert types_of(metrics) == ["clicks", "comments", "engagementRate", "reactions", "views"]


def test_per_post_never_emits_post_count_or_deprecated_types() -> None:
    metrics = per_post_metrics({"postCount": 1.0, "retweets": 4.0, "reactions": 2.0}, "sent")
    assert metrics is not None
    assert types_of(metrics) == ["reactions"]


def test_per_post_entry_carries_name_description_value_and_unit() -> None:
    metrics = per_post_metrics({"engagementRate": 3.25}, "sent")
    assert metrics == [
        {
            "type": "engagementRate",
            "name": "Eng. Rate",
            "description": metrics[0]["description"] if metrics else "",
            "value": 3.25,
            "unit": "percentage",
        }
    ]


def test_per_post_rejects_a_name_that_is_not_a_metric_type() -> None:
    with pytest.raises(ValueError, match="likes_total"):
        per_post_metrics({"likes_total": 1.0}, "sent")
