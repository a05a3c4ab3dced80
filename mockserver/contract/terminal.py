"""The terminal report (rich): grouped by severity, colour on a TTY, plain text in CI logs, a
progress display while operations run, and a one-line summary last."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from mockserver.contract.findings import SAFE, SEVERITIES
from mockserver.contract.reports import _grouped, describe, summary_line
from mockserver.contract.runner import RunReport

STYLES = {"BREAKING": "bold red", "DANGEROUS": "yellow", "SAFE": "green"}


def console_for(stream: TextIO) -> Console:
    """Colour only on a TTY (and never when NO_COLOR or CI is set)."""
    plain = bool(os.environ.get("NO_COLOR") or os.environ.get("CI")) or not stream.isatty()
    return Console(
        file=stream,
        no_color=plain,
        force_terminal=not plain,
        highlight=False,
        soft_wrap=True,
        width=None if not plain else 200,
    )


@contextmanager
def progress_display(stream: TextIO, total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on a TTY; nothing at all otherwise (CI logs stay clean)."""
    if not stream.isatty():
        yield lambda _name: None
        return
    console = console_for(stream)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task("contract run", total=total)

        def advance(name: str) -> None:
            bar.update(task, advance=1, description=f"contract run {name}")

        yield advance


def print_report(report: RunReport, fail_on: str | None, stream: TextIO, *, verbose: bool = False) -> None:
    console = console_for(stream)
    console.print(f"contract run: mock {report.mock} vs target {report.target}")
    for severity in SEVERITIES:
        items = _grouped(report)[severity]
        if not items:
            continue
        console.print(f"{severity} ({len(items)})", style=STYLES[severity])
        if severity == SAFE and not verbose:
            console.print("  values differ only; see the JSON report (or --verbose)", markup=False)
            continue
        for name, finding in items:
            console.print(f"  {name} {finding.operation}: {describe(finding)}", markup=False)
    for outcome in report.outcomes:
        if outcome.skipped:
            console.print(f"skipped {outcome.name}: {outcome.skipped}", style="dim", markup=False)
    for note in report.notes:
        console.print(f"note: {note}", style="dim", markup=False)
    console.print(
        summary_line(report, fail_on),
        style="bold red" if report.exit_code(fail_on) else "bold green",
        markup=False,
    )
