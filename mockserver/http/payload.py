"""The JSON body of a GraphQL request: ``{query, variables?, operationName?}``, or a 400."""

from __future__ import annotations

from typing import Any

import orjson

from mockserver import errors
from mockserver.http.outcome import Outcome


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
