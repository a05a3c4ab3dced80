"""Run the corpus against the mock and a target (live or recorded) and compare the answers.

Ids differ between the two sides, so each side discovers its own (first organization, one
of its channels, one of its posts) before the corpus runs; operations needing an id that a
side lacks are skipped, not failed. Network goes only to the URLs given.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import httpx
from graphql import GraphQLSchema, build_client_schema, parse

from mockserver.contract.cassette import (
    Cassette,
    CassetteError,
    Interaction,
    load_cassette,
    save_cassette,
    url_without_credentials,
)
from mockserver.contract.corpus import (
    CorpusError,
    CorpusOperation,
    UnresolvedPlaceholder,
    default_corpus_dir,
    load_corpus,
    resolve_variables,
)
from mockserver.contract.matchers import (
    Finding,
    collect_enum_values,
    compare_responses,
    enum_value_paths,
    enums_of_introspection,
    match_enum_values,
)
from mockserver.contract.reference_doc import ReferenceFormatError, compare_to_reference
from mockserver.contract.report import (
    OperationResult,
    ReplayReport,
    format_replay_report,
    format_schema_changes,
    schema_changes_json,
    schema_exit_code,
)
from mockserver.contract.reports import ReportFiles
from mockserver.contract.runner import OperationOutcome, RunReport
from mockserver.contract.schema_diff import (
    BASIC_INTROSPECTION_QUERY,
    INTROSPECTION_QUERY,
    DiffOptions,
    SchemaChange,
    diff_schemas,
    model_from_introspection,
)

EXIT_RUN_ERROR = 2

DISCOVER_ORGANIZATION = "query ContractDiscoverOrganization { account { organizations { id } } }"
DISCOVER_CHANNEL = "query ContractDiscoverChannel($input: ChannelsInput!) { channels(input: $input) { id } }"
DISCOVER_POST = (
    "query ContractDiscoverPost($input: PostsInput!) "
    "{ posts(input: $input, first: 1) { edges { node { id } } } }"
)


class ContractRunError(RuntimeError):
    """The run could not proceed (endpoint unreachable, not GraphQL, bad corpus or cassette)."""


@dataclass(frozen=True, slots=True)
class Exchange:
    status: int
    body: Any


class Endpoint:
    """A GraphQL endpoint reached with a Bearer key; ``client`` may be injected (tests, proxies)."""

    def __init__(self, url: str, key: str | None, client: httpx.Client | None = None, timeout: float = 30.0):
        self.url = url
        self.key = key
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=False)

    def close(self) -> None:
        self.client.close()

    @property
    def label(self) -> str:
        return url_without_credentials(self.url)

    def execute(self, document: str, variables: Mapping[str, Any] | None = None) -> Exchange:
        headers = {"content-type": "application/json", "user-agent": "buffer-mock-contract"}
        if self.key:
            headers["authorization"] = f"Bearer {self.key}"
        payload: dict[str, Any] = {"query": document}
        if variables:
            payload["variables"] = dict(variables)
        try:
            response = self.client.post(self.url, json=payload, headers=headers)
        except httpx.HTTPError as error:
            raise ContractRunError(f"{self.label}: request failed: {error}") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        return Exchange(response.status_code, body)


def _data(exchange: Exchange) -> Mapping[str, Any]:
    body = exchange.body
    if isinstance(body, Mapping) and isinstance(body.get("data"), Mapping):
        return body["data"]
    return {}


def discover_ids(endpoint: Endpoint) -> dict[str, str]:
    """``{"$org": ..., "$channel": ..., "$post": ...}`` for what the endpoint's account has."""
    ids: dict[str, str] = {}
    account = _data(endpoint.execute(DISCOVER_ORGANIZATION)).get("account") or {}
    organizations = account.get("organizations") or []
    if not organizations:
        return ids
    ids["$org"] = organizations[0]["id"]
    channels = _data(endpoint.execute(DISCOVER_CHANNEL, {"input": {"organizationId": ids["$org"]}}))
    if channels.get("channels"):
        ids["$channel"] = channels["channels"][0]["id"]
    posts = (
        _data(endpoint.execute(DISCOVER_POST, {"input": {"organizationId": ids["$org"]}})).get("posts") or {}
    )
    edges = posts.get("edges") or []
    if edges:
        ids["$post"] = edges[0]["node"]["id"]
    return ids


def fetch_introspection(endpoint: Endpoint) -> dict[str, Any]:
    """The endpoint's ``__schema`` (falls back to the query without ``isOneOf`` for older servers)."""
    last_problem = ""
    for query in (INTROSPECTION_QUERY, BASIC_INTROSPECTION_QUERY):
        exchange = endpoint.execute(query)
        data = _data(exchange)
        if isinstance(data.get("__schema"), Mapping):
            return dict(data["__schema"])
        last_problem = f"HTTP {exchange.status}: {json.dumps(exchange.body)[:300]}"
    raise ContractRunError(f"{endpoint.label}: introspection failed ({last_problem})")


