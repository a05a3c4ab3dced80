"""Every aggregation rule, held for both the fast index and the naive twin (``make_index``)."""

from __future__ import annotations

import pytest

from mockserver.metrics.aggregation import DEFAULT_ER_METHOD
from mockserver.metrics.capabilities import NetworkCapabilities
from mockserver.metrics.catalog import CATALOG
from mockserver.metrics.engine import MetricsIndex

from .builders import DAY, T0, query, record, tags_filter, types_of, values_by_type
from .conftest import IndexFactory

LINKEDIN_POST = {"reactions": 10, "comments": 2, "impressions": 1000, "reach": 700, "engagementRate": 1.2}


def test_baseline_trio_is_present_when_no_post_matched(make_index: IndexFactory) -> None:
    index = make_index({"tw": "twitter", "ig": "instagram"})
    result = index.aggregate(query("tw", "ig"))
    assert values_by_type(result.metrics) == {"postCount": 0.0, "reactions": 0.0, "comments": 0.0}
    assert result.metrics_updated_at is None


def test_empty_channel_set_gives_the_trio_with_zeros(make_index: IndexFactory) -> None:
    index = make_index({"tw": "twitter"})
    index.upsert(record("p1", "tw", values={"reactions": 5}, updated_at=T0 + DAY))
    result = index.aggregate(query())
    assert values_by_type(result.metrics) == {"postCount": 0.0, "reactions": 0.0, "comments": 0.0}
    assert result.metrics_updated_at is None


def test_networks_without_reactions_or_comments_contribute_zero(make_index: IndexFactory) -> None:
    index = make_index({"sp": "startPage", "tw": "twitter"})
    index.bulk_load(
        [
            record("p1", "sp", values={"clicks": 40}),
            record("p2", "tw", values={"reactions": 7, "comments": 3, "impressions": 90}),
        ]
    )
    assert values_by_type(index.aggregate(query("sp", "tw")).metrics) == {
        "postCount": 2.0,
        "reactions": 7.0,
        "comments": 3.0,
    }


def test_single_network_filter_surfaces_its_richer_metrics_in_enum_order(make_index: IndexFactory) -> None:
    index = make_index({"li": "linkedin"})
    index.upsert(record("p1", "li", values=LINKEDIN_POST))
    assert types_of(index.aggregate(query("li")).metrics) == [
        "postCount", "reactions", "comments",
        "engagementRate", "impressions", "reach", "totalTimeWatched", "viewers",
    ]  # fmt: skip


def test_aggregate_drops_metrics_not_shared_by_every_channel(make_index: IndexFactory) -> None:
    index = make_index({"fb": "facebook", "ig": "instagram"})
    index.bulk_load(
        [
            record(
                "p1", "fb", values={"reactions": 3, "impressions": 50, "reach": 40, "shares": 1, "likes": 2}
            ),
            record("p2", "ig", values={"reactions": 4, "reach": 60, "shares": 2, "saves": 9, "views": 80}),
        ]
    )
    metrics = values_by_type(index.aggregate(query("fb", "ig")).metrics)
    assert metrics == {"postCount": 2.0, "reactions": 7.0, "comments": 0.0, "reach": 100.0, "shares": 3.0}


def test_extras_depend_on_the_channel_set_not_on_the_matched_posts(make_index: IndexFactory) -> None:
    index = make_index({"li": "linkedin", "tw": "twitter"})
    index.upsert(record("p1", "li", values=LINKEDIN_POST))
    # twitter has no post in the window, yet its channel trims linkedin's extras
    assert types_of(index.aggregate(query("li", "tw")).metrics) == [
        "postCount",
        "reactions",
        "comments",
        "impressions",
    ]


def test_an_extra_every_channel_tracks_is_emitted_even_when_zero(make_index: IndexFactory) -> None:
    index = make_index({"li": "linkedin"})
    metrics = values_by_type(index.aggregate(query("li")).metrics)
    assert metrics["viewers"] == 0.0 and metrics["engagementRate"] == 0.0


