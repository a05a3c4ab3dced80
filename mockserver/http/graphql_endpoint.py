"""The GraphQL endpoint: the path of one request through the gateway to the resolvers.

1. namespace selection and declared body size (413);
2. authentication (401, before anything else is looked at; no rate-limit headers);
3. rate limiting on the namespace's mock clock (429; RateLimit headers on every later answer);
4. body size and JSON body (413, 400);
5. document parse/validation incl. query limits (400, cached per document);
6. operation selection and variables coercion (400);
7. injected faults for this operation (control API): latency, errors, dropped connection;
8. execution under the namespace lock, OAuth scopes enforced from one table;
9. Buffer-shaped errors, orjson response, request log entry.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    MiddlewareManager,
    OperationDefinitionNode,
    SelectionSetNode,
    execute,
    get_operation_ast,
)
from graphql.execution.values import get_variable_values
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from mockserver import errors
from mockserver.actor import Actor
from mockserver.gateway.auth import AuthFailure, authenticate
from mockserver.gateway.faults import FaultSpec, Injection, RequestShape, error_member, payload_members
from mockserver.gateway.query_limits import token_limit_error
from mockserver.gateway.ratelimit_headers import rate_limit_headers
from mockserver.gateway.responses import json_response
from mockserver.gateway.scopes import SCOPE_MIDDLEWARE
from mockserver.gateway.state import GatewayState, RateLimitCheck, gateway_state
from mockserver.http.documents import DocumentCache
from mockserver.http.formatting import format_error
from mockserver.resolvers.context import RequestContext
from mockserver.resolvers.defaults import default_field_resolver
from mockserver.settings import Settings
from mockserver.store.namespaces import DEFAULT_NAMESPACE, MSG_BAD_NAMESPACE, NAMESPACE_PATTERN, Namespaces
from mockserver.store.persistence import after_request
from mockserver.store.world import World


class ConnectionDropped(Exception):
    """Raised (on purpose) to make the server close the connection without an answer."""


class DroppedConnection(Response):
    """A 'response' that makes the ASGI server close the connection without sending anything.

    It starts the response with a header no HTTP/1.1 encoder may write (uvicorn/h11 refuses
    it before a byte reaches the socket), then raises :class:`ConnectionDropped`: a server
    whose response has started answers an application exception by closing the connection,
    so the client sees the connection end with no status line. In-process clients
    (TestClient, httpx ASGITransport) surface the exception itself.
    """

    def __init__(self) -> None:
        super().__init__(status_code=500)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Expected to fail: the server refuses to encode the header, so nothing is sent.
        with contextlib.suppress(Exception):
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"x-buffer-mock-fault", b"drop\r\nconnection")],
                }
            )
        raise ConnectionDropped("fault injection: connection dropped without a response")


@dataclass(slots=True)
class Outcome:
    """What one request produced, for the response and for the request log."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    operation_name: str | None = None
    variables: Any = None
    fault: list[dict[str, Any]] | None = None
    drop_connection: bool = False
    log_extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class PreparedRequest:
    """A request that passed every check: ready to execute (or to be hit by a fault)."""

    document: DocumentNode
    operation: OperationDefinitionNode
    operation_name: str | None
    variables: dict[str, Any]


