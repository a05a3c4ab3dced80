"""The ``buffer-mock`` command: ``serve``, ``validate``, ``generate`` and ``contract``."""

from __future__ import annotations

import argparse
import errno
import functools
import os
import socket
import sys
import time
from pathlib import Path

from pydantic import ValidationError

from mockserver import __version__
from mockserver.app import control_api_enabled, create_app, load_world_data
from mockserver.contract.commands import (
    add_report_arguments,
    add_run_arguments,
    add_validate_arguments,
    keys_from_env,
    report_files,
    run_command,
    validate_command,
)
from mockserver.contract.corpus import default_corpus_dir, load_corpus
from mockserver.contract.replay import run_replay_command, run_schema_command
from mockserver.fixtures.loader import validate_fixture_dir
from mockserver.fixtures.problems import FixtureError
from mockserver.http import server
from mockserver.http.access_log import enable_json_access_log
from mockserver.rules.control_access import is_loopback_host
from mockserver.schema.versions import DEFAULT_VERSION, VERSION_NAMES
from mockserver.settings import (
    ENV_PREFIX,
    LOG_FORMATS,
    NESTED_DELIMITER,
    RATE_LIMIT_HEADER_STYLES,
    RATE_LIMIT_MODES,
    Settings,
    parse_quotas,
)
from mockserver.store.persistence import StateFileError
from mockserver.store.world_data import WorldData
from mockserver.worldgen.command import add_arguments as add_generate_arguments
from mockserver.worldgen.command import run as run_generate

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")

EPILOG = """\
exit codes:
  0  success (validate: no problems; contract: no breaking drift)
  1  contract: breaking drift found; generate: the generated world failed its own check
  2  bad usage: an invalid flag, BUFFER_MOCK_* variable, fixture set or state file,
     a port already in use; contract: the run could not be made

environment variables (a flag given on the command line wins):
  BUFFER_MOCK_HOST, BUFFER_MOCK_PORT, BUFFER_MOCK_FIXTURES_DIR, BUFFER_MOCK_STATE_FILE,
  BUFFER_MOCK_CONTROL_ENABLED, BUFFER_MOCK_CLOCK_START, BUFFER_MOCK_CLOCK_FROZEN,
  BUFFER_MOCK_TIME_SHIFT (anchor|none), BUFFER_MOCK_RATE_LIMIT_MODE, BUFFER_MOCK_RATE_LIMIT_HEADERS,
  BUFFER_MOCK_CUSTOM_QUOTAS__PER_15M (__PER_24H, __PER_30D), BUFFER_MOCK_ENGAGEMENT_RATE_METHOD
  (mean|impressions_weighted|ratio), BUFFER_MOCK_QUERY_LIMITS__MAX_DEPTH (and the other
  query limits), BUFFER_MOCK_DEFAULT_PAGE_SIZE, BUFFER_MOCK_MAX_BODY_BYTES,
  BUFFER_MOCK_INGESTION_TIME_UTC (HH:MM), BUFFER_MOCK_NAMESPACE_HEADER, BUFFER_MOCK_DEBUG,
  BUFFER_MOCK_LOG_CAPACITY, BUFFER_MOCK_LOG_FORMAT (text|json), BUFFER_MOCK_SCHEMA_VERSION,
  BUFFER_MOCK_SCHEMA_REMOVALS (comma-separated), BUFFER_MOCK_PERSONAL_KEY_ALLOWED_ACTIONS (observed|role),
  BUFFER_MOCK_CACHE_DIR (fixture cache of large worlds; "off" disables it)
"""


