"""Control routes for a namespace's schema version (mounted under ``/_mock``).

* ``GET /schema-version``: the version the namespace is served with, where that choice comes
  from, every version and the announced removals applied;
* ``PUT /schema-version`` ``{"version": "2026-08-13"}``: serve the namespace with that version
  (``null``: back to the server's choice). A reset returns the namespace to its fixtures.

A request's ``x-buffer-mock-schema-version`` header still wins, for that request only.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mockserver.control.bodies import SchemaVersionBody
from mockserver.control.toolkit import (
    ControlRoute,
    persist,
    read_body,
    selected,
)
from mockserver.gateway.responses import json_response
from mockserver.gateway.schema_versions import namespace_version
from mockserver.gateway.state import ServedNamespace
from mockserver.schema.versions import VERSION_NAMES
from mockserver.settings import Settings


def version_source(namespace: ServedNamespace, settings: Settings) -> str:
    if namespace.schema_version is not None:
        return "namespace"
    if settings.schema_version is not None:
        return "server"
    if namespace.fixture_schema_version is not None:
        return "fixtures"
    return "default"


def version_body(namespace: ServedNamespace, settings: Settings) -> dict[str, Any]:
    return {
        "namespace": namespace.name,
        "schemaVersion": namespace_version(namespace, settings),
        "source": version_source(namespace, settings),
        "versions": list(VERSION_NAMES),
        "removalsApplied": list(settings.schema_removals),
    }


def schema_version_router(settings: Settings) -> APIRouter:
    router = APIRouter(route_class=ControlRoute)

    @router.get("/schema-version")
    async def get_version(request: Request) -> Response:
        return json_response(version_body(selected(request), settings))

    @router.put("/schema-version")
    async def set_version(request: Request) -> Response:
        value = (await read_body(request, SchemaVersionBody)).version
        namespace = selected(request)
        with namespace.lock:
            namespace.schema_version = value
            namespace.world.touch()  # the choice is persisted with the namespace
        persist(request)
        return json_response(version_body(namespace, settings))

    return router