class GraphQLEndpoint:
    def __init__(
        self, schema: GraphQLSchema, settings: Settings, namespaces: Namespaces, documents: DocumentCache
    ) -> None:
        self.schema = schema
        self.settings = settings
        self.namespaces = namespaces
        self.documents = documents

    def namespace_of(self, request: Request) -> str | None:
        name = request.headers.get(self.settings.namespace_header, DEFAULT_NAMESPACE).strip()
        return name if NAMESPACE_PATTERN.match(name) else None

    async def handle(self, request: Request) -> Response:
        started = time.perf_counter()
        namespace = self.namespace_of(request)
        if namespace is None:
            return json_response(errors.error_body(MSG_BAD_NAMESPACE, errors.BAD_REQUEST), 400)
        world = self.namespaces.get(namespace)
        outcome = await self.process(request, world)
        world.log_request(
            operation_name=outcome.operation_name,
            variables=outcome.variables,
            status=None if outcome.drop_connection else outcome.status,
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
            fault=outcome.fault,
            **outcome.log_extra,
        )
        await after_request(request, world)  # persistence: save the state file before answering a write
        if outcome.drop_connection:
            return DroppedConnection()
        return json_response(outcome.body, outcome.status, outcome.headers)

    async def process(self, request: Request, world: World) -> Outcome:
        limit = self.settings.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return self.too_large()
        actor = authenticate(world, request.headers.get("authorization"))
        if isinstance(actor, AuthFailure):
            return Outcome(401, actor.body())
        gateway = gateway_state(world)
        check = self.count_request(world, gateway, actor)
        outcome = await self.admitted(request, world, gateway, actor, check)
        if check is not None:
            outcome.headers.update(
                rate_limit_headers(
                    gateway.header_style, check.decision.windows, check.client, world.clock.now()
                )
            )
        return outcome

    def count_request(self, world: World, gateway: GatewayState, actor: Actor) -> RateLimitCheck | None:
        if not gateway.counting:
            return None
        token = actor.token
        return gateway.check(token.rate_limit_client, gateway.plan_of(world, token), world.clock.now())

    async def admitted(
        self,
        request: Request,
        world: World,
        gateway: GatewayState,
        actor: Actor,
        check: RateLimitCheck | None,
    ) -> Outcome:
        """Everything after the rate limiter: the outcome for a request it let through (or a 429)."""
        if check is not None and check.decision.would_refuse:
            window = check.decision.exceeded
            if check.refused:
                outcome = Outcome(
                    429, errors.error_body(errors.MSG_RATE_LIMITED, errors.RATE_LIMIT_EXCEEDED, window=window)
                )
                outcome.headers["Retry-After"] = str(check.decision.retry_after)
                outcome.log_extra["rate_limited"] = window
                return outcome
            observed = await self.admitted(request, world, gateway, actor, None)
            observed.log_extra["would_rate_limit"] = window  # observe mode: Buffer would have said 429
            return observed
        raw = await request.body()
        if len(raw) > self.settings.max_body_bytes:
            return self.too_large()
        payload = parse_payload(raw)
        if isinstance(payload, Outcome):
            return payload
        query, variables, operation_name = payload
        prepared = self.prepare(query, variables, operation_name)
        if isinstance(prepared, Outcome):
            prepared.variables = variables
            return prepared
        injection = self.select_faults(gateway, prepared)
        if injection is not None and injection.latency_ms > 0:
            await asyncio.sleep(injection.latency_ms / 1000)
        if injection is not None and injection.fault is not None:
            outcome = self.faulted(world, actor, prepared, injection.fault)
        else:
            outcome = self.execute(world, actor, prepared)
        outcome.operation_name = prepared.operation_name
        outcome.variables = variables
        if injection is not None and not injection.is_empty:
            outcome.fault = injection.applied
        return outcome

    def too_large(self) -> Outcome:
        limit = self.settings.max_body_bytes
        return Outcome(
            413, errors.error_body(errors.MSG_PAYLOAD_TOO_LARGE.format(limit=limit), errors.PAYLOAD_TOO_LARGE)
        )

    # --- document and operation ---------------------------------------------------------------
    def prepare(
        self, query: str, variables: dict[str, Any] | None, operation_name: str | None
    ) -> PreparedRequest | Outcome:
        prepared = self.documents.prepare(query)
        if prepared.parse_errors:
            formatted: list[dict[str, Any]] = []
            for error in prepared.parse_errors:
                limit_error = token_limit_error(error, self.settings.query_limits.max_tokens)
                formatted.append(
                    format_error(limit_error)
                    if limit_error is not None
                    else format_error(error, default_code=errors.GRAPHQL_PARSE_FAILED)
                )
            return Outcome(400, {"errors": formatted}, operation_name=operation_name)
        if prepared.validation_errors:
            return Outcome(
                400,
                {
                    "errors": [
                        format_error(
                            e,
                            default_code=None
                            if getattr(e, "is_query_limit", False)
                            else errors.GRAPHQL_VALIDATION_FAILED,
                        )
                        for e in prepared.validation_errors
                    ]
                },
                operation_name=operation_name,
            )
        document = prepared.document
        assert document is not None
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            message = (
                f'Unknown operation named "{operation_name}".'
                if operation_name
                else "Must provide operation name if query contains multiple operations."
            )
            return Outcome(400, errors.error_body(message, errors.BAD_REQUEST), operation_name=operation_name)
        resolved_name = operation_name or (operation.name.value if operation.name else None)
        coerced = get_variable_values(self.schema, operation.variable_definitions or (), variables or {})
        if isinstance(coerced, list):
            formatted_errors = [format_error(e, default_code=errors.BAD_USER_INPUT) for e in coerced]
            return Outcome(400, {"errors": formatted_errors}, operation_name=resolved_name)
        return PreparedRequest(document, operation, resolved_name, variables or {})

    # --- execution ------------------------------------------------------------------------------
    def execute(
        self,
        world: World,
        actor: Actor,
        prepared: PreparedRequest,
        middleware: MiddlewareManager | None = None,
    ) -> Outcome:
        if middleware is None and not actor.is_personal_key:
            middleware = SCOPE_MIDDLEWARE  # personal keys have full access: no per-field check at all
        with world.lock:
            now = world.sync_clock()
            context = RequestContext(world=world, actor=actor, settings=self.settings, now=now)
            result = execute(
                self.schema,
                prepared.document,
                context_value=context,
                variable_values=prepared.variables,
                operation_name=prepared.operation_name,
                field_resolver=default_field_resolver,
                middleware=middleware,
            )
        assert isinstance(result, ExecutionResult)
        return Outcome(200, self.body(result))

    def body(self, result: ExecutionResult) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if result.errors:
            body["errors"] = [format_error(e, debug=self.settings.debug) for e in result.errors]
        body["data"] = result.data
        return body

    # --- faults ---------------------------------------------------------------------------------
    def select_faults(self, gateway: GatewayState, prepared: PreparedRequest) -> Injection | None:
        if not gateway.faults:
            return None
        operation_type = prepared.operation.operation.value
        fields = root_field_names(prepared.document, prepared.operation.selection_set)
        shape = RequestShape(
            operation_name=prepared.operation_name,
            operation_type=operation_type,
            root_fields=fields,
            payload_members=tuple(payload_members(self.schema, operation_type, f) for f in fields),
        )
        with gateway.lock:
            return gateway.faults.select(shape)

    def faulted(self, world: World, actor: Actor, prepared: PreparedRequest, fault: FaultSpec) -> Outcome:
        if fault.kind == "drop_connection":
            return Outcome(0, None, drop_connection=True)
        if fault.kind == "http_error":
            status = fault.status or 500
            return Outcome(status, errors.error_body(fault.default_message(), errors.UNEXPECTED))
        if fault.kind == "mutation_error":
            member = error_member(fault)
            middleware = MiddlewareManager(RootFieldsAnswer(member))
            return self.execute(world, actor, prepared, middleware)
        return Outcome(
            200,
            {
                "errors": [
                    {
                        "message": fault.default_message(),
                        "extensions": {"code": fault.code or errors.UNEXPECTED},
                    }
                ],
                "data": None,
            },
        )


