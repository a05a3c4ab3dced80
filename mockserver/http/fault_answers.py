"""Injected faults on the request path: which faults hit a request, and the answers they make."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema, MiddlewareManager

from mockserver import errors
from mockserver.gateway.faults import FaultSpec, Injection, RequestShape, error_member, payload_members
from mockserver.gateway.selections import root_field_names
from mockserver.gateway.state import GatewayState
from mockserver.http.outcome import Outcome, PreparedRequest


def select_faults(
    schema: GraphQLSchema, gateway: GatewayState, prepared: PreparedRequest
) -> Injection | None:
    """The armed faults that match this request (None when none are armed)."""
    if not gateway.faults:
        return None
    operation_type = prepared.operation.operation.value
    fields = root_field_names(prepared.document, prepared.operation.selection_set)
    shape = RequestShape(
        operation_name=prepared.operation_name,
        operation_type=operation_type,
        root_fields=fields,
        payload_members=tuple(payload_members(schema, operation_type, f) for f in fields),
    )
    with gateway.lock:
        return gateway.faults.select(shape)


def fault_outcome(fault: FaultSpec) -> Outcome:
    """The answer of a fault that replaces execution (every kind but ``mutation_error``)."""
    if fault.kind == "drop_connection":
        return Outcome(0, None, drop_connection=True)
    if fault.kind == "http_error":
        status = fault.status or 500
        return Outcome(status, errors.error_body(fault.default_message(), errors.UNEXPECTED))
    return Outcome(
        200,
        {
            "errors": [
                {"message": fault.default_message(), "extensions": {"code": fault.code or errors.UNEXPECTED}}
            ],
            "data": None,
        },
    )


def mutation_error_middleware(fault: FaultSpec) -> MiddlewareManager:
    """Execution middleware for a ``mutation_error`` fault: every root field answers the typed error."""
    return MiddlewareManager(RootFieldsAnswer(error_member(fault)))


class RootFieldsAnswer:
    """Middleware answering every root field with a fixed value (a typed mutation error);
    nested fields resolve from it as usual, so the answer follows the client's selection."""

    def __init__(self, value: dict[str, Any]) -> None:
        self.value = value

    def resolve(self, next_: Any, root: Any, info: Any, **args: Any) -> Any:
        if info.path.prev is None:
            return dict(self.value)
        return next_(root, info, **args)
