"""Run operations against the 2026-10 schema of an in-process world.

Executes through ``build_schema("2026-10")`` with a request context served as 2026-10, the
same resolvers the HTTP endpoint runs.
"""

from __future__ import annotations

from typing import Any

from graphql import ExecutionResult, execute, parse, validate

from mockserver.app import create_app
from mockserver.fixtures.loader import WorldData
from mockserver.gateway.auth import authenticate
from mockserver.graphql_schema import build_schema
from mockserver.resolvers.context import Actor, RequestContext
from mockserver.resolvers.defaults import default_field_resolver
from mockserver.settings import Settings
from mockserver.store.world import World

DEFAULT_KEY = "buf_mock_default_personal_key"
OUTSIDER_KEY = "buf_mock_outsider_personal_key"


class VersionedClient:
    """Executes GraphQL documents in one schema version against a fresh default namespace."""

    def __init__(self, data: WorldData, settings: Settings, version: str = "2026-10") -> None:
        self.app = create_app(settings, data)
        self.settings = settings
        self.version = version
        self.schema = build_schema(version)

    @property
    def world(self) -> World:
        return self.app.state.namespaces.get().world  # type: ignore[no-any-return]

    def result(
        self, query: str, variables: dict[str, Any] | None = None, token: str = DEFAULT_KEY
    ) -> ExecutionResult:
        document = parse(query)
        problems = validate(self.schema, document)
        if problems:
            return ExecutionResult(data=None, errors=problems)
        world = self.world
        actor = authenticate(world, f"Bearer {token}")
        assert isinstance(actor, Actor), actor
        with world.lock:
            now = world.sync_clock()
            context = RequestContext(
                world=world, actor=actor, settings=self.settings, now=now, schema_version=self.version
            )
            outcome = execute(
                self.schema,
                document,
                context_value=context,
                variable_values=variables or {},
                field_resolver=default_field_resolver,
            )
        assert isinstance(outcome, ExecutionResult)
        return outcome

    def data(self, query: str, variables: dict[str, Any] | None = None, token: str = DEFAULT_KEY) -> Any:
        outcome = self.result(query, variables, token)
        assert not outcome.errors, [str(e) for e in outcome.errors]
        return outcome.data

    def error_codes(
        self, query: str, variables: dict[str, Any] | None = None, token: str = DEFAULT_KEY
    ) -> list[str]:
        outcome = self.result(query, variables, token)
        return [str((e.extensions or {}).get("code")) for e in outcome.errors or ()]
