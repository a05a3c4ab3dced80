"""The contract every answer of the mock keeps, whatever a client sends.

:func:`response_problems` judges one exchange and lists what is wrong with the answer (an
empty list means the answer keeps the contract); :func:`assert_response_contract` raises
with a readable report. The rules:

* the status is one a client can act on: 200, 400, 401, 413 or 429 (never a 5xx);
* the body is a JSON object with only ``data``, ``errors`` and ``extensions``, and no
  traceback text anywhere;
* ``errors`` (when present) is a non-empty list of ``{message, locations?, path?,
  extensions?}``; ``UNEXPECTED`` (a resolver crash turned into a polite message) is a bug;
* a 200 carries ``data``; its execution errors carry a ``path`` and a client-side
  ``extensions.code`` (a code-less execution error is graphql-core complaining about what
  a resolver returned: a wrong type, a null in a non-null field, ...);
* any other status carries errors and no data;
* non-null ``data`` conforms to the schema *for the selection that was sent*: every
  response key of the selection (aliases, fragments, ``@skip``/``@include``) and no
  other, ``__typename`` naming a possible type, enum values from the enum, scalars in
  their output format, and null in a non-null position only where an error's path
  explains it (null propagation).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLError,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_operation_ast,
    is_abstract_type,
    is_enum_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
    parse,
    value_from_ast,
)
from graphql.execution.values import get_variable_values
from graphql.pyutils import Undefined

from mockserver import errors
from mockserver.scalars import OBJECT_ID_SCALARS

ALLOWED_STATUSES = frozenset({200, 400, 401, 413, 429})
# Codes an execution error may carry: each says the *client* asked for something it cannot have.
EXECUTION_ERROR_CODES = frozenset(
    {
        errors.NOT_FOUND,
        errors.FORBIDDEN,
        errors.BAD_USER_INPUT,
        errors.INSUFFICIENT_SCOPE,
        errors.UNAUTHENTICATED,
    }
)
TOP_LEVEL_KEYS = frozenset({"data", "errors", "extensions"})
ERROR_KEYS = frozenset({"message", "locations", "path", "extensions"})
TRACEBACK_MARKERS = ("Traceback (most recent call last)", 'File "/', '.py", line ', "site-packages")
INT_MIN, INT_MAX = -(2**31), 2**31 - 1

_OBJECT_ID = re.compile(r"[0-9a-f]{24}")
_DATETIME_OUT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
_UUID_V4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


@dataclass(frozen=True)
class SentRequest:
    """What the client sent: the JSON members of a GraphQL POST (any JSON value when hostile)."""

    query: Any
    variables: Any = None
    operation_name: Any = None

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"query": self.query}
        if self.variables is not None:
            body["variables"] = self.variables
        if self.operation_name is not None:
            body["operationName"] = self.operation_name
        return body


# --- scalars ------------------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_datetime_output(value: Any) -> bool:
    if not isinstance(value, str) or _DATETIME_OUT.fullmatch(value) is None:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_email_output(value: Any) -> bool:
    if not isinstance(value, str) or value != value.strip().lower():
        return False
    local, at, domain = value.partition("@")
    return bool(at) and bool(local) and "." in domain and "@" not in domain


def _is_object_id_output(value: Any) -> bool:
    return isinstance(value, str) and _OBJECT_ID.fullmatch(value) is not None


SCALAR_CHECKS: dict[str, Callable[[Any], bool]] = {
    "Int": lambda v: _is_int(v) and INT_MIN <= v <= INT_MAX,
    "Float": lambda v: (_is_int(v) or isinstance(v, float)) and math.isfinite(v),
    "String": lambda v: isinstance(v, str),
    "Boolean": lambda v: isinstance(v, bool),
    "ID": lambda v: isinstance(v, str),
    "DateTime": _is_datetime_output,
    "Uuid": lambda v: isinstance(v, str) and _UUID_V4.fullmatch(v) is not None,
    "Email": _is_email_output,
    **{name: _is_object_id_output for name in OBJECT_ID_SCALARS},
}


def _show(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=True, default=repr)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _where(path: list[str | int]) -> str:
    return ".".join(str(p) for p in path) or "data"


def leaf_problem(value: Any, type_: GraphQLNamedType) -> str | None:
    """Why ``value`` is not a valid serialized value of the enum or scalar ``type_`` (None when it is)."""
    if is_enum_type(type_):
        if isinstance(value, str) and value in type_.values:  # type: ignore[attr-defined]
            return None
        return f"{_show(value)} is not a value of enum {type_.name}"
    check = SCALAR_CHECKS.get(type_.name)
    if check is None or check(value):
        return None
    return f"{_show(value)} is not a serialized {type_.name}"


# --- errors[] -----------------------------------------------------------------------------------


def _error_problems(raw_errors: Any, status: int) -> tuple[list[str], list[list[Any]]]:
    """Shape problems of ``errors`` and the paths they name."""
    if not isinstance(raw_errors, list) or not raw_errors:
        return [f"errors is not a non-empty list: {_show(raw_errors)}"], []
    problems: list[str] = []
    paths: list[list[Any]] = []
    for index, error in enumerate(raw_errors):
        where = f"errors[{index}]"
        if not isinstance(error, dict):
            problems.append(f"{where} is not an object: {_show(error)}")
            continue
        extra = set(error) - ERROR_KEYS
        if extra:
            problems.append(f"{where} has unexpected members {sorted(extra)}")
        message = error.get("message")
        if not isinstance(message, str) or not message:
            problems.append(f"{where}.message is not a non-empty string: {_show(message)}")
        locations = error.get("locations")
        if "locations" in error and not (
            isinstance(locations, list)
            and all(
                isinstance(loc, dict)
                and set(loc) == {"line", "column"}
                and all(_is_int(loc[k]) and loc[k] >= 1 for k in ("line", "column"))
                for loc in locations
            )
        ):
            problems.append(f"{where}.locations is malformed: {_show(locations)}")
        path = error.get("path")
        if "path" in error:
            if isinstance(path, list) and path and all(isinstance(p, str) or _is_int(p) for p in path):
                paths.append(path)
            else:
                problems.append(f"{where}.path is malformed: {_show(path)}")
        extensions = error.get("extensions")
        code = extensions.get("code") if isinstance(extensions, dict) else None
        if "extensions" in error and not isinstance(extensions, dict):
            problems.append(f"{where}.extensions is not an object: {_show(extensions)}")
        elif isinstance(extensions, dict) and "code" in extensions and not isinstance(code, str):
            problems.append(f"{where}.extensions.code is not a string: {_show(code)}")
        if code == errors.UNEXPECTED:
            problems.append(f"{where} is an internal failure (UNEXPECTED): {_show(error, 400)}")
        elif status == 200:
            if "path" not in error:
                problems.append(f"{where} of a 200 answer has no path: {_show(error, 400)}")
            if code not in EXECUTION_ERROR_CODES:
                problems.append(f"{where} of a 200 answer has no client-side code: {_show(error, 400)}")
    return problems, paths


# --- data ---------------------------------------------------------------------------------------


class SelectionWalker:
    """Walks a ``data`` tree along the operation's selection set, collecting problems."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any],
        error_paths: Iterable[list[Any]],
    ) -> None:
        self.schema = schema
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.variables = variables
        self.error_paths = [tuple(p) for p in error_paths]
        self.problems: list[str] = []

    def fork(self) -> SelectionWalker:
        child = SelectionWalker.__new__(SelectionWalker)
        child.schema, child.fragments = self.schema, self.fragments
        child.variables, child.error_paths = self.variables, self.error_paths
        child.problems = []
        return child

    def explained_by_error(self, path: list[Any]) -> bool:
        prefix = tuple(path)
        return any(p[: len(prefix)] == prefix for p in self.error_paths)

    # --- field collection (graphql's CollectFields, independently written) --------------------------
    def included(self, node: FieldNode | InlineFragmentNode | FragmentSpreadNode) -> bool:
        for directive in node.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            argument = next((a for a in directive.arguments or () if a.name.value == "if"), None)
            flag = (
                value_from_ast(argument.value, GraphQLNonNull(GraphQLBoolean), self.variables)
                if argument is not None
                else Undefined
            )
            if name == "skip" and flag is True:
                return False
            if name == "include" and flag is not True:
                return False
        return True

    def applies(self, condition: NamedTypeNode | None, runtime: GraphQLObjectType) -> bool:
        if condition is None:
            return True
        wanted = self.schema.get_type(condition.name.value)
        if wanted is runtime:
            return True
        return wanted is not None and is_abstract_type(wanted) and self.schema.is_sub_type(wanted, runtime)  # type: ignore[arg-type]

    def collect(
        self,
        runtime: GraphQLObjectType,
        selection_sets: Iterable[SelectionSetNode],
        fields: dict[str, list[FieldNode]] | None = None,
        seen: set[str] | None = None,
    ) -> dict[str, list[FieldNode]]:
        fields = {} if fields is None else fields
        seen = set() if seen is None else seen
        for selection_set in selection_sets:
            for selection in selection_set.selections:
                if not self.included(selection):  # type: ignore[arg-type]
                    continue
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    fields.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    if self.applies(selection.type_condition, runtime):
                        self.collect(runtime, [selection.selection_set], fields, seen)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if name in seen or fragment is None:
                        continue
                    seen.add(name)
                    if self.applies(fragment.type_condition, runtime):
                        self.collect(runtime, [fragment.selection_set], fields, seen)
        return fields

    # --- values -----------------------------------------------------------------------------------
    def composite(
        self, value: Any, type_: GraphQLNamedType, selection_sets: list[SelectionSetNode], path: list[Any]
    ) -> None:
        if not isinstance(value, dict):
            self.problems.append(f"{_where(path)}: {_show(value)} is not an object of type {type_.name}")
            return
        if is_object_type(type_):
            self.object(value, type_, selection_sets, path)  # type: ignore[arg-type]
            return
        candidates = list(self.schema.get_possible_types(type_))  # type: ignore[arg-type]
        named = self.named_runtime_type(value, candidates, selection_sets)
        if isinstance(named, str):
            self.problems.append(f"{_where(path)}: __typename {_show(named)} is not a possible {type_.name}")
            return
        if named is not None:
            self.object(value, named, selection_sets, path)
            return
        attempts: list[tuple[str, list[str]]] = []
        for candidate in candidates:  # no __typename selected: some member must fit
            trial = self.fork()
            trial.object(value, candidate, selection_sets, path)
            if not trial.problems:
                return
            attempts.append((candidate.name, trial.problems))
        closest, problems = min(attempts, key=lambda attempt: len(attempt[1]))
        self.problems.append(f"{_where(path)}: fits no member of {type_.name} (closest: {closest})")
        self.problems.extend(problems[:5])

    def named_runtime_type(
        self,
        value: dict[str, Any],
        candidates: list[GraphQLObjectType],
        selection_sets: list[SelectionSetNode],
    ) -> GraphQLObjectType | str | None:
        """The member that ``__typename`` names (a str when it names no member), None if not selected."""
        by_name = {c.name: c for c in candidates}
        for candidate in candidates:
            for key, nodes in self.collect(candidate, selection_sets).items():
                if nodes[0].name.value == "__typename" and key in value:
                    named = value[key]
                    return by_name.get(named, named if isinstance(named, str) else _show(named))
        return None

    def object(
        self,
        value: dict[str, Any],
        runtime: GraphQLObjectType,
        selection_sets: list[SelectionSetNode],
        path: list[Any],
    ) -> None:
        fields = self.collect(runtime, selection_sets)
        missing = [k for k in fields if k not in value]
        extra = [k for k in value if k not in fields]
        if missing:
            self.problems.append(f"{_where(path)}: {runtime.name} lacks selected keys {missing}")
        if extra:
            self.problems.append(f"{_where(path)}: {runtime.name} has unselected keys {extra}")
        for key, nodes in fields.items():
            if key not in value:
                continue
            name = nodes[0].name.value
            if name == "__typename":
                if value[key] != runtime.name:
                    self.problems.append(f"{_where([*path, key])}: {_show(value[key])} is not {runtime.name}")
                continue
            if name.startswith("__"):  # introspection (__schema, __type): graphql-core's own business
                continue
            definition = runtime.fields.get(name)
            if definition is None:
                self.problems.append(f"{_where([*path, key])}: {runtime.name} has no field {name}")
                continue
            self.value(value[key], definition.type, nodes, [*path, key])

    def value(self, value: Any, type_: GraphQLOutputType, nodes: list[FieldNode], path: list[Any]) -> None:
        if is_non_null_type(type_):
            if value is None:
                if not self.explained_by_error(path):
                    self.problems.append(f"{_where(path)}: null for non-null {type_} and no error says why")
                return
            type_ = type_.of_type  # type: ignore[union-attr]
        if value is None:
            return
        if is_list_type(type_):
            if not isinstance(value, list):
                self.problems.append(f"{_where(path)}: {_show(value)} is not a list ({type_})")
                return
            for index, item in enumerate(value):
                self.value(item, type_.of_type, nodes, [*path, index])  # type: ignore[union-attr]
            return
        if is_leaf_type(type_):
            problem = leaf_problem(value, type_)  # type: ignore[arg-type]
            if problem is not None:
                self.problems.append(f"{_where(path)}: {problem}")
            return
        selection_sets = [n.selection_set for n in nodes if n.selection_set is not None]
        self.composite(value, type_, selection_sets, path)  # type: ignore[arg-type]


