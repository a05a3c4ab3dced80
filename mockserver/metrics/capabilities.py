"""The network capability matrix: which normalized metric types each ``Service`` reports.

Loaded from ``networks.yaml`` (data, not code) and validated with pydantic; a fixture world
may override any network's lists.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mockserver.metrics.catalog import (
    DEPRECATED_TYPES,
    ENGAGEMENT_RATE,
    ENUM_POSITION,
    PERCENTAGE_TYPES,
    POST_COUNT,
    REPORTABLE_TYPES,
)
from mockserver.services import SERVICES

DENOMINATOR_TYPES: tuple[str, ...] = ("impressions", "reach", "views")
NETWORKS_FILE = "networks.yaml"

_REPORTABLE = frozenset(REPORTABLE_TYPES)


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
    package_dir = package_dir or Path(__file__).resolve().parents[1]
    candidates = (
        package_dir / "_fixtures" / NETWORKS_FILE,
        package_dir.parent / "fixtures" / NETWORKS_FILE,
    )
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise CapabilitiesError(f"{NETWORKS_FILE} not found; looked in: {', '.join(map(str, candidates))}")


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
        current = networks.get(service)
        networks[service] = {**(current if isinstance(current, dict) else {}), **fields}
    return merged


def _format_validation_error(error: ValidationError, source: str) -> str:
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = str(item["msg"]).removeprefix("Value error, ")
        lines.append(f"  {where}: {message}")
    return f"invalid network capabilities in {source}:\n" + "\n".join(lines)


def parse_capabilities(
    data: Any, overrides: Mapping[str, Any] | None = None, source: str = "<data>"
) -> NetworkCapabilities:
    """Validate already-parsed YAML data (plus optional per-network overrides)."""
    if not isinstance(data, dict):
        raise CapabilitiesError(f"invalid network capabilities in {source}: expected a mapping at top level")
    if overrides:
        data = _merge_overrides(data, overrides)
    try:
        return NetworkCapabilities.model_validate(data)
    except ValidationError as error:
        raise CapabilitiesError(_format_validation_error(error, source)) from None


def load_capabilities(
    path: str | Path | None = None, overrides: Mapping[str, Any] | None = None
) -> NetworkCapabilities:
    """Load and validate ``networks.yaml``.

    ``overrides`` maps a network to the fields it replaces, e.g.
    ``{"tiktok": {"reports": ["comments", "reactions", "views"]}}``; the result is validated as a
    whole, so an override that breaks a rule is rejected with the reason.
    """
    file = Path(path) if path is not None else default_networks_path()
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise CapabilitiesError(f"cannot read {file}: {error}") from None
    except yaml.YAMLError as error:
        raise CapabilitiesError(f"{file} is not valid YAML: {error}") from None
    return parse_capabilities(data, overrides, source=str(file))
