"""The answer for a path the mock does not serve: Buffer's 401 to anonymous callers, a 404 to others."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response

from mockserver import errors
from mockserver.gateway.auth import refuse_unauthenticated
from mockserver.gateway.responses import json_response
from mockserver.settings import Settings
from mockserver.store.namespaces import DEFAULT_NAMESPACE, NAMESPACE_PATTERN, Credentials, Namespaces
from mockserver.store.world import World


def header_namespace(headers: Headers, settings: Settings) -> str | None:
    """The namespace a request's header names (``default`` without one), None for a bad name."""
    name = headers.get(settings.namespace_header, DEFAULT_NAMESPACE).strip()
    return name if NAMESPACE_PATTERN.match(name) else None


def world_of(request: Request) -> World | Credentials:
    """The world of the request's namespace header (``default`` when the header is bad), or the
    fixtures' credentials when that namespace does not exist: authenticating creates nothing."""
    namespaces: Namespaces[object] = request.app.state.namespaces
    name = header_namespace(request.headers, request.app.state.settings) or DEFAULT_NAMESPACE
    namespace = namespaces.find(name)
    return namespace.world if namespace is not None else namespaces.credentials


def unserved_path(request: Request) -> Response:
    refusal = refuse_unauthenticated(world_of(request), request.headers.get("authorization"))
    if refusal is not None:
        return refusal
    message = f"Cannot {request.method} {request.url.path}"
    return json_response(errors.error_body(message, errors.NOT_FOUND), 404)
