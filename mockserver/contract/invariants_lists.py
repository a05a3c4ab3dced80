"""Invariants on lists: per-post metrics and tags (pages, filters and sorts: ``invariants_pages``)."""

from __future__ import annotations

from collections.abc import Mapping

from mockserver.contract.findings import Finding
from mockserver.contract.invariants import (
    DEPRECATED_METRIC_TYPES,
    PERCENT_TYPES,
    Observation,
    SideContext,
    _metric_lists,
    _types,
    violation,
    walk,
)

TAG_SORTED_ROOTS = ("posts", "post", "createPost", "tagsV2")


def _all_metric_lists(obs: Observation):  # type: ignore[no-untyped-def]
    yield from _metric_lists(obs, aggregates=True)
    yield from _metric_lists(obs, aggregates=False)


def check_post_count_only_in_aggregates(obs: Observation, ctx: SideContext) -> list[Finding]:
    return [
        violation(
            "post_count_only_in_aggregates",
            obs,
            path,
            "a per-post metrics list carries postCount",
            None,
            "postCount",
        )
        for path, metrics in _metric_lists(obs, aggregates=False)
        if "postCount" in _types(metrics)
    ]


def check_percentages(obs: Observation, ctx: SideContext) -> list[Finding]:
    findings = []
    for path, metrics in _all_metric_lists(obs):
        for metric in metrics:
            unit, metric_type, value = metric.get("unit"), metric.get("type"), metric.get("value")
            where = f"{path}[type={metric_type}]"
            if unit == "percentage" and isinstance(value, int | float) and not 0 <= value <= 100:
                findings.append(
                    violation(
                        "percentages_within_0_100",
                        obs,
                        f"{where}.value",
                        "a percentage outside 0-100",
                        "0..100",
                        value,
                    )
                )
            if (
                unit is not None
                and metric_type is not None
                and (unit == "percentage") != (metric_type in PERCENT_TYPES)
            ):
                findings.append(
                    violation(
                        "percentages_within_0_100",
                        obs,
                        f"{where}.unit",
                        "only engagementRate is a percentage",
                        "percentage" if metric_type in PERCENT_TYPES else "count",
                        unit,
                    )
                )
    return findings


def check_no_deprecated(obs: Observation, ctx: SideContext) -> list[Finding]:
    return [
        violation(
            "no_deprecated_metric_types",
            obs,
            f"{path}[type={t}]",
            f"deprecated metric type {t} emitted",
            None,
            t,
        )
        for path, metrics in _all_metric_lists(obs)
        for t in _types(metrics)
        if t in DEPRECATED_METRIC_TYPES
    ]


def check_counts_non_negative(obs: Observation, ctx: SideContext) -> list[Finding]:
    return [
        violation(
            "metric_values_non_negative",
            obs,
            f"{path}[type={m.get('type')}].value",
            "a negative metric value",
            ">= 0",
            m["value"],
        )
        for path, metrics in _all_metric_lists(obs)
        for m in metrics
        if isinstance(m.get("value"), int | float) and m["value"] < 0
    ]


def check_types_unique(obs: Observation, ctx: SideContext) -> list[Finding]:
    findings = []
    for path, metrics in _all_metric_lists(obs):
        types = _types(metrics)
        repeated = sorted({t for t in types if types.count(t) > 1})
        if repeated:
            findings.append(
                violation(
                    "metric_types_unique",
                    obs,
                    path,
                    f"metric types listed more than once: {repeated}",
                    None,
                    types,
                )
            )
    return findings


def _posts_objects(obs: Observation):  # type: ignore[no-untyped-def]
    for index, data in enumerate(obs.datas):
        for path, obj in walk(data, f"data<page {index + 1}>" if len(obs.pages) > 1 else "data"):
            if "status" in obj and "metrics" in obj:
                yield path, obj


def check_metrics_null_until_sent(obs: Observation, ctx: SideContext) -> list[Finding]:
    return [
        violation(
            "metrics_null_until_sent",
            obs,
            f"{path}.metrics",
            f"a {obj['status']} post has metrics",
            None,
            obj["metrics"],
        )
        for path, obj in _posts_objects(obs)
        if obj.get("status") not in ("sent", None) and obj["metrics"] is not None
    ]


def check_tags_sorted(obs: Observation, ctx: SideContext) -> list[Finding]:
    findings = []
    for index, data in enumerate(obs.datas):
        # documented for Post.tags and tagsV2 only (idea tags carry no order promise)
        scoped = {k: v for k, v in data.items() if obs.root_fields.get(k) in TAG_SORTED_ROOTS}
        for path, obj in walk(scoped, f"data<page {index + 1}>" if len(obs.pages) > 1 else "data"):
            lists = []
            if isinstance(obj.get("tags"), list):
                lists.append((f"{path}.tags", [t.get("name") for t in obj["tags"] if isinstance(t, Mapping)]))
            if obs.root_fields.get(path.rsplit(".", 1)[-1]) == "tagsV2" and isinstance(
                obj.get("edges"), list
            ):
                lists.append((f"{path}.edges", [(e.get("node") or {}).get("name") for e in obj["edges"]]))
            for where, names in lists:
                texts = [n for n in names if isinstance(n, str)]
                if len(texts) != len(names) or len(texts) < 2:
                    continue
                if texts != sorted(texts) and texts != sorted(texts, key=lambda n: (n.lower(), n)):
                    findings.append(
                        violation(
                            "tags_sorted_by_name",
                            obs,
                            where,
                            "tags must be sorted by name ascending",
                            sorted(names),
                            names,
                        )
                    )
    return findings
