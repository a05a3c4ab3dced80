"""graphql-js 16 wording for input errors (what Buffer's server says), from graphql-core's.

graphql-core 3.3 words input errors like graphql-js 17 (``Expected value of type 'X' not to
include unknown field 'y', found: {...}``); Buffer runs graphql-js 16, observed live as
``Field "videoUrl" is not defined by type "CreatePostInput".``. These pure functions rewrite
the messages, and print values the way graphql-js ``inspect`` does (never Python's repr).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError, GraphQLInputObjectType, GraphQLSchema

MAX_ARRAY_LENGTH = 10
MAX_RECURSIVE_DEPTH = 2

_NAME = r"'(?P<{}>[^']+)'"
_UNKNOWN_FIELD = re.compile(
    rf"^Expected value of type {_NAME.format('type')} not to include unknown field {_NAME.format('field')}"
    r"(?:\.(?P<suggestion> Did you mean .*?\?) Found|, found): .*\.$",
    re.DOTALL,
)
_REQUIRED_FIELD = re.compile(
    rf"^Expected value of type {_NAME.format('type')} to include required field {_NAME.format('field')}"
    r", found: .*\.$",
    re.DOTALL,
)
_NOT_NULL = re.compile(rf"^Expected value of non-null type {_NAME.format('type')} not to be None\.$")
_NOT_OBJECT = re.compile(
    rf"^Expected value of type {_NAME.format('type')} to be an object, found: .*\.$", re.DOTALL
)
_VARIABLE = re.compile(
    r"^Variable '\$(?P<name>\w+)' has invalid value(?: at (?P<path>(?:\.\w+|\[\d+\])+))?: (?P<inner>.*)$",
    re.DOTALL,
)
_PATH_PART = re.compile(r"\.(\w+)|\[(\d+)\]")
_QUOTED = re.compile(r"'([_A-Za-z$@][_0-9A-Za-z$.!\[\] ]*)'")


def inspect_value(value: Any, seen: int = 0) -> str:
    """A JSON-like value as graphql-js ``inspect`` prints it: ``{ a: "x", b: [1, 2] }``."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        if seen + 1 > MAX_RECURSIVE_DEPTH:
            return "[Object]"
        return "{ " + ", ".join(f"{k}: {inspect_value(v, seen + 1)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        if seen + 1 > MAX_RECURSIVE_DEPTH:
            return "[Array]"
        items = [inspect_value(v, seen + 1) for v in value[:MAX_ARRAY_LENGTH]]
        remaining = len(value) - MAX_ARRAY_LENGTH
        if remaining == 1:
            items.append("... 1 more item")
        elif remaining > 1:
            items.append(f"... {remaining} more items")
        return "[" + ", ".join(items) + "]"
    return str(value)


def _quoted(text: str) -> str:
    return _QUOTED.sub(r'"\1"', text)


def _field_type(schema: GraphQLSchema | None, type_name: str, field_name: str) -> str | None:
    graphql_type = schema.type_map.get(type_name) if schema is not None else None
    if isinstance(graphql_type, GraphQLInputObjectType) and field_name in graphql_type.fields:
        return str(graphql_type.fields[field_name].type)
    return None


def inner_message(message: str, schema: GraphQLSchema | None, *, literal: bool) -> str | None:
    """graphql-js 16's wording of one coercion/validation message; None when it words it alike."""
    if match := _UNKNOWN_FIELD.match(message):
        suggestion = _quoted(match["suggestion"] or "")
        return f'Field "{match["field"]}" is not defined by type "{match["type"]}".{suggestion}'
    if match := _REQUIRED_FIELD.match(message):
        field_type = _field_type(schema, match["type"], match["field"])
        name = f"{match['type']}.{match['field']}" if literal else match["field"]
        if field_type is not None:
            return f'Field "{name}" of required type "{field_type}" was not provided.'
        return None
    if match := _NOT_NULL.match(message):
        if literal:
            return f'Expected value of type "{match["type"]}", found null.'
        return f'Expected non-nullable type "{match["type"]}" not to be null.'
    if not literal and (match := _NOT_OBJECT.match(message)):
        return f'Expected type "{match["type"]}" to be an object.'
    return None


def value_at(value: Any, path: str | None) -> Any:
    for name, index in _PATH_PART.findall(path or ""):
        if name:
            value = value.get(name) if isinstance(value, Mapping) else None
        else:
            value = value[int(index)] if isinstance(value, list) and int(index) < len(value) else None
    return value


def js_path(path: str | None) -> str:
    return "".join(f".{n}" if n else f"[{i}]" for n, i in _PATH_PART.findall(path or ""))


def variable_message(message: str, variables: Mapping[str, Any], schema: GraphQLSchema | None) -> str:
    """``Variable "$input" got invalid value { ... } at "input.x"; Field "y" is not defined ...``."""
    match = _VARIABLE.match(message)
    if match is None:
        return _quoted(message)
    name, path, inner = match["name"], match["path"], match["inner"]
    if path is None and _NOT_NULL.match(inner):
        type_name = _NOT_NULL.match(inner)["type"]  # type: ignore[index]
        return f'Variable "${name}" of non-null type "{type_name}" must not be null.'
    worded = inner_message(inner, schema, literal=False) or _quoted(inner)
    shown = inspect_value(value_at(variables.get(name), path))
    where = f' at "{name}{js_path(path)}"' if path else ""
    return f'Variable "${name}" got invalid value {shown}{where}; {worded}'


def reworded(error: GraphQLError, message: str) -> GraphQLError:
    if message == error.message:
        return error
    return GraphQLError(
        message, error.nodes, error.source, error.positions, error.path, None, error.extensions
    )


def js16_variable_error(
    error: GraphQLError, variables: Mapping[str, Any], schema: GraphQLSchema | None
) -> GraphQLError:
    return reworded(error, variable_message(error.message, variables, schema))


def js16_validation_error(error: GraphQLError, schema: GraphQLSchema | None) -> GraphQLError:
    worded = inner_message(error.message, schema, literal=True)
    return error if worded is None else reworded(error, worded)
