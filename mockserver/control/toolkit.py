"""The control API's toolkit: errors, the route class, namespace selection, bodies, persistence.

Every control router (``routes``, ``gateway_routes``) is built with
``APIRouter(route_class=ControlRoute)``, picks the namespace with :func:`selected_namespace` /
:func:`selected`, reads bodies with :func:`read_body` (a pydantic model per body, see
:mod:`mockserver.control.bodies`), raises :class:`ControlError` for bad input, and calls
:func:`persist` after changing state. A body model's validation error is answered by the one
handler in :class:`ControlRoute` (:func:`validation_message`).

Errors use the same body shape as the GraphQL transport errors,
``{"errors": [{"message": ..., "extensions": {"code": ...}}]}``, with 400 for bad input and
404 for a namespace that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import orjson
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError
from starlette.requests import Request
from starlette.responses import Response

from mockserver import errors
from mockserver.control.access import AccessRefused, check_control_access
from mockserver.gateway.responses import json_response
from mockserver.gateway.state import ServedNamespace, ServedNamespaces
from mockserver.settings import Settings
from mockserver.store.namespaces import (
    DEFAULT_NAMESPACE,
    MSG_BAD_NAMESPACE,
    NAMESPACE_PATTERN,
    NamespaceLimitReached,
)
from mockserver.store.persistence import state_file_of

MSG_NOT_JSON = "Request body is not valid JSON"
MSG_NOT_OBJECT = "Request body must be a JSON object"
MSG_UNKNOWN_NAMESPACE = (
    "Namespace '{name}' does not exist yet: a GraphQL request or a POST to /_mock "
    "with this namespace creates it"
)
CONTROL_INPUT = "control_input"  # the pydantic error type of a refusal with the control API's own message
Body = TypeVar("Body", bound=BaseModel)


class ControlError(Exception):
    """A control-API answer other than 200: status, message and ``extensions.code``."""

    def __init__(self, status: int, message: str, code: str = errors.BAD_REQUEST, **extensions: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body = errors.error_body(message, code, **extensions)

    def response(self) -> Response:
        return json_response(self.body, self.status)


def refuse(message: str) -> PydanticCustomError:
    """What a body model's validator raises to refuse a value with the control API's ``message``."""
    return PydanticCustomError(CONTROL_INPUT, "{message}", {"message": message})


def validation_message(invalid: ValidationError) -> str:
    """The message of a body model's first problem: a refusal's own text, else the field and why."""
    problem = invalid.errors(include_url=False)[0]
    if problem["type"] == CONTROL_INPUT:
        return str((problem.get("ctx") or {})["message"])
    where = ".".join(str(part) for part in problem["loc"])
    if problem["type"] == "extra_forbidden":
        return f"Unknown field(s) '{where}'"
    return f"'{where}': {problem['msg']}" if where else str(problem["msg"])


class ControlRoute(APIRoute):
    """An APIRoute that answers a raised :class:`ControlError` with its JSON error body."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                check_control_access(request)
                return await handler(request)
            except AccessRefused as refused:
                return ControlError(refused.status, refused.message, refused.code).response()
            except ControlError as error:
                return error.response()
            except ValidationError as invalid:  # a body model refused its input
                return ControlError(400, validation_message(invalid)).response()

        return handle


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


def selected(request: Request, *, create: bool = True) -> ServedNamespace:
    """The selected namespace; created on first use unless ``create`` is false (then 404).

    The ``default`` namespace always exists.
    """
    namespaces: ServedNamespaces = request.app.state.namespaces
    name = selected_namespace(request)
    if not create and name != DEFAULT_NAMESPACE and name not in namespaces.names():
        raise ControlError(404, MSG_UNKNOWN_NAMESPACE.format(name=name), errors.NOT_FOUND)
    try:
        return namespaces.get(name)
    except NamespaceLimitReached as limit:
        raise ControlError(400, str(limit)) from None


async def read_body(request: Request, model: type[Body], *, optional: bool = False) -> Body:
    """The request body parsed by ``model``: a JSON object with no keys beyond the model's fields
    (400 otherwise), then validated (a ValidationError, answered by :class:`ControlRoute`).

    With ``optional``, an empty body reads as ``{}``.
    """
    raw = await request.body()
    body: Any = {}
    if raw.strip() or not optional:
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise ControlError(400, MSG_NOT_JSON) from None
    if not isinstance(body, dict):
        raise ControlError(400, MSG_NOT_OBJECT)
    allowed = {field.alias or name for name, field in model.model_fields.items()}
    unknown = sorted(set(body) - allowed)
    if unknown:
        expected = ", ".join(f"'{key}'" for key in sorted(allowed)) or "no fields"
        names = ", ".join(repr(key) for key in unknown)
        raise ControlError(400, f"Unknown field(s) {names}: expected {expected}")
    return model.model_validate(body)


def persist(request: Request) -> None:
    """Write the state file now, if the server has one (after a reset, load or clock change)."""
    state_file = state_file_of(request)
    if state_file is not None:
        state_file.save()
