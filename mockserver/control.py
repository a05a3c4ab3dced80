"""The control API under ``/_mock``: health, reset, load, clock, request log (plus the gateway's routes).

Deliberately unlike Buffer's API (plain JSON routes, not GraphQL) so that nobody mistakes it
for part of the mocked surface. Every route works on one namespace, chosen by
:func:`selected_namespace`: the ``?namespace=`` query parameter, else the namespace header
(``x-buffer-mock-namespace``), else ``default``.

Errors use the same body shape as the GraphQL transport errors,
``{"errors": [{"message": ..., "extensions": {"code": ...}}]}``, with 400 for bad input and
404 for a namespace that does not exist; routes raise :class:`ControlError` and
:class:`ControlRoute` turns it into that answer.

Contract for other control routers (the gateway's rate limits and faults): build your router
with ``APIRouter(route_class=ControlRoute)``, pick the namespace with
:func:`selected_namespace` / :func:`selected_world`, read bodies with :func:`read_json_object`,
raise :class:`ControlError` for bad input, and call :func:`persist` after changing state.
"""

from __future__ import annotations

import importlib.metadata
import math
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson
from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from mockserver import errors
from mockserver.fixtures.loader import load_fixture_dir
from mockserver.fixtures.problems import FixtureError
from mockserver.scalars import datetime_to_ms, format_datetime_ms, parse_datetime
from mockserver.settings import Settings
from mockserver.store.namespaces import DEFAULT_NAMESPACE, MSG_BAD_NAMESPACE, NAMESPACE_PATTERN, Namespaces
from mockserver.store.persistence import state_file_of
from mockserver.store.world import World

