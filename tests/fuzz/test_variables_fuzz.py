"""Hypothesis fuzzes the *variables* of every document the official CLI sends.

Schemathesis only writes values inline; the CLI sends fixed documents and puts everything in
``variables``, which take another path through the server (JSON decoding, variable coercion,
then the resolvers). For each CLI document we draw either valid-ish variables from the
operation's variable definitions (real ids, enum values, nested inputs, awkward but legal
strings) or a hostile request built from them (wrong types, nulls for non-null, missing and
extra keys, huge strings, deep nesting, unicode and control characters, huge ints, floats for
ints, NaN, non-object variables, bad operation names). Every answer must keep the contract.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
    type_from_ast,
)
from graphql.pyutils import Undefined
from hypothesis import given
from hypothesis import strategies as st

from mockserver.graphql_schema import build_schema
from mockserver.services import SERVICES
from tests.fuzz.harness import GRAPHQL_PATH, FuzzClient, FuzzTally, WorldIds, ci_fuzz_settings, scalar_values
from tests.fuzz.response_contract import SentRequest, describe_exchange
from tests.reference import cli_documents

EXAMPLES_PER_DOCUMENT = 160
VARIANTS = ("documentDefaultFields", "documentAllFields")
MAX_INPUT_DEPTH = 6
MAX_LIST = 3
DEEP_SENTINEL = "__fuzz_deep_nesting__"
SAMPLE_URLS = (
    "https://example.com/photo.jpg",
    "https://example.com/clip.mp4",
    "https://example.com/doc.pdf",
    "https://buffer.com/",
    "http://localhost/x.png",
    "ftp://example.com/a",
    "not a url",
)
AWKWARD_STRINGS = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31mred",
    "\u202eevil",
    "😀" * 50,
    "Ω≈ç√∫",
    "\ud800",
    "' OR 1=1 --",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "../../etc/passwd",
    "null",
    "NaN",
    "\r\n\t",
    "<script>alert(1)</script>",
    "ＡＢＣ",
    "e\u0301",
    "\ufeff",
    "ABCDEF0123456789ABCDEF01",
    "0123456789abcdef0123456",
    "2026-13-45T99:99:99Z",
    "2026-01-01T00:00:00",
    "2026-02-30T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
)
PATHS = (GRAPHQL_PATH, GRAPHQL_PATH, "/")
HOSTILE_INTS = (2**31, -(2**31) - 1, 2**53 + 1, 2**63, -(2**63) - 1, 10**30, 2**31 - 1, -1)
HOSTILE_FLOATS = (1.5, -0.0, 1e308, -1e308, 5e-324, 100.0, 0.1)


def hostile_leaves() -> st.SearchStrategy[Any]:
    """Values a client should never send in a given position (each is wrong somewhere)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.sampled_from(HOSTILE_INTS),
        st.integers(),
        st.sampled_from(HOSTILE_FLOATS),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(AWKWARD_STRINGS),
        st.text(max_size=40),
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
        max_leaves=6,
    )