def _data_problems(
    schema: GraphQLSchema, sent: SentRequest, data: Any, has_errors: bool, error_paths: list[list[Any]]
) -> list[str]:
    if data is None:
        return [] if has_errors else ["data is null and no error says why"]
    try:
        document = parse(sent.query)
    except (GraphQLError, TypeError):
        return ["a 200 answer with data for a document that does not parse"]
    operation = get_operation_ast(document, sent.operation_name)
    if not isinstance(operation, OperationDefinitionNode):
        return ["a 200 answer with data, but the request names no runnable operation"]
    variables = sent.variables if isinstance(sent.variables, dict) else {}
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables)
    if isinstance(coerced, list):
        return [f"a 200 answer with data, but the variables do not coerce: {coerced[0].message}"]
    root = schema.get_root_type(operation.operation)
    if root is None:
        return [f"a 200 answer with data for an unsupported {operation.operation.value}"]
    walker = SelectionWalker(schema, document, getattr(coerced, "coerced", coerced), error_paths)
    walker.composite(data, root, [operation.selection_set], [])
    return walker.problems


# --- the whole answer ---------------------------------------------------------------------------


def response_problems(
    schema: GraphQLSchema, sent: SentRequest, status: int, content_type: str | None, body: bytes
) -> list[str]:
    """Everything wrong with one answer; an empty list when it keeps the contract."""
    problems: list[str] = []
    if status not in ALLOWED_STATUSES:
        problems.append(f"HTTP {status} is not one of {sorted(ALLOWED_STATUSES)}")
    text = body.decode("utf-8", errors="replace")
    for marker in TRACEBACK_MARKERS:
        if marker in text:
            problems.append(f"traceback text in the body ({marker!r})")
            break
    if not (content_type or "").startswith("application/json"):
        problems.append(f"content-type is {content_type!r}, not application/json")
    try:
        payload = json.loads(body)
    except ValueError:
        problems.append(f"body is not JSON: {text[:200]!r}")
        return problems
    if not isinstance(payload, dict):
        problems.append(f"body is not a JSON object: {_show(payload)}")
        return problems
    extra = set(payload) - TOP_LEVEL_KEYS
    if extra:
        problems.append(f"body has unexpected members {sorted(extra)}")
    error_paths: list[list[Any]] = []
    if "errors" in payload:
        error_problems, error_paths = _error_problems(payload["errors"], status)
        problems.extend(error_problems)
    has_errors = bool(payload.get("errors"))
    if status == 200:
        if "data" not in payload:
            problems.append("a 200 answer without a data member")
        else:
            problems.extend(_data_problems(schema, sent, payload["data"], has_errors, error_paths))
    else:
        if not has_errors:
            problems.append(f"a {status} answer without errors")
        if payload.get("data") is not None:
            problems.append(f"a {status} answer carrying data")
    return problems


def describe_exchange(sent: SentRequest, status: int, body: bytes, problems: list[str]) -> str:
    """A readable failure report: the request (to reproduce it), the answer, and what is wrong."""
    query = sent.query if isinstance(sent.query, str) else _show(sent.query, 2000)
    variables = json.dumps(sent.variables, ensure_ascii=True, default=repr)
    return "\n".join(
        [
            "response contract broken:",
            *(f"  - {p}" for p in problems),
            "request query:",
            query[:4000],
            f"request variables: {variables[:2000]}",
            f"request operationName: {_show(sent.operation_name)}",
            f"response: HTTP {status} {body[:2000].decode('utf-8', errors='replace')}",
        ]
    )


def assert_response_contract(
    schema: GraphQLSchema, sent: SentRequest, status: int, content_type: str | None, body: bytes
) -> None:
    problems = response_problems(schema, sent, status, content_type, body)
    if problems:
        raise AssertionError(describe_exchange(sent, status, body, problems))
