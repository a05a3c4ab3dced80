"""Substack and WhatsApp (2026-10): channels, metadata, posts, metrics; invisible in 2026-08-13."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.fixtures.loader import WorldData
from tests.conftest import frozen_settings
from tests.integration.october.support import VersionedClient

MAIN_ORG = "655bf300ed9b7949faa6a0c6"
MAIN_TIKTOK = "68a90480fc3648ed435b7260"
CHANNELS = """
query Channels($org: OrganizationId!) {
  channels(input: {organizationId: $org}) {
    id service type descriptor
    metadata { __typename ... on WhatsAppMetadata { businessPortfolioId phoneNumberId wabaId lastSubscribedAt } }
  }
  account { organizations { id channelCount } }
}
"""
CHANNEL = "query One($id: ChannelId!) { channel(input: {id: $id}) { id service } }"
POSTS = """
query Posts($org: OrganizationId!, $channels: [ChannelId!]) {
  posts(input: {organizationId: $org, filter: {channelIds: $channels}}, first: 100) {
    edges { node { id status channelService metrics { type value }
      metadata { __typename ... on SubstackPostMetadata { type annotations { text } linkAttachment { url title } } } } }
  }
}
"""
AGGREGATE = """
query Aggregate($org: OrganizationId!, $channels: [ChannelId!]) {
  aggregatedPostMetrics(input: {organizationId: $org, channelIds: $channels,
    startDateTime: "2026-01-01T00:00:00Z", endDateTime: "2026-11-15T00:00:00Z"}) { metrics { type value } }
}
"""
CREATE = """
mutation Create($input: CreatePostInput!) {
  createPost(input: $input) {
    __typename
    ... on PostActionSuccess { post { id channelService metadata { __typename ... on SubstackPostMetadata { type linkAttachment { url } } } } }
    ... on MutationError { message }
  }
}
"""


@pytest.fixture(scope="module")
def october(default_data: WorldData) -> VersionedClient:
    return VersionedClient(default_data, frozen_settings())


@pytest.fixture(scope="module")
def reference(default_data: WorldData) -> VersionedClient:
    return VersionedClient(default_data, frozen_settings(), version="2026-08-13")


def channel_of(client: VersionedClient, service: str) -> str:
    return next(c.id for c in client.world.channels_of(MAIN_ORG) if c.service == service)


def test_2026_10_lists_substack_and_whatsapp_channels_with_their_metadata(october: VersionedClient) -> None:
    data = october.data(CHANNELS, {"org": MAIN_ORG})
    by_service = {c["service"]: c for c in data["channels"]}
    assert by_service["substack"]["type"] == "profile" and by_service["substack"]["metadata"] is None
    assert by_service["substack"]["descriptor"] == "Substack Profile"
    whatsapp = by_service["whatsapp"]
    assert whatsapp["descriptor"] == "WhatsApp Account"
    metadata = whatsapp["metadata"]
    assert metadata["__typename"] == "WhatsAppMetadata"
    assert all(metadata[k].isdigit() for k in ("businessPortfolioId", "phoneNumberId", "wabaId"))
    assert metadata["lastSubscribedAt"].endswith("Z")
    [main] = [o for o in data["account"]["organizations"] if o["id"] == MAIN_ORG]
    assert main["channelCount"] == len(data["channels"])


def test_2026_08_13_does_not_see_them(october: VersionedClient, reference: VersionedClient) -> None:
    query = CHANNELS.replace(
        "metadata { __typename ... on WhatsAppMetadata { businessPortfolioId phoneNumberId wabaId lastSubscribedAt } }",
        "",
    )
    data = reference.data(query, {"org": MAIN_ORG})
    services = {c["service"] for c in data["channels"]}
    assert not services & {"substack", "whatsapp"}
    [main] = [o for o in data["account"]["organizations"] if o["id"] == MAIN_ORG]
    assert (
        main["channelCount"]
        == len(data["channels"])
        == len(october.data(CHANNELS, {"org": MAIN_ORG})["channels"]) - 2
    )
    for service in ("substack", "whatsapp"):
        assert reference.error_codes(CHANNEL, {"id": channel_of(reference, service)}) == ["NOT_FOUND"]
        assert october.data(CHANNEL, {"id": channel_of(october, service)})["channel"]["service"] == service


def test_posts_of_the_new_networks_exist_only_in_2026_10(
    october: VersionedClient, reference: VersionedClient
) -> None:
    substack = channel_of(october, "substack")
    nodes = [
        e["node"] for e in october.data(POSTS, {"org": MAIN_ORG, "channels": [substack]})["posts"]["edges"]
    ]
    assert {n["status"] for n in nodes} == {"sent", "draft", "scheduled"}
    sent = [n for n in nodes if n["status"] == "sent"]
    assert all({m["type"] for m in n["metrics"]} == {"comments", "reactions", "reposts"} for n in sent)
    linked = [n for n in nodes if n["metadata"] and n["metadata"]["linkAttachment"]]
    assert linked and linked[0]["metadata"]["__typename"] == "SubstackPostMetadata"
    assert reference.data(
        POSTS.split("metadata {")[0] + "} } } }", {"org": MAIN_ORG, "channels": [substack]}
    ) == {"posts": {"edges": []}}
    post_id = nodes[0]["id"]
    assert reference.error_codes(
        "query P($id: PostId!) { post(input: {id: $id}) { id } }", {"id": post_id}
    ) == ["NOT_FOUND"]


def test_whatsapp_aggregate_has_its_extras(october: VersionedClient) -> None:
    whatsapp = channel_of(october, "whatsapp")
    metrics = october.data(AGGREGATE, {"org": MAIN_ORG, "channels": [whatsapp]})["aggregatedPostMetrics"][
        "metrics"
    ]
    assert [m["type"] for m in metrics] == ["postCount", "reactions", "comments", "views"]
    assert metrics[0]["value"] == 6 and metrics[2]["value"] == 0


def test_average_time_watched_is_served_only_in_2026_10(
    october: VersionedClient, reference: VersionedClient
) -> None:
    october_types = [
        m["type"]
        for m in october.data(AGGREGATE, {"org": MAIN_ORG, "channels": [MAIN_TIKTOK]})[
            "aggregatedPostMetrics"
        ]["metrics"]
    ]
    reference_types = [
        m["type"]
        for m in reference.data(AGGREGATE, {"org": MAIN_ORG, "channels": [MAIN_TIKTOK]})[
            "aggregatedPostMetrics"
        ]["metrics"]
    ]
    assert "averageTimeWatched" in october_types
    assert [t for t in october_types if t != "averageTimeWatched"] == reference_types


def create(client: VersionedClient, payload: dict[str, Any]) -> dict[str, Any]:
    base = {"schedulingType": "automatic", "mode": "addToQueue", "saveToDraft": True}
    return client.data(CREATE, {"input": {**base, **payload}})["createPost"]  # type: ignore[no-any-return]


def test_a_substack_post_with_a_link_card(october: VersionedClient) -> None:
    substack = channel_of(october, "substack")
    answer = create(
        october,
        {
            "channelId": substack,
            "text": "New letter",
            "metadata": {"substack": {"linkAttachment": {"url": "https://x.test/p"}}},
        },
    )
    assert answer["__typename"] == "PostActionSuccess"
    post = answer["post"]
    assert post["channelService"] == "substack"
    assert post["metadata"] == {
        "__typename": "SubstackPostMetadata",
        "type": "post",
        "linkAttachment": {"url": "https://x.test/p"},
    }


def test_a_whatsapp_post_carries_no_metadata_and_refuses_a_video_too_long(october: VersionedClient) -> None:
    whatsapp = channel_of(october, "whatsapp")
    answer = create(october, {"channelId": whatsapp, "text": "Open today"})
    assert answer["__typename"] == "PostActionSuccess" and answer["post"]["metadata"] is None
    long_video = {"video": {"url": "https://cdn.example.test/a.mp4#mock-seconds=181"}}
    refused = create(october, {"channelId": whatsapp, "text": "Clip", "assets": [long_video]})
    assert refused == {
        "__typename": "InvalidInputError",
        "message": "Invalid post: WhatsApp videos are limited to 180 seconds (assets[0] runs 181 s).",
    }
    substack_video = create(
        october, {"channelId": channel_of(october, "substack"), "text": "x", "assets": [long_video]}
    )
    assert substack_video["message"] == "Invalid post: Substack posts cannot carry a video."
