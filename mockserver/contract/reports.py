"""The reports of a contract run: JSON, JUnit XML, Markdown and a self-contained HTML page.

Every format is built from the same :class:`RunReport` and lists the same testcases: ``schema``,
``replay::<operation>`` and ``invariants[<side>]::<invariant>`` for each operation it applies to.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from mockserver.contract.findings import SAFE, SEVERITIES, Finding, at_or_above, count_by_severity
from mockserver.contract.runner import RunReport


@dataclass(slots=True)
class Case:
    """One testcase: a check on an operation (or the schema as a whole)."""

    name: str
    classname: str
    findings: list[Finding] = field(default_factory=list)
    skipped: str | None = None

    def failed(self, fail_on: str | None) -> bool:
        return any(at_or_above(f.severity, fail_on) for f in self.findings)


def cases(report: RunReport) -> Iterator[Case]:
    yield Case(
        "schema",
        "contract.schema",
        list(report.schema_changes),
        None if report.schema_checked else "no schema",
    )
    for outcome in report.outcomes:
        classname = f"contract.{outcome.name}"
        if outcome.skipped is not None:
            yield Case(f"replay::{outcome.name}", classname, skipped=outcome.skipped)
            continue
        yield Case(f"replay::{outcome.name}", classname, list(outcome.findings))
        for side, by_name in outcome.invariants.items():
            for name, findings in by_name.items():
                yield Case(f"invariants[{side}]::{name}", classname, list(findings))


def summary_line(report: RunReport, fail_on: str | None) -> str:
    all_cases = list(cases(report))
    failed = sum(1 for c in all_cases if c.failed(fail_on))
    skipped = sum(1 for c in all_cases if c.skipped)
    counts = count_by_severity(report.findings())
    verdict = "DRIFT" if report.exit_code(fail_on) else "OK"
    return (
        f"{verdict}: {len(report.outcomes)} operations, {len(all_cases)} checks, {failed} failed, "
        f"{skipped} skipped; "
        f"{counts['BREAKING']} breaking, {counts['DANGEROUS']} dangerous, {counts['SAFE']} safe "
        f"({report.duration_s:.1f} s)"
    )


def describe(finding: Finding) -> str:
    text = f"[{finding.severity}] {finding.kind} {finding.path}: {finding.message}"
    if finding.side:
        text += f" (side: {finding.side})"
    if finding.cause:
        text += f" (cause: {finding.cause})"
    if finding.expected is not None or finding.actual is not None:
        text += f"; expected {json.dumps(finding.expected)}, got {json.dumps(finding.actual)}"
    return text


def to_json(report: RunReport, fail_on: str | None) -> dict[str, Any]:
    return {
        "mock": report.mock,
        "target": report.target,
        "counts": count_by_severity(report.findings()),
        "exitCode": report.exit_code(fail_on),
        "durationSeconds": round(report.duration_s, 3),
        "schema": [c.as_dict() for c in report.schema_changes],
        "operations": [
            {
                "operation": o.name,
                "source": o.operation.source,
                **({"skipped": o.skipped} if o.skipped else {}),
                "findings": [f.as_dict() for f in o.findings],
                "invariants": {
                    side: {name: [f.as_dict() for f in items] for name, items in by_name.items()}
                    for side, by_name in o.invariants.items()
                },
            }
            for o in report.outcomes
        ],
        "notes": list(report.notes),
        "summary": summary_line(report, fail_on),
    }


def junit_xml(report: RunReport, fail_on: str | None) -> str:
    all_cases = list(cases(report))
    suite = ET.Element(
        "testsuite",
        name="buffer-mock contract",
        tests=str(len(all_cases)),
        failures=str(sum(1 for c in all_cases if c.failed(fail_on))),
        skipped=str(sum(1 for c in all_cases if c.skipped)),
        errors="0",
        time=f"{report.duration_s:.3f}",
    )
    for case in all_cases:
        element = ET.SubElement(suite, "testcase", name=case.name, classname=case.classname)
        if case.skipped:
            ET.SubElement(element, "skipped", message=case.skipped)
        elif case.failed(fail_on):
            failing = [f for f in case.findings if at_or_above(f.severity, fail_on)]
            failure = ET.SubElement(element, "failure", message=describe(failing[0]), type=failing[0].kind)
            failure.text = "\n".join(describe(f) for f in failing)
        if case.findings and not case.failed(fail_on):
            ET.SubElement(element, "system-out").text = "\n".join(describe(f) for f in case.findings)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _grouped(report: RunReport) -> dict[str, list[tuple[str, Finding]]]:
    groups: dict[str, list[tuple[str, Finding]]] = {s: [] for s in SEVERITIES}
    for case in cases(report):
        for finding in case.findings:
            groups[finding.severity].append((case.name, finding))
    return groups


def _cell(value: Any) -> str:
    text = json.dumps(value) if value is not None else ""
    return text.replace("|", "\\|")[:120]


def markdown(report: RunReport, fail_on: str | None, *, max_rows: int = 50) -> str:
    lines = [
        "## buffer-mock contract run",
        "",
        f"Mock `{report.mock}` vs target `{report.target}`",
        "",
        f"**{summary_line(report, fail_on)}**",
        "",
    ]
    for severity, items in _grouped(report).items():
        if not items or severity == SAFE:
            continue
        lines += [
            f"### {severity} ({len(items)})",
            "",
            "| check | path | finding | expected | actual |",
            "|---|---|---|---|---|",
        ]
        for name, f in items[:max_rows]:
            text = (f"{f.kind}: {f.message}" + (f" (cause: {f.cause})" if f.cause else "")).replace(
                "|", "\\|"
            )
            lines.append(
                f"| `{name}` {f.operation} | `{f.path}` | {text} | {_cell(f.expected)} | {_cell(f.actual)} |"
            )
        if len(items) > max_rows:
            lines.append(f"| … | | {len(items) - max_rows} more | | |")
        lines.append("")
    safe = len(_grouped(report)[SAFE])
    if safe:
        lines += [f"{safe} SAFE finding(s) (values differ only) are listed in the JSON and HTML reports.", ""]
    skipped = [o for o in report.outcomes if o.skipped]
    if skipped:
        lines += [f"<details><summary>{len(skipped)} skipped operation(s)</summary>", ""]
        lines += [f"- `{o.name}`: {o.skipped}" for o in skipped]
        lines += ["", "</details>", ""]
    lines += [f"> note: {n}" for n in report.notes]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """body{font:14px system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.4em}
