"""The mock clock drives publishing and ingestion; aggregatedPostMetrics agrees with per-post metrics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mockserver import errors
from mockserver.metrics.window import MSG_WINDOW_START_AFTER_END, MSG_WINDOW_TOO_LONG
from tests.conftest import GraphQLClient

AGGREGATE = """query($input: AggregatedPostMetricsInput!) {
  aggregatedPostMetrics(input: $input) { metrics { type name value unit } metricsUpdatedAt } }"""
SENT_POSTS = """query($o: OrganizationId!, $c: [ChannelId!], $after: String) {
  posts(input: {organizationId: $o, filter: {status: [sent], channelIds: $c}}, first: 100, after: $after) {
    edges { node { id sentAt metrics { type value } metricsUpdatedAt } } pageInfo { hasNextPage endCursor } } }"""


def parse(ts: str) -> datetime:
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def org_and_channels(gql: GraphQLClient) -> tuple[str, list[dict[str, Any]]]:
    org = gql.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    channels = gql.data(
        "query($o: OrganizationId!) { channels(input: {organizationId: $o}) { id service } }", {"o": org}
    )["channels"]
    return org, channels


def sent_posts(gql: GraphQLClient, org: str, channel_ids: list[str] | None) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = gql.data(SENT_POSTS, {"o": org, "c": channel_ids, "after": after})["posts"]
        nodes.extend(e["node"] for e in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


def advance(gql: GraphQLClient, seconds: float) -> None:
    response = gql.http.post("/_mock/clock/advance", json={"seconds": seconds})
    assert response.status_code == 200, response.text


def test_scheduled_post_is_published_when_the_clock_passes_its_due_time(gql: GraphQLClient) -> None:
    org, _ = org_and_channels(gql)
    scheduled = gql.data(
        """query($o: OrganizationId!) { posts(input: {organizationId: $o, filter: {status: [scheduled]},
             sort: [{field: dueAt, direction: asc}]}, first: 50) { edges { node { id dueAt channel { isQueuePaused } } } } }""",
        {"o": org},
    )["posts"]["edges"]
    target = next(e["node"] for e in scheduled if not e["node"]["channel"]["isQueuePaused"])
    now = parse(gql.http.get("/_mock/clock").json()["now"])
    advance(gql, (parse(target["dueAt"]) - now).total_seconds() + 1)
    post = gql.data(
        "query($p: PostId!) { post(input: {id: $p}) { status sentAt dueAt allowedActions metrics { type } } }",
        {"p": target["id"]},
    )["post"]
    assert post["status"] == "sent"
    assert post["sentAt"] == post["dueAt"]
    assert "viewPost" in post["allowedActions"] and "deletePost" not in post["allowedActions"]
    assert post["metrics"] == []  # sent, but not ingested yet: a missing metric is not a zero


def test_metrics_first_appear_at_the_next_daily_run_then_refresh_daily(gql: GraphQLClient) -> None:
    _, channels = org_and_channels(gql)
    linkedin = next(c["id"] for c in channels if c["service"] == "linkedin")
    created = gql.data(
        """mutation($c: ChannelId!) { createPost(input: {channelId: $c, schedulingType: automatic, mode: shareNow,
             text: "Published now"}) { __typename ... on PostActionSuccess { post { id status sentAt } } } }""",
        {"c": linkedin},
    )["createPost"]
    assert created["__typename"] == "PostActionSuccess", created
    post_id = created["post"]["id"]
    assert created["post"]["status"] == "sent"
    query = "query($p: PostId!) { post(input: {id: $p}) { metrics { type value } metricsUpdatedAt } }"
    assert gql.data(query, {"p": post_id})["post"] == {"metrics": [], "metricsUpdatedAt": None}

    advance(gql, 24 * 3600)  # past the next 04:00 UTC run
    first = gql.data(query, {"p": post_id})["post"]
    assert first["metrics"] and first["metricsUpdatedAt"] is not None
    run = parse(first["metricsUpdatedAt"])
    assert (run.hour, run.minute) == (4, 0)

    advance(gql, 24 * 3600)
    second = gql.data(query, {"p": post_id})["post"]
    assert parse(second["metricsUpdatedAt"]) - run == timedelta(days=1)
    before = {m["type"]: m["value"] for m in first["metrics"]}
    after = {m["type"]: m["value"] for m in second["metrics"]}
    assert set(before) == set(after)
    assert all(after[t] >= before[t] for t in before)


def test_org_wide_aggregate_over_mixed_networks_is_the_baseline_trio(gql: GraphQLClient) -> None:
    org, _ = org_and_channels(gql)
    result = gql.data(
        AGGREGATE,
        {
            "input": {
                "organizationId": org,
                "startDateTime": "2026-01-01T00:00:00Z",
                "endDateTime": "2026-11-14T00:00:00Z",
            }
        },
    )["aggregatedPostMetrics"]
    assert [m["type"] for m in result["metrics"]] == ["postCount", "reactions", "comments"]
    assert all(m["unit"] == "count" for m in result["metrics"])
    assert result["metricsUpdatedAt"] is not None


def test_single_channel_aggregate_matches_the_sum_of_its_posts(gql: GraphQLClient) -> None:
    org, channels = org_and_channels(gql)
    linkedin = next(c["id"] for c in channels if c["service"] == "linkedin")
    start, end = datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 11, 13, tzinfo=UTC)
    result = gql.data(
        AGGREGATE,
        {
            "input": {
                "organizationId": org,
                "channelIds": [linkedin],
                "startDateTime": iso(start),
                "endDateTime": iso(end),
            }
        },
    )
    metrics = {m["type"]: m for m in result["aggregatedPostMetrics"]["metrics"]}
    in_window = [
        p for p in sent_posts(gql, org, [linkedin]) if start <= parse(p["sentAt"]) < end + timedelta(days=1)
    ]
    assert in_window
    assert metrics["postCount"]["value"] == len(in_window)
    for metric_type in ("reactions", "comments", "impressions"):
        expected = sum(
            m["value"] for p in in_window for m in (p["metrics"] or []) if m["type"] == metric_type
        )
        assert metrics[metric_type]["value"] == expected
    assert metrics["engagementRate"]["unit"] == "percentage"
    assert {"impressions", "reach", "engagementRate"} <= set(metrics)
    latest = max(parse(p["metricsUpdatedAt"]) for p in in_window if p["metricsUpdatedAt"])
    assert parse(result["aggregatedPostMetrics"]["metricsUpdatedAt"]) == latest


def test_empty_channel_list_gives_a_zero_trio_and_no_freshness(gql: GraphQLClient) -> None:
    org, _ = org_and_channels(gql)
    result = gql.data(
        AGGREGATE,
        {
            "input": {
                "organizationId": org,
                "channelIds": [],
                "startDateTime": "2026-01-01T00:00:00Z",
                "endDateTime": "2026-06-30T00:00:00Z",
            }
        },
    )["aggregatedPostMetrics"]
    assert [(m["type"], m["value"]) for m in result["metrics"]] == [
        ("postCount", 0),
        ("reactions", 0),
        ("comments", 0),
    ]
    assert result["metricsUpdatedAt"] is None


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-06-01T00:00:00Z", "2026-05-01T00:00:00Z", MSG_WINDOW_START_AFTER_END),
        ("2025-01-01T00:00:00Z", "2026-01-05T00:00:00Z", MSG_WINDOW_TOO_LONG),
    ],
)
def test_bad_windows_are_refused_clearly(gql: GraphQLClient, start: str, end: str, message: str) -> None:
    org, _ = org_and_channels(gql)
    body = gql.post(
        AGGREGATE, {"input": {"organizationId": org, "startDateTime": start, "endDateTime": end}}
    ).json()
    assert body["data"] is None
    assert body["errors"][0]["message"] == message


def test_free_plan_insights_are_limited_to_31_days(gql: GraphQLClient) -> None:
    outsider = gql.as_token("buf_mock_outsider_personal_key")
    org = outsider.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    body = outsider.post(
        AGGREGATE,
        {
            "input": {
                "organizationId": org,
                "startDateTime": "2026-08-01T00:00:00Z",
                "endDateTime": "2026-11-01T00:00:00Z",
            }
        },
    ).json()
    assert body["errors"][0]["message"] == errors.MSG_FREE_PLAN_INSIGHTS
    recent = outsider.data(
        AGGREGATE,
        {
            "input": {
                "organizationId": org,
                "startDateTime": "2026-11-01T00:00:00Z",
                "endDateTime": "2026-11-14T00:00:00Z",
            }
        },
    )
    assert recent["aggregatedPostMetrics"]["metrics"][0]["type"] == "postCount"


def test_oauth_token_without_insights_scope_cannot_aggregate(gql: GraphQLClient) -> None:
    org, _ = org_and_channels(gql)
    body = (
        gql.as_token("buf_mock_default_oauth_read_token")
        .post(
            AGGREGATE,
            {
                "input": {
                    "organizationId": org,
                    "startDateTime": "2026-10-01T00:00:00Z",
                    "endDateTime": "2026-10-31T00:00:00Z",
                }
            },
        )
        .json()
    )
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "INSUFFICIENT_SCOPE"
