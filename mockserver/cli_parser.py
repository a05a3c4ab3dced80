"""The ``buffer-mock`` command line: its arguments, help texts and epilogs (``cli`` runs them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mockserver import __version__
from mockserver.contract.arguments import (
    add_report_arguments,
    add_run_arguments,
    add_validate_arguments,
)
from mockserver.settings import (
    LOG_FORMATS,
    RATE_LIMIT_HEADER_STYLES,
    RATE_LIMIT_MODES,
)
from mockserver.worldgen.command import add_arguments as add_generate_arguments

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