INVALID_FIXTURES = "INVALID_FIXTURES"
MSG_NOT_JSON = "Request body is not valid JSON"
MSG_NOT_OBJECT = "Request body must be a JSON object"
MSG_UNKNOWN_NAMESPACE = (
    "Namespace '{name}' does not exist yet: a GraphQL request or a POST to /_mock "
    "with this namespace creates it"
)
MSG_CLOCK_BACKWARDS = (
    "The mock clock only moves forward (it is {now}); POST /_mock/reset?clock=reset "
    "starts the namespace over with a fresh clock"
)
MSG_NEGATIVE_ADVANCE = "The mock clock only moves forward: 'seconds' must be 0 or more"
MSG_TOO_FAR = "That would move the mock clock past the year 9999"
LATEST_INSTANT_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z, the last instant ISO 8601 can show
DURATION_UNITS_MS = {"w": 604_800_000, "d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1000, "ms": 1}
_DURATION_PART = re.compile(r"(\d+)(ms|w|d|h|m|s)")


class ControlError(Exception):
    """A control-API answer other than 200: status, message and ``extensions.code``."""

    def __init__(self, status: int, message: str, code: str = errors.BAD_REQUEST, **extensions: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body = errors.error_body(message, code, **extensions)

    def response(self) -> Response:
        return json_response(self.body, self.status)


class ControlRoute(APIRoute):
    """An APIRoute that answers a raised :class:`ControlError` with its JSON error body."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except ControlError as error:
                return error.response()

        return handle


def json_response(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


# --- the shared contract: namespace selection, bodies, persistence ------------------------------


def selected_namespace(request: Request) -> str:
    """``?namespace=``, else the namespace header, else ``default``; 400 for an invalid name."""
    settings: Settings = request.app.state.settings
    raw = request.query_params.get("namespace")
    if raw is None:
        raw = request.headers.get(settings.namespace_header, DEFAULT_NAMESPACE)
    name = raw.strip()
    if not NAMESPACE_PATTERN.match(name):
        raise ControlError(400, MSG_BAD_NAMESPACE)
    return name


def selected_world(request: Request, *, create: bool = True) -> World:
    """The selected namespace's World; created on first use unless ``create`` is false (then 404).

    The ``default`` namespace always exists.
    """
    namespaces: Namespaces = request.app.state.namespaces
    name = selected_namespace(request)
    if not create and name != DEFAULT_NAMESPACE and name not in namespaces.names():
        raise ControlError(404, MSG_UNKNOWN_NAMESPACE.format(name=name), errors.NOT_FOUND)
    return namespaces.get(name)


async def read_json_object(request: Request, *, allowed: set[str], optional: bool = False) -> dict[str, Any]:
    """The request body as a JSON object with no keys outside ``allowed`` (400 otherwise).

    With ``optional``, an empty body reads as ``{}``.
    """
    raw = await request.body()
    if not raw.strip() and optional:
        return {}
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ControlError(400, MSG_NOT_JSON) from None
    if not isinstance(body, dict):
        raise ControlError(400, MSG_NOT_OBJECT)
    unknown = sorted(set(body) - allowed)
    if unknown:
        expected = ", ".join(f"'{key}'" for key in sorted(allowed)) or "no fields"
        names = ", ".join(repr(key) for key in unknown)
        raise ControlError(400, f"Unknown field(s) {names}: expected {expected}")
    return body


def persist(request: Request) -> None:
    """Write the state file now, if the server has one (after a reset, load or clock change)."""
    state_file = state_file_of(request)
    if state_file is not None:
        state_file.save()


# --- pure input rules ------------------------------------------------------------------------------


def parse_duration(text: str) -> int:
    """``"3d4h"`` -> milliseconds. Units w, d, h, m, s, ms, each at most once; raises ValueError."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("duration must be a non-empty string like '90s', '15m' or '3d4h'")
    compact = text.strip()
    parts = _DURATION_PART.findall(compact)
    if "".join(number + unit for number, unit in parts) != compact:
        raise ValueError(f"not a duration: {text!r} (use units w, d, h, m, s, ms, e.g. '3d4h')")
    units = [unit for _, unit in parts]
    if len(set(units)) != len(units):
        raise ValueError(f"not a duration: {text!r} (each unit at most once)")
    return sum(int(number) * DURATION_UNITS_MS[unit] for number, unit in parts)


def parse_instant(value: Any, field: str) -> int:
    """An ISO 8601 date-time with a zone -> epoch milliseconds; ControlError(400) otherwise."""
    if not isinstance(value, str):
        raise ControlError(400, f"'{field}' must be an ISO 8601 date-time string, e.g. 2026-03-10T15:00:00Z")
    try:
        return datetime_to_ms(parse_datetime(value))
    except ValueError as error:
        raise ControlError(400, f"'{field}': {error}") from None


def advance_ms(body: dict[str, Any]) -> int:
    """The amount a ``/clock/advance`` body asks for: exactly one of ``seconds`` or ``duration``."""
    if ("seconds" in body) == ("duration" in body):
        raise ControlError(400, "Give exactly one of 'seconds' (a number) or 'duration' (e.g. '3d4h')")
    if "duration" in body:
        try:
            return parse_duration(body["duration"])
        except ValueError as error:
            raise ControlError(400, f"'duration': {error}") from None
    seconds = body["seconds"]
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not math.isfinite(seconds):
        raise ControlError(400, "'seconds' must be a number")
    if seconds < 0:
        raise ControlError(400, MSG_NEGATIVE_ADVANCE)
    return round(seconds * 1000)


def parse_limit(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not raw.isdigit():
        raise ControlError(400, "'limit' must be a non-negative integer")
    return int(raw)


# --- answers ---------------------------------------------------------------------------------------


def clock_body(world: World) -> dict[str, Any]:
    now = world.clock.now()
    return {
        "namespace": world.name,
        "now": format_datetime_ms(now),
        "nowMs": now,
        "frozen": world.clock.frozen,
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


def change_clock(request: Request, world: World, change: Callable[[], None]) -> Response:
    """Apply a clock change, then what the new time implies (publishing, ingestion), then persist."""
    with world.lock:
        change()
        world.sync_clock()
    persist(request)
    return json_response(clock_body(world))


def refuse_backwards(world: World, at: int) -> None:
    if at < world.clock.now():
        raise ControlError(400, MSG_CLOCK_BACKWARDS.format(now=format_datetime_ms(world.clock.now())))


# --- the router ------------------------------------------------------------------------------------


def control_router(settings: Settings, namespaces: Namespaces) -> APIRouter:
    router = APIRouter(route_class=ControlRoute)
    version = package_version()

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
        world = namespaces.reset(name, keep_clock=clock == "keep")
        world.sync_clock()
        persist(request)
        return json_response(
            {
                "namespace": name,
                "world": world.world_name,
                "clock": clock_body(world),
                "posts": len(world.posts),
            }
        )

    @router.post("/load")
    async def load(request: Request) -> Response:
        body = await read_json_object(request, allowed={"path"})
        path = body.get("path")
        if not isinstance(path, str) or not path.strip():
            raise ControlError(400, "'path' must be the path of a fixture directory")
        try:
            directory = Path(path).resolve()
            data = load_fixture_dir(directory)
        except (OSError, ValueError) as error:
            raise ControlError(400, f"Cannot read the fixture directory {path!r}: {error}") from None
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
        namespaces.load(data)
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
        return json_response(clock_body(selected_world(request, create=False)))

    @router.post("/clock/freeze")
    async def freeze_clock(request: Request) -> Response:
        body = await read_json_object(request, allowed={"at"}, optional=True)
        world = selected_world(request)
        at = parse_instant(body["at"], "at") if "at" in body else None
        if at is not None:
            refuse_backwards(world, at)
        return change_clock(request, world, lambda: world.clock.freeze(at))

    @router.post("/clock/unfreeze")
    async def unfreeze_clock(request: Request) -> Response:
        await read_json_object(request, allowed=set(), optional=True)
        world = selected_world(request)
        return change_clock(request, world, world.clock.unfreeze)

    @router.post("/clock/set")
    async def set_clock(request: Request) -> Response:
        body = await read_json_object(request, allowed={"at"})
        if "at" not in body:
            raise ControlError(400, "'at' is required: the ISO 8601 instant to set the clock to")
        at = parse_instant(body["at"], "at")
        world = selected_world(request)
        refuse_backwards(world, at)
        return change_clock(request, world, lambda: world.clock.set(at))

    @router.post("/clock/advance")
    async def advance_clock(request: Request) -> Response:
        body = await read_json_object(request, allowed={"seconds", "duration"})
        amount = advance_ms(body)
        world = selected_world(request)
        if world.clock.now() + amount > LATEST_INSTANT_MS:
            raise ControlError(400, MSG_TOO_FAR)
        return change_clock(request, world, lambda: world.clock.advance(amount))

    @router.get("/requests")
    async def list_requests(request: Request) -> Response:
        limit = parse_limit(request.query_params.get("limit"))
        world = selected_world(request, create=False)
        entries = list(world.request_log)
        total = len(entries)
        if limit is not None:
            entries = entries[-limit:] if limit else []
        return json_response(
            {
                "namespace": world.name,
                "total": total,
                "requests": [log_entry_body(entry) for entry in entries],
            }
        )

    @router.delete("/requests")
    async def clear_requests(request: Request) -> Response:
        world = selected_world(request, create=False)
        cleared = len(world.request_log)
        world.request_log.clear()
        return json_response({"namespace": world.name, "cleared": cleared})

    include_gateway_routes(router, namespaces)
    return router


def include_gateway_routes(router: APIRouter, namespaces: Namespaces) -> bool:
    """GATEWAY INCLUDE: rate-limit modes and faults, from ``mockserver.gateway.control_routes``.

    Included when that module exists (the gateway owns it); returns whether it was.
    """
    try:
        from mockserver.gateway.control_routes import gateway_control_router  # type: ignore[import-not-found]
    except ModuleNotFoundError as error:
        if error.name != "mockserver.gateway.control_routes":
            raise
        return False
    router.include_router(gateway_control_router(namespaces))
    return True
