"""Control routes for the gateway (mounted under ``/_mock`` by :mod:`mockserver.control`).

Per namespace (``?namespace=`` or the namespace header, as every control route):

* ``GET /ratelimits``: mode, header style, custom quotas and every client's windows;
* ``PUT /ratelimits``: ``{"mode"?, "headers"?, "customQuotas"?: {"15m", "24h", "30d"},
  "resetCounters"?}``;
* ``DELETE /ratelimits``: forget every client's counters (mode and quotas stay);
* ``GET /faults``: the armed faults; ``POST /faults``: arm one (body below);
  ``DELETE /faults``: disarm all; ``DELETE /faults/{id}``: disarm one.

Fault body: ``{"kind", "operation"?, "code"?, "message"?, "typename"?, "status"?,
"latency"?: {"distribution", "ms", "minMs", "maxMs", "meanMs"}, "times"?, "probability"?,
"seed"?}`` (see :mod:`mockserver.gateway.faults`).

Gateway state is in memory only: it is not written to the state file.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from graphql import GraphQLSchema
from starlette.requests import Request
from starlette.responses import Response

from mockserver import errors
from mockserver.control.bodies import FaultBody, RateLimitsBody
from mockserver.control.toolkit import ControlError, ControlRoute, read_body, selected
from mockserver.gateway.faults import (
    ArmedFault,
    FaultSpec,
    mutation_fields_with_member,
    payload_members,
)
from mockserver.gateway.ratelimit import WINDOWS
from mockserver.gateway.responses import json_response
from mockserver.gateway.state import ServedNamespace, ServedNamespaces

WINDOW_NAMES = tuple(spec.name for spec in WINDOWS)


# --- bodies -------------------------------------------------------------------------------------
def rate_limits_body(namespace: ServedNamespace) -> dict[str, Any]:
    gateway = namespace.gateway
    now = namespace.clock.now()
    clients = []
    with gateway.lock:
        for client in gateway.limiter.clients():
            plan = gateway.client_plans.get(client)
            windows = gateway.limiter.status(client, now, gateway.quotas_for(plan))
            clients.append(
                {
                    "client": client,
                    "plan": plan,
                    "windows": [
                        {
                            "window": w.name,
                            "seconds": w.seconds,
                            "quota": w.quota,
                            "used": w.used,
                            "remaining": w.remaining,
                            "resetSeconds": w.reset_seconds,
                        }
                        for w in windows
                    ],
                }
            )
    return {
        "namespace": namespace.name,
        "mode": gateway.mode,
        "headers": gateway.header_style,
        "customQuotas": dict(zip(WINDOW_NAMES, gateway.custom_quotas.as_tuple(), strict=True)),
        "clients": clients,
    }


def fault_body(fault: ArmedFault) -> dict[str, Any]:
    spec = fault.spec
    body: dict[str, Any] = {
        "id": fault.id,
        "kind": spec.kind,
        "operation": spec.operation,
        "times": spec.times,
        "remaining": fault.remaining,
        "probability": spec.probability,
        "seed": spec.seed,
        "hits": fault.hits,
    }
    for key, value in (
        ("code", spec.code),
        ("message", spec.message),
        ("typename", spec.typename),
        ("status", spec.status),
    ):
        if value is not None:
            body[key] = value
    if spec.latency is not None:
        latency = spec.latency
        body["latency"] = {
            "distribution": latency.distribution,
            "ms": latency.ms,
            "minMs": latency.min_ms,
            "maxMs": latency.max_ms,
            "meanMs": latency.mean_ms,
        }
    return body


# --- input rules ----------------------------------------------------------------------------------
def check_member_fits(schema: GraphQLSchema, spec: FaultSpec) -> None:
    """A typed error aimed at a named mutation must be a member of its payload union."""
    typename = spec.typename or ""
    operation = spec.operation
    if operation is None:
        if not mutation_fields_with_member(schema, typename):
            raise ControlError(400, f"No mutation can return {typename}")
        return
    query_fields = schema.query_type.fields if schema.query_type is not None else {}
    mutation_fields = schema.mutation_type.fields if schema.mutation_type is not None else {}
    if operation in query_fields and operation not in mutation_fields:
        raise ControlError(400, f"'{operation}' is a query: typed errors are returned by mutations only")
    if operation in mutation_fields and typename not in payload_members(schema, "mutation", operation):
        fits = ", ".join(mutation_fields_with_member(schema, typename)) or "none"
        raise ControlError(400, f"{operation} cannot return {typename}; mutations that can: {fits}")


def schema_of(request: Request) -> GraphQLSchema | None:
    return getattr(request.app.state, "schema", None)


# --- the router ------------------------------------------------------------------------------------
def gateway_control_router(namespaces: ServedNamespaces) -> APIRouter:
    """Rate-limit and fault routes; the namespace comes from each request (``namespaces`` is
    the app's, kept for symmetry with the other control routers)."""
    router = APIRouter(route_class=ControlRoute)
    del namespaces  # selected() reads the app's namespaces from the request

    @router.get("/ratelimits")
    async def get_rate_limits(request: Request) -> Response:
        namespace = selected(request)
        return json_response(rate_limits_body(namespace))

    @router.put("/ratelimits")
    async def put_rate_limits(request: Request) -> Response:
        body = await read_body(request, RateLimitsBody)
        namespace = selected(request)
        gateway = namespace.gateway
        try:
            windows = body.custom_quotas
            quotas = gateway.custom_quotas.with_windows(windows) if windows is not None else None
            gateway.configure(
                mode=body.mode,
                header_style=body.headers,
                custom_quotas=quotas,
                reset_counters=body.reset_counters,
            )
        except ValueError as error:  # already checked by RateLimitsBody; kept for a race-free answer
            raise ControlError(400, str(error)) from None
        return json_response(rate_limits_body(namespace))

    @router.delete("/ratelimits")
    async def reset_rate_limits(request: Request) -> Response:
        namespace = selected(request)
        gateway = namespace.gateway
        gateway.configure(reset_counters=True)
        return json_response(rate_limits_body(namespace))

    @router.get("/faults")
    async def list_faults(request: Request) -> Response:
        namespace = selected(request)
        gateway = namespace.gateway
        with gateway.lock:
            faults = [fault_body(f) for f in gateway.faults.armed()]
        return json_response({"namespace": namespace.name, "faults": faults})

    @router.post("/faults")
    async def arm_fault(request: Request) -> Response:
        spec = (await read_body(request, FaultBody)).spec()
        schema = schema_of(request)
        if spec.kind == "mutation_error" and schema is not None:
            check_member_fits(schema, spec)
        namespace = selected(request)
        gateway = namespace.gateway
        with gateway.lock:
            fault = gateway.faults.arm(spec)
            answer = fault_body(fault)
        return json_response({"namespace": namespace.name, "fault": answer}, 201)

    @router.delete("/faults")
    async def clear_faults(request: Request) -> Response:
        namespace = selected(request)
        gateway = namespace.gateway
        with gateway.lock:
            cleared = gateway.faults.clear()
        return json_response({"namespace": namespace.name, "cleared": cleared})

    @router.delete("/faults/{fault_id}")
    async def remove_fault(request: Request, fault_id: str) -> Response:
        namespace = selected(request)
        gateway = namespace.gateway
        with gateway.lock:
            removed = gateway.faults.remove(fault_id)
        if not removed:
            message = f"No armed fault '{fault_id}' in namespace '{namespace.name}'"
            raise ControlError(404, message, errors.NOT_FOUND)
        return json_response({"namespace": namespace.name, "cleared": 1})

    return router