def test_posts_not_ingested_yet_count_but_add_zero(make_index: IndexFactory) -> None:
    index = make_index({"tw": "twitter"})
    index.bulk_load(
        [
            record("p1", "tw", values={"reactions": 5, "impressions": 100}, updated_at=T0 + DAY),
            record("p2", "tw", values=None, updated_at=None),
        ]
    )
    result = index.aggregate(query("tw"))
    assert values_by_type(result.metrics) == {
        "postCount": 2.0, "reactions": 5.0, "comments": 0.0, "impressions": 100.0, "reposts": 0.0
    }  # fmt: skip
    assert result.metrics_updated_at == T0 + DAY


def test_count_metrics_are_sums_across_channels(make_index: IndexFactory) -> None:
    index = make_index({"a": "mastodon", "b": "mastodon"})
    index.bulk_load(
        [
            record("p1", "a", values={"reactions": 1, "reposts": 10}),
            record("p2", "a", T0 + DAY, values={"reactions": 2, "reposts": 20}),
            record("p3", "b", values={"reactions": 4, "comments": 6}),
        ]
    )
    assert values_by_type(index.aggregate(query("a", "b")).metrics) == {
        "postCount": 3.0, "reactions": 7.0, "comments": 6.0, "reposts": 30.0
    }  # fmt: skip


def test_window_includes_both_boundaries_and_nothing_outside(make_index: IndexFactory) -> None:
    index = make_index({"tw": "twitter"})
    start, end = T0, T0 + 10 * DAY
    index.bulk_load(
        [
            record("before", "tw", start - 1, {"reactions": 1}),
            record("first", "tw", start, {"reactions": 10}),
            record("last", "tw", end, {"reactions": 100}),
            record("after", "tw", end + 1, {"reactions": 1000}),
        ]
    )
    assert values_by_type(index.aggregate(query("tw", start=start, end=end)).metrics)["reactions"] == 110.0


def test_only_posts_of_the_chosen_channels_match(make_index: IndexFactory) -> None:
    index = make_index({"a": "twitter", "b": "twitter"})
    index.bulk_load([record("p1", "a", values={"reactions": 1}), record("p2", "b", values={"reactions": 2})])
    assert values_by_type(index.aggregate(query("b")).metrics)["reactions"] == 2.0


def test_a_channel_listed_twice_counts_once(make_index: IndexFactory) -> None:
    index = make_index({"a": "twitter"})
    index.upsert(record("p1", "a", values={"reactions": 1}))
    assert values_by_type(index.aggregate(query("a", "a")).metrics)["postCount"] == 1.0


@pytest.fixture
def tagged(make_index: IndexFactory):
    index = make_index({"tw": "twitter"})
    index.bulk_load(
        [
            record("untagged", "tw", values={"reactions": 1}),
            record("red", "tw", values={"reactions": 10}, tags=("red",)),
            record("blue", "tw", values={"reactions": 100}, tags=("blue",)),
            record("red_blue", "tw", values={"reactions": 1000}, tags=("red", "blue")),
        ]
    )
    return index


@pytest.mark.parametrize(
    ("tags", "reactions"),
    [
        (None, 1111.0),  # no filter: every post
        (tags_filter("red"), 1010.0),  # in: posts with the tag
        (tags_filter("red", "blue"), 1110.0),  # in: any of the tags, each post once
        (tags_filter(untagged=True), 1.0),  # isEmpty: untagged posts only
        (tags_filter("blue", untagged=True), 1101.0),  # both: the union
        (tags_filter(), 0.0),  # in: [] and isEmpty false: nothing
        (tags_filter("green"), 0.0),  # a tag no post carries
    ],
)
def test_tag_filter_follows_the_tag_comparator_rules(tagged, tags, reactions: float) -> None:
    assert values_by_type(tagged.aggregate(query("tw", tags=tags)).metrics)["reactions"] == reactions


def test_entries_carry_catalog_names_descriptions_and_units(make_index: IndexFactory) -> None:
    index = make_index({"li": "linkedin"})
    index.upsert(record("p1", "li", values=LINKEDIN_POST))
    for entry in index.aggregate(query("li")).metrics:
        assert entry == CATALOG.entry(entry["type"], entry["value"])


