"""``buffer-mock contract run | schema | replay | validate``: argument handling, keys, reports.

Keys come from the environment only: ``BUFFER_API_KEY`` for the target, ``BUFFER_MOCK_KEY`` for
the mock (default: the default world's personal key). They are never read from argv, never
printed and never written (cassettes are redacted besides). Exit codes: 0 nothing at or above
``--fail-on``, 1 drift at or above it, 2 usage, connection or auth error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from mockserver.contract.arguments import (
    DEFAULT_MOCK_KEY,
    DEFAULT_TARGET,
    FAIL_ON,
    TARGET_KEY_ENV,
)
from mockserver.contract.cassette import Cassette, CassetteError, load_cassette, save_cassette
from mockserver.contract.cassette_v2 import (
    CassetteEndpoint,
    CassetteV2,
    load_cassette_v2,
    save_cassette_v2,
)
from mockserver.contract.corpus import (
    CorpusError,
    CorpusOperation,
    default_corpus_dir,
    load_corpus,
    load_operations,
    load_write_corpus,
)
from mockserver.contract.endpoint import ContractRunError, Endpoint, discover_ids, fetch_introspection
from mockserver.contract.local_mock import LocalMock
from mockserver.contract.reference_doc import ReferenceFormatError
from mockserver.contract.replay import replay_cassette, replay_live, schema_changes
from mockserver.contract.report import (
    ReplayReport,
    format_replay_report,
    format_schema_changes,
    schema_changes_json,
    schema_exit_code,
)
from mockserver.contract.reports import ReportFiles, html_report, junit_xml, markdown, to_json
from mockserver.contract.runner import EXIT_ERROR, ContractRun, OperationOutcome, RunReport
from mockserver.contract.terminal import print_report, progress_display
from mockserver.contract.validate_docs import (
    DocumentsError,
    check_documents,
    expand,
    extract,
    format_results,
    results_json,
)
from mockserver.contract.writes import draft_writes

MOCK_KEY_ENV = "BUFFER_MOCK_KEY"


def report_files(args: argparse.Namespace) -> ReportFiles:
    return ReportFiles(junit=args.junit, markdown=args.markdown, html=args.html)


def keys_from_env() -> tuple[str | None, str]:
    return os.environ.get(TARGET_KEY_ENV) or None, os.environ.get(MOCK_KEY_ENV) or DEFAULT_MOCK_KEY


@contextmanager
def _mock_url(url: str | None) -> Iterator[str]:
    if url is not None:
        yield url
        return
    with LocalMock() as local:
        yield local


def _target(
    args: argparse.Namespace, key: str | None, stack: ExitStack
) -> tuple[Endpoint, CassetteEndpoint | None]:
    if args.cassette is not None:
        endpoint = CassetteEndpoint(load_cassette_v2(args.cassette))
        return endpoint, None
    live = Endpoint(args.target or DEFAULT_TARGET, key)
    if args.record is None:
        return live, None
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if args.record.is_file() and args.record_mode in ("once", "new_episodes"):
        cassette = load_cassette_v2(args.record)
    else:
        cassette = CassetteV2(target=live.label, recorded_at=stamp)
    if args.record.is_file() and args.record_mode == "once":
        return CassetteEndpoint(cassette), None  # once: an existing cassette is replayed, never extended
    recorder = CassetteEndpoint(cassette, live, record_all=args.record_mode == "all")
    return recorder, recorder


def write_reports(report: RunReport, args: argparse.Namespace, fail_on: str | None, out: TextIO) -> None:
    if args.junit:
        args.junit.write_text(junit_xml(report, fail_on), encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(markdown(report, fail_on), encoding="utf-8")
    if args.html:
        args.html.write_text(html_report(report, fail_on), encoding="utf-8")
    if args.json:
        text = json.dumps(to_json(report, fail_on), indent=2, default=str) + "\n"
        if str(args.json) == "-":
            out.write(text)
        else:
            args.json.write_text(text, encoding="utf-8")


def run_command(args: argparse.Namespace, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    step = "run"
    fail_on = FAIL_ON[args.fail_on]
    if args.allow_writes and not args.write_channel:
        print(f"contract {step}: --allow-writes needs --write-channel ID", file=err)
        return EXIT_ERROR
    if args.record is not None and args.cassette is not None:
        print(f"contract {step}: --record needs a live --target, not --cassette", file=err)
        return EXIT_ERROR
    target_key, mock_key = keys_from_env()
    try:
        operations = load_operations(args.ops)
        if args.allow_writes:
            operations += load_write_corpus()
        with ExitStack() as stack:
            mock = Endpoint(stack.enter_context(_mock_url(args.mock)), mock_key)
            stack.callback(mock.close)
            target, recorder = _target(args, target_key, stack)
            stack.callback(target.close)
            guards = {}
            if args.allow_writes:
                guards["target"] = stack.enter_context(draft_writes(target, args.write_channel))
                guards["mock"] = stack.enter_context(draft_writes(mock, "pending"))
            if "mock" in guards:
                guards["mock"].channel = _first_channel(mock)
            run = ContractRun(
                mock, target, operations, write_channel=args.write_channel, write_guards=guards or None
            )
            with progress_display(err, len(operations)) as advance:
                run.progress = advance
                report = run.run()
            if recorder is not None:
                save_cassette_v2(
                    args.record, recorder.cassette, tuple(k for k in (target_key, mock_key) if k)
                )
    except (ContractRunError, CorpusError, CassetteError, OSError, RuntimeError) as error:
        print(f"contract {step}: {error}", file=err)
        return EXIT_ERROR
    write_reports(report, args, fail_on, out)
    if not (args.json and str(args.json) == "-"):
        print_report(report, fail_on, out, verbose=args.verbose)
    return report.exit_code(fail_on)


def _first_channel(mock: Endpoint) -> str:
    return str(discover_ids(mock).get("$channel", ""))


def validate_command(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Exit 0 when no document breaks, 1 when one does (or is invalid on both sides), 2 on errors."""
    out, err = out or sys.stdout, err or sys.stderr
    target_key, mock_key = keys_from_env()
    try:
        documents = [doc for path in expand(args.docs) for doc in extract(path)]
        with ExitStack() as stack:
            mock = Endpoint(stack.enter_context(_mock_url(args.mock)), mock_key)
            stack.callback(mock.close)
            if args.cassette is not None:
                target: Endpoint = CassetteEndpoint(load_cassette_v2(args.cassette))
            else:
                target = Endpoint(args.target or DEFAULT_TARGET, target_key)
            stack.callback(target.close)
            results = check_documents(documents, fetch_introspection(mock), fetch_introspection(target))
    except (ContractRunError, CassetteError, DocumentsError, OSError, RuntimeError) as error:
        print(f"contract validate: {error}", file=err)
        return EXIT_ERROR
    if args.json is not None:
        text = json.dumps(results_json(results), indent=2) + "\n"
        out.write(text) if str(args.json) == "-" else args.json.write_text(text, encoding="utf-8")
    else:
        print("\n".join(format_results(results)), file=out)
    return 1 if any(r.verdict != "ok" for r in results) else 0


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
        return EXIT_ERROR
    target = Endpoint(target_url, target_key)
    baseline = Endpoint(baseline_url, baseline_key) if baseline_url is not None else None
    baseline_label = baseline.label if baseline is not None else str(reference)
    try:
        changes = schema_changes(target, baseline=baseline, reference=reference)
    except (ContractRunError, ReferenceFormatError, FileNotFoundError, ValueError) as error:
        print(f"contract schema: {error}", file=err)
        return EXIT_ERROR
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
        return EXIT_ERROR
    if record_path is not None and cassette_path is not None:
        print("contract replay: --record needs a live --target, not --cassette", file=err)
        return EXIT_ERROR
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
        return EXIT_ERROR
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
