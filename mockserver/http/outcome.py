"""What the steps of the GraphQL endpoint hand on: a prepared request, or the final outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, GraphQLSchema, OperationDefinitionNode
from graphql.execution.values import VariableValues

from mockserver.http.documents import PreparedDocument


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
    schema_version: str = ""
    schema: GraphQLSchema | None = None  # the version's schema (None: the endpoint's default)
    query: str = ""  # the document's text (the response cache keys on it)
    prepared: PreparedDocument | None = None  # the document cache's entry (compiled operations)
    # the variables as coerced while preparing this request (None: a remembered set skipped it)
    coerced: VariableValues | None = None
