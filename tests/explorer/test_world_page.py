"""The world page: its data (pure summaries of a World), its SVG chart, and its HTML."""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable

import pytest

from mockserver.control.svg_chart import line_chart_svg, nice_ceiling
from mockserver.control.world_summary import Series, month_of, summarize
from mockserver.fixtures.loader import WorldData
from mockserver.gateway.state import ServedNamespace
from mockserver.scalars import datetime_to_ms, format_datetime_ms, parse_datetime
from mockserver.store.world import World
from tests.conftest import DEFAULT_KEY, GraphQLClient

HTML = {"accept": "text/html"}
NAMESPACE = "x-buffer-mock-namespace"
XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def namespace_of(client: GraphQLClient, name: str = "default") -> ServedNamespace:
    namespace: ServedNamespace = client.http.app.state.namespaces.get(name)  # type: ignore[attr-defined]
    namespace.sync_clock()
    return namespace


def world_of(client: GraphQLClient, namespace: str = "default") -> World:
    return namespace_of(client, namespace).world


# --- the data -----------------------------------------------------------------------------------
def test_posts_per_status_count_every_post_once(gql: GraphQLClient) -> None:
    world = world_of(gql)
    summary = summarize(namespace_of(gql))
    nonzero = {status: count for status, count in summary.status_totals.items() if count}
    assert nonzero == dict(Counter(p.status for p in world.posts.values()))
    assert sum(summary.status_totals.values()) == len(world.posts)
    assert sum(row.total for row in summary.months) == len(world.posts)


def test_a_post_counts_in_the_month_it_was_sent_else_due_else_created(gql: GraphQLClient) -> None:
    world = world_of(gql)
    sent = next(p for p in world.posts.values() if p.status == "sent" and p.sent_at)
    scheduled = next(p for p in world.posts.values() if p.status == "scheduled" and p.due_at)
    months = {row.month: row for row in summarize(namespace_of(gql)).months}
    assert months[month_of(sent.sent_at or 0)].counts["sent"] >= 1
    assert months[month_of(scheduled.due_at or 0)].counts["scheduled"] >= 1
    assert month_of(datetime_to_ms(parse_datetime("2026-02-28T23:59:59Z"))) == "2026-02"


def test_organizations_list_their_channels_and_posts(gql: GraphQLClient) -> None:
    world = world_of(gql)
    rows = {row.id: row for row in summarize(namespace_of(gql)).organizations}
    assert set(rows) == set(world.organizations)
    for org_id, row in rows.items():
        assert row.channels == len(world.channels_of(org_id))
        assert row.posts == sum(1 for p in world.posts.values() if p.organization_id == org_id)


def test_channels_are_grouped_per_network_with_what_the_network_reports(gql: GraphQLClient) -> None:
    world = world_of(gql)
    groups = {group.service: group for group in summarize(namespace_of(gql)).networks}
    assert set(groups) == {c.service for c in world.channels.values()}
    assert sum(len(g.channels) for g in groups.values()) == len(world.channels)
    assert set(groups["facebook"].reports) == set(world.capabilities.reports("facebook"))
    assert groups["linkedin"].denominator == world.capabilities.profile("linkedin").denominator


def test_metric_series_sum_the_metric_of_sent_posts_per_network_and_month(gql: GraphQLClient) -> None:
    world = world_of(gql)
    summary = summarize(namespace_of(gql), "impressions")
    assert summary.metric == "impressions"
    expected: dict[tuple[str, str], float] = {}
    for post in world.posts.values():
        if post.status == "sent" and post.sent_at and post.metrics and "impressions" in post.metrics:
            key = (world.channels[post.channel_id].service, month_of(post.sent_at))
            expected[key] = expected.get(key, 0.0) + post.metrics["impressions"]
    got = {(s.service, month): value for s in summary.series for month, value in s.points}
    assert got == pytest.approx(expected)
    assert "bluesky" not in {s.service for s in summary.series}  # bluesky reports no impressions


def test_engagement_rate_is_averaged_not_summed(gql: GraphQLClient) -> None:
    summary = summarize(namespace_of(gql), "engagementRate")
    assert summary.series
    assert all(0 <= value <= 100 for s in summary.series for _, value in s.points)


def test_an_unknown_metric_falls_back_to_impressions(gql: GraphQLClient) -> None:
    summary = summarize(namespace_of(gql), "<script>")
    assert summary.metric == "impressions"
    assert "postCount" not in summary.metric_choices  # aggregation-only, never on a post


