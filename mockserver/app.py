"""``create_app(settings)``: the FastAPI application serving Buffer's GraphQL API."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from graphql import GraphQLSchema
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp

from mockserver import errors
from mockserver.clock import MockClock
from mockserver.control import control_router
from mockserver.control.world_page import world_page_router
from mockserver.fixtures.cache import cache_dir, load_fixture_dir_traced
from mockserver.fixtures.loader import FixtureLimits, WorldData
from mockserver.fixtures.paths import default_world_dir
from mockserver.gateway.auth import refuse_unauthenticated
from mockserver.gateway.fallback import unserved_path, world_of
from mockserver.gateway.pages import wants_html
from mockserver.gateway.query_limits import query_limit_rules
from mockserver.gateway.responses import json_response
from mockserver.gateway.state import GatewayState, ServedNamespaces
from mockserver.graphql_schema import build_schema
from mockserver.http.documents import DocumentCache
from mockserver.http.dropped_connection import ConnectionDropped
from mockserver.http.explorer import ExampleSource, explorer_page, explorer_router
from mockserver.http.graphql_app import GRAPHQL_PATHS, BufferMockApp, endpoint_app
from mockserver.http.graphql_endpoint import GraphQLEndpoint
from mockserver.http.guard import ResponseGuard
from mockserver.metrics.capabilities import load_capabilities
from mockserver.rules.control_access import is_loopback_host
from mockserver.schema.versions import DEFAULT_VERSION
from mockserver.settings import Settings
from mockserver.store.namespaces import Namespaces
from mockserver.store.persistence import attach_state_file

log = logging.getLogger("buffer_mock")


def load_world_data(settings: Settings) -> WorldData:
    """The fixture set to serve: ``settings.fixtures_dir`` or the embedded default world."""
    return load_world_data_traced(settings)[0]


def load_world_data_traced(settings: Settings) -> tuple[WorldData, bool]:
    """:func:`load_world_data`, and whether its YAML was parsed (False: from the fixture cache)."""
    directory: Path = settings.fixtures_dir or default_world_dir()
    return load_fixture_dir_traced(directory, cache_dir(), fixture_limits(settings))


def fixture_limits(settings: Settings) -> FixtureLimits:
    return FixtureLimits(settings.fixture_file_max_bytes, settings.fixture_set_max_bytes)


def clock_factory(settings: Settings) -> Callable[[], MockClock]:
    start = settings.clock_start_ms

    def make() -> MockClock:
        return MockClock(start=start, frozen=settings.clock_frozen)

    return make


def build_namespaces(
    settings: Settings, data: WorldData, *, data_is_private: bool = False
) -> ServedNamespaces:
    return Namespaces(
        data,
        settings=settings,
        capabilities_for=lambda d: load_capabilities(overrides=d.networks_override or None),
        clock_factory=clock_factory(settings),
        gateway_factory=GatewayState,
        data_is_private=data_is_private,
    )


def create_app(
    settings: Settings | None = None,
    data: WorldData | None = None,
    examples: ExampleSource | None = None,
    *,
    data_is_private: bool = False,
) -> BufferMockApp:
    """The app; ``examples`` feeds the explorer's examples list (the contract corpus, say).

    ``data`` is never changed unless ``data_is_private`` says the caller hands it over (then the
    default namespace is built in it, without a copy); data the app loads itself is private.
    """
    settings = settings or Settings()
    if data is None:
        data, data_is_private = load_world_data(settings), True

    def schema_for(version: str) -> GraphQLSchema:
        return build_schema(version or default_version, settings.schema_removals)

    default_version = settings.schema_version or data.schema_version or DEFAULT_VERSION
    schema = schema_for(default_version)
    namespaces = build_namespaces(settings, data, data_is_private=data_is_private)
    # Buffer's query limits are validation rules; the token limit is the parser's (max_tokens).
    documents = DocumentCache(
        schema_for,
        query_limit_rules(settings.query_limits),
        max_tokens=settings.query_limits.max_tokens,
        max_bytes=settings.document_cache_bytes,
    )
    endpoint = GraphQLEndpoint(schema, settings, namespaces, documents, schema_for)

    app = BufferMockApp(title="buffer-mock", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.namespaces = namespaces
    app.state.endpoint = endpoint
    app.state.schema = schema

    # --- persistence: restore the state file (if any) now, save after writes (app.state.persistence)
    attach_state_file(app, settings, namespaces)

    for path in GRAPHQL_PATHS:
        # the framework's route serves only what BufferMockApp does not take directly (a root_path)
        app.add_route(path, endpoint.handle, methods=["POST"], include_in_schema=False)
        app.add_api_route(path, options_graphql, methods=["OPTIONS"], include_in_schema=False)
        app.add_api_route(path, get_graphql, methods=["GET"], include_in_schema=False)

    app.include_router(explorer_router(examples))  # the explorer's assets and examples
    if control_api_enabled(settings):
        app.include_router(control_router(settings, namespaces), prefix="/_mock")
        app.include_router(world_page_router(), prefix="/_mock")  # GET /_mock/ from a browser

    install_buffer_shaped_answers(app, settings)
    app.graphql_handler = guarded(endpoint_app(endpoint.handle), settings)

    @app.exception_handler(Exception)
    async def unexpected_failure(_: Request, exc: Exception) -> Response:  # pragma: no cover - safety net
        if not isinstance(exc, ConnectionDropped):  # an injected drop is deliberate, not a failure
            log.error("unhandled error", exc_info=exc)
        return json_response(errors.error_body(errors.MSG_UNEXPECTED, errors.UNEXPECTED), 500)

    @app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    async def catch_all(request: Request, path: str) -> Response:
        """Anything else: Buffer's 401 to anonymous callers, a 404 to authenticated ones."""
        return unserved_path(request)

    return app