def _schema_or_none(introspection: Mapping[str, Any] | None) -> GraphQLSchema | None:
    if introspection is None:
        return None
    try:
        return build_client_schema({"__schema": introspection})  # type: ignore[typeddict-item]
    except (TypeError, ValueError, KeyError):
        return None


def _enum_findings(
    operation: CorpusOperation,
    schema: GraphQLSchema | None,
    bodies: list[Any],
    mock_enums: Mapping[str, set[str]],
    target_enums: Mapping[str, set[str]],
) -> list[Finding]:
    if schema is None:
        return []
    paths = enum_value_paths(schema, parse(operation.document))
    observed: dict[str, set[str]] = {}
    for body in bodies:
        data = body.get("data") if isinstance(body, Mapping) else None
        for enum, values in collect_enum_values(data, paths).items():
            observed.setdefault(enum, set()).update(values)
    return match_enum_values(observed, mock_enums, target_enums)


def _resolve(
    operation: CorpusOperation, ids: Mapping[str, str], template: Any | None = None
) -> dict[str, Any]:
    return resolve_variables(operation.variables if template is None else template, ids)


def replay_live(
    operations: list[CorpusOperation],
    mock: Endpoint,
    target: Endpoint,
    recording: Cassette | None = None,
) -> ReplayReport:
    """Every operation against both endpoints; target answers are appended to ``recording``."""
    report = ReplayReport(mock=mock.label, target=target.label)
    mock_ids, target_ids = discover_ids(mock), discover_ids(target)
    for side, ids in (("mock", mock_ids), ("target", target_ids)):
        if "$org" not in ids:
            report.notes.append(f"{side}: discovery found no organization (is the key valid?)")
    mock_introspection = fetch_introspection(mock)
    try:
        target_introspection: dict[str, Any] | None = fetch_introspection(target)
    except ContractRunError as error:
        target_introspection = None
        report.notes.append(f"enum values checked against the mock's schema only: {error}")
    schema = _schema_or_none(mock_introspection)
    mock_enums = enums_of_introspection(mock_introspection)
    target_enums = enums_of_introspection(target_introspection) if target_introspection else {}
    for operation in operations:
        try:
            mock_variables = _resolve(operation, mock_ids)
        except UnresolvedPlaceholder as missing:
            report.results.append(OperationResult(operation.name, skipped=f"mock: {missing}"))
            continue
        try:
            target_variables = _resolve(operation, target_ids)
        except UnresolvedPlaceholder as missing:
            report.results.append(OperationResult(operation.name, skipped=f"target: {missing}"))
            continue
        expected = mock.execute(operation.document, mock_variables)
        actual = target.execute(operation.document, target_variables)
        if recording is not None:
            recording.interactions.append(
                Interaction(
                    operation=operation.name,
                    variables=target_variables,
                    status=actual.status,
                    body=actual.body,
                    document=operation.document,
                    variable_template=operation.variables,
                )
            )
        findings = compare_responses(expected.status, expected.body, actual.status, actual.body)
        findings += _enum_findings(operation, schema, [expected.body, actual.body], mock_enums, target_enums)
        report.results.append(OperationResult(operation.name, findings))
    return report


def replay_cassette(
    cassette: Cassette, mock: Endpoint, operations: list[CorpusOperation] | None = None
) -> ReplayReport:
    """Each recorded interaction re-run on the mock (with the mock's own ids) and compared."""
    report = ReplayReport(mock=mock.label, target=f"cassette of {cassette.target} ({cassette.recorded_at})")
    report.notes.append("enum values checked against the mock's schema only (a cassette holds no schema)")
    by_name = {op.name: op for op in operations or ()}
    mock_ids = discover_ids(mock)
    mock_introspection = fetch_introspection(mock)
    schema = _schema_or_none(mock_introspection)
    mock_enums = enums_of_introspection(mock_introspection)
    for interaction in cassette.interactions:
        known = by_name.get(interaction.operation)
        document = interaction.document or (known.document if known else None)
        if document is None:
            report.results.append(
                OperationResult(interaction.operation, skipped="no document in the cassette or the corpus")
            )
            continue
        operation = CorpusOperation(
            name=interaction.operation,
            document=document,
            source="cassette",
            variables=interaction.variable_template
            if interaction.variable_template is not None
            else (known.variables if known else interaction.variables),
        )
        try:
            variables = _resolve(operation, mock_ids)
        except UnresolvedPlaceholder as missing:
            report.results.append(OperationResult(operation.name, skipped=f"mock: {missing}"))
            continue
        expected = mock.execute(document, variables)
        findings = compare_responses(expected.status, expected.body, interaction.status, interaction.body)
        findings += _enum_findings(operation, schema, [expected.body, interaction.body], mock_enums, {})
        report.results.append(OperationResult(operation.name, findings))
    return report


