"""The answer for a path the mock does not serve: Buffer's 401 to anonymous callers, a 404 to others."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from mockserver import errors
from mockserver.gateway.auth import refuse_unauthenticated
from mockserver.gateway.responses import json_response
from mockserver.http.graphql_endpoint import GraphQLEndpoint
from mockserver.store.world import World


def world_of(request: Request) -> World:
    """The world of the request's namespace header (``default`` when the header is bad)."""
    endpoint: GraphQLEndpoint = request.app.state.endpoint
    return endpoint.namespaces.get(endpoint.namespace_of(request) or "default")


def unserved_path(request: Request) -> Response:
    refusal = refuse_unauthenticated(world_of(request), request.headers.get("authorization"))
    if refusal is not None:
        return refusal
    message = f"Cannot {request.method} {request.url.path}"
    return json_response(errors.error_body(message, errors.NOT_FOUND), 404)