SERVE_EPILOG = """\
bounds (environment variables; docs/hardening.md says why each default):
  BUFFER_MOCK_HEADER_TIMEOUT_S=10     request line and headers must arrive within this
  BUFFER_MOCK_BODY_TIMEOUT_S=30       the whole body must arrive within this
  BUFFER_MOCK_KEEP_ALIVE_S=5          idle keep-alive connections are closed after this
  BUFFER_MOCK_MAX_CONNECTIONS=900     open connections; more get a JSON 503
  BUFFER_MOCK_SHUTDOWN_TIMEOUT_S=3    SIGTERM waits this long for requests in flight
  BUFFER_MOCK_MAX_NAMESPACES=100      as --max-namespaces
  BUFFER_MOCK_LOG_MAX_BYTES=1000000   request-log bytes kept per namespace
  BUFFER_MOCK_LOG_VARIABLES_MAX_BYTES=4096   larger variables are logged truncated
  BUFFER_MOCK_DOCUMENT_CACHE_BYTES=16000000  estimated memory of cached documents and errors
  BUFFER_MOCK_LOAD_ROOTS=DIR:DIR      as --load-root
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="buffer-mock",
        description="A stateful mock of Buffer's GraphQL API",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"buffer-mock {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="serve the mock API (default world unless --fixtures)",
        description="Serve the mock API. Every option also reads a BUFFER_MOCK_* variable (below).",
        epilog=EPILOG + "\n" + SERVE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
    serve.add_argument(
        "--rate-limit-headers",
        choices=RATE_LIMIT_HEADER_STYLES,
        default=None,
        help="RateLimit header style: structured (IETF draft, default) or legacy X-RateLimit-*",
    )
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
    serve.add_argument(
        "--max-namespaces",
        type=int,
        default=None,
        metavar="N",
        help="namespaces kept at once (default 100); requests for more get a 400 and create nothing",
    )
    serve.add_argument(
        "--control-token",
        default=None,
        metavar="TOKEN",
        help="require 'Authorization: Bearer TOKEN' on every /_mock route (env BUFFER_MOCK_CONTROL_TOKEN); "
        "without it the control API answers loopback clients only",
    )
    serve.add_argument(
        "--load-root",
        type=Path,
        action="append",
        default=None,
        metavar="DIR",
        help="POST /_mock/load reads only under DIR (repeatable; default: the directory serve starts in)",
    )
    serve.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default=None,
        help="json: one JSON line per request on stdout (namespace, operation, status, duration, fault)",
    )
    serve.add_argument(
        "--log-level",
        choices=LOG_LEVELS,
        default="warning",
        help="level of the server's own log on stderr (default warning)",
    )

    validate = commands.add_parser("validate", help="check a fixture directory")
    validate.add_argument("directory", type=Path, help="the fixture directory (a set of *.yaml files)")

    generate = commands.add_parser("generate", help="write a seeded world of a chosen size as YAML fixtures")
    add_generate_arguments(generate)

    contract = commands.add_parser("contract", help="compare the mock with a target API (schema, responses)")
    checks = contract.add_subparsers(dest="check", required=True)
    schema = checks.add_parser("schema", help="diff a target's schema against a baseline or the reference")
    schema.add_argument(
        "--target", required=True, help="GraphQL URL of the API to check (key: $BUFFER_API_KEY)"
    )
    schema.add_argument(
        "--baseline", default=None, help="GraphQL URL of the baseline API (key: $BUFFER_MOCK_KEY)"
    )
    schema.add_argument("--reference", type=Path, default=None, help="published API reference (markdown)")
    schema.add_argument("--json", action="store_true", help="machine-readable output")
    add_report_arguments(schema)
    replay = checks.add_parser(
        "replay", help="run the read-only corpus on the mock and a target, report drift"
    )
    replay.add_argument("--mock", required=True, help="GraphQL URL of the mock (key: $BUFFER_MOCK_KEY)")
    replay.add_argument(
        "--target", default=None, help="GraphQL URL of the live target (key: $BUFFER_API_KEY)"
    )
    replay.add_argument("--cassette", type=Path, default=None, help="replay recorded target answers instead")
    replay.add_argument("--record", type=Path, default=None, help="write the target's answers to a cassette")
    replay.add_argument(
        "--ops", type=Path, default=None, help="corpus directory (default: the shipped corpus)"
    )
    replay.add_argument("--json", action="store_true", help="machine-readable output")
    add_report_arguments(replay)
    run = checks.add_parser("run", help="schema drift, replay and invariants in one go, every report format")
    add_run_arguments(run)
    check = checks.add_parser("validate", help="which of your documents break on the target, and why")
    add_validate_arguments(check)
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
    target_key, mock_key = keys_from_env()
    if args.check == "validate":
        return validate_command(args)
    if args.check == "run":
        try:
            return run_command(args)
        except BrokenPipeError:  # piped into head: stop quietly, no traceback
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    if args.check == "schema":
        return run_schema_command(
            target_url=args.target,
            target_key=target_key,
            baseline_url=args.baseline,
            baseline_key=mock_key,
            reference=args.reference,
            as_json=args.json,
            reports=report_files(args),
        )
    return run_replay_command(
        mock_url=args.mock,
        mock_key=mock_key,
        target_url=args.target,
        target_key=target_key,
        cassette_path=args.cassette,
        record_path=args.record,
        ops_dir=args.ops,
        as_json=args.json,
        reports=report_files(args),
    )


# settings field -> the flag that sets it (the rest are set by BUFFER_MOCK_* variables only)
FLAGS = {
    "host": "--host",
    "port": "--port",
    "fixtures_dir": "--fixtures",
    "state_file": "--state-file",
    "control_enabled": "--no-control",
    "clock_start": "--clock",
    "clock_frozen": "--freeze-clock",
    "rate_limit_mode": "--rate-limits",
    "rate_limit_headers": "--rate-limit-headers",
    "log_format": "--log-format",
    "schema_version": "--schema-version",
    "schema_removals": "--apply-removal",
    "max_namespaces": "--max-namespaces",
    "control_token": "--control-token",
    "load_roots": "--load-root",
}


def setting_origin(location: tuple[object, ...], flags_given: set[str]) -> str:
    """The flag or environment variable a bad setting came from, for the error message."""
    field = str(location[0]) if location else ""
    if field in flags_given:
        return FLAGS[field]
    return ENV_PREFIX + NESTED_DELIMITER.join(str(part).upper() for part in location)


def settings_errors(error: ValidationError, flags_given: set[str]) -> list[str]:
    lines = []
    for item in error.errors():
        message = str(item["msg"]).removeprefix("Value error, ")
        lines.append(
            f"buffer-mock serve: invalid {setting_origin(tuple(item['loc']), flags_given)}: {message}"
        )
    return lines


def serve_settings(args: argparse.Namespace) -> Settings | list[str]:
    """The validated settings of ``serve``, or one error line per bad flag or variable."""
    overrides: dict[str, object] = {
        "host": args.host,
        "port": args.port,
        "fixtures_dir": args.fixtures,
        "state_file": args.state_file,
        "control_enabled": False if args.no_control else None,
        "clock_start": args.clock,
        "clock_frozen": True if args.freeze_clock else None,
        "rate_limit_mode": args.rate_limits,
        "rate_limit_headers": args.rate_limit_headers,
        "log_format": args.log_format,
        "schema_version": args.schema_version,
        "schema_removals": tuple(args.apply_removal) if args.apply_removal else None,
        "max_namespaces": args.max_namespaces,
        "control_token": args.control_token,
        "load_roots": tuple(args.load_root) if args.load_root else None,
    }
    flags_given = {name for name, value in overrides.items() if value is not None}
    try:
        # The environment on its own first: a bad variable is reported even where a flag
        # overrides it (a typo in a CI variable would otherwise go unnoticed until it is used).
        Settings.from_env(None)
    except ValidationError as error:
        return settings_errors(error, set())
    try:
        settings = Settings.from_env(None, **overrides)
    except ValidationError as error:
        return settings_errors(error, flags_given)
    if args.quotas:
        try:
            quotas = parse_quotas(args.quotas, base=settings.custom_quotas)
        except ValueError as error:
            return [f"buffer-mock serve: invalid --quotas: {error}"]
        settings = settings.model_copy(update={"custom_quotas": quotas})
    return settings


def bind(host: str, port: int) -> socket.socket | str:
    """A listening socket on ``host:port``, or why it cannot be had (port in use, bad address)."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as error:
        return f"buffer-mock serve: cannot listen on {host}:{port}: {error.strerror or error}"
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            return f"buffer-mock serve: port {port} on {host} is already in use (choose another with --port)"
        return f"buffer-mock serve: cannot listen on {host}:{port} (--host/--port): {error.strerror or error}"
    sock.set_inheritable(True)
    return sock