def settle_heap(_: object = None, *, collect: bool = True) -> None:
    """After a world is loaded: collect what the previous one left, then freeze the survivors.

    Frozen objects are never scanned again by the cyclic garbage collector, so a full collection
    no longer walks the whole world (the p99 tail of a long-running server); objects freed by
    reference counting are still freed. ``serve`` calls it after start-up and on every new world;
    at start-up from the fixture cache (nothing parsed, so no garbage) without the collection,
    which walks every object of the world (nearly a second at 100,000 posts).
    """
    gc.unfreeze()
    if collect:
        gc.collect()
    gc.freeze()


def control_api_enabled(settings: Settings) -> bool:
    """The control API is mounted unless disabled, or bound beyond loopback without a token."""
    exposed = not is_loopback_host(settings.host) and settings.control_token is None
    if settings.control_enabled and exposed:
        log.warning(
            "control API disabled: host %s is not loopback and no control token is set", settings.host
        )
    return settings.control_enabled and not exposed


def install_buffer_shaped_answers(app: FastAPI, settings: Settings) -> None:
    """Framework answers (405, 404, validation) and anything escaping the app, as Buffer-shaped JSON."""

    @app.exception_handler(StarletteHTTPException)
    async def http_exception(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 405:
            message = f"Cannot {request.method} {request.url.path}"
        else:
            message = exc.detail if isinstance(exc.detail, str) else "Request refused"
        body = errors.error_body(message, status_code_error(exc.status_code))
        return json_response(body, exc.status_code, dict(exc.headers) if exc.headers else None)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> Response:
        return json_response(errors.error_body("Invalid request", errors.BAD_REQUEST), 400)

    app.add_middleware(
        ResponseGuard,  # type: ignore[arg-type]
        body_timeout_s=settings.body_timeout_s,
        debug=settings.debug,
        drop_errors=(ConnectionDropped,),
    )


def guarded(inner: ASGIApp, settings: Settings) -> ResponseGuard:
    """``inner`` behind the guard the framework's stack has (the GraphQL fast path's)."""
    return ResponseGuard(
        inner, body_timeout_s=settings.body_timeout_s, debug=settings.debug, drop_errors=(ConnectionDropped,)
    )


def status_code_error(status: int) -> str:
    """The ``extensions.code`` of a framework answer with this status."""
    return {401: errors.UNAUTHENTICATED, 403: errors.FORBIDDEN, 404: errors.NOT_FOUND}.get(
        status, errors.UNEXPECTED if status >= 500 else errors.BAD_REQUEST
    )


async def options_graphql(_: Request) -> Response:
    """The CLI's ``doctor`` pings OPTIONS /graphql and wants any status below 500."""
    return Response(status_code=204, headers={"Allow": "GET, POST, OPTIONS"})


async def get_graphql(request: Request) -> Response:
    """A browser gets the explorer; any other GET is answered like Buffer answers it."""
    if wants_html(request):
        return explorer_page(request)
    refusal = refuse_unauthenticated(world_of(request), request.headers.get("authorization"))
    if refusal is not None:
        return refusal
    return json_response(
        errors.error_body(errors.MSG_METHOD_NOT_ALLOWED, errors.BAD_REQUEST),
        405,
        headers={"Allow": "GET, POST, OPTIONS"},
    )
