"""Which schema version a request is served with.

Precedence (docs/fidelity.md): the ``x-buffer-mock-schema-version`` header of the request (for
that request only, nothing is stored) > the namespace's version set through the control API >
``serve --schema-version`` > the fixtures' ``world.schemaVersion`` > the newest version.
"""

from __future__ import annotations

from typing import Any

from mockserver.schema.versions import DEFAULT_VERSION, UnknownSchemaVersion, schema_version
from mockserver.settings import Settings
from mockserver.store.namespace import Namespace

SCHEMA_VERSION_HEADER = "x-buffer-mock-schema-version"


def namespace_version(namespace: Namespace[Any], settings: Settings) -> str:
    """The version a namespace is served with when a request names none."""
    for candidate in (namespace.schema_version, settings.schema_version, namespace.fixture_schema_version):
        if candidate is not None:
            return candidate
    return DEFAULT_VERSION


def request_version(header: str | None, namespace: Namespace[Any], settings: Settings) -> str:
    """The version for one request; :class:`UnknownSchemaVersion` for a header naming none."""
    if header is None:
        return namespace_version(namespace, settings)
    name = header.strip()
    schema_version(name)
    return name


__all__ = ["SCHEMA_VERSION_HEADER", "UnknownSchemaVersion", "namespace_version", "request_version"]
