"""The ``buffer_mock`` marker and ini options, checked and resolved into what one test needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest

from mockserver.schema.versions import VERSION_NAMES
from mockserver.settings import RATE_LIMIT_MODES

ISOLATION_MODES = ("namespace", "reset")
MARKER_ARGUMENTS = (
    "fixtures",
    "clock",
    "freeze_clock",
    "rate_limits",
    "quotas",
    "isolation",
    "schema_version",
)


@dataclass(frozen=True)
class ServerConfig:
    """What a server is started with; tests asking for the same configuration share a server."""

    fixtures: Path | None = None
    clock: str | None = None
    freeze_clock: bool = False
    rate_limits: str | None = None  # the server-wide mode (ini); markers change it per namespace


@dataclass(frozen=True)
class MockOptions:
    """Everything the ``buffer_mock`` fixture needs to know for one test."""

    server: ServerConfig
    rate_limits: str | None = None
    quotas: dict[str, int] | None = None
    isolation: str = "namespace"
    schema_version: str | None = None  # None: the server's (newest unless the fixtures choose)


def fail(message: str) -> NoReturn:
    """Stop the test with a one-line reason (no traceback): a misconfigured marker or ini option."""
    pytest.fail(message, pytrace=False)


def check_clock(value: Any, origin: str) -> str:
    from mockserver.scalars import parse_datetime

    try:
        parse_datetime(value)
    except ValueError as error:
        problem = str(error)
    else:
        return str(value)
    fail(f"{origin}: clock must be an ISO 8601 instant with a zone ({problem})")


def check_rate_limits(value: Any, origin: str) -> str:
    if value not in RATE_LIMIT_MODES:
        fail(f"{origin}: rate_limits must be one of {list(RATE_LIMIT_MODES)}, not {value!r}")
    return str(value)


def marker_arguments(item: pytest.Item) -> dict[str, Any]:
    """The buffer_mock marker arguments of a test, the closest marker winning per argument."""
    values: dict[str, Any] = {}
    for marker in item.iter_markers("buffer_mock"):
        if marker.args:
            fail(f"{item.nodeid}: buffer_mock takes keyword arguments only")
        unknown = sorted(set(marker.kwargs) - set(MARKER_ARGUMENTS))
        if unknown:
            fail(
                f"{item.nodeid}: unknown buffer_mock argument(s) {unknown}; expected {list(MARKER_ARGUMENTS)}"
            )
        for key, value in marker.kwargs.items():
            values.setdefault(key, value)
    return values


def resolve_options(
    config: pytest.Config, marked: dict[str, Any], test_dir: Path, origin: str
) -> MockOptions:
    """Marker arguments over the ini defaults, checked. Relative marker paths start at ``test_dir``."""
    ini_fixtures = config.getini("buffer_mock_fixtures")
    ini_rate_limits = config.getini("buffer_mock_rate_limits") or None
    if ini_rate_limits is not None:
        check_rate_limits(ini_rate_limits, "buffer_mock_rate_limits")
    fixtures: Path | None = None
    if marked.get("fixtures") is not None:
        fixtures = (test_dir / Path(marked["fixtures"])).resolve()
    elif ini_fixtures:
        fixtures = (config.rootpath / Path(ini_fixtures)).resolve()
    if fixtures is not None and not fixtures.is_dir():
        fail(f"{origin}: buffer_mock fixtures directory {fixtures} does not exist")
    clock = marked.get("clock") or config.getini("buffer_mock_clock") or None
    if clock is not None:
        clock = check_clock(clock, origin)
    freeze = marked.get("freeze_clock")
    freeze_clock = clock is not None if freeze is None else bool(freeze)
    server = ServerConfig(fixtures, clock, freeze_clock, ini_rate_limits)
    rate_limits = marked.get("rate_limits")
    if rate_limits is not None:
        check_rate_limits(rate_limits, origin)
    quotas = marked.get("quotas")
    if quotas is not None and rate_limits != "custom":
        fail(f"{origin}: quotas only apply with rate_limits='custom'")
    isolation = marked.get("isolation", "namespace")
    if isolation not in ISOLATION_MODES:
        fail(f"{origin}: isolation must be one of {list(ISOLATION_MODES)}")
    version = marked.get("schema_version")
    if version is not None and version not in VERSION_NAMES:
        fail(f"{origin}: schema_version must be one of {list(VERSION_NAMES)}, got {version!r}")
    return MockOptions(server, rate_limits, quotas, isolation, version)
