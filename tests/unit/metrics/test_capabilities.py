from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from graphql import GraphQLEnumType, build_schema

from mockserver.metrics.capabilities import (
    SERVICES,
    CapabilitiesError,
    NetworkCapabilities,
    default_networks_path,
    load_capabilities,
    parse_capabilities,
)
from mockserver.schema import load_type_defs
from mockserver.services import services_in


def _default_data() -> dict[str, Any]:
    return yaml.safe_load(default_networks_path().read_text(encoding="utf-8"))


def _networks_reporting(capabilities: NetworkCapabilities, metric_type: str) -> set[str]:
    return {s for s in SERVICES if metric_type in capabilities.reports(s)}


@pytest.mark.parametrize("version", ["2026-08-13", "2026-10"])
def test_networks_file_covers_exactly_the_served_service_enum(
    capabilities: NetworkCapabilities, version: str
) -> None:
    service = build_schema("\n".join(load_type_defs(version))).type_map["Service"]
    assert isinstance(service, GraphQLEnumType)
    assert list(service.values) == list(services_in(version))
    assert list(capabilities.networks) == list(SERVICES) == list(services_in("2026-10"))


@pytest.mark.parametrize(
    ("metric_type", "networks"),
    [
        ("saves", {"instagram", "pinterest"}),
        ("follows", {"instagram"}),
        ("quotes", {"threads"}),
        ("viewers", {"linkedin"}),
        ("totalTimeWatched", {"linkedin"}),
        ("likes", {"facebook"}),
    ],
)
def test_network_specific_metrics_belong_to_their_documented_networks(
    capabilities: NetworkCapabilities, metric_type: str, networks: set[str]
) -> None:
    assert _networks_reporting(capabilities, metric_type) == networks


def test_linkedin_reports_the_documented_extras(capabilities: NetworkCapabilities) -> None:
    extras = capabilities.reports("linkedin") - {"reactions", "comments"}
    assert extras == {"impressions", "reach", "engagementRate", "viewers", "totalTimeWatched"}


def test_threads_reports_the_observed_aggregate_set(capabilities: NetworkCapabilities) -> None:
    assert capabilities.reports("threads") == {
        "reactions", "comments", "engagementRate", "views", "quotes", "reposts"
    }  # fmt: skip


def test_facebook_reports_impressions_and_instagram_tiktok_report_views(
    capabilities: NetworkCapabilities,
) -> None:
    assert "impressions" in capabilities.reports("facebook")
    assert "views" in capabilities.reports("instagram")
    assert "views" in capabilities.reports("tiktok")
    assert not {"saves", "follows"} & (capabilities.reports("facebook") | capabilities.reports("tiktok"))


@pytest.mark.parametrize(
    ("service", "native", "normalized"),
    [
        ("instagram", "likes", "reactions"),
        ("twitter", "likes", "reactions"),
        ("mastodon", "favorites", "reactions"),
        ("twitter", "retweets", "reposts"),
        ("mastodon", "reblogs", "reposts"),
        ("threads", "replies", "comments"),
    ],
)
def test_documented_native_names_map_to_their_normalized_type(
    capabilities: NetworkCapabilities, service: str, native: str, normalized: str
) -> None:
    assert capabilities.profile(service).native[native] == normalized


def test_a_network_without_reactions_or_comments_is_representable(capabilities: NetworkCapabilities) -> None:
    assert capabilities.reports("startPage") == {"clicks"}


def test_unknown_field_in_a_network_is_rejected() -> None:
    data = _default_data()
    data["networks"]["youtube"]["reportz"] = ["views"]
    with pytest.raises(CapabilitiesError, match=r"networks\.youtube\.reportz"):
        parse_capabilities(data)


@pytest.mark.parametrize(
    ("bad_type", "reason"),
    [
        ("retweets", "deprecated"),
        ("postCount", "aggregation-only"),
        ("likez", "not a PostMetricType"),
    ],
)
def test_reports_must_be_emittable_metric_types(bad_type: str, reason: str) -> None:
    data = _default_data()
    data["networks"]["youtube"]["reports"].append(bad_type)
    with pytest.raises(CapabilitiesError, match=reason):
        parse_capabilities(data)


def test_every_service_must_be_described_once() -> None:
    data = _default_data()
    del data["networks"]["tiktok"]
    data["networks"]["myspace"] = {"reports": []}
    with pytest.raises(CapabilitiesError, match=r"unknown networks: myspace.*missing networks: tiktok"):
        parse_capabilities(data)


def test_only_version_1_is_understood() -> None:
    data = _default_data()
    data["version"] = 2
    with pytest.raises(CapabilitiesError, match="version"):
        parse_capabilities(data)


def test_engagement_rate_needs_engagement_types_and_a_denominator() -> None:
    with pytest.raises(CapabilitiesError, match="needs engagementTypes and denominator"):
        load_capabilities(overrides={"tiktok": {"reports": ["views", "engagementRate"]}})


def test_denominator_must_be_a_reported_type() -> None:
    override = {"reports": ["reach", "engagementRate"], "engagementTypes": [], "denominator": "views"}
    with pytest.raises(CapabilitiesError, match="denominator 'views' is not reported"):
        load_capabilities(overrides={"tiktok": override})


def test_native_names_must_map_to_a_reported_type() -> None:
    with pytest.raises(CapabilitiesError, match="maps to 'reactions'"):
        load_capabilities(overrides={"tiktok": {"reports": ["views"]}})


def test_override_replaces_the_lists_of_one_network_only(capabilities: NetworkCapabilities) -> None:
    changed = load_capabilities(overrides={"youtube": {"reports": ["comments", "views"], "native": {}}})
    assert changed.reports("youtube") == {"comments", "views"}
    assert changed.reports("tiktok") == capabilities.reports("tiktok")


def test_override_for_an_unknown_network_is_rejected() -> None:
    with pytest.raises(CapabilitiesError, match="unknown network 'orkut'"):
        load_capabilities(overrides={"orkut": {"reports": []}})


def test_unreadable_or_invalid_yaml_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CapabilitiesError, match="cannot read"):
        load_capabilities(tmp_path / "absent.yaml")
    broken = tmp_path / "networks.yaml"
    broken.write_text("version: [1\n", encoding="utf-8")
    with pytest.raises(CapabilitiesError, match="not valid YAML"):
        load_capabilities(broken)


def test_default_file_is_found_in_an_installed_package_before_the_repo(tmp_path: Path) -> None:
    package_dir = tmp_path / "mockserver"
    (package_dir / "_fixtures").mkdir(parents=True)
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "networks.yaml").write_text("repo", encoding="utf-8")
    assert default_networks_path(package_dir) == tmp_path / "fixtures" / "networks.yaml"
    (package_dir / "_fixtures" / "networks.yaml").write_text("wheel", encoding="utf-8")
    assert default_networks_path(package_dir) == package_dir / "_fixtures" / "networks.yaml"


def test_missing_default_file_names_the_places_searched(tmp_path: Path) -> None:
    with pytest.raises(CapabilitiesError, match="_fixtures"):
        default_networks_path(tmp_path / "mockserver")
