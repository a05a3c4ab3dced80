"""The control API under ``/_mock``: health, reset, load, clock, request log (plus the gateway's routes).

Deliberately unlike Buffer's API (plain JSON routes, not GraphQL) so that nobody mistakes it
for part of the mocked surface. Every route works on one namespace, chosen by
:func:`~mockserver.control.toolkit.selected_namespace`: the ``?namespace=`` query parameter, else
the namespace header (``x-buffer-mock-namespace``), else ``default``.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from mockserver import errors
from mockserver.control.bodies import AdvanceBody, FreezeBody, LoadBody, SetClockBody, UnfreezeBody
from mockserver.control.gateway_routes import gateway_control_router
from mockserver.control.inputs import MSG_TOO_FAR, parse_limit
from mockserver.control.schema_version_routes import schema_version_router
from mockserver.control.toolkit import (
    ControlError,
    ControlRoute,
    persist,
    read_body,
    selected,
    selected_namespace,
)
from mockserver.fixtures.loader import FixtureLimits, load_fixture_dir
from mockserver.fixtures.problems import FixtureError
from mockserver.gateway.responses import json_response
from mockserver.gateway.state import ServedNamespace, ServedNamespaces
from mockserver.rules.control_access import MSG_OUTSIDE_LOAD_ROOTS, resolve_under_roots
from mockserver.scalars import format_datetime_ms
from mockserver.settings import Settings
from mockserver.store.namespaces import NamespaceLimitReached
from mockserver.store.persistence import state_file_of
from mockserver.time_range import LATEST_MS, InstantOutOfRange

INVALID_FIXTURES = "INVALID_FIXTURES"
MSG_CLOCK_BACKWARDS = (
    "The mock clock only moves forward (it is {now}); POST /_mock/reset?clock=reset "
    "starts the namespace over with a fresh clock"
)


# --- answers ---------------------------------------------------------------------------------------


def clock_body(namespace: ServedNamespace) -> dict[str, Any]:
    now = namespace.clock.now()
    return {
        "namespace": namespace.name,
        "now": format_datetime_ms(now),
        "nowMs": now,
        "frozen": namespace.clock.frozen,
    }


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def log_entry_body(entry: dict[str, Any]) -> dict[str, Any]:
    """A request-log entry with camelCase keys and its time both as ISO and epoch milliseconds."""
    at = entry.get("at")
    body: dict[str, Any] = {"at": format_datetime_ms(at) if isinstance(at, int) else at, "atMs": at}
    for key in ("operation_name", "variables", "status", "duration_ms", "fault"):
        body[camel_case(key)] = entry.get(key)
    for key, value in entry.items():  # anything else the endpoint records (e.g. rate_limited)
        body.setdefault(camel_case(key), value)
    return body


def package_version() -> str:
    try:
        return importlib.metadata.version("buffer-mock")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def change_clock(request: Request, namespace: ServedNamespace, change: Callable[[], object]) -> Response:
    """Apply a clock change, then what the new time implies (publishing, ingestion), then persist."""
    with namespace.lock:
        try:
            change()
        except InstantOutOfRange:
            raise ControlError(400, MSG_TOO_FAR) from None
        namespace.pinned = True  # changed through the control API: persisted from now on
        namespace.sync_clock()
    persist(request)
    return json_response(clock_body(namespace))


def refuse_backwards(namespace: ServedNamespace, at: int) -> None:
    if at < namespace.clock.now():
        raise ControlError(400, MSG_CLOCK_BACKWARDS.format(now=format_datetime_ms(namespace.clock.now())))


# --- the router ------------------------------------------------------------------------------------


def control_router(settings: Settings, namespaces: ServedNamespaces) -> APIRouter:
    router = APIRouter(route_class=ControlRoute)
    version = package_version()
    load_roots = settings.load_roots or (Path.cwd(),)  # default: the directory the server started in
    limits = FixtureLimits(settings.fixture_file_max_bytes, settings.fixture_set_max_bytes)
    loader = anyio.CapacityLimiter(1)

    @router.get("/health")
    async def health(request: Request) -> Response:
        name = selected_namespace(request)
        state_file = state_file_of(request)
        return json_response(
            {
                "status": "ok",
                "world": namespaces.fixtures.name,
                "namespace": name,
                "namespaces": namespaces.names(),
                "version": version,
                "stateFile": str(state_file.path) if state_file is not None else None,
            }
        )

    @router.post("/reset")
    async def reset(request: Request) -> Response:
        name = selected_namespace(request)
        clock = request.query_params.get("clock", "keep")
        if clock not in ("keep", "reset"):
            raise ControlError(400, "'clock' must be 'keep' (the default) or 'reset'")
        try:
            namespace = namespaces.reset(name, keep_clock=clock == "keep")
        except NamespaceLimitReached as limit:
            raise ControlError(400, str(limit)) from None
        namespace.pinned = True
        namespace.sync_clock()
        persist(request)
        return json_response(
            {
                "namespace": name,
                "world": namespace.world.world_name,
                "clock": clock_body(namespace),
                "posts": len(namespace.world.posts),
            }
        )

    @router.post("/load")
    async def load(request: Request) -> Response:
        body = await read_body(request, LoadBody)
        directory = resolve_under_roots(body.path, load_roots)
        if directory is None:  # outside the roots or missing: one answer, nothing about the disk
            raise ControlError(403, MSG_OUTSIDE_LOAD_ROOTS, errors.FORBIDDEN)
        try:  # parsed and validated off the event loop, one load at a time
            data = await anyio.to_thread.run_sync(load_fixture_dir, directory, limits, limiter=loader)
        except (OSError, ValueError) as error:
            raise ControlError(400, f"Cannot read the fixture directory: {error}") from None
        except FixtureError as error:
            return json_response(
                {
                    "errors": [
                        {
                            "message": str(problem),
                            "extensions": {
                                "code": INVALID_FIXTURES,
                                "file": problem.file,
                                "line": problem.line,
                                "path": problem.path,
                            },
                        }
                        for problem in error.problems
                    ]
                },
                400,
            )
        namespaces.load(data, data_is_private=True)  # loaded for this call: nobody else holds it
        state_file = state_file_of(request)
        if state_file is not None:
            state_file.fixtures_path = directory
            state_file.save()
        return json_response(
            {
                "world": data.name,
                "path": str(directory),
                "posts": len(data.posts),
                "channels": len(data.channels),
            }
        )

    @router.get("/clock")
    async def get_clock(request: Request) -> Response:
        return json_response(clock_body(selected(request, create=False)))

    @router.post("/clock/freeze")
    async def freeze_clock(request: Request) -> Response:
        at = (await read_body(request, FreezeBody, optional=True)).at
        namespace = selected(request)
        if at is not None:
            refuse_backwards(namespace, at)
        return change_clock(request, namespace, lambda: namespace.clock.freeze(at))

    @router.post("/clock/unfreeze")
    async def unfreeze_clock(request: Request) -> Response:
        await read_body(request, UnfreezeBody, optional=True)
        namespace = selected(request)
        return change_clock(request, namespace, namespace.clock.unfreeze)

    @router.post("/clock/set")
    async def set_clock(request: Request) -> Response:
        at = (await read_body(request, SetClockBody)).at
        namespace = selected(request)
        refuse_backwards(namespace, at)
        return change_clock(request, namespace, lambda: namespace.clock.set(at))

    @router.post("/clock/advance")
    async def advance_clock(request: Request) -> Response:
        amount = (await read_body(request, AdvanceBody)).amount_ms
        namespace = selected(request)
        if namespace.clock.now() + amount > LATEST_MS:
            raise ControlError(400, MSG_TOO_FAR)
        return change_clock(request, namespace, lambda: namespace.clock.advance(amount))

    @router.get("/requests")
    async def list_requests(request: Request) -> Response:
        limit = parse_limit(request.query_params.get("limit"))
        namespace = selected(request, create=False)
        entries = list(namespace.request_log)
        total = len(entries)
        if limit is not None:
            entries = entries[-limit:] if limit else []
        return json_response(
            {
                "namespace": namespace.name,
                "total": total,
                "requests": [log_entry_body(entry) for entry in entries],
            }
        )

    @router.delete("/requests")
    async def clear_requests(request: Request) -> Response:
        namespace = selected(request, create=False)
        cleared = len(namespace.request_log)
        namespace.request_log.clear()
        return json_response({"namespace": namespace.name, "cleared": cleared})

    router.include_router(gateway_control_router(namespaces))
    router.include_router(schema_version_router(settings))
    return router
