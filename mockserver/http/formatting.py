"""Turning graphql-core errors into Buffer-shaped JSON, without ever leaking a traceback."""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLError

from mockserver import errors

log = logging.getLogger("buffer_mock")

# graphql-core quotes names with '...' where graphql-js (Buffer's server) uses "...".
_QUOTED_NAME = re.compile(r"'([_A-Za-z$@][_0-9A-Za-z$.!\[\] ]*)'")
_JS_WORDED_CODES = frozenset(
    {errors.GRAPHQL_VALIDATION_FAILED, errors.GRAPHQL_PARSE_FAILED, errors.BAD_USER_INPUT}
)


def graphql_js_wording(message: str) -> str:
    """Quote type, field and variable names the way graphql-js does."""
    return _QUOTED_NAME.sub(r'"\1"', message)


def format_error(
    error: GraphQLError, *, debug: bool = False, default_code: str | None = None
) -> dict[str, Any]:
    """``{message, locations?, path?, extensions?}``; internal failures become UNEXPECTED."""
    original = error.original_error
    if original is not None and not isinstance(original, GraphQLError):
        log.error("resolver failed at %s", error.path, exc_info=original)
        internal: dict[str, Any] = {"message": errors.MSG_UNEXPECTED}
        if error.locations:
            internal["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
        if error.path:
            internal["path"] = list(error.path)
        extensions: dict[str, Any] = {"code": errors.UNEXPECTED}
        if debug:
            extensions["exception"] = f"{type(original).__name__}: {original}"
        internal["extensions"] = extensions
        return internal
    formatted: dict[str, Any] = dict(error.formatted)
    message = formatted["message"]
    if default_code in _JS_WORDED_CODES:
        message = graphql_js_wording(message)
    result: dict[str, Any] = {"message": message}
    if formatted.get("locations"):
        result["locations"] = formatted["locations"]
    if formatted.get("path"):
        result["path"] = formatted["path"]
    extensions = dict(formatted.get("extensions") or {})
    if "code" not in extensions and default_code is not None:
        extensions["code"] = default_code
    if extensions:
        result["extensions"] = extensions
    return result
