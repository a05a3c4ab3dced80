from __future__ import annotations

import pytest

from mockserver.metrics.capabilities import NetworkCapabilities
from mockserver.metrics.normalize import MetricsFixtureError, normalize_metrics


def test_native_names_become_normalized_types(capabilities: NetworkCapabilities) -> None:
    raw = {"likes": 10, "retweets": 2, "replies": 1, "impressions": 300}
    assert normalize_metrics(raw, "twitter", capabilities) == {
        "reactions": 10.0, "reposts": 2.0, "comments": 1.0, "impressions": 300.0
    }  # fmt: skip


def test_normalized_names_are_accepted_as_they_are(capabilities: NetworkCapabilities) -> None:
    assert normalize_metrics({"reactions": 4, "saves": 1}, "instagram", capabilities) == {
        "reactions": 4.0,
        "saves": 1.0,
    }


def test_facebook_likes_stay_likes_distinct_from_reactions(capabilities: NetworkCapabilities) -> None:
    assert normalize_metrics({"likes": 5, "reactions": 9}, "facebook", capabilities) == {
        "likes": 5.0,
        "reactions": 9.0,
    }


def test_unknown_name_lists_valid_names_and_the_nearest_match(capabilities: NetworkCapabilities) -> None:
    with pytest.raises(MetricsFixtureError) as caught:
        normalize_metrics({"reactionz": 1}, "instagram", capabilities)
    message = str(caught.value)
    assert "'reactionz'" in message and "did you mean 'reactions'?" in message
    assert (
        "Valid names for instagram: averageTimeWatched, comments, follows, likes, reach, reactions, saved, saves"
        in message
    )


def test_a_type_the_network_does_not_report_is_rejected_not_dropped(
    capabilities: NetworkCapabilities,
) -> None:
    with pytest.raises(MetricsFixtureError, match="unknown metric 'impressions' for instagram"):
        normalize_metrics({"reactions": 1, "impressions": 100}, "instagram", capabilities)


def test_deprecated_name_points_to_its_replacement(capabilities: NetworkCapabilities) -> None:
    with pytest.raises(MetricsFixtureError, match=r"deprecated.*use 'reactions'"):
        normalize_metrics({"favorites": 1}, "instagram", capabilities)


def test_post_count_cannot_be_set_on_a_post(capabilities: NetworkCapabilities) -> None:
    with pytest.raises(MetricsFixtureError, match="aggregation-only"):
        normalize_metrics({"postCount": 1}, "linkedin", capabilities)


def test_two_names_for_one_type_are_rejected(capabilities: NetworkCapabilities) -> None:
    with pytest.raises(MetricsFixtureError, match="'likes' and 'reactions' both map to 'reactions'"):
        normalize_metrics({"likes": 1, "reactions": 2}, "instagram", capabilities)


@pytest.mark.parametrize("value", [-1, 1.5, float("nan"), float("inf"), "12", True, None])
def test_counts_must_be_whole_non_negative_numbers(capabilities: NetworkCapabilities, value: object) -> None:
    with pytest.raises(MetricsFixtureError, match="'reactions'"):
        normalize_metrics({"reactions": value}, "linkedin", capabilities)


def test_engagement_rate_is_a_percentage_between_0_and_100(capabilities: NetworkCapabilities) -> None:
    assert normalize_metrics({"engagementRate": 2.37}, "linkedin", capabilities) == {"engagementRate": 2.37}
    with pytest.raises(MetricsFixtureError, match="percentage"):
        normalize_metrics({"engagementRate": 101}, "linkedin", capabilities)
