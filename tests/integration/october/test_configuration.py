"""configuration (2026-10): per channel and per network, derived from the network table."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.fixtures.loader import WorldData
from mockserver.networks import NETWORKS
from tests.conftest import frozen_settings
from tests.integration.october.support import OUTSIDER_KEY, VersionedClient

MAIN_ORG = "655bf300ed9b7949faa6a0c6"
OUTSIDER_ORG = "676b4b0032954dd3606878b3"
PREMIUM_TWITTER = "66075600877698984c452032"
DISCONNECTED_TWITTER = "67806300ab3be97e401730bd"
LOCKED_INSTAGRAM = "6848c700067ca76cefc2f653"
QUERY = """
query Configuration($org: OrganizationId!) {
  configuration(input: {organizationId: $org}) {
    channels {
      channelId service channelType
      authorizationStatus { feature status reason }
      content { configurationContentTypes supportedProperties rules { __typename property ... on LengthRule { maxLength } } }
      engagement {
        engagementType
        media { supportsMedia }
        replying { supportsReplying prefixReplyWithMention }
        reactions { restingIcon requiresAuthorization supportedReactions { reactionType visual { __typename ... on IconVisual { icon } } } }
        supportedAiFeatures
        syncData { syncDataMechanism forcedSyncConfiguration { pollInterval forcedSyncRateLimit { allowedAttempts period } } }
      }
    }
    services { service channelType }
  }
}
"""


@pytest.fixture(scope="module")
def client(default_data: WorldData) -> VersionedClient:
    return VersionedClient(default_data, frozen_settings())


@pytest.fixture(scope="module")
def configuration(client: VersionedClient) -> dict[str, Any]:
    return client.data(QUERY, {"org": MAIN_ORG})["configuration"]  # type: ignore[no-any-return]


def channel(configuration: dict[str, Any], channel_id: str) -> dict[str, Any]:
    return next(c for c in configuration["channels"] if c["channelId"] == channel_id)


def test_one_entry_per_channel_of_the_organization(
    client: VersionedClient, configuration: dict[str, Any]
) -> None:
    expected = [c.id for c in client.world.channels_of(MAIN_ORG)]
    assert [c["channelId"] for c in configuration["channels"]] == expected


def test_one_entry_per_network_and_channel_type(configuration: dict[str, Any]) -> None:
    expected = [(s, t) for s in NETWORKS.services_in("2026-10") for t in NETWORKS.profile(s).channel_types]
    assert [(s["service"], s["channelType"]) for s in configuration["services"]] == expected
    assert ("whatsapp", "account") in expected and ("substack", "profile") in expected


def test_a_premium_twitter_channel_reports_its_lifted_text_limit(configuration: dict[str, Any]) -> None:
    [content] = channel(configuration, PREMIUM_TWITTER)["content"]
    lengths = [r["maxLength"] for r in content["rules"] if r["__typename"] == "LengthRule"]
    assert lengths == [25_000]
    assert {"text", "image", "video", "thread", "retweetAttachment"} <= set(content["supportedProperties"])


def test_authorization_status_per_feature(configuration: dict[str, Any]) -> None:
    def statuses(channel_id: str) -> dict[str, str]:
        return {s["feature"]: s["status"] for s in channel(configuration, channel_id)["authorizationStatus"]}

    assert statuses(PREMIUM_TWITTER) == {
        "comment": "notEnoughRights",
        "engagementReaction": "notEnoughRights",
        "insights": "ok",
        "mention": "notEnoughRights",
        "posting": "ok",
    }
    assert statuses(DISCONNECTED_TWITTER)["posting"] == "needsRefresh"
    assert statuses(LOCKED_INSTAGRAM) == {
        "comment": "needsUpgrade",
        "engagementReaction": "needsUpgrade",
        "insights": "needsUpgrade",
        "mention": "needsUpgrade",
        "posting": "needsUpgrade",
    }
    reasons = {
        s["feature"]: s["reason"] for s in channel(configuration, DISCONNECTED_TWITTER)["authorizationStatus"]
    }
    assert reasons["posting"] == "Reconnect the channel to use this feature."
    assert reasons["comment"] == "Twitter channels do not offer this feature through Buffer."


def test_engagement_settings_of_an_instagram_channel(configuration: dict[str, Any]) -> None:
    engagement = channel(configuration, LOCKED_INSTAGRAM)["engagement"]
    assert [e["engagementType"] for e in engagement] == ["comment", "mention"]
    comment = engagement[0]
    assert comment["replying"] == {"supportsReplying": True, "prefixReplyWithMention": True}
    assert comment["reactions"]["supportedReactions"] == [
        {"reactionType": "like", "visual": {"__typename": "IconVisual", "icon": "like"}}
    ]
    assert comment["syncData"] == {"syncDataMechanism": "realTime", "forcedSyncConfiguration": None}
    assert comment["supportedAiFeatures"] == [] and comment["media"] == {"supportsMedia": False}


def test_another_organization_is_forbidden(client: VersionedClient) -> None:
    assert client.error_codes(QUERY, {"org": OUTSIDER_ORG}) == ["FORBIDDEN"]
    assert client.error_codes(QUERY, {"org": MAIN_ORG}, token=OUTSIDER_KEY) == ["FORBIDDEN"]
    assert client.error_codes(QUERY, {"org": "0123456789abcdef01234567"}) == ["NOT_FOUND"]


def test_configuration_does_not_exist_in_2026_08_13(default_data: WorldData) -> None:
    reference = VersionedClient(default_data, frozen_settings(), version="2026-08-13")
    outcome = reference.result(QUERY, {"org": MAIN_ORG})
    assert outcome.errors and "Cannot query field 'configuration' on type 'Query'." in str(outcome.errors[0])
