"""The network capability matrix: which normalized metric types each ``Service`` reports.

The metric view of the network profile table (``networks.yaml``, :mod:`mockserver.networks`):
its ``reports`` / ``native`` / ``engagementTypes`` / ``denominator`` attributes, checked against
the metric catalog; a fixture world may override any network's metric attributes.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mockserver.metrics.catalog import (
    ALL_REPORTABLE_TYPES,
    DEPRECATED_TYPES,
    ENGAGEMENT_RATE,
    ENUM_POSITION,
    PERCENTAGE_TYPES,
    POST_COUNT,
)
from mockserver.networks import (
    NetworkTableError,
    format_validation_error,
    parse_network_table,
    read_networks_file,
)
from mockserver.networks import default_networks_path as _default_networks_path
from mockserver.services import ALL_SERVICES

SERVICES = ALL_SERVICES  # every service the table knows (both schema versions)
DENOMINATOR_TYPES: tuple[str, ...] = ("impressions", "reach", "views")
# The metric attributes of a network profile (the only ones a fixture world may override).
METRIC_FIELDS: tuple[str, ...] = ("reports", "native", "engagementTypes", "denominator", "unknownMetrics")

_REPORTABLE = frozenset(ALL_REPORTABLE_TYPES)


class CapabilitiesError(ValueError):
    """The capability data is invalid (bad file, unknown network or metric type, bad override)."""


def _reportable_or_explain(name: str) -> str | None:
    """None when ``name`` is a type a network may report, else why not."""
    if name == POST_COUNT:
        return "postCount is aggregation-only and never reported by a network"
    if name in DEPRECATED_TYPES:
        return f"{name} is a deprecated PostMetricType that is never emitted"
    if name not in _REPORTABLE:
        return f"{name!r} is not a PostMetricType"
    return None


class NetworkProfile(BaseModel):
    """What one network reports, and how its engagement rate is made."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    reports: tuple[str, ...]
    native: dict[str, str] = Field(default_factory=dict)
    engagement_types: tuple[str, ...] | None = Field(default=None, alias="engagementTypes")
    denominator: Literal["impressions", "reach", "views"] | None = None
    unknown_metrics: tuple[str, ...] = Field(default=(), alias="unknownMetrics")

    @model_validator(mode="after")
    def _check(self) -> NetworkProfile:
        problems: list[str] = []
        for name in self.reports:
            why = _reportable_or_explain(name)
            if why:
                problems.append(f"reports: {why}")
        if len(set(self.reports)) != len(self.reports):
            problems.append("reports: lists a type twice")
        reported = frozenset(self.reports)
        for native, target in self.native.items():
            if native in reported:
                problems.append(f"native: {native!r} is already a reported normalized type")
            if target not in reported:
                problems.append(f"native: {native!r} maps to {target!r}, which the network does not report")
        has_rate = ENGAGEMENT_RATE in reported
        if has_rate:
            if self.denominator is None or self.engagement_types is None:
                problems.append("a network reporting engagementRate needs engagementTypes and denominator")
        elif self.denominator is not None or self.engagement_types is not None:
            problems.append("engagementTypes/denominator only apply to a network reporting engagementRate")
        if self.denominator is not None and self.denominator not in reported:
            problems.append(f"denominator {self.denominator!r} is not reported by the network")
        for name in self.unknown_metrics:
            if name not in _REPORTABLE:
                problems.append(f"unknownMetrics: {name!r} is not a reportable PostMetricType")
        for name in self.engagement_types or ():
            if name not in reported or name in PERCENTAGE_TYPES:
                problems.append(f"engagementTypes: {name!r} must be a count type the network reports")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @cached_property
    def reported(self) -> frozenset[str]:
        return frozenset(self.reports)

    @cached_property
    def has_engagement_rate(self) -> bool:
        return ENGAGEMENT_RATE in self.reported

    def reports_in_enum_order(self) -> tuple[str, ...]:
        return tuple(sorted(self.reports, key=ENUM_POSITION.__getitem__))


