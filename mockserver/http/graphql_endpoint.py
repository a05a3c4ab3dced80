"""The GraphQL endpoint: the path of one request through the gateway to the resolvers.

:meth:`GraphQLEndpoint.handle` reads top-down like the request's path; each step either hands
on or answers at once with an :class:`~mockserver.http.outcome.Outcome`:

1. namespace (400) and declared body size (413);
2. authentication (401, before anything else is looked at; no rate-limit headers);
3. rate limiting on the namespace's mock clock (429; RateLimit headers on every later answer);
4. body size and JSON payload (413, 400: :mod:`mockserver.http.payload`);
5. parse, validation with Buffer's query limits, operation, variables (400, documents cached:
   :mod:`mockserver.http.prepare`);
6. injected faults for this operation (control API): latency, errors, dropped connection
   (:mod:`mockserver.http.fault_answers`);
7. execution under the namespace lock, OAuth scopes enforced from one table;
8. render: Buffer-shaped errors, orjson response, request-log entry, state file saved.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeGuard

import anyio.to_thread
import orjson
from graphql import (
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    MiddlewareManager,
    OperationType,
    execute,
)
from graphql.execution.values import VariableValues, get_variable_values
from starlette.requests import Request
from starlette.responses import Response

from mockserver import errors
from mockserver.actor import Actor
from mockserver.gateway.auth import AuthFailure, authenticate
from mockserver.gateway.fallback import header_namespace
from mockserver.gateway.ratelimit_headers import rate_limit_headers
from mockserver.gateway.responses import json_response
from mockserver.gateway.schema_versions import SCHEMA_VERSION_HEADER, UnknownSchemaVersion, request_version
from mockserver.gateway.scopes import SCOPE_MIDDLEWARE
from mockserver.gateway.state import RateLimitCheck, ServedNamespace, ServedNamespaces
from mockserver.http.access_log import log_access
from mockserver.http.documents import DocumentCache
from mockserver.http.dropped_connection import ConnectionDropped, DroppedConnection
from mockserver.http.fast_executor import CompiledOperation, GiveUp, compile_operation
from mockserver.http.fault_answers import fault_outcome, mutation_error_middleware, select_faults
from mockserver.http.formatting import format_error
from mockserver.http.outcome import Outcome, PreparedRequest
from mockserver.http.payload import parse_payload
from mockserver.http.prepare import prepare_request
from mockserver.http.response_cache import ResponseCache, answer_key
from mockserver.http.test_drift import TestDrift
from mockserver.resolvers.context import RequestContext, TimeWatchingContext
from mockserver.resolvers.defaults import default_field_resolver
from mockserver.schema.versions import DEFAULT_VERSION
from mockserver.settings import Settings
from mockserver.store.namespaces import MSG_BAD_NAMESPACE, NamespaceLimitReached
from mockserver.store.persistence import after_request

__all__ = ["ConnectionDropped", "GraphQLEndpoint", "Outcome", "PreparedRequest"]


def never_awaitable(_: object) -> TypeGuard[Awaitable[Any]]:
    """Every resolver is synchronous: graphql-core need not inspect each value for an awaitable."""
    return False


class GraphQLEndpoint:
    def __init__(
        self,
        schema: GraphQLSchema,
        settings: Settings,
        namespaces: ServedNamespaces,
        documents: DocumentCache,
        schema_for: Callable[[str], GraphQLSchema] | None = None,
    ) -> None:
        self.schema = schema  # the schema of the server's default version
        self.schema_for: Callable[[str], GraphQLSchema] = schema_for or (lambda _version: schema)
        self.settings = settings
        self.namespaces = namespaces
        self.documents = documents
        # TEST-ONLY drift rewrites (off unless settings.test_drift names some)
        self.test_drift = TestDrift(settings.test_drift) if settings.test_drift else None
        self.response_cache = (
            ResponseCache(settings.response_cache_bytes) if settings.response_cache else None
        )

    def namespace_of(self, request: Request) -> str | None:
        return header_namespace(request.headers, self.settings)

    async def handle(self, request: Request) -> Response:
        started = time.perf_counter()
        name = self.namespace_of(request)
        if name is None:
            return json_response(errors.error_body(MSG_BAD_NAMESPACE, errors.BAD_REQUEST), 400)
        namespace = self.namespaces.find(name)
        if namespace is None:  # authenticate before a namespace (its own world) is created
            actor = authenticate(self.namespaces.credentials, request.headers.get("authorization"))
            if isinstance(actor, AuthFailure):  # no namespace to log it in: the access log only
                log_access(name, None, 401, round((time.perf_counter() - started) * 1000, 3), None)
                return json_response(actor.body(), 401)
            try:  # building a namespace indexes the world: off the event loop
                namespace = await anyio.to_thread.run_sync(self.namespaces.get, name)
            except NamespaceLimitReached as limit:
                return json_response(errors.error_body(str(limit), errors.BAD_REQUEST), 400)
        try:
            version = request_version(request.headers.get(SCHEMA_VERSION_HEADER), namespace, self.settings)
        except UnknownSchemaVersion as unknown:
            return json_response(errors.error_body(str(unknown), errors.BAD_REQUEST), 400)
        outcome = await self.process(request, namespace, version)
        outcome.log_extra.setdefault("schema_version", version)
        return await self.render(request, namespace, outcome, started)

    async def process(
        self, request: Request, namespace: ServedNamespace, version: str = DEFAULT_VERSION
    ) -> Outcome:
        if self.declares_too_large_a_body(request):
            return self.too_large()
        actor = authenticate(namespace.world, request.headers.get("authorization"))
        if isinstance(actor, AuthFailure):
            return Outcome(401, actor.body())
        gateway = namespace.gateway
        check = self.count_request(namespace, actor)
        outcome = await self.admitted(request, namespace, actor, check, version)
        if check is not None:
            outcome.headers.update(
                rate_limit_headers(
                    gateway.header_style, check.decision.windows, check.client, namespace.clock.now()
                )
            )
        return outcome

    async def admitted(
        self,
        request: Request,
        namespace: ServedNamespace,
        actor: Actor,
        check: RateLimitCheck | None,
        version: str = DEFAULT_VERSION,
    ) -> Outcome:
        """Everything after the rate limiter: the outcome for a request it let through (or a 429)."""
        if check is not None and check.decision.would_refuse:
            return await self.over_the_limit(request, namespace, actor, check, version)
        raw = await request.body()
        if len(raw) > self.settings.max_body_bytes:
            return self.too_large()
        payload = parse_payload(raw)
        if isinstance(payload, Outcome):
            return payload
        query, variables, operation_name = payload
        max_tokens = self.settings.query_limits.max_tokens
        schema = self.schema_for(version)
        prepared = await prepare_request(
            schema, self.documents, max_tokens, query, variables, operation_name, version
        )
        if isinstance(prepared, Outcome):
            prepared.variables = variables
            return prepared
        injection = select_faults(schema, namespace.gateway, prepared)
        if injection is not None and injection.latency_ms > 0:
            await asyncio.sleep(injection.latency_ms / 1000)
        fault = injection.fault if injection is not None else None
        if fault is None:
            outcome = self.execute(namespace, actor, prepared)
        elif fault.kind == "mutation_error":
            outcome = self.execute(namespace, actor, prepared, mutation_error_middleware(fault))
        else:
            outcome = fault_outcome(fault)
        outcome.operation_name = prepared.operation_name
        outcome.variables = variables
        if injection is not None and not injection.is_empty:
            outcome.fault = injection.applied
        return outcome

    # --- size and rate limit ----------------------------------------------------------------------
    def declares_too_large_a_body(self, request: Request) -> bool:
        declared = request.headers.get("content-length")
        return declared is not None and declared.isdigit() and int(declared) > self.settings.max_body_bytes

    def too_large(self) -> Outcome:
        limit = self.settings.max_body_bytes
        return Outcome(
            413, errors.error_body(errors.MSG_PAYLOAD_TOO_LARGE.format(limit=limit), errors.PAYLOAD_TOO_LARGE)
        )

    def count_request(self, namespace: ServedNamespace, actor: Actor) -> RateLimitCheck | None:
        gateway = namespace.gateway
        if not gateway.counting:
            return None
        token = actor.token
        plan = gateway.plan_of(namespace.world, token)
        return gateway.check(token.rate_limit_client, plan, namespace.clock.now())

    async def over_the_limit(
        self,
        request: Request,
        namespace: ServedNamespace,
        actor: Actor,
        check: RateLimitCheck,
        version: str = DEFAULT_VERSION,
    ) -> Outcome:
        """A 429 when the limit is enforced; in observe mode the request goes on, logged as one."""
        window = check.decision.exceeded
        if check.refused:
            outcome = Outcome(
                429, errors.error_body(errors.MSG_RATE_LIMITED, errors.RATE_LIMIT_EXCEEDED, window=window)
            )
            outcome.headers["Retry-After"] = str(check.decision.retry_after)
            outcome.log_extra["rate_limited"] = window
            return outcome
        observed = await self.admitted(request, namespace, actor, None, version)
        observed.log_extra["would_rate_limit"] = window  # observe mode: Buffer would have said 429
        return observed

    # --- execution ------------------------------------------------------------------------------
    def execute(
        self,
        namespace: ServedNamespace,
        actor: Actor,
        prepared: PreparedRequest,
        middleware: MiddlewareManager | None = None,
    ) -> Outcome:
        """Run the operation; identical reads are answered from the response cache (see its module)."""
        cache = self.response_cache
        if middleware is not None or prepared.operation.operation != OperationType.QUERY:
            cache = None  # writes, and reads hit by an injected mutation error, always execute
        if middleware is None and not actor.is_personal_key:
            middleware = SCOPE_MIDDLEWARE  # personal keys have full access: no per-field check at all
        with namespace.lock:
            now = namespace.sync_clock()  # publishing and ingestion bump the revision the key holds
            world = namespace.world
            if cache is None:
                context = RequestContext(
                    world=world,
                    actor=actor,
                    settings=self.settings,
                    now=now,
                    schema_version=prepared.schema_version or DEFAULT_VERSION,
                )
                return Outcome(200, self.encoded(self.run(prepared, context, middleware), prepared))
            key = answer_key(
                world,
                actor.token.token,
                prepared.schema_version or DEFAULT_VERSION,
                prepared.query,
                prepared.variables,
                prepared.operation_name,
            )
            cached = cache.get(key, now) if key is not None else None
            if cached is not None:
                return Outcome(cached.status, cached.body)
            watching = TimeWatchingContext(
                world, actor, self.settings, now, prepared.schema_version or DEFAULT_VERSION
            )
            body = self.encoded(self.run(prepared, watching, middleware), prepared)
            if key is not None and (not watching.read_now or world.clock.frozen):
                cache.put(key, 200, body, world.next_event_at())
        return Outcome(200, body)

    def run(
        self, prepared: PreparedRequest, context: RequestContext, middleware: MiddlewareManager | None
    ) -> ExecutionResult:
        compiled = self.compiled(prepared) if middleware is None else None
        if compiled is not None:
            # coerced once: by prepare, or here for a remembered set (valid: prepare checked it)
            coerced: VariableValues | list[GraphQLError] | None = prepared.coerced
            if coerced is None:
                schema = prepared.schema or self.schema
                definitions = prepared.operation.variable_definitions or ()
                coerced = get_variable_values(schema, definitions, prepared.variables)
            if not isinstance(coerced, list):
                try:
                    return ExecutionResult(compiled.execute(context, coerced), None)
                except GiveUp:
                    pass  # graphql-core answers: the error, its path, null propagation
        result = execute(
            prepared.schema or self.schema,
            prepared.document,
            context_value=context,
            variable_values=prepared.variables,
            operation_name=prepared.operation_name,
            field_resolver=default_field_resolver,
            middleware=middleware,
            is_awaitable=never_awaitable,
        )
        assert isinstance(result, ExecutionResult)
        return result

    def compiled(self, prepared: PreparedRequest) -> CompiledOperation | None:
        """The compiled form of a plain query (made once per cached document), or None."""
        entry = prepared.prepared
        if not self.settings.compiled_queries or entry is None:
            return None
        name = prepared.operation_name
        if name not in entry.compiled:
            fragments = {
                d.name.value: d
                for d in prepared.document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            schema = prepared.schema or self.schema
            entry.compiled[name] = compile_operation(
                schema, prepared.operation, fragments, default_field_resolver
            )
        return entry.compiled[name]

    def encoded(self, result: ExecutionResult, prepared: PreparedRequest) -> bytes:
        body = self.body(result)
        if self.test_drift is not None:
            body = self.test_drift.apply(body, prepared.variables)
        return orjson.dumps(body)

    def body(self, result: ExecutionResult) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if result.errors:
            body["errors"] = [format_error(e, debug=self.settings.debug) for e in result.errors]
        body["data"] = result.data
        return body

    # --- render -----------------------------------------------------------------------------------
    async def render(
        self, request: Request, namespace: ServedNamespace, outcome: Outcome, started: float
    ) -> Response:
        """Log the request, save the state file if it wrote, then answer."""
        status = None if outcome.drop_connection else outcome.status
        duration_ms = round((time.perf_counter() - started) * 1000, 3)
        namespace.log_request(
            operation_name=outcome.operation_name,
            variables=outcome.variables,
            status=status,
            duration_ms=duration_ms,
            fault=outcome.fault,
            **outcome.log_extra,
        )
        log_access(namespace.name, outcome.operation_name, status, duration_ms, outcome.fault)
        await after_request(request, namespace)  # persistence: save the state file before answering a write
        if outcome.drop_connection:
            return DroppedConnection()
        return json_response(outcome.body, outcome.status, outcome.headers)