@dataclass(frozen=True)
class VariableValues:
    """Strategies of valid-ish variable values, driven by the schema's input types."""

    schema: GraphQLSchema
    ids: WorldIds

    def scalar(self, type_: GraphQLScalarType, field_name: str | None) -> st.SearchStrategy[Any]:
        if field_name == "organizationId" and type_.name in ("ID", "String"):
            return scalar_values(self.ids)["OrganizationId"]  # an organization, whatever the declared type
        custom = scalar_values(self.ids).get(type_.name)
        if custom is not None:
            return custom
        name = (field_name or "").lower()
        if type_.name == "Int":
            if name == "first":
                return st.one_of(st.integers(0, 100), st.integers(0, 100), st.integers(-5, 200))
            return st.one_of(st.integers(-10, 1000), st.integers(-(2**31), 2**31 - 1))
        if type_.name == "Float":
            return st.one_of(st.floats(0, 1), st.floats(-1e9, 1e9, allow_nan=False))
        if type_.name == "Boolean":
            return st.booleans()
        if name == "after":
            return st.one_of(st.text(max_size=30), st.sampled_from(AWKWARD_STRINGS))
        if name.endswith("id") or name.endswith("ids"):
            return st.one_of(st.sampled_from(self.ids.every_id), st.text(max_size=30))
        if "url" in name or name == "link":
            return st.one_of(st.sampled_from(SAMPLE_URLS), st.text(max_size=30))
        return st.one_of(st.text(max_size=40), st.text(max_size=3000), st.sampled_from(AWKWARD_STRINGS))

    def value(
        self, type_: GraphQLInputType, field_name: str | None = None, depth: int = 0
    ) -> st.SearchStrategy[Any]:
        if isinstance(type_, GraphQLNonNull):
            return self.present(type_.of_type, field_name, depth)
        present = self.present(type_, field_name, depth)
        return st.one_of(present, present, present, st.none())

    def present(self, type_: GraphQLInputType, field_name: str | None, depth: int) -> st.SearchStrategy[Any]:
        if isinstance(type_, GraphQLList):
            items = st.lists(self.value(type_.of_type, field_name, depth + 1), max_size=MAX_LIST)
            own = self.ids.own.get(getattr(_nullable(type_.of_type), "name", ""))
            if own:  # half the time ids of one organization, the caller's: mixed lists stop early
                return st.one_of(items, st.lists(st.sampled_from(own), min_size=1, max_size=MAX_LIST))
            return items
        if isinstance(type_, GraphQLEnumType):
            return st.sampled_from(sorted(type_.values))
        if isinstance(type_, GraphQLScalarType):
            return self.scalar(type_, field_name)
        assert isinstance(type_, GraphQLInputObjectType), type_
        return st.deferred(lambda: self.input_object(type_, depth))

    def input_object(self, type_: GraphQLInputObjectType, depth: int) -> st.SearchStrategy[dict[str, Any]]:
        fields = type_.fields
        if type_.is_one_of:
            return st.sampled_from(sorted(fields)).flatmap(
                lambda name: self.present(_nullable(fields[name].type), name, depth + 1).map(
                    lambda v: {name: v}
                )
            )
        required = {
            name: self.value(f.type, name, depth + 1)
            for name, f in fields.items()
            if isinstance(f.type, GraphQLNonNull) and f.default_value is Undefined
        }
        optional = (
            {}
            if depth >= MAX_INPUT_DEPTH
            else {
                name: self.value(f.type, name, depth + 1)
                for name, f in fields.items()
                if name not in required
            }
        )
        return objects_with(required, optional)

    def variables(self, operation: OperationDefinitionNode) -> st.SearchStrategy[dict[str, Any]]:
        required: dict[str, st.SearchStrategy[Any]] = {}
        optional: dict[str, st.SearchStrategy[Any]] = {}
        for definition in operation.variable_definitions or ():
            type_ = type_from_ast(self.schema, definition.type)
            name = definition.variable.name.value
            is_required = isinstance(type_, GraphQLNonNull) and definition.default_value is None
            target = required if is_required else optional
            target[name] = self.value(type_, name)  # type: ignore[arg-type]
        return objects_with(required, optional)


@st.composite
def objects_with(
    draw: st.DrawFn, required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]
) -> dict[str, Any]:
    """Every required member and each optional one two times in three (``fixed_dictionaries``
    leaves optional members out most of the time in short runs, and they hold the interesting
    values: dates, filters, metadata)."""
    value = {name: draw(strategy, label=name) for name, strategy in required.items()}
    for name, strategy in optional.items():
        if draw(st.integers(0, 2), label=f"has {name}") != 0:
            value[name] = draw(strategy, label=name)
    return value


def _nullable(type_: GraphQLInputType) -> GraphQLInputType:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


# --- hostile requests built from valid ones ---------------------------------------------------------------

HostileKind = str
HOSTILE_KINDS: tuple[HostileKind, ...] = (
    "replace",
    "replace",
    "replace",
    "null",
    "null",
    "drop-key",
    "drop-key",
    "extra-key",
    "deep-nesting",
    "huge-string",
    "variables-not-object",
    "operation-name",
    "nan",
    "wrong-kind-id",
    "body-junk",
)


