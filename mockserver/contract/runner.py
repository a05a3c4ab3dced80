"""``contract run``: schema drift, replay and invariants in one pass over the corpus.

The mock is the baseline (what clients are written against); the target is the live API or a
cassette of it. Each side discovers its own ids, answers every operation (walking connections
to the end where the operation says so) and has its answers checked against the invariants;
the two answers are compared structurally. Nothing is skipped silently: an operation a side
cannot run (its root is missing, no id to bind) is a skipped result with the reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLSchema, build_client_schema, parse

from mockserver.contract.coordinates import responsible_changes, used_coordinates
from mockserver.contract.corpus import CorpusOperation, UnresolvedPlaceholder, resolve_variables
from mockserver.contract.endpoint import (
    Endpoint,
    Exchange,
    check_access,
    discover_ids,
    fetch_introspection,
)
from mockserver.contract.findings import BREAKING, SAFE, Finding, at_or_above, count_by_severity
from mockserver.contract.introspection import model_from_introspection
from mockserver.contract.invariant_registry import root_fields_of, run_invariants
from mockserver.contract.invariants import Observation, SideContext
from mockserver.contract.matchers import (
    collect_enum_values,
    compare_responses,
    enum_value_paths,
    enums_of_introspection,
    match_enum_values,
)
from mockserver.contract.schema_diff import DiffOptions, diff_schemas
from mockserver.contract.writes import DraftGuard

SIDES = ("mock", "target")
MAX_PAGES = 50
EXIT_OK, EXIT_DRIFT, EXIT_ERROR = 0, 1, 2


@dataclass(slots=True)
class OperationOutcome:
    operation: CorpusOperation
    findings: list[Finding] = field(default_factory=list)
    invariants: dict[str, dict[str, list[Finding]]] = field(default_factory=dict)  # side -> name -> findings
    skipped: str | None = None
    pages: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.operation.name


@dataclass(slots=True)
class RunReport:
    mock: str
    target: str
    schema_changes: list[Finding] = field(default_factory=list)
    outcomes: list[OperationOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    duration_s: float = 0.0
    schema_checked: bool = True

    def findings(self, *, include_safe: bool = True) -> list[Finding]:
        found = list(self.schema_changes)
        for outcome in self.outcomes:
            found += outcome.findings
            for by_name in outcome.invariants.values():
                for items in by_name.values():
                    found += items
        return [f for f in found if include_safe or f.severity != SAFE]

    def counts(self) -> dict[str, int]:
        return count_by_severity(self.findings())

    def exit_code(self, fail_on: str | None = BREAKING) -> int:
        return EXIT_DRIFT if any(at_or_above(f.severity, fail_on) for f in self.findings()) else EXIT_OK

    def invariant_findings(self, side: str | None = None) -> list[Finding]:
        return [
            f
            for o in self.outcomes
            for s, by_name in o.invariants.items()
            if side in (None, s)
            for items in by_name.values()
            for f in items
        ]


def _schema(introspection: Mapping[str, Any] | None) -> GraphQLSchema | None:
    if introspection is None:
        return None
    try:
        return build_client_schema({"__schema": introspection})  # type: ignore[arg-type,typeddict-item]
    except (TypeError, ValueError, KeyError):
        return None


def execute_walk(endpoint: Endpoint, operation: CorpusOperation, variables: dict[str, Any]) -> list[Exchange]:
    """One answer, or every page of a connection the operation walks (``paginate:``)."""
    pages = [endpoint.execute(operation.document, variables)]
    if operation.paginate is None:
        return pages
    for _ in range(MAX_PAGES - 1):
        body = pages[-1].body
        root = ((body or {}).get("data") or {}).get(operation.paginate) if isinstance(body, Mapping) else None
        info = (root or {}).get("pageInfo") or {}
        if pages[-1].status != 200 or not info.get("hasNextPage") or not info.get("endCursor"):
            break
        pages.append(endpoint.execute(operation.document, {**variables, "after": info["endCursor"]}))
    return pages


def _error_message(exchange: Exchange) -> str:
    body = exchange.body
    if isinstance(body, Mapping) and isinstance(body.get("errors"), list) and body["errors"]:
        first = body["errors"][0]
        return str(first.get("message")) if isinstance(first, Mapping) else str(first)
    return ""


def _failed(exchange: Exchange) -> bool:
    return exchange.status >= 400 or bool(_error_message(exchange))


class ContractRun:
    """One run between two endpoints; :meth:`run` returns the :class:`RunReport`."""

    def __init__(
        self,
        mock: Endpoint,
        target: Endpoint,
        operations: list[CorpusOperation],
        *,
        progress: Callable[[str], None] | None = None,
        write_channel: str | None = None,
        diff_options: DiffOptions | None = None,
        write_guards: Mapping[str, DraftGuard] | None = None,
    ) -> None:
        self.write_guards = dict(write_guards or {})
        self.endpoints = {"mock": mock, "target": target}
        self.operations = operations
        self.progress = progress or (lambda _name: None)
        self.write_channel = write_channel
        self.diff_options = diff_options or DiffOptions()
        self.report = RunReport(mock=mock.label, target=target.label)
        self.introspection: dict[str, dict[str, Any] | None] = {}
        self.schemas: dict[str, GraphQLSchema | None] = {}
        self.ids: dict[str, dict[str, Any]] = {}
        self.contexts: dict[str, SideContext] = {}

    def prepare(self) -> None:
        for side, endpoint in self.endpoints.items():
            if getattr(endpoint, "migrated_v1", False):
                self.introspection[side] = self.introspection["mock"]
                self.report.notes.append(
                    f"{side}: a version-1 cassette holds no schema: compared with the mock's schema; "
                    "its invariants need a version-2 cassette (record again)"
                )
            else:
                check_access(endpoint)
                self.introspection[side] = fetch_introspection(endpoint)
            self.schemas[side] = _schema(self.introspection[side])
        mock_i, target_i = self.introspection["mock"], self.introspection["target"]
        assert mock_i is not None and target_i is not None
        self.report.schema_changes = [
            c.located(check="schema")
            for c in diff_schemas(
                model_from_introspection(mock_i), model_from_introspection(target_i), self.diff_options
            )
        ]
        for side, endpoint in self.endpoints.items():
            ids = discover_ids(endpoint, self.write_channel if side == "target" else None)
            if side == "mock" and self.write_guards and "$channel" in ids:
                ids["$writeChannel"] = self.write_guards["mock"].channel
            self.ids[side] = ids
            if "$org" not in ids:
                self.report.notes.append(f"{side}: discovery found no organization (is the key valid?)")
            self.contexts[side] = SideContext(
                side=side,
                fetch=endpoint.execute,
                channels=list(ids.get("$channels") or []),
            )
            self.contexts[side].services = _services(endpoint, ids)

    def run(self) -> RunReport:
        started = time.perf_counter()
        self.prepare()
        for operation in self.operations:
            self.progress(operation.name)
            self.report.outcomes.append(self.run_operation(operation))
        self.report.duration_s = time.perf_counter() - started
        return self.report

    def missing_root(self, operation: CorpusOperation, side: str) -> str | None:
        schema = self.schemas.get(side)
        if schema is None:
            return None
        root = schema.mutation_type if operation.writes else schema.query_type
        fields = root.fields if root is not None else {}
        missing = [f for f in operation.root_fields if f not in fields]
        if missing:
            kind = "Mutation" if operation.writes else "Query"
            fields = ", ".join(f"{kind}.{m}" for m in missing)
            return f"{side} lacks root field {fields} (operation needs schema {operation.schema_version})"
        return None

    def run_operation(self, operation: CorpusOperation) -> OperationOutcome:
        outcome = OperationOutcome(operation)
        lacking = [r for r in (self.missing_root(operation, s) for s in SIDES) if r]
        if lacking:
            outcome.skipped = "; ".join(lacking)
            return outcome
        target = self.endpoints["target"]
        if getattr(target, "migrated_v1", False) and not target.answers_by_name(operation.name):  # type: ignore[attr-defined]
            outcome.skipped = "target: not recorded in the version-1 cassette"
            return outcome
        if operation.writes and set(self.write_guards) != set(SIDES):
            outcome.skipped = "a write operation: runs only with --allow-writes --write-channel ID"
            return outcome
        variables: dict[str, dict[str, Any]] = {}
        for side in SIDES:
            endpoint = self.endpoints[side]
            if side == "target" and getattr(endpoint, "answers_by_name", lambda _n: False)(operation.name):
                variables[side] = dict(operation.variables)  # a version-1 cassette answers by name
                continue
            try:
                variables[side] = resolve_variables(operation.variables, self.ids[side])
            except UnresolvedPlaceholder as missing:
                outcome.skipped = f"{side}: {missing}"
                return outcome
        if operation.writes:
            pages = {side: [self.write_guards[side].execute(operation, variables[side])] for side in SIDES}
        else:
            pages = {side: execute_walk(self.endpoints[side], operation, variables[side]) for side in SIDES}
        outcome.pages = {side: len(p) for side, p in pages.items()}
        outcome.findings = self.compare(operation, variables, pages["mock"][0], pages["target"][0])
        document = parse(operation.document)
        roots = dict(root_fields_of(document))
        for side in SIDES:
            if getattr(self.endpoints[side], "migrated_v1", False):
                continue  # a version-1 cassette cannot answer the invariants' own reads (noted in prepare)
            observation = Observation(operation.name, roots, variables[side], pages[side], side=side)
            outcome.invariants[side] = run_invariants(observation, self.contexts[side])
        return outcome

    def compare(
        self,
        operation: CorpusOperation,
        variables: dict[str, dict[str, Any]],
        expected: Exchange,
        actual: Exchange,
    ) -> list[Finding]:
        findings = compare_responses(expected.status, expected.body, actual.status, actual.body)
        schema = self.schemas.get("mock")
        if schema is not None:
            paths = enum_value_paths(schema, parse(operation.document))
            observed: dict[str, set[str]] = {}
            for body in (expected.body, actual.body):
                data = body.get("data") if isinstance(body, Mapping) else None
                for enum, values in collect_enum_values(data, paths).items():
                    observed.setdefault(enum, set()).update(values)
            target_i = self.introspection.get("target")
            findings += match_enum_values(
                observed,
                enums_of_introspection(self.introspection["mock"] or {}),
                enums_of_introspection(target_i) if target_i else {},
            )
        located = [f.located(check="replay", operation=operation.name) for f in findings]
        one_side = _failed(actual) != _failed(expected)
        if one_side and schema is not None:
            failing, exchange = ("target", actual) if _failed(actual) else ("mock", expected)
            coords = used_coordinates(schema, parse(operation.document), variables["mock"])
            causes = responsible_changes(self.report.schema_changes, coords)
            quoted = _error_message(exchange)
            message = f"fails on the {failing} only (HTTP {exchange.status})"
            if quoted:
                message += f': "{quoted}"'
            cause = "; ".join(f"{c.kind} {c.path}" for c in causes) or "no schema change found (behaviour)"
            located.insert(
                0,
                Finding(
                    BREAKING,
                    "FAILS_ON_ONE_SIDE",
                    "status",
                    message,
                    check="replay",
                    operation=operation.name,
                    side=failing,
                    cause=cause,
                    expected=expected.status,
                    actual=actual.status,
                ),
            )
        return located


_SERVICES = (
    "query ContractDiscoverServices($input: ChannelsInput!) { channels(input: $input) { id service } }"
)


def _services(endpoint: Endpoint, ids: Mapping[str, Any]) -> dict[str, str]:
    if "$org" not in ids:
        return {}
    body = endpoint.execute(_SERVICES, {"input": {"organizationId": ids["$org"]}}).body
    channels = ((body or {}).get("data") or {}).get("channels") or []
    return {c["id"]: c["service"] for c in channels if isinstance(c, Mapping)}
