"""Reports of a contract run: replay findings per operation, schema changes; plain text or JSON."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mockserver.contract.findings import BREAKING, SEVERITIES, SchemaChange
from mockserver.contract.matchers import Finding

EXIT_OK = 0
EXIT_BREAKING = 1


@dataclass(slots=True)
class OperationResult:
    operation: str
    findings: list[Finding] = field(default_factory=list)
    skipped: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"operation": self.operation, "findings": [f.as_dict() for f in self.findings]}
        if self.skipped is not None:
            data["skipped"] = self.skipped
        return data


@dataclass(slots=True)
class ReplayReport:
    mock: str
    target: str
    results: list[OperationResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.results for finding in result.findings]

    def counts(self) -> dict[str, int]:
        return count_severities(f.severity for f in self.findings)

    @property
    def exit_code(self) -> int:
        return EXIT_BREAKING if self.counts()[BREAKING] else EXIT_OK

    def to_json(self) -> dict[str, Any]:
        return {
            "mock": self.mock,
            "target": self.target,
            "counts": self.counts(),
            "operations": [r.to_json() for r in self.results],
            "notes": list(self.notes),
        }


def count_severities(severities: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for severity in severities:
        counts[severity] += 1
    return counts


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[s]} {s.lower()}" for s in SEVERITIES)


def format_replay_report(report: ReplayReport) -> str:
    lines = [f"contract replay: mock {report.mock} vs target {report.target}"]
    for result in report.results:
        if result.skipped is not None:
            lines.append(f"  {result.operation}: skipped ({result.skipped})")
            continue
        if not result.findings:
            lines.append(f"  {result.operation}: ok")
            continue
        lines.append(
            f"  {result.operation}: {_summary(count_severities(f.severity for f in result.findings))}"
        )
        for severity in SEVERITIES:
            for finding in result.findings:
                if finding.severity == severity:
                    lines.append(f"    {finding}")
    lines.extend(f"  note: {note}" for note in report.notes)
    ran = sum(1 for r in report.results if r.skipped is None)
    lines.append(f"{ran} operation(s) compared: {_summary(report.counts())}")
    return "\n".join(lines)


def format_schema_changes(changes: list[SchemaChange], baseline: str, target: str) -> str:
    lines = [f"contract schema: baseline {baseline} vs target {target}"]
    for severity in SEVERITIES:
        group = [c for c in changes if c.severity == severity]
        if group:
            lines.append(f"{severity} ({len(group)}):")
            lines.extend(f"  {c.kind} {c.path}: {c.message}" for c in group)
    counts = count_severities(c.severity for c in changes)
    lines.append(f"{len(changes)} change(s): {_summary(counts)}")
    return "\n".join(lines)


def schema_changes_json(changes: list[SchemaChange], baseline: str, target: str) -> dict[str, Any]:
    return {
        "baseline": baseline,
        "target": target,
        "counts": count_severities(c.severity for c in changes),
        "changes": [
            {"severity": c.severity, "kind": c.kind, "path": c.path, "message": c.message} for c in changes
        ],
    }


def schema_exit_code(changes: list[SchemaChange]) -> int:
    return EXIT_BREAKING if any(c.severity == BREAKING for c in changes) else EXIT_OK