def _positions(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON tree (the root excluded)."""
    found: list[tuple[Any, ...]] = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        found.append((*path, key))
        found.extend(_positions(child, (*path, key)))
    return found


def _set(tree: Any, path: tuple[Any, ...], new: Any) -> None:
    for key in path[:-1]:
        tree = tree[key]
    tree[path[-1]] = new


def _containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every object in a JSON tree, the root included."""
    found = [path] if isinstance(value, dict) else []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        found.extend(_containers(child, (*path, key)))
    return found


def _get(tree: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        tree = tree[key]
    return tree


@dataclass
class FuzzRequest:
    """One generated request: what it means (``sent``) and, when it is not plain JSON, its bytes."""

    kind: str
    sent: SentRequest
    raw_body: bytes | None = None
    path: str = GRAPHQL_PATH


def encode(sent: SentRequest) -> bytes:
    """Plain JSON as a client library would send it (lone surrogates escaped, NaN written as NaN)."""
    return json.dumps(sent.payload(), ensure_ascii=True, allow_nan=True).encode()


JUNK_BODIES = (
    b"",
    b"null",
    b"{}",
    b"[]",
    b'"query"',
    b"0",
    b'{"query": null}',
    b'{"query": ["{ account { id } }"]}',
    b'{"query": "{ account { id } }", "variables": []}',
    b'{"query": "{ account { id } }", "operationName": 7}',
)


def junk_bodies(encoded: bytes) -> st.SearchStrategy[bytes]:
    """Bytes around or instead of a good body: truncated, batched, mis-encoded, padded, random."""
    return st.one_of(
        st.integers(0, max(len(encoded) - 1, 0)).map(lambda cut: encoded[:cut]),
        st.just(b"[" + encoded + b"]"),
        st.integers(0, len(encoded)).map(lambda at: encoded[:at] + b"\xff\xfe" + encoded[at:]),
        st.just(b"\xef\xbb\xbf" + encoded),
        st.just(b" \n\t" + encoded + b"\r\n "),
        st.just(encoded.decode().encode("utf-16")),
        st.binary(max_size=300),
        st.sampled_from(JUNK_BODIES),
    )


@st.composite
def hostile_requests(
    draw: st.DrawFn,
    document: str,
    operation_name: str | None,
    ids: WorldIds,
    valid: st.SearchStrategy[dict[str, Any]],
) -> FuzzRequest:
    variables: Any = draw(valid)
    kind = draw(st.sampled_from(HOSTILE_KINDS))
    positions = _positions(variables)
    name = operation_name
    raw: bytes | None = None
    if kind in ("replace", "null", "deep-nesting", "huge-string", "nan", "wrong-kind-id") and not positions:
        kind = "extra-key"
    if kind == "replace":
        _set(variables, draw(st.sampled_from(positions)), draw(hostile_leaves()))
    elif kind == "null":
        _set(variables, draw(st.sampled_from(positions)), None)
    elif kind == "wrong-kind-id":
        _set(variables, draw(st.sampled_from(positions)), draw(st.sampled_from(ids.every_id)))
    elif kind == "drop-key":
        holders = [p for p in _containers(variables) if _get(variables, p)]
        if holders:
            holder = _get(variables, draw(st.sampled_from(holders)))
            del holder[draw(st.sampled_from(sorted(holder)))]
    elif kind == "extra-key":
        holder = _get(variables, draw(st.sampled_from(_containers(variables))))
        holder[draw(st.text(min_size=1, max_size=12))] = draw(hostile_leaves())
    elif kind == "huge-string":
        size = draw(st.sampled_from([10_000, 200_000, 1_100_000]))
        _set(variables, draw(st.sampled_from(positions)), draw(st.sampled_from("x😀\x00")) * size)
    elif kind in ("deep-nesting", "nan"):
        _set(variables, draw(st.sampled_from(positions)), DEEP_SENTINEL)
        if kind == "nan":
            replacement = draw(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "-0", "1E400"]))
        else:
            depth = draw(st.sampled_from([40, 300, 1100, 5000]))
            opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
            replacement = opener * depth + "1" + closer * depth
        raw = encode(SentRequest(document, variables, name)).replace(
            json.dumps(DEEP_SENTINEL).encode(), replacement.encode()
        )
    elif kind == "variables-not-object":
        variables = draw(
            st.one_of(st.lists(st.integers(), max_size=2), st.text(max_size=5), st.integers(), st.booleans())
        )
    elif kind == "body-junk":
        raw = draw(junk_bodies(encode(SentRequest(document, variables, name))))
    elif kind == "operation-name":
        name = draw(
            st.one_of(st.text(max_size=10), st.integers(), st.just(""), st.lists(st.text(), max_size=1))
        )
    return FuzzRequest(kind, SentRequest(document, variables, name), raw, draw(st.sampled_from(PATHS)))