def test_metrics_updated_at_is_the_latest_among_matched_posts(make_index: IndexFactory) -> None:
    index = make_index({"tw": "twitter"})
    index.bulk_load(
        [
            record("p1", "tw", values={"reactions": 1}, updated_at=T0 + 2 * DAY),
            record("p2", "tw", values={"reactions": 1}, updated_at=T0 + 5 * DAY),
            record("p3", "tw", values=None, updated_at=None),
            record("outside", "tw", T0 + 60 * DAY, values={"reactions": 1}, updated_at=T0 + 61 * DAY),
        ]
    )
    assert index.aggregate(query("tw")).metrics_updated_at == T0 + 5 * DAY


def test_metrics_updated_at_is_null_when_nothing_matched(make_index: IndexFactory) -> None:
    index = make_index({"tw": "twitter"})
    index.upsert(record("p1", "tw", T0 + 90 * DAY, values={"reactions": 1}, updated_at=T0 + 91 * DAY))
    assert index.aggregate(query("tw")).metrics_updated_at is None


# --- engagementRate -------------------------------------------------------------------------


def _two_linkedin_posts(make_index: IndexFactory, method: str):
    index = make_index({"li": "linkedin"}, er_method=method)
    index.bulk_load(
        [
            record(
                "p1", "li", values={"reactions": 8, "comments": 2, "impressions": 1000, "engagementRate": 1.0}
            ),
            record(
                "p2",
                "li",
                values={"reactions": 27, "comments": 3, "impressions": 3000, "engagementRate": 5.0},
            ),
            record("p3", "li", values={"reactions": 1, "impressions": 100}),  # no rate reported
        ]
    )
    return values_by_type(index.aggregate(query("li")).metrics)["engagementRate"]


def test_engagement_rate_mean_averages_posts_that_report_it(make_index: IndexFactory) -> None:
    assert _two_linkedin_posts(make_index, "mean") == 3.0


def test_engagement_rate_weighted_by_each_posts_audience(make_index: IndexFactory) -> None:
    assert _two_linkedin_posts(make_index, "impressions_weighted") == 4.0  # (1x1000 + 5x3000) / 4000


def test_engagement_rate_ratio_recomputes_engagements_over_audience(make_index: IndexFactory) -> None:
    assert _two_linkedin_posts(make_index, "ratio") == 1.0  # 100 x (36 + 5) / 4100


def test_default_engagement_rate_method_is_audience_weighted(capabilities: NetworkCapabilities) -> None:
    assert DEFAULT_ER_METHOD == "impressions_weighted"
    assert MetricsIndex(capabilities)._er_method == "impressions_weighted"


def test_engagement_rate_is_rounded_to_two_decimals(make_index: IndexFactory) -> None:
    index = make_index({"th": "threads"}, er_method="mean")
    index.bulk_load(
        [
            record("p1", "th", values={"engagementRate": 1.0}),
            record("p2", "th", values={"engagementRate": 1.0}),
            record("p3", "th", values={"engagementRate": 2.0}),
        ]
    )
    assert values_by_type(index.aggregate(query("th")).metrics)["engagementRate"] == 1.33


def test_weighted_rate_falls_back_to_the_mean_without_any_audience(make_index: IndexFactory) -> None:
    index = make_index({"th": "threads"})
    index.bulk_load(
        [
            record("p1", "th", values={"engagementRate": 2.0}),
            record("p2", "th", values={"engagementRate": 4.0}),
        ]
    )
    assert values_by_type(index.aggregate(query("th")).metrics)["engagementRate"] == 3.0


def test_ratio_rate_is_zero_without_any_audience(make_index: IndexFactory) -> None:
    index = make_index({"th": "threads"}, er_method="ratio")
    index.upsert(record("p1", "th", values={"reactions": 5, "engagementRate": 2.0}))
    assert values_by_type(index.aggregate(query("th")).metrics)["engagementRate"] == 0.0