def cmd_serve(args: argparse.Namespace) -> int:
    settings = serve_settings(args)
    if isinstance(settings, list):
        for line in settings:
            print(line, file=sys.stderr)
        return EXIT_INVALID
    started = time.perf_counter()
    try:
        data = load_world_data(settings)
        app = create_app(settings, data, examples=functools.partial(load_corpus, default_corpus_dir()))
    except FixtureError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except StateFileError as error:
        print(f"buffer-mock serve: state file: {error}", file=sys.stderr)
        return EXIT_INVALID
    listener = bind(settings.host, settings.port)
    if isinstance(listener, str):
        print(listener, file=sys.stderr)
        return EXIT_INVALID
    elapsed = (time.perf_counter() - started) * 1000
    port = listener.getsockname()[1]
    base = f"http://{settings.host}:{port}"
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
    if not is_loopback_host(settings.host):
        print(
            f"warning: --host {settings.host} exposes the mock (and its fixtures' API keys) "
            "beyond this machine",
            file=sys.stderr,
        )
    if control_api_enabled(settings):
        print(f"  Control:  {base}/_mock/health")
        print(f"  World:    {base}/_mock/  (open in a browser)")
    elif settings.control_enabled:
        print(
            f"  Control:  disabled: --host {settings.host} is not loopback and no --control-token is set",
        )
    print(f"  Buffer CLI: buffer config set apiUrl {base}   (or pass --api-url {base})")
    sys.stdout.flush()
    if settings.log_format == "json":
        enable_json_access_log()
    server.run(
        app, settings, log_level=args.log_level, sockets=[listener], access_log=settings.log_format == "text"
    )
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
    if args.command == "generate":
        return run_generate(args)
    return cmd_serve(args)


if __name__ == "__main__":
    sys.exit(main())
