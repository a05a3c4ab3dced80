"""Invariants on connections: the pages of a walk, totalCount, and posts' filters and sorts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.contract.findings import Finding
from mockserver.contract.invariants import (
    Observation,
    SideContext,
    _instant,
    violation,
)

# --- pages ------------------------------------------------------------------------------------


def _connection(obs: Observation) -> list[tuple[str, Mapping[str, Any]]]:
    return [
        (path, value)
        for name in ("posts", "ideas", "postTemplates", "tagsV2")
        for path, value in obs.roots(name)
        if isinstance(value, Mapping)
    ]


def check_pagination(obs: Observation, ctx: SideContext) -> list[Finding]:
    findings: list[Finding] = []
    pages = _connection(obs)
    first = obs.variables.get("first")
    seen: dict[str, str] = {}
    for number, (path, page) in enumerate(pages, start=1):
        edges = page.get("edges") or []
        info = page.get("pageInfo") or {}
        for index, edge in enumerate(edges):
            node_id = (edge.get("node") or {}).get("id")
            if node_id is None:
                continue
            if node_id in seen:
                findings.append(
                    violation(
                        "pagination_no_repeats_or_gaps",
                        obs,
                        f"{path}.edges[{index}].node.id",
                        f"node repeated across pages (first seen {seen[node_id]})",
                        None,
                        node_id,
                    )
                )
            seen.setdefault(node_id, f"{path}.edges[{index}]")
        last = number == len(pages)
        if "hasNextPage" in info and last and info["hasNextPage"] and len(pages) > 1:
            findings.append(
                violation(
                    "pagination_no_repeats_or_gaps",
                    obs,
                    f"{path}.pageInfo.hasNextPage",
                    "the walk stopped with hasNextPage true",
                    False,
                    True,
                )
            )
        if not last and isinstance(first, int) and len(edges) != first:
            findings.append(
                violation(
                    "pagination_no_repeats_or_gaps",
                    obs,
                    f"{path}.edges",
                    f"a page before the last has {len(edges)} edges, not first={first} (gap)",
                    first,
                    len(edges),
                )
            )
        if (
            edges
            and "endCursor" in info
            and "cursor" in edges[-1]
            and info["endCursor"] != edges[-1]["cursor"]
        ):
            findings.append(
                violation(
                    "pagination_no_repeats_or_gaps",
                    obs,
                    f"{path}.pageInfo.endCursor",
                    "endCursor is not the last edge's cursor",
                    edges[-1]["cursor"],
                    info["endCursor"],
                )
            )
        if (
            edges
            and "startCursor" in info
            and "cursor" in edges[0]
            and info["startCursor"] != edges[0]["cursor"]
        ):
            findings.append(
                violation(
                    "pagination_no_repeats_or_gaps",
                    obs,
                    f"{path}.pageInfo.startCursor",
                    "startCursor is not the first edge's cursor",
                    edges[0]["cursor"],
                    info["startCursor"],
                )
            )
    return findings


def check_has_previous_page_false(obs: Observation, ctx: SideContext) -> list[Finding]:
    return [
        violation(
            "pagination_has_previous_page_false",
            obs,
            f"{path}.pageInfo.hasPreviousPage",
            "pagination is forward only: always false",
            False,
            True,
        )
        for path, page in _connection(obs)
        if (page.get("pageInfo") or {}).get("hasPreviousPage") is True
    ]


def check_total_count(obs: Observation, ctx: SideContext) -> list[Finding]:
    pages = _connection(obs)
    findings = []
    walked = sum(len(p.get("edges") or []) for _, p in pages)
    for path, page in pages:
        total = page.get("totalCount")
        if isinstance(total, int) and total < len(page.get("edges") or []):
            findings.append(
                violation(
                    "total_count_matches_walk",
                    obs,
                    f"{path}.totalCount",
                    "totalCount below the edges of one page",
                    len(page["edges"]),
                    total,
                )
            )
    if (
        len(pages) > 1
        and isinstance(pages[-1][1].get("totalCount"), int)
        and pages[-1][1]["totalCount"] != walked
    ):
        findings.append(
            violation(
                "total_count_matches_walk",
                obs,
                f"{pages[-1][0]}.totalCount",
                "totalCount differs from the nodes walked",
                walked,
                pages[-1][1]["totalCount"],
            )
        )
    return findings


# --- filters and sorts of posts ---------------------------------------------------------------


def _posts_filter(obs: Observation) -> tuple[Mapping[str, Any], list[Any]]:
    value = obs.variables.get("input") or {}
    return (value.get("filter") or {}), (value.get("sort") or [])


def _nodes(obs: Observation) -> list[tuple[str, Mapping[str, Any]]]:
    return [
        (f"{path}.edges[{i}].node", edge["node"])
        for path, page in obs.roots("posts")
        if isinstance(page, Mapping)
        for i, edge in enumerate(page.get("edges") or [])
        if isinstance(edge.get("node"), Mapping)
    ]


def check_posts_match_filter(obs: Observation, ctx: SideContext) -> list[Finding]:
    filters, _ = _posts_filter(obs)
    findings = []
    for path, node in _nodes(obs):
        problems: list[tuple[str, Any, Any]] = []
        if "status" in filters and "status" in node and node["status"] not in filters["status"]:
            problems.append(("status", filters["status"], node["status"]))
        if (
            filters.get("channelIds") is not None
            and "channelId" in node
            and node["channelId"] not in filters["channelIds"]
        ):
            problems.append(("channelId", filters["channelIds"], node["channelId"]))
        tags = filters.get("tags")
        if tags is not None and isinstance(node.get("tags"), list):
            ids = {t.get("id") for t in node["tags"]}
            if not ((ids & set(tags.get("in") or [])) or (tags.get("isEmpty") and not ids)):
                problems.append(("tags", tags, sorted(i for i in ids if i)))
        presence = filters.get("dueAtPresence")
        if presence and "dueAt" in node and (node["dueAt"] is None) != (presence == "absent"):
            problems.append(("dueAt", presence, node["dueAt"]))
        for key in ("dueAt", "createdAt"):
            bounds = filters.get(key)
            if isinstance(bounds, Mapping) and key in node:
                stamp, start, end = (
                    _instant(node[key]),
                    _instant(bounds.get("start")),
                    _instant(bounds.get("end")),
                )
                if stamp is None or (start and stamp < start) or (end and stamp > end):
                    problems.append((key, dict(bounds), node[key]))
        findings += [
            violation("posts_match_filter", obs, f"{path}.{k}", f"a post outside the filter on {k}", e, a)
            for k, e, a in problems
        ]
    return findings


def check_posts_sorted(obs: Observation, ctx: SideContext) -> list[Finding]:
    _, sort = _posts_filter(obs)
    if not sort:
        return []
    key_spec = sort[0]
    key, descending = key_spec.get("field"), key_spec.get("direction") == "desc"
    findings = []
    for path, page in obs.roots("posts"):
        nodes = [e["node"] for e in (page or {}).get("edges") or []]
        stamps = [s for s in (_instant(n.get(key)) for n in nodes) if s is not None]
        if stamps != sorted(stamps, reverse=descending):
            findings.append(
                violation(
                    "posts_sorted_as_requested",
                    obs,
                    f"{path}.edges",
                    f"posts not sorted by {key} {key_spec.get('direction')}",
                    [s.isoformat() for s in sorted(stamps, reverse=descending)],
                    [s.isoformat() for s in stamps],
                )
            )
    return findings