def valid_requests(
    document: str, operation_name: str | None, valid: st.SearchStrategy[dict[str, Any]]
) -> st.SearchStrategy[FuzzRequest]:
    return st.tuples(valid, st.booleans(), st.sampled_from(PATHS)).map(
        lambda drawn: FuzzRequest(
            "valid", SentRequest(document, drawn[0], operation_name if drawn[1] else None), path=drawn[2]
        )
    )


@dataclass(frozen=True)
class CliOperation:
    name: str
    variant: str
    document: str
    operation: OperationDefinitionNode

    @property
    def operation_name(self) -> str | None:
        return self.operation.name.value if self.operation.name else None


def cli_operations() -> list[CliOperation]:
    found: list[CliOperation] = []
    for name, entry in sorted(cli_documents().items()):
        for variant in VARIANTS:
            document = entry[variant]
            operation = next(d for d in parse(document).definitions if isinstance(d, OperationDefinitionNode))
            found.append(CliOperation(name, variant, document, operation))
    return found


def fuzz_requests(
    schema: GraphQLSchema, ids: WorldIds, operations: list[CliOperation]
) -> st.SearchStrategy[FuzzRequest]:
    """Valid-ish and hostile requests for any of ``operations``, about one in two hostile."""
    values = VariableValues(schema, ids)

    def for_operation(op: CliOperation) -> st.SearchStrategy[FuzzRequest]:
        valid = values.variables(op.operation)
        return st.one_of(
            valid_requests(op.document, op.operation_name, valid),
            hostile_requests(op.document, op.operation_name, ids, valid),
        )

    return st.sampled_from(operations).flatmap(for_operation)


def run_request(
    client: FuzzClient, schema: GraphQLSchema, request: FuzzRequest, tally: FuzzTally
) -> list[str]:
    raw = request.raw_body if request.raw_body is not None else encode(request.sent)
    answer = client.send(request.sent, raw_body=raw, path=request.path)
    problems = client.check(schema, request.sent, answer)
    report = describe_exchange(request.sent, answer.status, answer.body, problems) if problems else None
    tally.record(answer, problems, report and f"[{request.kind} POST {request.path}] {report}")
    return problems


OPERATIONS_BY_NAME: dict[str, list[CliOperation]] = {}
for _op in cli_operations():
    OPERATIONS_BY_NAME.setdefault(_op.name, []).append(_op)


def test_every_cli_document_is_fuzzed() -> None:
    graphql_schema = build_schema("2026-08-13")  # CLI 1.2.0 knows the reference roots only
    assert set(OPERATIONS_BY_NAME) == set(graphql_schema.query_type.fields) | set(  # type: ignore[union-attr]
        graphql_schema.mutation_type.fields
    )  # type: ignore[union-attr]


@pytest.mark.parametrize("name", sorted(OPERATIONS_BY_NAME))
def test_fuzzed_variables_keep_the_response_contract(
    graphql_schema: GraphQLSchema, default_ids: WorldIds, fuzz_client: Callable[[], FuzzClient], name: str
) -> None:
    client = fuzz_client()
    tally = FuzzTally()

    @ci_fuzz_settings(EXAMPLES_PER_DOCUMENT)
    @given(request=fuzz_requests(graphql_schema, default_ids, OPERATIONS_BY_NAME[name]))
    def exchange(request: FuzzRequest) -> None:
        problems = run_request(client, graphql_schema, request, tally)
        assert not problems, tally.failures[-1]

    exchange()
    assert tally.with_data > 0, f"no fuzzed {name} request came back with data: {tally.statuses}"
    assert tally.statuses[400] > 0, f"no hostile {name} request was refused: {tally.statuses}"