class NetworkCapabilities(BaseModel):
    """The whole matrix: one :class:`NetworkProfile` per ``Service`` value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    networks: dict[str, NetworkProfile]

    @model_validator(mode="after")
    def _every_service_once(self) -> NetworkCapabilities:
        unknown = sorted(set(self.networks) - set(SERVICES))
        missing = [s for s in SERVICES if s not in self.networks]
        if unknown or missing:
            parts = []
            if unknown:
                parts.append(f"unknown networks: {', '.join(unknown)}")
            if missing:
                parts.append(f"missing networks: {', '.join(missing)}")
            raise ValueError(f"{'; '.join(parts)} (expected exactly: {', '.join(SERVICES)})")
        return self

    def profile(self, service: str) -> NetworkProfile:
        try:
            return self.networks[service]
        except KeyError:
            raise CapabilitiesError(
                f"unknown service {service!r}; expected one of: {', '.join(SERVICES)}"
            ) from None

    def reports(self, service: str) -> frozenset[str]:
        return self.profile(service).reported


def default_networks_path(package_dir: Path | None = None) -> Path:
    """The packaged ``networks.yaml`` (wheel: ``mockserver/_fixtures``), else the repo's ``fixtures/``."""
    try:
        return _default_networks_path(package_dir)
    except NetworkTableError as error:
        raise CapabilitiesError(str(error)) from None


def _merge_overrides(data: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(data)
    networks = merged.setdefault("networks", {})
    if not isinstance(networks, dict):
        return merged  # validation reports the bad shape
    for service, fields in overrides.items():
        if service not in SERVICES:
            raise CapabilitiesError(
                f"capability override for unknown network {service!r}; expected one of: {', '.join(SERVICES)}"
            )
        if not isinstance(fields, Mapping):
            raise CapabilitiesError(f"capability override for {service} must be a mapping of fields")
        others = sorted(set(fields) - set(METRIC_FIELDS))
        if others:
            raise CapabilitiesError(
                f"capability override for {service} may only change {', '.join(METRIC_FIELDS)} "
                f"(got {', '.join(others)})"
            )
        current = networks.get(service)
        networks[service] = {**(current if isinstance(current, dict) else {}), **fields}
    return merged


def _metric_view(data: dict[str, Any]) -> dict[str, Any]:
    """The capability data: per network, only its metric attributes."""
    networks = data.get("networks")
    if not isinstance(networks, dict):
        return data
    return {
        **data,
        "networks": {
            service: {k: v for k, v in fields.items() if k in METRIC_FIELDS}
            if isinstance(fields, dict)
            else fields
            for service, fields in networks.items()
        },
    }


def parse_capabilities(
    data: Any, overrides: Mapping[str, Any] | None = None, source: str = "<data>"
) -> NetworkCapabilities:
    """Validate already-parsed table data (plus optional per-network metric overrides)."""
    if not isinstance(data, dict):
        raise CapabilitiesError(f"invalid network capabilities in {source}: expected a mapping at top level")
    if overrides:
        data = _merge_overrides(data, overrides)
    try:
        capabilities = NetworkCapabilities.model_validate(_metric_view(data))
    except ValidationError as error:
        raise CapabilitiesError(format_validation_error(error, "network capabilities", source)) from None
    if any(isinstance(f, dict) and set(f) - set(METRIC_FIELDS) for f in data["networks"].values()):
        try:  # a whole profile table: its other attributes must be valid too
            parse_network_table(data, source)
        except NetworkTableError as error:
            raise CapabilitiesError(str(error)) from None
    return capabilities


def load_capabilities(
    path: str | Path | None = None, overrides: Mapping[str, Any] | None = None
) -> NetworkCapabilities:
    """Load and validate the metric view of ``networks.yaml``.

    ``overrides`` maps a network to the metric fields it replaces, e.g.
    ``{"tiktok": {"reports": ["comments", "reactions", "views"]}}``; the result is validated as a
    whole, so an override that breaks a rule is rejected with the reason.
    """
    try:
        data = read_networks_file(path)
        source = str(path if path is not None else _default_networks_path())
    except NetworkTableError as error:
        raise CapabilitiesError(str(error)) from None
    return parse_capabilities(data, overrides, source=source)
