"""The network profile table (fixtures/networks.yaml): complete, consistent, one place per fact."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLUnionType

from mockserver.graphql_schema import build_schema
from mockserver.networks import (
    NETWORKS,
    MediaRules,
    NetworkProfile,
    NetworkTableError,
    default_networks_path,
    parse_network_table,
)
from mockserver.rules.allowed_actions import channel_descriptor

# Attributes a network may leave out: the engagement-rate pair only goes with engagementRate.
CONDITIONAL = {"engagementTypes", "denominator"}
OCTOBER = build_schema("2026-10")


def _raw() -> dict[str, Any]:
    return yaml.safe_load(default_networks_path().read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _aliases(model: type[Any]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()}


@pytest.mark.parametrize("service", NETWORKS.services)
def test_every_service_states_every_attribute(service: str) -> None:
    raw = _raw()["networks"][service]
    assert _aliases(NetworkProfile) - CONDITIONAL <= set(raw), sorted(_aliases(NetworkProfile) - set(raw))
    assert set(raw["media"]) == _aliases(MediaRules)


def test_the_table_lists_the_2026_10_networks_after_the_reference_ones() -> None:
    assert NETWORKS.services_in("2026-08-13") == (
        "bluesky",
        "facebook",
        "googlebusiness",
        "instagram",
        "linkedin",
        "mastodon",
        "pinterest",
        "startPage",
        "threads",
        "tiktok",
        "twitter",
        "youtube",
    )
    assert NETWORKS.services_in("2026-10")[-2:] == ("substack", "whatsapp")


@pytest.mark.parametrize("service", NETWORKS.services)
def test_metadata_types_and_input_keys_exist_in_the_schema_of_the_network(service: str) -> None:
    profile = NETWORKS.profile(service)
    channel_union = OCTOBER.type_map["ChannelMetadata"]
    post_union = OCTOBER.type_map["PostMetadata"]
    inputs = OCTOBER.type_map["PostInputMetaData"]
    assert isinstance(channel_union, GraphQLUnionType) and isinstance(post_union, GraphQLUnionType)
    assert isinstance(inputs, GraphQLInputObjectType)
    if profile.channel_metadata is not None:
        assert profile.channel_metadata in {t.name for t in channel_union.types}
    if profile.post_metadata is not None:
        assert profile.post_metadata.type in {t.name for t in post_union.types}
        assert profile.post_metadata.input_key in inputs.fields
    reference = build_schema("2026-08-13")
    if profile.since == "2026-10":
        assert service not in reference.type_map["Service"].values  # type: ignore[attr-defined]


def _enum_values(name: str) -> set[str]:
    enum = OCTOBER.type_map[name]
    assert isinstance(enum, GraphQLEnumType)
    return set(enum.values)


def test_table_values_are_values_of_the_configuration_enums() -> None:
    content_types = _enum_values("ConfigurationContentType")
    formats = _enum_values("MediaFormat")
    reactions = _enum_values("ReactionType")
    post_types = _enum_values("PostType")
    for profile in NETWORKS.networks.values():
        assert set(profile.post_types.allowed) <= content_types & post_types
        assert set(profile.media.image_formats) | set(profile.media.video_formats) <= formats
        assert set(profile.engagement.reactions) <= reactions


def test_descriptors_come_from_the_table() -> None:
    assert channel_descriptor("instagram", "business") == "Instagram Professional Account"
    assert channel_descriptor("googlebusiness", "business") == "Google Business Business"
    assert channel_descriptor("whatsapp", "account") == "WhatsApp Account"
    assert channel_descriptor("substack", "profile") == "Substack Profile"


def test_a_network_missing_an_attribute_is_refused_naming_it() -> None:
    data = _raw()
    del data["networks"]["tiktok"]["media"]
    with pytest.raises(NetworkTableError, match=r"networks\.tiktok\.media: Field required"):
        parse_network_table(data)


def test_inconsistent_facts_are_refused() -> None:
    data = _raw()
    data["networks"]["whatsapp"]["threads"] = True  # threads need post metadata, WhatsApp has none
    with pytest.raises(NetworkTableError, match="need postMetadata"):
        parse_network_table(data)
    data = _raw()
    data["networks"]["tiktok"]["media"]["required"] = ["document"]
    with pytest.raises(NetworkTableError, match=r"media\.required lists a kind outside media\.kinds"):
        parse_network_table(data)


def test_adding_a_network_is_one_block_of_data() -> None:
    data = _raw()
    data["networks"]["myspace"] = {**copy.deepcopy(data["networks"]["bluesky"]), "since": "2026-10"}
    data["networks"]["myspace"]["label"] = "Myspace"
    data["networks"]["myspace"]["postMetadata"] = None
    data["networks"]["myspace"]["threads"] = False
    data["networks"]["myspace"]["linkAttachment"] = False
    table = parse_network_table(data)
    assert table.services_in("2026-10")[-1] == "myspace"
    assert table.profile("myspace").descriptor_for("profile", "Profile") == "Bluesky Profile"