table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
td,th{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}.BREAKING h2{color:#b00020}.DANGEROUS h2{color:#b26a00}.SAFE h2{color:#2e7d32}
code{font-family:ui-monospace,monospace;font-size:12px}.summary{font-weight:bold;padding:.5em;background:#f7f7f7}"""


def html_report(report: RunReport, fail_on: str | None) -> str:
    """One offline page: inline CSS, no script, no external resource."""
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>buffer-mock contract run</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>buffer-mock contract run</h1>",
        f"<p>Mock <code>{esc(report.mock)}</code> vs target <code>{esc(report.target)}</code></p>",
        f"<p class='summary'>{esc(summary_line(report, fail_on))}</p>",
    ]
    for severity, items in _grouped(report).items():
        parts.append(f"<section class='{severity}'><h2>{severity} ({len(items)})</h2>")
        if items:
            parts.append(
                "<table><tr><th>check</th><th>operation</th><th>path</th><th>finding</th><th>expected</th><th>actual</th></tr>"
            )
            for name, f in items:
                text = f"{f.kind}: {f.message}" + (f" (cause: {f.cause})" if f.cause else "")
                parts.append(
                    f"<tr><td><code>{esc(name)}</code></td><td>{esc(f.operation)}</td><td><code>{esc(f.path)}</code></td>"
                    f"<td>{esc(text)}</td><td><code>{esc(_cell(f.expected))}</code></td><td><code>{esc(_cell(f.actual))}</code></td></tr>"
                )
            parts.append("</table>")
        parts.append("</section>")
    skipped = [o for o in report.outcomes if o.skipped]
    parts.append(f"<section><h2>Skipped ({len(skipped)})</h2><ul>")
    parts += [f"<li><code>{esc(o.name)}</code>: {esc(o.skipped or '')}</li>" for o in skipped]
    parts.append("</ul></section>")
    parts += [f"<p>note: {esc(n)}</p>" for n in report.notes]
    parts.append("</body></html>\n")
    return "\n".join(parts)


@dataclass(slots=True)
class ReportFiles:
    """Where ``--junit/--markdown/--html`` put their reports (any of them may be None)."""

    junit: Path | None = None
    markdown: Path | None = None
    html: Path | None = None
    fail_on: str | None = "BREAKING"

    def write(self, report: RunReport) -> None:
        if self.junit:
            self.junit.write_text(junit_xml(report, self.fail_on), encoding="utf-8")
        if self.markdown:
            self.markdown.write_text(markdown(report, self.fail_on), encoding="utf-8")
        if self.html:
            self.html.write_text(html_report(report, self.fail_on), encoding="utf-8")
