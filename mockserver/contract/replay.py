"""Run the corpus against the mock and a target (live or recorded) and compare the answers.

Ids differ between the two sides, so each side discovers its own (first organization, one
of its channels, one of its posts) before the corpus runs; operations needing an id that a
side lacks are skipped, not failed. Network goes only to the URLs given.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graphql import GraphQLSchema, build_client_schema, parse

from mockserver.contract.cassette import (
    Cassette,
    Interaction,
)
from mockserver.contract.corpus import (
    CorpusOperation,
    UnresolvedPlaceholder,
    resolve_variables,
)
from mockserver.contract.endpoint import (
    DISCOVER_POST,
    ContractRunError,
    Endpoint,
    data_of,
    fetch_introspection,
)
from mockserver.contract.findings import SchemaChange
from mockserver.contract.introspection import (
    model_from_introspection,
)
from mockserver.contract.matchers import (
    Finding,
    collect_enum_values,
    compare_responses,
    enum_value_paths,
    enums_of_introspection,
    match_enum_values,
)
from mockserver.contract.reference_doc import compare_to_reference
from mockserver.contract.report import (
    OperationResult,
    ReplayReport,
)
from mockserver.contract.schema_diff import DiffOptions, diff_schemas

DISCOVER_ORGANIZATION = "query ContractDiscoverOrganization { account { organizations { id } } }"
DISCOVER_CHANNEL = "query ContractDiscoverChannel($input: ChannelsInput!) { channels(input: $input) { id } }"


def discover_ids(endpoint: Endpoint) -> dict[str, str]:
    """``{"$org": ..., "$channel": ..., "$post": ...}`` for what the endpoint's account has."""
    ids: dict[str, str] = {}
    account = data_of(endpoint.execute(DISCOVER_ORGANIZATION)).get("account") or {}
    organizations = account.get("organizations") or []
    if not organizations:
        return ids
    ids["$org"] = organizations[0]["id"]
    channels = data_of(endpoint.execute(DISCOVER_CHANNEL, {"input": {"organizationId": ids["$org"]}}))
    if channels.get("channels"):
        ids["$channel"] = channels["channels"][0]["id"]
    posts = (
        data_of(endpoint.execute(DISCOVER_POST, {"input": {"organizationId": ids["$org"]}})).get("posts")
        or {}
    )
    edges = posts.get("edges") or []
    if edges:
        ids["$post"] = edges[0]["node"]["id"]
    return ids


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
