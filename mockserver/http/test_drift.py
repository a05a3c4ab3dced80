"""TEST-ONLY response rewrites: make a mock misbehave on purpose, so the contract kit can prove it
notices. Off by default (``Settings.test_drift`` is empty); never enable it to serve real users.

Each rewrite works on the JSON body after execution, outside every resolver, and imitates one
way a live API could drift from the documented semantics:

* ``extras_zero_padded``: aggregates gain a ``saves`` entry of 0 that not every channel tracks;
* ``post_count_per_post``: per-post ``metrics`` lists gain a ``postCount`` entry;
* ``stale_aggregate_updated_at``: an aggregate's ``metricsUpdatedAt`` is set to 2020-01-01;
* ``unsorted_tags``: every list of two or more tags is reversed (sorted by name descending);
* ``repeated_post_across_pages``: a ``posts`` page asked with ``after`` starts with the last post
  of the page before it (the rewrite remembers that post);
* ``metrics_on_draft``: drafts get a ``metrics`` list instead of ``null``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from typing import Any

STALE_INSTANT = "2020-01-01T00:00:00.000Z"


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)


def _is_aggregate(obj: Mapping[str, Any]) -> bool:
    metrics = obj.get("metrics")
    return isinstance(metrics, list) and any(
        isinstance(m, dict) and m.get("type") == "postCount" for m in metrics
    )


def _metric_like(template: Mapping[str, Any], metric_type: str, value: float, label: str) -> dict[str, Any]:
    """An entry with exactly the keys the client selected (those of ``template``)."""
    full = {"type": metric_type, "name": label, "description": label, "unit": "count", "value": value}
    return {key: full.get(key, template[key]) for key in template}


def _first_metric(body: Any) -> dict[str, Any] | None:
    for obj in _objects(body):
        metrics = obj.get("metrics")
        if isinstance(metrics, list) and metrics and isinstance(metrics[0], dict):
            return metrics[0]
    return None


def extras_zero_padded(body: Any, state: dict[str, Any], variables: Mapping[str, Any]) -> None:
    for obj in _objects(body):
        if _is_aggregate(obj) and not any(m.get("type") == "saves" for m in obj["metrics"]):
            obj["metrics"].append(_metric_like(obj["metrics"][0], "saves", 0.0, "Saves"))


def post_count_per_post(body: Any, state: dict[str, Any], variables: Mapping[str, Any]) -> None:
    for obj in _objects(body):
        metrics = obj.get("metrics")
        if isinstance(metrics, list) and metrics and not _is_aggregate(obj):
            metrics.append(_metric_like(metrics[0], "postCount", 1.0, "Posts"))


def stale_aggregate_updated_at(body: Any, state: dict[str, Any], variables: Mapping[str, Any]) -> None:
    for obj in _objects(body):
        if _is_aggregate(obj) and obj.get("metricsUpdatedAt") is not None:
            obj["metricsUpdatedAt"] = STALE_INSTANT


def unsorted_tags(body: Any, state: dict[str, Any], variables: Mapping[str, Any]) -> None:
    for obj in _objects(body):
        tags = obj.get("tags")
        if (
            isinstance(tags, list)
            and len(tags) > 1
            and all(isinstance(t, dict) and "name" in t for t in tags)
        ):
            tags.sort(key=lambda tag: str(tag["name"]), reverse=True)


def repeated_post_across_pages(body: Any, state: dict[str, Any], variables: Mapping[str, Any]) -> None:
    data = body.get("data") if isinstance(body, dict) else None
    posts = data.get("posts") if isinstance(data, dict) else None
    edges = posts.get("edges") if isinstance(posts, dict) else None
    if not isinstance(edges, list) or not edges:
        return
    if variables.get("after") and "last_edge" in state:
        edges[0] = copy.deepcopy(state["last_edge"])
    state["last_edge"] = copy.deepcopy(edges[-1])


def metrics_on_draft(body: Any, state: dict[str, Any], variables: Mapping[str, Any]) -> None:
    template = _first_metric(body) or {"type": "reactions", "value": 0.0}
    for obj in _objects(body):
        if obj.get("status") == "draft" and "metrics" in obj and obj["metrics"] is None:
            obj["metrics"] = [_metric_like(template, "reactions", 3.0, "Reactions")]


Rewrite = Callable[[Any, dict[str, Any], Mapping[str, Any]], None]

TEST_DRIFTS: dict[str, Rewrite] = {
    "extras_zero_padded": extras_zero_padded,
    "post_count_per_post": post_count_per_post,
    "stale_aggregate_updated_at": stale_aggregate_updated_at,
    "unsorted_tags": unsorted_tags,
    "repeated_post_across_pages": repeated_post_across_pages,
    "metrics_on_draft": metrics_on_draft,
}


class TestDrift:
    """The enabled rewrites of one app, with the memory a stateful rewrite needs."""

    __test__ = False  # not a pytest test class

    def __init__(self, names: tuple[str, ...]) -> None:
        unknown = sorted(set(names) - TEST_DRIFTS.keys())
        if unknown:
            raise ValueError(f"unknown test drift(s) {unknown}; expected some of {sorted(TEST_DRIFTS)}")
        self.rewrites = [TEST_DRIFTS[name] for name in names]
        self.state: dict[str, Any] = {}

    def apply(self, body: dict[str, Any], variables: Mapping[str, Any]) -> dict[str, Any]:
        for rewrite in self.rewrites:
            rewrite(body, self.state, variables)
        return body
