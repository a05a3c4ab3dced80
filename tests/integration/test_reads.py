"""Read queries with Buffer's semantics, on the default world."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver import errors
from mockserver.schema.versions import DEFAULT_VERSION
from mockserver.services import services_in
from tests.conftest import GraphQLClient

POSTS = """query($input: PostsInput!, $first: Int, $after: String) {
  posts(input: $input, first: $first, after: $after) {
    edges { cursor node { id status createdAt dueAt channelId channelService tags { id name } allowedActions } }
    pageInfo { startCursor endCursor hasNextPage hasPreviousPage }
  }
}"""


def org_id(gql: GraphQLClient) -> str:
    return gql.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]


def all_posts(gql: GraphQLClient, input: dict[str, Any], page: int = 100) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        data = gql.data(POSTS, {"input": input, "first": page, "after": after})["posts"]
        nodes.extend(e["node"] for e in data["edges"])
        if not data["pageInfo"]["hasNextPage"]:
            return nodes
        after = data["pageInfo"]["endCursor"]


@pytest.fixture
def org(gql: GraphQLClient) -> str:
    return org_id(gql)


def test_account_lists_only_the_actors_organizations(gql: GraphQLClient) -> None:
    orgs = gql.data("{ account { id email organizations { id name channelCount } } }")["account"][
        "organizations"
    ]
    assert len(orgs) >= 1
    for org in orgs:
        channels = gql.data(
            "query($o: OrganizationId!) { channels(input: {organizationId: $o}) { id } }", {"o": org["id"]}
        )["channels"]
        assert org["channelCount"] == len(channels)


def test_organization_filter_returns_the_matching_org_only(gql: GraphQLClient, org: str) -> None:
    orgs = gql.data(
        "query($o: String!) { account { organizations(filter: {organizationId: $o}) { id } } }", {"o": org}
    )["account"]["organizations"]
    assert orgs == [{"id": org}]


def test_default_world_has_a_channel_for_every_service(gql: GraphQLClient, org: str) -> None:
    services = {
        c["service"]
        for c in gql.data(
            "query($o: OrganizationId!) { channels(input: {organizationId: $o}) { service } }", {"o": org}
        )["channels"]
    }
    assert services == set(services_in(DEFAULT_VERSION))  # the newest version: every network


def test_channels_is_locked_filter(gql: GraphQLClient, org: str) -> None:
    q = "query($o: OrganizationId!, $l: Boolean) { channels(input: {organizationId: $o, filter: {isLocked: $l}}) { isLocked } }"
    everything = gql.data(q, {"o": org, "l": None})["channels"]
    locked = gql.data(q, {"o": org, "l": True})["channels"]
    unlocked = gql.data(q, {"o": org, "l": False})["channels"]
    assert locked and all(c["isLocked"] for c in locked)
    assert all(not c["isLocked"] for c in unlocked)
    assert len(locked) + len(unlocked) == len(everything)


def test_pagination_walks_every_post_exactly_once(gql: GraphQLClient, org: str) -> None:
    small_pages = all_posts(gql, {"organizationId": org}, page=7)
    big_pages = all_posts(gql, {"organizationId": org}, page=100)
    assert [p["id"] for p in small_pages] == [p["id"] for p in big_pages]
    assert len({p["id"] for p in small_pages}) == len(small_pages) > 100


def test_default_page_size_is_25_and_page_info_is_consistent(gql: GraphQLClient, org: str) -> None:
    data = gql.data(POSTS, {"input": {"organizationId": org}})["posts"]
    assert len(data["edges"]) == 25
    info = data["pageInfo"]
    assert info["startCursor"] == data["edges"][0]["cursor"]
    assert info["endCursor"] == data["edges"][-1]["cursor"]
    assert info["hasNextPage"] is True and info["hasPreviousPage"] is False


def test_first_above_100_is_refused_with_buffers_message(gql: GraphQLClient, org: str) -> None:
    response = gql.post(POSTS, {"input": {"organizationId": org}, "first": 101})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["message"] == errors.MSG_PAGINATION_LIMIT


def test_garbage_cursor_is_a_clear_error(gql: GraphQLClient, org: str) -> None:
    body = gql.post(POSTS, {"input": {"organizationId": org}, "after": "garbage"}).json()
    assert body["errors"][0]["message"] == errors.MSG_INVALID_CURSOR


def test_default_order_is_newest_created_first(gql: GraphQLClient, org: str) -> None:
    nodes = all_posts(gql, {"organizationId": org})
    created = [n["createdAt"] for n in nodes]
    assert created == sorted(created, reverse=True)


def test_sort_by_due_at_ascending_with_created_at_tie_break(gql: GraphQLClient, org: str) -> None:
    nodes = all_posts(
        gql,
        {
            "organizationId": org,
            "filter": {"status": ["scheduled"]},
            "sort": [{"field": "dueAt", "direction": "asc"}, {"field": "createdAt", "direction": "desc"}],
        },
    )
    keys = [(n["dueAt"], n["createdAt"]) for n in nodes]
    assert keys == sorted(keys, key=lambda k: (k[0], [-ord(c) for c in k[1]]))


def test_status_filter_partitions_the_posts(gql: GraphQLClient, org: str) -> None:
    everything = all_posts(gql, {"organizationId": org})
    statuses = {n["status"] for n in everything}
    assert statuses == {"draft", "needs_approval", "scheduled", "sending", "sent", "error"}
    total = 0
    for status in statuses:
        subset = all_posts(gql, {"organizationId": org, "filter": {"status": [status]}})
        assert {n["status"] for n in subset} == {status}
        total += len(subset)
    assert total == len(everything)


def test_tag_filter_in_is_any_of_and_is_empty_is_union_with_untagged(gql: GraphQLClient, org: str) -> None:
    everything = all_posts(gql, {"organizationId": org})
    tag_ids = sorted({t["id"] for n in everything for t in n["tags"]})
    chosen = tag_ids[:2]
    with_tags = all_posts(gql, {"organizationId": org, "filter": {"tags": {"in": chosen}}})
    expected = {n["id"] for n in everything if {t["id"] for t in n["tags"]} & set(chosen)}
    assert {n["id"] for n in with_tags} == expected
    union = all_posts(gql, {"organizationId": org, "filter": {"tags": {"in": chosen, "isEmpty": True}}})
    untagged = {n["id"] for n in everything if not n["tags"]}
    assert untagged and {n["id"] for n in union} == expected | untagged


def test_channel_filter_and_denormalized_channel_fields(gql: GraphQLClient, org: str) -> None:
    everything = all_posts(gql, {"organizationId": org})
    channel_id = everything[0]["channelId"]
    subset = all_posts(gql, {"organizationId": org, "filter": {"channelIds": [channel_id]}})
    assert subset and all(n["channelId"] == channel_id for n in subset)
    post = gql.data(
        "query($i: PostId!) { post(input: {id: $i}) { channelId channelService channel { id service } } }",
        {"i": subset[0]["id"]},
    )["post"]
    assert post["channel"] == {"id": post["channelId"], "service": post["channelService"]}


def test_tags_on_a_post_are_sorted_by_name(gql: GraphQLClient, org: str) -> None:
    for node in all_posts(gql, {"organizationId": org}):
        names = [t["name"] for t in node["tags"]]
        assert names == sorted(names, key=str.lower)


def test_created_at_range_is_inclusive(gql: GraphQLClient, org: str) -> None:
    everything = all_posts(gql, {"organizationId": org})
    pivot = everything[len(everything) // 2]["createdAt"]
    subset = all_posts(gql, {"organizationId": org, "filter": {"createdAt": {"start": pivot, "end": pivot}}})
    assert subset and all(n["createdAt"] == pivot for n in subset)


def test_unknown_post_is_not_found_and_nulls_data(gql: GraphQLClient) -> None:
    body = gql.post('{ post(input: {id: "aaaaaaaaaaaaaaaaaaaaaaaa"}) { id } }').json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["message"] == errors.MSG_POST_NOT_FOUND


def test_unknown_channel_and_organization_are_not_found(gql: GraphQLClient) -> None:
    body = gql.post('{ channel(input: {id: "aaaaaaaaaaaaaaaaaaaaaaaa"}) { id } }').json()
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    body = gql.post('{ channels(input: {organizationId: "aaaaaaaaaaaaaaaaaaaaaaaa"}) { id } }').json()
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_unknown_post_template_is_null_not_an_error(gql: GraphQLClient) -> None:
    assert gql.data('{ postTemplate(input: {id: "aaaaaaaaaaaaaaaaaaaaaaaa"}) { id } }') == {
        "postTemplate": None
    }


def test_daily_posting_limits_one_entry_per_channel(gql: GraphQLClient, org: str) -> None:
    channels = gql.data(
        "query($o: OrganizationId!) { channels(input: {organizationId: $o}) { id } }", {"o": org}
    )["channels"]
    ids = [c["id"] for c in channels]
    limits = gql.data(
        "query($i: [ChannelId!]!) { dailyPostingLimits(input: {channelIds: $i}) "
        "{ channelId isAtLimit limit scheduled sent } }",
        {"i": ids},
    )["dailyPostingLimits"]
    assert [entry["channelId"] for entry in limits] == ids
    for entry in limits:
        assert entry["isAtLimit"] == (
            entry["limit"] is not None and entry["scheduled"] + entry["sent"] >= entry["limit"]
        )


def test_ideas_paginate_and_group_filter_is_one_of(gql: GraphQLClient, org: str) -> None:
    q = """query($input: IdeasInput!, $first: Int) { ideas(input: $input, first: $first) {
             edges { node { id groupId } } pageInfo { hasNextPage } } }"""
    grouped = gql.data(
        q, {"input": {"organizationId": org, "groupFilter": {"membership": "grouped"}}, "first": 100}
    )
    assert all(e["node"]["groupId"] for e in grouped["ideas"]["edges"])
    ungrouped = gql.data(
        q, {"input": {"organizationId": org, "groupFilter": {"membership": "ungrouped"}}, "first": 100}
    )
    assert all(e["node"]["groupId"] is None for e in ungrouped["ideas"]["edges"])
    both = gql.post(
        q, {"input": {"organizationId": org, "groupFilter": {"membership": "grouped", "groups": ["x"]}}}
    )
    assert both.status_code == 400


def test_post_templates_show_public_internal_and_own_private_only(gql: GraphQLClient, org: str) -> None:
    q = """query($o: OrganizationId!, $v: PostTemplateVisibility) {
             postTemplates(input: {organizationId: $o, filter: {visibility: $v}}, first: 100) {
               totalCount edges { node { id visibility organizationId } } } }"""
    everything = gql.data(q, {"o": org, "v": None})["postTemplates"]
    assert everything["totalCount"] == len(everything["edges"])
    visibilities = {e["node"]["visibility"] for e in everything["edges"]}
    assert visibilities == {"public", "internal", "private"}
    for visibility in visibilities:
        narrowed = gql.data(q, {"o": org, "v": visibility})["postTemplates"]
        assert {e["node"]["visibility"] for e in narrowed["edges"]} == {visibility}


def test_tag_color_name_is_derived_from_the_palette_and_null_for_custom_colors(
    gql: GraphQLClient, org: str
) -> None:
    nodes = gql.data(
        """query($input: PostsInput!) { posts(input: $input, first: 100) {
             edges { node { tags { color colorName } } } } }""",
        {"input": {"organizationId": org, "filter": {"tags": {"in": [], "isEmpty": False}}}},
    )
    assert nodes["posts"]["edges"] == []
    everything = all_posts(gql, {"organizationId": org})
    seen: dict[str, str | None] = {}
    for node in everything:
        if node["tags"]:
            detail = gql.data(
                "query($i: PostId!) { post(input: {id: $i}) { tags { color colorName } } }", {"i": node["id"]}
            )["post"]["tags"]
            seen.update({t["color"]: t["colorName"] for t in detail})
    assert any(name is not None for name in seen.values())
    assert any(name is None for name in seen.values())  # the default world has one custom color