# --- regressions found by the fuzzers ---------------------------------------------------------------------

DAILY_LIMITS = """query DailyPostingLimits($input: DailyPostingLimitsInput!) {
  dailyPostingLimits(input: $input) { channelId sent scheduled limit isAtLimit } }"""
CREATE_POST = """mutation CreatePost($input: CreatePostInput!) {
  createPost(input: $input) {
    __typename ... on PostActionSuccess { post { id dueAt } } ... on MutationError { message } } }"""


def assert_answered_with_data(client: FuzzClient, schema: GraphQLSchema, sent: SentRequest) -> dict[str, Any]:
    answer = client.send(sent)
    problems = client.check(schema, sent, answer)
    assert not problems, describe_exchange(sent, answer.status, answer.body, problems)
    body = json.loads(answer.body)
    assert body["data"] is not None, body
    return body["data"]


# The first and last days of the accepted date-time range (mockserver/time_range.py); the calendar's
# own ends (years 1 and 9999) are outside it and refused.
RANGE_EDGE_DAYS = ["1970-01-01", "1970-01-01T00:00:00Z", "2100-12-31", "2100-12-31T23:59:59.999Z"]
CALENDAR_EDGE_DAYS = ["0001-01-01", "0001-01-01T00:00:00Z", "9999-12-31", "9999-12-31T23:59:59.999Z"]


@pytest.mark.parametrize("date", RANGE_EDGE_DAYS)
def test_daily_posting_limits_on_the_first_and_last_day_of_the_accepted_range(
    graphql_schema: GraphQLSchema, default_data: Any, fuzz_client: Callable[[], FuzzClient], date: str
) -> None:
    """Was: OverflowError in rules/posting_limits.local_day_bounds (the local day ran past year 1/9999)."""
    main = default_data.organizations[0].id
    # the channels the served (2026-08-13) schema shows: a 2026-10 network's channel is not found there
    channels = [c.id for c in default_data.channels if c.organization_id == main and c.service in SERVICES]
    sent = SentRequest(DAILY_LIMITS, {"input": {"channelIds": channels, "date": date}})
    data = assert_answered_with_data(fuzz_client(), graphql_schema, sent)
    assert len(data["dailyPostingLimits"]) == len(channels)


@pytest.mark.parametrize("date", CALENDAR_EDGE_DAYS)
def test_daily_posting_limits_on_the_calendars_ends_are_refused_as_outside_the_range(
    graphql_schema: GraphQLSchema, default_data: Any, fuzz_client: Callable[[], FuzzClient], date: str
) -> None:
    channels = [c.id for c in default_data.channels if c.organization_id == default_data.organizations[0].id]
    sent = SentRequest(DAILY_LIMITS, {"input": {"channelIds": channels, "date": date}})
    answer = fuzz_client().send(sent)
    assert answer.status == 400
    error = json.loads(answer.body)["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "outside the accepted range" in error["message"]


def test_a_post_scheduled_for_the_last_millisecond_of_the_accepted_range(
    graphql_schema: GraphQLSchema, default_data: Any, fuzz_client: Callable[[], FuzzClient]
) -> None:
    """Was: the same OverflowError (at 9999-12-31), through createPost's daily-limit check of a
    custom-scheduled post; the accepted range now ends at 2100-12-31T23:59:59.999Z."""
    limited = next(c for c in default_data.channels if c.daily_posting_limit is not None and not c.is_locked)
    variables = {
        "input": {
            "channelId": limited.id,
            "mode": "customScheduled",
            "schedulingType": "automatic",
            "text": "far future",
            "dueAt": "2100-12-31T23:59:59.999Z",
            "assets": [],
            "needsApproval": False,
        }
    }
    data = assert_answered_with_data(fuzz_client(), graphql_schema, SentRequest(CREATE_POST, variables))
    assert data["createPost"]["__typename"]