def schema_changes(
    target: Endpoint, *, baseline: Endpoint | None = None, reference: Path | None = None
) -> list[SchemaChange]:
    """The target's schema compared to a baseline endpoint's or to the published reference."""
    introspection = fetch_introspection(target)
    if reference is not None:
        return compare_to_reference(introspection, reference)
    if baseline is None:
        raise ContractRunError("give a baseline endpoint or a reference file to compare with")
    return diff_schemas(
        model_from_introspection(fetch_introspection(baseline)),
        model_from_introspection(introspection),
        DiffOptions(),
    )


# --- command entry points (called by ``buffer-mock contract``) ----------------------------


def run_schema_command(
    *,
    target_url: str,
    target_key: str | None,
    baseline_url: str | None = None,
    baseline_key: str | None = None,
    reference: Path | None = None,
    as_json: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
    reports: ReportFiles | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if (baseline_url is None) == (reference is None):
        print("contract schema: give exactly one of --baseline URL or --reference PATH", file=err)
        return EXIT_RUN_ERROR
    target = Endpoint(target_url, target_key)
    baseline = Endpoint(baseline_url, baseline_key) if baseline_url is not None else None
    baseline_label = baseline.label if baseline is not None else str(reference)
    try:
        changes = schema_changes(target, baseline=baseline, reference=reference)
    except (ContractRunError, ReferenceFormatError, FileNotFoundError, ValueError) as error:
        print(f"contract schema: {error}", file=err)
        return EXIT_RUN_ERROR
    finally:
        target.close()
        if baseline is not None:
            baseline.close()
    if reports is not None:
        reports.write(RunReport(mock=baseline_label, target=target.label, schema_changes=changes))
    if as_json:
        print(json.dumps(schema_changes_json(changes, baseline_label, target.label), indent=2), file=out)
    else:
        print(format_schema_changes(changes, baseline_label, target.label), file=out)
    return schema_exit_code(changes)


def run_replay_command(
    *,
    mock_url: str,
    mock_key: str | None,
    target_url: str | None = None,
    target_key: str | None = None,
    cassette_path: Path | None = None,
    record_path: Path | None = None,
    ops_dir: Path | None = None,
    as_json: bool = False,
    recorded_at: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    reports: ReportFiles | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if (target_url is None) == (cassette_path is None):
        print("contract replay: give exactly one of --target URL or --cassette FILE", file=err)
        return EXIT_RUN_ERROR
    if record_path is not None and cassette_path is not None:
        print("contract replay: --record needs a live --target, not --cassette", file=err)
        return EXIT_RUN_ERROR
    mock = Endpoint(mock_url, mock_key)
    target = Endpoint(target_url, target_key) if target_url is not None else None
    try:
        operations = load_corpus(ops_dir or default_corpus_dir())
        if cassette_path is not None:
            report = replay_cassette(load_cassette(cassette_path), mock, operations)
        else:
            assert target is not None
            stamp = recorded_at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            recording = Cassette(recorded_at=stamp, target=target.label) if record_path else None
            report = replay_live(operations, mock, target, recording)
            if recording is not None and record_path is not None:
                secrets = tuple(k for k in (target_key, mock_key) if k)
                save_cassette(record_path, recording, secrets)
    except (ContractRunError, CorpusError, CassetteError, OSError) as error:
        print(f"contract replay: {error}", file=err)
        return EXIT_RUN_ERROR
    finally:
        mock.close()
        if target is not None:
            target.close()
    if reports is not None:
        reports.write(run_report_of(report))
    if as_json:
        print(json.dumps(report.to_json(), indent=2), file=out)
    else:
        print(format_replay_report(report), file=out)
    return report.exit_code


def run_report_of(report: ReplayReport) -> RunReport:
    """The single replay step as a :class:`RunReport`, so it shares the run's report formats."""
    outcomes = [
        OperationOutcome(
            CorpusOperation(name=r.operation, document="", source="replay"),
            findings=[f.located(check="replay", operation=r.operation) for f in r.findings],
            skipped=r.skipped,
        )
        for r in report.results
    ]
    return RunReport(
        mock=report.mock,
        target=report.target,
        outcomes=outcomes,
        notes=list(report.notes),
        schema_checked=False,
    )
