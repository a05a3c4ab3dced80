"""The ``buffer-mock`` command: ``serve``, ``validate`` and ``contract``."""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

import uvicorn
from pydantic import ValidationError

from mockserver.app import create_app, load_world_data
from mockserver.contract.corpus import default_corpus_dir, load_corpus
from mockserver.contract.replay import run_replay_command, run_schema_command
from mockserver.fixtures.loader import validate_fixture_dir
from mockserver.fixtures.problems import FixtureError
from mockserver.schema.versions import DEFAULT_VERSION, VERSION_NAMES
from mockserver.settings import RATE_LIMIT_HEADER_STYLES, RATE_LIMIT_MODES, Settings, parse_quotas
from mockserver.store.persistence import StateFileError
from mockserver.store.world_data import WorldData

EXIT_OK = 0
EXIT_INVALID = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="buffer-mock", description="A stateful mock of Buffer's GraphQL API"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the mock API (default world unless --fixtures)")
    serve.add_argument("--host", default=None, help="bind address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8000)")
    serve.add_argument("--fixtures", type=Path, default=None, help="fixture directory to serve")
    serve.add_argument("--state-file", type=Path, default=None, help="persist the world here across restarts")
    serve.add_argument("--no-control", action="store_true", help="disable the /_mock control API")
    serve.add_argument("--clock", default=None, help="start the mock clock at this ISO instant")
    serve.add_argument("--freeze-clock", action="store_true", help="keep the mock clock still")
    serve.add_argument(
        "--rate-limits",
        choices=RATE_LIMIT_MODES,
        default=None,
        help="rate-limit mode (default observe: headers, never 429)",
    )
    serve.add_argument("--rate-limit-headers", choices=RATE_LIMIT_HEADER_STYLES, default=None)
    serve.add_argument(
        "--quotas",
        default=None,
        metavar="15m=N,24h=N,30d=N",
        help="quotas for --rate-limits custom (any of the three windows)",
    )
    serve.add_argument(
        "--schema-version",
        default=None,
        metavar="VERSION",
        help="schema version served by default: 2026-10 (newest, the default) or 2026-08-13",
    )
    serve.add_argument(
        "--apply-removal",
        action="append",
        default=None,
        metavar="NAME",
        help="apply an announced removal (legacy-post-metric-types, threaded-post-link-attachment)",
    )
    serve.add_argument("--log-level", default="warning")

    validate = commands.add_parser("validate", help="check a fixture directory")
    validate.add_argument("directory", type=Path)

    contract = commands.add_parser("contract", help="compare the mock with a target API (schema, responses)")
    checks = contract.add_subparsers(dest="check", required=True)
    schema = checks.add_parser("schema", help="diff a target's schema against a baseline or the reference")
    schema.add_argument("--target", required=True, help="GraphQL URL of the API to check")
    schema.add_argument("--key", default=None, help="Bearer key for --target")
    schema.add_argument("--baseline", default=None, help="GraphQL URL of the baseline API")
    schema.add_argument("--baseline-key", default=None, help="Bearer key for --baseline")
    schema.add_argument("--reference", type=Path, default=None, help="published API reference (markdown)")
    schema.add_argument("--json", action="store_true", help="machine-readable output")
    replay = checks.add_parser(
        "replay", help="run the read-only corpus on the mock and a target, report drift"
    )
    replay.add_argument("--mock", required=True, help="GraphQL URL of the mock")
    replay.add_argument("--mock-key", default=None)
    replay.add_argument("--target", default=None, help="GraphQL URL of the live target")
    replay.add_argument("--target-key", default=None)
    replay.add_argument("--cassette", type=Path, default=None, help="replay recorded target answers instead")
    replay.add_argument("--record", type=Path, default=None, help="write the target's answers to a cassette")
    replay.add_argument("--ops", type=Path, default=None, help="corpus directory (default contracts/corpus)")
    replay.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def cmd_validate(directory: Path) -> int:
    problems = validate_fixture_dir(directory)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {directory}", file=sys.stderr)
        return EXIT_INVALID
    print(f"{directory}: ok")
    return EXIT_OK


