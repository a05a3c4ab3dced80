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

from mockserver.app import control_api_enabled, create_app, load_world_data_traced, settle_heap
from mockserver.cli_parser import build_parser
from mockserver.contract.corpus import default_corpus_dir, load_corpus
from mockserver.fixtures.loader import FixtureLimits, validate_fixture_dir
from mockserver.fixtures.problems import FixtureError
from mockserver.http import server
from mockserver.http.access_log import enable_json_access_log
from mockserver.rules.control_access import is_loopback_host
from mockserver.schema.versions import DEFAULT_VERSION, VERSION_NAMES
from mockserver.settings import (
    ENV_PREFIX,
    NESTED_DELIMITER,
    Settings,
    parse_quotas,
)
from mockserver.store.persistence import StateFileError
from mockserver.store.rows import paused_gc
from mockserver.store.world_data import WorldData
from mockserver.worldgen.command import run as run_generate

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2


def cmd_validate(directory: Path) -> int:
    try:
        settings = Settings.from_env(None)
    except ValidationError as error:
        for line in settings_errors(error, set()):
            print(line.replace("buffer-mock serve:", "buffer-mock validate:"), file=sys.stderr)
        return EXIT_INVALID
    limits = FixtureLimits(settings.fixture_file_max_bytes, settings.fixture_set_max_bytes)
    problems = validate_fixture_dir(directory, limits)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {directory}", file=sys.stderr)
        return EXIT_INVALID
    print(f"{directory}: ok")
    return EXIT_OK


def cmd_contract(args: argparse.Namespace) -> int:
    # the contract kit (HTTP client, reports) is imported when used: `serve` starts without it
    from mockserver.contract.commands import (
        keys_from_env,
        report_files,
        run_command,
        run_replay_command,
        run_schema_command,
        validate_command,
    )

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
        # start-up allocates the world (millions of objects, none of them garbage): the cyclic
        # collector would walk it again and again for nothing; settle_heap() runs it once below
        with paused_gc():
            data, parsed = load_world_data_traced(settings)
            examples = functools.partial(load_corpus, default_corpus_dir())
            app = create_app(settings, data, examples=examples, data_is_private=True)
            # the default namespace is built, and brought to the clock's now, before the first request
            app.state.namespaces.get().sync_clock()
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
    settle_heap(collect=parsed)
    app.state.namespaces.on_create.append(settle_heap)  # and again after every reset or load
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