def test_the_next_publication_is_the_soonest_scheduled_post(gql: GraphQLClient) -> None:
    world = world_of(gql)
    upcoming = summarize(namespace_of(gql)).next_publication
    assert upcoming is not None
    due = [p.due_at for p in world.posts.values() if p.status == "scheduled" and p.due_at is not None]
    assert upcoming.due_at == min(due)
    assert upcoming.due_at >= world.clock.now()


# --- the chart ----------------------------------------------------------------------------------
def test_the_chart_draws_one_line_per_network_and_a_point_per_month() -> None:
    series = [
        Series("facebook", (("2026-01", 10.0), ("2026-02", 30.0))),
        Series("twitter", (("2026-02", 5.0),)),
    ]
    svg = line_chart_svg(series, title="impressions")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<polyline") == 2
    assert svg.count("<circle") == 3
    assert "style=" not in svg  # renders under style-src 'self'
    assert "facebook 2026-02: 30" in svg


def test_the_chart_says_so_when_there_is_nothing_to_draw() -> None:
    svg = line_chart_svg([], title="views")
    assert "No sent post reports this metric yet." in svg
    assert "<polyline" not in svg


def test_the_chart_escapes_its_texts() -> None:
    svg = line_chart_svg([Series(XSS, (("2026-01", 1.0),))], title=XSS)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


@pytest.mark.parametrize(("value", "ceiling"), [(0, 1), (7, 10), (12, 20), (230, 250), (41_206, 50_000)])
def test_the_y_axis_ends_on_a_round_number(value: float, ceiling: float) -> None:
    assert nice_ceiling(value) == ceiling


# --- the page -----------------------------------------------------------------------------------
def test_a_browser_gets_the_world_page(gql: GraphQLClient) -> None:
    response = gql.http.get("/_mock/", headers=HTML)
    assert response.status_code == 200
    assert "default-src 'none'" in response.headers["content-security-policy"]
    html = response.text
    world = world_of(gql)
    for organization in world.organizations.values():
        assert organization.name in html
    assert '<figure id="metrics-chart"><svg' in html
    assert f"<b>{format_datetime_ms(world.clock.now())}</b>" in html
    assert "<script" not in html  # the page has no script at all
    assert gql.http.get("/_mock", headers=HTML).status_code == 200


def test_json_clients_get_what_unserved_paths_answer_on_the_world_page(gql: GraphQLClient) -> None:
    assert gql.http.get("/_mock/").status_code == 401
    authenticated = gql.http.get("/_mock/", headers={"authorization": f"Bearer {DEFAULT_KEY}"})
    assert authenticated.status_code == 404
    assert authenticated.json()["errors"][0]["message"] == "Cannot GET /_mock/"


def test_the_page_shows_the_chosen_metric_and_links_the_others(gql: GraphQLClient) -> None:
    html = gql.http.get("/_mock/?metric=reach", headers=HTML).text
    assert "reach per network per month" in html
    assert 'href="?namespace=default&amp;metric=views#metrics"' in html


def test_a_namespace_that_does_not_exist_is_a_404_page(gql: GraphQLClient) -> None:
    response = gql.http.get("/_mock/?namespace=never-used", headers=HTML)
    assert response.status_code == 404
    assert "Namespace &#x27;never-used&#x27; does not exist yet" in response.text
    assert "never-used" not in gql.http.app.state.namespaces.names()  # type: ignore[attr-defined]


def test_each_namespace_shows_its_own_world(gql: GraphQLClient) -> None:
    gql.http.post(
        "/graphql", json={"query": "{ account { id } }"}, headers=gql.headers(**{NAMESPACE: "other"})
    )
    world = world_of(gql, "other")
    post = next(p for p in world.posts.values() if p.status == "scheduled")
    world.update_post(post.id, text="only in the other namespace", due_at=world.clock.now() + 60_000)
    assert "only in the other namespace" in gql.http.get("/_mock/?namespace=other", headers=HTML).text
    assert "only in the other namespace" not in gql.http.get("/_mock/", headers=HTML).text


def test_fixture_text_is_escaped(make_client: Callable[..., GraphQLClient], default_data: WorldData) -> None:
    data = copy.deepcopy(default_data)
    for post in data.posts:
        post.text = XSS
    data.organizations[0].name = XSS
    data.channels[0].name = XSS
    data.channels[0].display_name = None
    html = make_client(data=data).http.get("/_mock/", headers=HTML).text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in html
    assert re.search(r'id="next-publication">.*&lt;img src=x onerror=alert\(1\)&gt;', html, re.S)