def cmd_contract(args: argparse.Namespace) -> int:
    if args.check == "schema":
        return run_schema_command(
            target_url=args.target,
            target_key=args.key,
            baseline_url=args.baseline,
            baseline_key=args.baseline_key,
            reference=args.reference,
            as_json=args.json,
        )
    return run_replay_command(
        mock_url=args.mock,
        mock_key=args.mock_key,
        target_url=args.target,
        target_key=args.target_key,
        cassette_path=args.cassette,
        record_path=args.record,
        ops_dir=args.ops,
        as_json=args.json,
    )


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        settings = Settings.from_env(
            host=args.host,
            port=args.port,
            fixtures_dir=args.fixtures,
            state_file=args.state_file,
            control_enabled=False if args.no_control else None,
            clock_start=args.clock,
            clock_frozen=True if args.freeze_clock else None,
            rate_limit_mode=args.rate_limits,
            rate_limit_headers=args.rate_limit_headers,
            schema_version=args.schema_version,
            schema_removals=tuple(args.apply_removal) if args.apply_removal else None,
        )
    except ValidationError as error:
        for item in error.errors():
            print(f"invalid setting {'.'.join(map(str, item['loc']))}: {item['msg']}", file=sys.stderr)
        return EXIT_INVALID
    if args.quotas:
        try:
            quotas = parse_quotas(args.quotas, base=settings.custom_quotas)
        except ValueError as error:
            print(f"invalid --quotas: {error}", file=sys.stderr)
            return EXIT_INVALID
        settings = settings.model_copy(update={"custom_quotas": quotas})
    started = time.perf_counter()
    try:
        data = load_world_data(settings)
        app = create_app(settings, data, examples=functools.partial(load_corpus, default_corpus_dir()))
    except FixtureError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except StateFileError as error:
        print(f"state file: {error}", file=sys.stderr)
        return EXIT_INVALID
    elapsed = (time.perf_counter() - started) * 1000
    base = f"http://{settings.host}:{settings.port}"
    personal_keys = [t.token for t in data.tokens if t.kind == "personal" and not t.revoked]
    restored = app.state.namespaces.names() if getattr(app.state, "persistence", None) is not None else []
    if restored:
        names = ", ".join(restored)
        print(f"buffer-mock restored {settings.state_file} (namespaces: {names}) in {elapsed:.0f} ms")
    else:
        print(f"buffer-mock serving world '{data.name}' ({len(data.posts)} posts) in {elapsed:.0f} ms")
    print(f"  GraphQL:  {base}/graphql  (also {base}/)")
    print(f"  Schema:   {served_version_line(settings, data)}")
    print(f"  Explorer: {base}/graphql  (open in a browser)")
    if personal_keys:
        print(f"  API key:  {personal_keys[0]}")
    if settings.control_enabled:
        print(f"  Control:  {base}/_mock/health")
        print(f"  World:    {base}/_mock/  (open in a browser)")
    print(f"  Buffer CLI: buffer config set apiUrl {base}   (or pass --api-url {base})")
    sys.stdout.flush()
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=args.log_level)
    return EXIT_OK


def served_version_line(settings: Settings, data: WorldData) -> str:
    """The banner's schema line: the version served, the others, and the removals applied."""
    served = settings.schema_version or data.schema_version or DEFAULT_VERSION
    others = ", ".join(v for v in VERSION_NAMES if v != served)
    line = f"version {served} (per namespace or x-buffer-mock-schema-version: {others})"
    if settings.schema_removals:
        line += f"; removals applied: {', '.join(settings.schema_removals)}"
    return line


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return cmd_validate(args.directory)
    if args.command == "contract":
        return cmd_contract(args)
    return cmd_serve(args)


if __name__ == "__main__":
    sys.exit(main())