def test_engagement_rate_mixes_networks_through_their_own_denominators(make_index: IndexFactory) -> None:
    index = make_index({"li": "linkedin", "th": "threads"}, er_method="ratio")
    index.bulk_load(
        [
            record("p1", "li", values={"reactions": 20, "comments": 0, "impressions": 1000}),
            record("p2", "th", values={"reactions": 5, "quotes": 5, "reposts": 10, "views": 1000}),
        ]
    )
    metrics = values_by_type(index.aggregate(query("li", "th")).metrics)
    assert metrics["engagementRate"] == 2.0  # 100 x (20 + 20) / (1000 + 1000)
    assert "impressions" not in metrics and "views" not in metrics


def test_unknown_engagement_rate_method_is_rejected(make_index: IndexFactory) -> None:
    with pytest.raises(ValueError, match="median"):
        make_index({}, er_method="median")


# --- updates and bad input ------------------------------------------------------------------


def test_upsert_replaces_a_posts_metrics_and_tags(make_index: IndexFactory) -> None:
    index = make_index({"tw": "twitter"})
    index.upsert(record("p1", "tw", values={"reactions": 1}, tags=("red",), updated_at=T0 + DAY))
    index.upsert(record("p1", "tw", values={"reactions": 9}, tags=("blue",), updated_at=T0 + 2 * DAY))
    assert len(index) == 1
    result = index.aggregate(query("tw", tags=tags_filter("blue")))
    assert values_by_type(result.metrics)["reactions"] == 9.0 and result.metrics_updated_at == T0 + 2 * DAY
    assert values_by_type(index.aggregate(query("tw", tags=tags_filter("red"))).metrics)["postCount"] == 0.0


def test_upsert_can_move_a_post_to_another_channel(make_index: IndexFactory) -> None:
    index = make_index({"a": "twitter", "b": "twitter"})
    index.upsert(record("p1", "a", values={"reactions": 3}))
    index.upsert(record("p1", "b", values={"reactions": 3}))
    assert values_by_type(index.aggregate(query("a")).metrics)["postCount"] == 0.0
    assert values_by_type(index.aggregate(query("b")).metrics)["postCount"] == 1.0


def test_removed_post_no_longer_counts_nor_dates_the_aggregate(make_index: IndexFactory) -> None:
    index = make_index({"tw": "twitter"})
    index.bulk_load(
        [
            record("p1", "tw", values={"reactions": 5}, updated_at=T0 + 9 * DAY),
            record("p2", "tw", values={"reactions": 1}, updated_at=T0 + DAY),
        ]
    )
    index.remove("p1")
    result = index.aggregate(query("tw"))
    assert values_by_type(result.metrics)["reactions"] == 1.0 and len(index) == 1
    assert result.metrics_updated_at == T0 + DAY


def test_removing_an_unknown_post_is_a_no_op(make_index: IndexFactory) -> None:
    index = make_index({"tw": "twitter"})
    index.remove("never-indexed")
    assert len(index) == 0


def test_bulk_load_replaces_posts_already_indexed(make_index: IndexFactory) -> None:
    index = make_index({"tw": "twitter"})
    index.bulk_load(
        [record("p1", "tw", values={"reactions": 1}), record("p2", "tw", values={"reactions": 2})]
    )
    index.bulk_load(
        [record("p1", "tw", values={"reactions": 10}), record("p1", "tw", values={"reactions": 20})]
    )
    assert len(index) == 2
    assert values_by_type(index.aggregate(query("tw")).metrics)["reactions"] == 22.0


def test_a_record_with_a_type_its_network_does_not_report_is_rejected(make_index: IndexFactory) -> None:
    index = make_index({"tw": "twitter"})
    with pytest.raises(ValueError, match="twitter does not report saves"):
        index.upsert(record("p1", "tw", values={"saves": 1}))


def test_unregistered_channels_and_unknown_services_are_errors(make_index: IndexFactory) -> None:
    index = make_index({"tw": "twitter"})
    with pytest.raises(KeyError, match="not registered"):
        index.upsert(record("p1", "nowhere", values=None))
    with pytest.raises(KeyError, match="not registered"):
        index.aggregate(query("nowhere"))
    with pytest.raises(ValueError, match="unknown service 'myspace'"):
        index.register_channel("ms", "myspace")
    with pytest.raises(ValueError, match="already registered as twitter"):
        index.register_channel("tw", "mastodon")
