"""Injected faults: which armed fault hits a request, decided by pure, seeded rules.

A fault targets one operation (matched against the operation name *or* one of its root
field names, so ``CreatePost`` and ``createPost`` both work) or every operation, and is
armed for the next ``times`` matching calls (None: until removed), each hit with
``probability`` drawn from the fault's own seeded generator. Kinds:

* ``graphql_error``: ``errors[]`` with ``extensions.code`` UNEXPECTED / NOT_FOUND / FORBIDDEN,
  ``data: null``, HTTP 200;
* ``mutation_error``: a typed error member (``LimitReachedError``...) in ``data`` for a
  mutation whose payload union has that member (other requests are not hit);
* ``http_error``: HTTP 500 / 502 / 503 with a Buffer-shaped ``errors[]`` body;
* ``drop_connection``: the connection closes without a response;
* ``latency``: the answer is delayed (fixed, uniform or exponential milliseconds, seeded);
  latency faults add up and combine with at most one of the other kinds.

The board is per namespace; nothing here reads a clock or unseeded randomness.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from typing import Any, Literal

from graphql import GraphQLSchema, GraphQLUnionType, get_nullable_type

from mockserver import errors

FaultKind = Literal["graphql_error", "mutation_error", "http_error", "drop_connection", "latency"]
LatencyDistribution = Literal["fixed", "uniform", "exponential"]

FAULT_KINDS: tuple[str, ...] = ("graphql_error", "mutation_error", "http_error", "drop_connection", "latency")
GRAPHQL_ERROR_CODES: tuple[str, ...] = (errors.UNEXPECTED, errors.NOT_FOUND, errors.FORBIDDEN)
HTTP_ERROR_STATUSES: tuple[int, ...] = (500, 502, 503)

DEFAULT_GRAPHQL_MESSAGES: dict[str, str] = {
    errors.UNEXPECTED: errors.MSG_UNEXPECTED,
    errors.NOT_FOUND: "The requested resource was not found",
    errors.FORBIDDEN: errors.MSG_FORBIDDEN,
}
DEFAULT_HTTP_MESSAGES: dict[int, str] = {
    500: errors.MSG_UNEXPECTED,
    502: "Bad gateway: the upstream service did not answer. Please try again later.",
    503: "The service is temporarily unavailable. Please try again later.",
}
DEFAULT_MUTATION_MESSAGES: dict[str, str] = {
    "LimitReachedError": "You have reached the limit of your plan for this action.",
    "InvalidInputError": "The input is not valid.",
    "NotFoundError": "The requested resource was not found.",
    "UnauthorizedError": "You are not allowed to perform this action.",
    "UnexpectedError": errors.MSG_UNEXPECTED,
    "RestProxyError": "The social network refused the request.",
    "VoidMutationError": "The operation failed.",
}


# One injected delay is at most a minute, and so is the sum of the delays one request gets:
# longer than any client timeout worth testing, short enough that a forgotten fault never
# holds a request (or a SIGTERM, which waits for requests in flight) for long.
MAX_LATENCY_MS = 60_000.0


@dataclass(frozen=True, slots=True)
class LatencySpec:
    """How long to delay: ``fixed`` ms, ``uniform`` in [min_ms, max_ms], or ``exponential`` with
    mean ``mean_ms`` (capped at ``max_ms`` when that is positive)."""

    distribution: LatencyDistribution = "fixed"
    ms: float = 0.0
    min_ms: float = 0.0
    max_ms: float = 0.0
    mean_ms: float = 0.0

    def sample(self, rng: random.Random) -> float:
        if self.distribution == "uniform":
            return rng.uniform(self.min_ms, self.max_ms)
        if self.distribution == "exponential":
            value = rng.expovariate(1.0 / self.mean_ms) if self.mean_ms > 0 else 0.0
            return min(value, self.max_ms if self.max_ms > 0 else MAX_LATENCY_MS)
        return self.ms

    def problems(self) -> list[str]:
        found: list[str] = []
        values = {"ms": self.ms, "min_ms": self.min_ms, "max_ms": self.max_ms, "mean_ms": self.mean_ms}
        found += [f"latency.{name} must not be negative" for name, value in values.items() if value < 0]
        found += [
            f"latency.{name} must be at most {MAX_LATENCY_MS:.0f} ms"
            for name, value in values.items()
            if not value <= MAX_LATENCY_MS  # also refuses NaN
        ]
        if self.distribution == "uniform" and self.min_ms > self.max_ms:
            found.append("latency.min_ms must not exceed latency.max_ms")
        if self.distribution == "exponential" and self.mean_ms <= 0:
            found.append("latency.mean_ms must be positive for an exponential distribution")
        if self.distribution not in ("fixed", "uniform", "exponential"):
            found.append("latency.distribution must be fixed, uniform or exponential")
        return found


@dataclass(frozen=True, slots=True)
class FaultSpec:
    kind: FaultKind
    operation: str | None = None  # operation name or root field name; None = every operation
    code: str | None = None  # graphql_error
    message: str | None = None  # graphql_error, mutation_error, http_error
    typename: str | None = None  # mutation_error
    status: int | None = None  # http_error
    latency: LatencySpec | None = None  # latency
    times: int | None = None  # the next N matching calls; None = until removed
    probability: float = 1.0
    seed: int = 0

    def problems(self) -> list[str]:
        """What is wrong with this spec (empty when it can be armed)."""
        found: list[str] = []
        if self.kind not in FAULT_KINDS:
            return [f"kind must be one of {', '.join(FAULT_KINDS)}"]
        if self.kind == "graphql_error" and self.code not in GRAPHQL_ERROR_CODES:
            found.append(f"code must be one of {', '.join(GRAPHQL_ERROR_CODES)}")
        if self.kind == "mutation_error" and self.typename not in errors.MUTATION_ERROR_TYPES:
            found.append(f"typename must be one of {', '.join(sorted(errors.MUTATION_ERROR_TYPES))}")
        if self.kind == "http_error" and self.status not in HTTP_ERROR_STATUSES:
            found.append(f"status must be one of {', '.join(map(str, HTTP_ERROR_STATUSES))}")
        if self.kind == "latency":
            if self.latency is None:
                found.append("a latency fault needs a latency")
            else:
                found += self.latency.problems()
        if self.times is not None and self.times < 1:
            found.append("times must be at least 1 (or null for every call)")
        if not 0.0 < self.probability <= 1.0:
            found.append("probability must be in (0, 1]")
        return found

    @property
    def is_latency(self) -> bool:
        return self.kind == "latency"

    def default_message(self) -> str:
        if self.message:
            return self.message
        if self.kind == "graphql_error":
            return DEFAULT_GRAPHQL_MESSAGES.get(self.code or errors.UNEXPECTED, errors.MSG_UNEXPECTED)
        if self.kind == "http_error":
            return DEFAULT_HTTP_MESSAGES.get(self.status or 500, errors.MSG_UNEXPECTED)
        if self.kind == "mutation_error":
            return DEFAULT_MUTATION_MESSAGES.get(self.typename or "", "The operation failed.")
        return ""


@dataclass(frozen=True, slots=True)
class RequestShape:
    """What fault selection needs to know about one (valid) request."""

    operation_name: str | None
    operation_type: str  # "query" | "mutation"
    root_fields: tuple[str, ...]
    # Per root field, the member types of its payload union (empty for non-union payloads).
    payload_members: tuple[frozenset[str], ...] = ()

    def names(self) -> set[str]:
        return {*self.root_fields, *([self.operation_name] if self.operation_name else [])}

    def accepts_member(self, typename: str) -> bool:
        """True when this is a mutation and every root field's payload union has ``typename``."""
        return (
            self.operation_type == "mutation"
            and bool(self.payload_members)
            and all(typename in members for members in self.payload_members)
        )