class RootFieldsAnswer:
    """Middleware answering every root field with a fixed value (a typed mutation error);
    nested fields resolve from it as usual, so the answer follows the client's selection."""

    def __init__(self, value: dict[str, Any]) -> None:
        self.value = value

    def resolve(self, next_: Any, root: Any, info: Any, **args: Any) -> Any:
        if info.path.prev is None:
            return dict(self.value)
        return next_(root, info, **args)


def root_field_names(document: DocumentNode, selection_set: SelectionSetNode) -> tuple[str, ...]:
    """The root fields an operation selects (through fragments), in order, without repeats."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    names: list[str] = []
    pending = [selection_set]
    seen: set[str] = set()
    while pending:
        current = pending.pop(0)
        for selection in current.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value not in names and selection.name.value != "__typename":
                    names.append(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                seen.add(selection.name.value)
                fragment = fragments.get(selection.name.value)
                if fragment is not None:
                    pending.append(fragment.selection_set)
    return tuple(names)


def parse_payload(raw: bytes) -> tuple[str, dict[str, Any] | None, str | None] | Outcome:
    """The ``{query, variables, operationName}`` of a body, or a 400 saying what is wrong."""
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return Outcome(400, errors.error_body(errors.MSG_MALFORMED_JSON, errors.BAD_REQUEST))
    if not isinstance(payload, dict):
        return Outcome(400, errors.error_body(errors.MSG_BODY_NOT_OBJECT, errors.BAD_REQUEST))
    query = payload.get("query")
    if not isinstance(query, str) or not query.strip():
        return Outcome(400, errors.error_body(errors.MSG_QUERY_MISSING, errors.BAD_REQUEST))
    variables = payload.get("variables")
    if variables is not None and not isinstance(variables, dict):
        return Outcome(400, errors.error_body(errors.MSG_VARIABLES_NOT_OBJECT, errors.BAD_REQUEST))
    operation_name = payload.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        return Outcome(400, errors.error_body(errors.MSG_OPERATION_NAME_NOT_STRING, errors.BAD_REQUEST))
    return query, variables, operation_name
