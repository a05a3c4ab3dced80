"""Fixture metric names (native or normalized) -> the normalized ``{type: value}`` dict.

Runs once when a fixture is loaded. Nothing is dropped silently: an unknown name, a type the
network does not report, two names landing on the same type, or a bad value raises
:class:`MetricsFixtureError` with the valid names and the nearest match.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

from mockserver.metrics.capabilities import NetworkCapabilities
from mockserver.metrics.catalog import DEPRECATED_REPLACEMENTS, PERCENTAGE_TYPES, POST_COUNT


class MetricsFixtureError(ValueError):
    """A fixture's metrics cannot be normalized; the message says why and what is valid."""


def _valid_names(capabilities: NetworkCapabilities, service: str) -> list[str]:
    profile = capabilities.profile(service)
    return sorted(set(profile.reports) | set(profile.native))


def _unknown_name_message(name: str, service: str, valid: list[str]) -> str:
    message = f"unknown metric {name!r} for {service}"
    if name == POST_COUNT:
        message = f"{name!r} is aggregation-only and cannot be set on a post"
    elif name in DEPRECATED_REPLACEMENTS:
        replacement = DEPRECATED_REPLACEMENTS[name]
        hint = f"; use {replacement!r}" if replacement else ""
        message = f"{name!r} is a deprecated metric type that is never emitted{hint} ({service})"
    nearest = difflib.get_close_matches(name, valid, n=1, cutoff=0.6)
    suggestion = f"; did you mean {nearest[0]!r}?" if nearest else ""
    return f"{message}{suggestion} Valid names for {service}: {', '.join(valid)}"


def _checked_value(name: str, metric_type: str, value: Any, service: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MetricsFixtureError(f"{service} metric {name!r} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise MetricsFixtureError(f"{service} metric {name!r} must be a finite number >= 0, got {value!r}")
    if metric_type in PERCENTAGE_TYPES:
        if number > 100:
            raise MetricsFixtureError(f"{service} metric {name!r} is a percentage (0-100), got {value!r}")
    elif not number.is_integer():
        raise MetricsFixtureError(
            f"{service} metric {name!r} is a count and must be a whole number, got {value!r}"
        )
    return number


def normalize_metrics(
    raw: Mapping[str, Any], service: str, capabilities: NetworkCapabilities
) -> dict[str, float]:
    """Map native or normalized names to normalized types, validating names and values."""
    profile = capabilities.profile(service)
    reported = profile.reported
    normalized: dict[str, float] = {}
    source_of: dict[str, str] = {}
    for name, value in raw.items():
        if not isinstance(name, str):
            raise MetricsFixtureError(f"{service} metric names must be strings, got {name!r}")
        if name in reported:
            metric_type = name
        elif name in profile.native:
            metric_type = profile.native[name]
        else:
            raise MetricsFixtureError(
                _unknown_name_message(name, service, _valid_names(capabilities, service))
            )
        if metric_type in normalized:
            raise MetricsFixtureError(
                f"{service} metrics {source_of[metric_type]!r} and {name!r} both map to "
                f"{metric_type!r}; keep one"
            )
        normalized[metric_type] = _checked_value(name, metric_type, value, service)
        source_of[metric_type] = name
    return normalized
