"""From a query string to an executable request: parse, validate (with Buffer's query limits),
select the operation, coerce the variables. Each failure is the 400 Buffer answers."""

from __future__ import annotations

from typing import Any

import orjson
from graphql import GraphQLError, GraphQLSchema, get_operation_ast
from graphql.execution.values import get_variable_values

from mockserver import errors
from mockserver.gateway.query_limits import token_limit_error
from mockserver.http.documents import KNOWN_VARIABLES_KEY_MAX_CHARS, DocumentCache
from mockserver.http.formatting import format_error
from mockserver.http.js_messages import js16_variable_error
from mockserver.http.outcome import Outcome, PreparedRequest


async def prepare_request(
    schema: GraphQLSchema,
    documents: DocumentCache,
    max_tokens: int,
    query: str,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    version: str = "",
) -> PreparedRequest | Outcome:
    prepared = await documents.prepare_async(query, version)  # a costly miss: off the event loop
    if prepared.parse_errors:
        formatted = [parse_error(error, max_tokens) for error in prepared.parse_errors]
        return Outcome(400, {"errors": formatted}, operation_name=operation_name)
    if prepared.validation_errors:
        formatted = [validation_error(error) for error in prepared.validation_errors]
        return Outcome(400, {"errors": formatted}, operation_name=operation_name)
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
    known = variables_key(operation_name, variables)
    if prepared.knows_variables(known):
        return PreparedRequest(
            document, operation, resolved_name, variables or {}, version, schema, query, prepared
        )
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
    if isinstance(coerced, list):
        formatted_errors = [
            format_error(js16_variable_error(e, variables or {}, schema), default_code=errors.BAD_USER_INPUT)
            for e in coerced
        ]
        return Outcome(400, {"errors": formatted_errors}, operation_name=resolved_name)
    prepared.remember_variables(known)
    return PreparedRequest(
        document, operation, resolved_name, variables or {}, version, schema, query, prepared, coerced
    )


VariablesKey = tuple[str | None, str]


def variables_key(operation_name: str | None, variables: dict[str, Any] | None) -> VariablesKey | None:
    """The key a coerced variable set is remembered by (None: too long or not JSON to remember)."""
    if not variables:
        return (operation_name, "")
    try:
        text = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS).decode()
    except (TypeError, orjson.JSONEncodeError):
        return None
    return (operation_name, text) if len(text) <= KNOWN_VARIABLES_KEY_MAX_CHARS else None


def parse_error(error: GraphQLError, max_tokens: int) -> dict[str, Any]:
    """A syntax error, or Buffer's token-limit error when the parser stopped at the limit."""
    limit_error = token_limit_error(error, max_tokens)
    if limit_error is not None:
        return format_error(limit_error)
    return format_error(error, default_code=errors.GRAPHQL_PARSE_FAILED)


def validation_error(error: GraphQLError) -> dict[str, Any]:
    """A validation error; Buffer's query-limit errors carry no ``extensions.code``."""
    is_query_limit = getattr(error, "is_query_limit", False)
    return format_error(error, default_code=None if is_query_limit else errors.GRAPHQL_VALIDATION_FAILED)
