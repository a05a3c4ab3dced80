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
    selected_world,
)
from mockserver.gateway.responses import json_response
from mockserver.gateway.schema_versions import namespace_version
from mockserver.schema.versions import VERSION_NAMES
from mockserver.settings import Settings
from mockserver.store.world import World


def version_source(world: World, settings: Settings) -> str:
    if world.schema_version is not None:
        return "namespace"
    if settings.schema_version is not None:
        return "server"
    if world.fixture_schema_version is not None:
        return "fixtures"
    return "default"


def version_body(world: World, settings: Settings) -> dict[str, Any]:
    return {
        "namespace": world.name,
        "schemaVersion": namespace_version(world, settings),
        "source": version_source(world, settings),
        "versions": list(VERSION_NAMES),
        "removalsApplied": list(settings.schema_removals),
    }


def schema_version_router(settings: Settings) -> APIRouter:
    router = APIRouter(route_class=ControlRoute)

    @router.get("/schema-version")
    async def get_version(request: Request) -> Response:
        return json_response(version_body(selected_world(request), settings))

    @router.put("/schema-version")
    async def set_version(request: Request) -> Response:
        value = (await read_body(request, SchemaVersionBody)).version
        world = selected_world(request)
        with world.lock:
            world.schema_version = value
            world.touch()
        persist(request)
        return json_response(version_body(world, settings))

    return router
