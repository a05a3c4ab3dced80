"""Buffer-shaped errors: codes, message constants, and the two error channels.

Buffer reports errors two ways:

* typed mutation errors, returned *in data* as a member of the mutation's payload
  union (``InvalidInputError``, ``LimitReachedError``, ...): build them with
  :func:`mutation_error`;
* everything else in ``errors[]`` with ``extensions.code``: raise :class:`BufferApiError`
  (or one of its helpers) from a resolver.

Message texts are constants so the tests can assert them verbatim. Texts that Buffer
documents or that were observed live are reproduced exactly; the rest are ours and the
fidelity table (docs/fidelity.md) says so.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, cast

from graphql import GraphQLError

# --- extensions.code values -------------------------------------------------------------
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
UNEXPECTED = "UNEXPECTED"
BAD_USER_INPUT = "BAD_USER_INPUT"
BAD_REQUEST = "BAD_REQUEST"
INSUFFICIENT_SCOPE = "INSUFFICIENT_SCOPE"
RATE_LIMIT_EXCEEDED = "RATE_LIMIT_EXCEEDED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"

# --- verbatim Buffer messages (documented or observed) ----------------------------------
MSG_AUTH_REQUIRED = "An authentication JWT or Access Token is required"
MSG_TOKEN_INVALID = "Access token is not valid"
MSG_RATE_LIMITED = "Too many requests from this client. Please try again later."
MSG_COMPLEXITY = "Query exceeds maximum allowed complexity. Please simplify your query."
MSG_PAGINATION_LIMIT_TEMPLATE = "Pagination limit exceeded. Maximum {maximum} items per request."
MSG_TEXT_REQUIRED = "Text is required"
FREE_PLAN_HISTORY_DAYS = 31  # how far back Free-plan Insights reach
MSG_FREE_PLAN_INSIGHTS = (
    f"Free-plan Insights are limited to the last {FREE_PLAN_HISTORY_DAYS} days of history."
)

# --- our messages where Buffer's are undocumented ---------------------------------------
MSG_POST_NOT_FOUND = "Post not found"
MSG_CHANNEL_NOT_FOUND = "Channel not found"
MSG_ORGANIZATION_NOT_FOUND = "Organization not found"
MSG_FORBIDDEN = "You do not have permission to access this resource"
MSG_UNEXPECTED = "An unexpected error occurred. Please try again later."
MSG_MISSING_SCOPE = "Your access token is missing the required scope: {scope}"
MSG_INVALID_CURSOR = "Invalid pagination cursor"
MSG_NEGATIVE_FIRST_TEMPLATE = "Pagination argument first must be between 0 and {maximum}."
MSG_MIXED_ORGANIZATIONS = "All channels must belong to the same organization"
MSG_DUE_AT_PRESENCE_CONFLICT = "dueAtPresence absent cannot be combined with a dueAt range"
MSG_MALFORMED_JSON = "Request body is not valid JSON"
MSG_BODY_NOT_OBJECT = "Request body must be a JSON object with a query string"
MSG_QUERY_MISSING = "GraphQL operations must contain a non-empty `query` string"
MSG_VARIABLES_NOT_OBJECT = "`variables` must be a JSON object"
MSG_OPERATION_NAME_NOT_STRING = "`operationName` must be a string"
MSG_PAYLOAD_TOO_LARGE = "Request body exceeds the maximum allowed size of {limit} bytes."
MSG_METHOD_NOT_ALLOWED = "Only POST requests are supported for GraphQL operations"


class BufferApiError(GraphQLError):
    """An error for ``errors[]``: its code lands in ``extensions.code``."""

    def __init__(self, code: str, message: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": code, **extensions})
        self.code = code


def not_found(message: str) -> BufferApiError:
    return BufferApiError(NOT_FOUND, message)


def forbidden(message: str = MSG_FORBIDDEN) -> BufferApiError:
    return BufferApiError(FORBIDDEN, message)


def bad_user_input(message: str) -> BufferApiError:
    return BufferApiError(BAD_USER_INPUT, message)


def unexpected(message: str = MSG_UNEXPECTED) -> BufferApiError:
    return BufferApiError(UNEXPECTED, message)


def missing_scope(scope: str) -> BufferApiError:
    return BufferApiError(INSUFFICIENT_SCOPE, MSG_MISSING_SCOPE.format(scope=scope))


# --- typed mutation errors (returned in data) -------------------------------------------
MUTATION_ERROR_TYPES = frozenset(
    {
        "InvalidInputError",
        "LimitReachedError",
        "NotFoundError",
        "UnauthorizedError",
        "UnexpectedError",
        "RestProxyError",
        "VoidMutationError",
        "DuplicateError",  # 2026-10 (tags)
    }
)


def mutation_error(typename: str, message: str, **fields: Any) -> dict[str, Any]:
    """A payload-union member for a typed mutation error, e.g. ``InvalidInputError``."""
    if typename not in MUTATION_ERROR_TYPES:
        raise ValueError(f"unknown mutation error type {typename!r}")
    return {"__typename": typename, "message": message, **fields}


class MutationRejected(Exception):
    """A mutation refused with a typed error, answered as a member of the payload union (in ``data``).

    Raise one of the subclasses; each carries its GraphQL typename. Resolvers decorated with
    :func:`answers_typed_errors` turn it into the payload, so none repeats the ``try/except``.
    """

    typename: ClassVar[str] = "UnexpectedError"

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields

    @property
    def payload(self) -> dict[str, Any]:
        return mutation_error(self.typename, self.message, **self.fields)


class InvalidInputError(MutationRejected):
    typename = "InvalidInputError"


class LimitReachedError(MutationRejected):
    typename = "LimitReachedError"


class NotFoundError(MutationRejected):
    typename = "NotFoundError"


class UnauthorizedError(MutationRejected):
    typename = "UnauthorizedError"


class VoidMutationError(MutationRejected):
    typename = "VoidMutationError"


class DuplicateError(MutationRejected):
    """2026-10 (tags): a name already taken in the organization."""

    typename = "DuplicateError"


def invalid_input(message: str) -> MutationRejected:
    return InvalidInputError(message)


def limit_reached(message: str) -> MutationRejected:
    return LimitReachedError(message)


Resolver = TypeVar("Resolver", bound=Callable[..., Any])


def answers_typed_errors(resolver: Resolver) -> Resolver:
    """The one handler: a :class:`MutationRejected` raised below the resolver becomes its answer."""

    @functools.wraps(resolver)
    def resolve(*args: Any, **kwargs: Any) -> Any:
        try:
            return resolver(*args, **kwargs)
        except MutationRejected as rejected:
            return rejected.payload

    return cast(Resolver, resolve)


def error_body(message: str, code: str | None = None, **extensions: Any) -> dict[str, Any]:
    """A whole ``{"errors": [...]}`` body for transport-level answers (401, 400, 413, 429)."""
    error: dict[str, Any] = {"message": message}
    if code is not None or extensions:
        error["extensions"] = {**({"code": code} if code else {}), **extensions}
    return {"errors": [error]}


# --- messages built from a configured value (the constants: with the default value) ---------
DEFAULT_MAX_PAGE_SIZE = 100  # Settings.query_limits.max_page_size by default


def pagination_limit_message(maximum: int) -> str:
    return MSG_PAGINATION_LIMIT_TEMPLATE.format(maximum=maximum)


def negative_first_message(maximum: int) -> str:
    return MSG_NEGATIVE_FIRST_TEMPLATE.format(maximum=maximum)


MSG_PAGINATION_LIMIT = pagination_limit_message(DEFAULT_MAX_PAGE_SIZE)
MSG_NEGATIVE_FIRST = negative_first_message(DEFAULT_MAX_PAGE_SIZE)