@dataclass(slots=True)
class ArmedFault:
    id: str
    spec: FaultSpec
    remaining: int | None
    rng: random.Random
    hits: int = 0

    def matches(self, shape: RequestShape) -> bool:
        if self.spec.operation is not None and self.spec.operation not in shape.names():
            return False
        if self.spec.kind == "mutation_error":
            return shape.accepts_member(self.spec.typename or "")
        return True


@dataclass(slots=True)
class Injection:
    """The faults that hit one request: total delay, at most one answer-changing fault."""

    latency_ms: float = 0.0
    fault: FaultSpec | None = None
    applied: list[dict[str, Any]] = field(default_factory=list)  # for the request log

    @property
    def is_empty(self) -> bool:
        return not self.applied


class FaultBoard:
    """The armed faults of one namespace, in the order they were armed."""

    def __init__(self) -> None:
        self._faults: list[ArmedFault] = []
        self._ids = itertools.count(1)

    def arm(self, spec: FaultSpec) -> ArmedFault:
        problems = spec.problems()
        if problems:
            raise ValueError("; ".join(problems))
        fault = ArmedFault(
            id=f"fault-{next(self._ids)}", spec=spec, remaining=spec.times, rng=random.Random(spec.seed)
        )
        self._faults.append(fault)
        return fault

    def remove(self, fault_id: str) -> bool:
        before = len(self._faults)
        self._faults = [f for f in self._faults if f.id != fault_id]
        return len(self._faults) != before

    def clear(self) -> int:
        count = len(self._faults)
        self._faults.clear()
        return count

    def armed(self) -> list[ArmedFault]:
        return list(self._faults)

    def __bool__(self) -> bool:
        return bool(self._faults)

    def select(self, shape: RequestShape) -> Injection:
        """Roll every matching fault (in arming order) and consume the ones that hit."""
        injection = Injection()
        for fault in list(self._faults):
            if not fault.matches(shape):
                continue
            if not fault.spec.is_latency and injection.fault is not None:
                continue  # one answer per request: later answer-changing faults are not rolled
            if fault.spec.probability < 1.0 and fault.rng.random() >= fault.spec.probability:
                continue
            entry: dict[str, Any] = {"id": fault.id, "kind": fault.spec.kind}
            if fault.spec.is_latency:
                assert fault.spec.latency is not None
                delay = fault.spec.latency.sample(fault.rng)
                injection.latency_ms = min(injection.latency_ms + delay, MAX_LATENCY_MS)
                entry["latency_ms"] = round(delay, 3)
            else:
                injection.fault = fault.spec
                entry.update(
                    {
                        k: v
                        for k, v in (
                            ("code", fault.spec.code),
                            ("typename", fault.spec.typename),
                            ("status", fault.spec.status),
                        )
                        if v is not None
                    }
                )
            injection.applied.append(entry)
            fault.hits += 1
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
        return injection


# --- schema helpers (pure: the schema is data) -------------------------------------------
def payload_members(schema: GraphQLSchema, operation_type: str, field_name: str) -> frozenset[str]:
    """Member type names of a root field's payload union (empty when it is not a union)."""
    root = schema.mutation_type if operation_type == "mutation" else schema.query_type
    definition = root.fields.get(field_name) if root is not None else None
    if definition is None:
        return frozenset()
    payload = get_nullable_type(definition.type)
    if isinstance(payload, GraphQLUnionType):
        return frozenset(member.name for member in payload.types)
    return frozenset()


def mutation_fields_with_member(schema: GraphQLSchema, typename: str) -> list[str]:
    """The mutations whose payload union has ``typename`` (to explain a refused fault)."""
    mutation = schema.mutation_type
    if mutation is None:
        return []
    return sorted(name for name in mutation.fields if typename in payload_members(schema, "mutation", name))


def error_member(spec: FaultSpec) -> dict[str, Any]:
    """The typed error a ``mutation_error`` fault puts in ``data`` for each root field."""
    typename = spec.typename or "UnexpectedError"
    member: dict[str, Any] = {"__typename": typename, "message": spec.default_message()}
    if typename == "RestProxyError":
        member.update({"code": None, "link": None})
    return member
