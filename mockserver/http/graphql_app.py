"""The application object: FastAPI for every path but the GraphQL POST, which goes straight in.

A GraphQL request is the hot path of a mock that sits in test loops. FastAPI's own stack around
a route (its telemetry hooks, body limit, exception middleware and router) costs more than the
mock's whole answer from the response cache, and does nothing for a request the GraphQL
endpoint parses, checks and answers itself. So :class:`BufferMockApp` hands ``POST /`` and
``POST /graphql`` to the endpoint behind the same :class:`~mockserver.http.guard.ResponseGuard`
the framework's stack has (body deadline, dropped connections, Buffer-shaped 500); every other
request (explorer, control API, GET and OPTIONS, the 404 of unknown paths, lifespan) takes the
framework's path unchanged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

GRAPHQL_PATHS = ("/", "/graphql")


def endpoint_app(handle: Callable[[Request], Awaitable[Response]]) -> ASGIApp:
    """An ASGI app of one request handler (what Starlette's ``request_response`` does, minus its
    exception-handler lookup: the handler answers every failure itself)."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        response = await handle(Request(scope, receive, send))
        await response(scope, receive, send)

    return app


class BufferMockApp(FastAPI):
    """FastAPI, with the GraphQL POST routed to ``graphql_handler`` before the framework's stack."""

    graphql_handler: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = self.graphql_handler
        if (
            handler is not None
            and scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"] in GRAPHQL_PATHS
            and not scope.get("root_path")
        ):
            scope["app"] = self  # request.app, as the framework would set it
            await handler(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


__all__ = ["GRAPHQL_PATHS", "BufferMockApp", "endpoint_app"]
