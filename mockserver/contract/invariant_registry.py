"""Every named invariant, in report order, and the function that runs them on one observation."""

from __future__ import annotations

from collections.abc import Mapping

from graphql import DocumentNode, FieldNode, OperationDefinitionNode

from mockserver.contract.findings import BREAKING, Finding
from mockserver.contract.invariants import (
    AGGREGATE,
    Invariant,
    Observation,
    SideContext,
    _aggregate_input,
    _has_aggregate,
    check_baseline_trio,
    check_empty_channel_set,
    check_extras_shared,
    check_matches_post_sums,
    check_updated_at_is_latest,
)
from mockserver.contract.invariants_lists import (
    TAG_SORTED_ROOTS,
    _all_metric_lists,
    _posts_objects,
    check_counts_non_negative,
    check_metrics_null_until_sent,
    check_no_deprecated,
    check_percentages,
    check_post_count_only_in_aggregates,
    check_tags_sorted,
    check_types_unique,
)
from mockserver.contract.invariants_pages import (
    _connection,
    _nodes,
    _posts_filter,
    check_has_previous_page_false,
    check_pagination,
    check_posts_match_filter,
    check_posts_sorted,
    check_total_count,
)


def _aggregate_with_channels(obs: Observation) -> bool:
    return _has_aggregate(obs) and _aggregate_input(obs).get("channelIds") != []


def _empty_set(obs: Observation) -> bool:
    return _has_aggregate(obs) and _aggregate_input(obs).get("channelIds") == []


def _has_metrics(obs: Observation) -> bool:
    return any(True for _ in _all_metric_lists(obs))


def _per_post_metrics(obs: Observation) -> bool:
    return any(name != AGGREGATE for name in obs.root_fields.values()) and _has_metrics(obs)


def _has_tags(obs: Observation) -> bool:
    return (
        any(name in TAG_SORTED_ROOTS for name in obs.root_fields.values()) and "tags" in str(obs.datas)
    ) or ("tagsV2" in obs.root_fields.values())


def _walk(obs: Observation) -> bool:
    return len(_connection(obs)) > 1


def _filtered_posts(obs: Observation) -> bool:
    return bool(_posts_filter(obs)[0]) and bool(_nodes(obs))


def _sorted_posts(obs: Observation) -> bool:
    return bool(_posts_filter(obs)[1]) and bool(_nodes(obs))


INVARIANTS: tuple[Invariant, ...] = (
    Invariant(
        "aggregate_baseline_trio",
        "every aggregate lists postCount, reactions and comments",
        _has_aggregate,
        check_baseline_trio,
    ),
    Invariant(
        "aggregate_extras_shared_by_every_channel",
        "extras only when every channel of the set reports them; never zero-padded",
        _has_aggregate,
        check_extras_shared,
    ),
    Invariant(
        "aggregate_empty_channel_set",
        "channelIds: [] gives the trio of zeros and metricsUpdatedAt null",
        _empty_set,
        check_empty_channel_set,
    ),
    Invariant(
        "aggregate_matches_post_sums",
        "count metrics equal the sums of the matched posts read through posts",
        _aggregate_with_channels,
        check_matches_post_sums,
    ),
    Invariant(
        "aggregate_metrics_updated_at_is_latest",
        "metricsUpdatedAt is the latest of the matched posts",
        _aggregate_with_channels,
        check_updated_at_is_latest,
    ),
    Invariant(
        "post_count_only_in_aggregates",
        "per-post metrics never carry postCount",
        _per_post_metrics,
        check_post_count_only_in_aggregates,
    ),
    Invariant(
        "percentages_within_0_100",
        "percentages lie in 0-100 and only engagementRate is one",
        _has_metrics,
        check_percentages,
    ),
    Invariant(
        "no_deprecated_metric_types",
        "the seven deprecated metric types are never emitted",
        _has_metrics,
        check_no_deprecated,
    ),
    Invariant(
        "metric_values_non_negative",
        "metric values are never negative",
        _has_metrics,
        check_counts_non_negative,
    ),
    Invariant(
        "metric_types_unique", "a metric type appears at most once per list", _has_metrics, check_types_unique
    ),
    Invariant(
        "metrics_null_until_sent",
        "posts that are not sent have metrics null",
        lambda o: any(True for _ in _posts_objects(o)),
        check_metrics_null_until_sent,
    ),
    Invariant(
        "pagination_no_repeats_or_gaps",
        "a walk sees every node once, full pages, cursors at the edges",
        _walk,
        check_pagination,
    ),
    Invariant(
        "pagination_has_previous_page_false",
        "hasPreviousPage is always false (forward only)",
        lambda o: bool(_connection(o)),
        check_has_previous_page_false,
    ),
    Invariant(
        "total_count_matches_walk",
        "totalCount matches what a walk to the end sees",
        lambda o: any("totalCount" in p for _, p in _connection(o)),
        check_total_count,
    ),
    Invariant("tags_sorted_by_name", "tags are sorted by name ascending", _has_tags, check_tags_sorted),
    Invariant(
        "posts_match_filter",
        "every post returned matches the filter sent (AND of the fields)",
        _filtered_posts,
        check_posts_match_filter,
    ),
    Invariant(
        "posts_sorted_as_requested",
        "posts come in the order of the first sort key",
        _sorted_posts,
        check_posts_sorted,
    ),
)
INVARIANT_NAMES = tuple(i.name for i in INVARIANTS)


def run_invariants(obs: Observation, ctx: SideContext) -> dict[str, list[Finding]]:
    """``{invariant name: findings}`` for every invariant that applies to the observation."""
    results: dict[str, list[Finding]] = {}
    for invariant in INVARIANTS:
        try:
            if not invariant.applies(obs):
                continue
            results[invariant.name] = invariant.check(obs, ctx)
        except (KeyError, TypeError, ValueError, AttributeError) as error:  # an answer of an unexpected shape
            results[invariant.name] = [
                Finding(
                    BREAKING,
                    "INVARIANT_UNCHECKABLE",
                    "data",
                    f"the answer could not be checked: {type(error).__name__}: {error}",
                    check="invariants",
                    operation=obs.operation,
                    side=obs.side,
                    cause=invariant.name,
                )
            ]
    return results


def root_fields_of(document: DocumentNode) -> Mapping[str, str]:
    roots: dict[str, str] = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            for selection in definition.selection_set.selections:
                if isinstance(selection, FieldNode):
                    roots[(selection.alias or selection.name).value] = selection.name.value
    return roots
