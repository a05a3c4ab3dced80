"""``buffer-mock serve`` as a user meets it: --version, help, one-line errors, port in use, JSON logs."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import httpx
import pytest

from mockserver import __version__
from mockserver.cli import main
from mockserver.cli_parser import build_parser

KEY = "buf_mock_default_personal_key"


def _all_actions(parser: object) -> list[object]:
    import argparse

    assert isinstance(parser, argparse.ArgumentParser)
    found: list[object] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _all_actions(sub)
        else:
            found.append((parser.prog, action))
    return found


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"buffer-mock {__version__}\n"


def test_every_option_of_every_command_has_help_text() -> None:
    missing = [
        f"{prog} {'/'.join(action.option_strings) or action.dest}"  # type: ignore[attr-defined]
        for prog, action in _all_actions(build_parser())  # type: ignore[misc]
        if not action.help  # type: ignore[attr-defined]
    ]
    assert missing == []


def test_help_names_the_exit_codes_and_the_environment_variables(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["serve", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        text = capsys.readouterr().out
        assert "exit codes:" in text and "  2  bad usage" in text
        for variable in ("BUFFER_MOCK_RATE_LIMIT_MODE", "BUFFER_MOCK_LOG_FORMAT", "BUFFER_MOCK_CACHE_DIR"):
            assert variable in text


@pytest.mark.parametrize(
    ("argv", "env", "line"),
    [
        (["--clock", "yesterday"], {}, "invalid --clock: not an ISO 8601 date-time: 'yesterday'"),
        (
            [],
            {"BUFFER_MOCK_RATE_LIMIT_MODE": "sometimes"},
            "invalid BUFFER_MOCK_RATE_LIMIT_MODE: Input should be",
        ),
        ([], {"BUFFER_MOCK_CLOCK_START": "soon"}, "invalid BUFFER_MOCK_CLOCK_START: not an ISO 8601"),
        (["--port", "70000"], {}, "invalid --port: Input should be less than or equal to 65535"),
        ([], {"BUFFER_MOCK_PORT": "eighty"}, "invalid BUFFER_MOCK_PORT: Input should be a valid integer"),
        ([], {"BUFFER_MOCK_QUERY_LIMITS__MAX_DEPTH": "0"}, "invalid BUFFER_MOCK_QUERY_LIMITS__MAX_DEPTH:"),
        (["--quotas", "15m=lots"], {}, "invalid --quotas: 'quotas.15m' must be an integer"),
        (
            [],
            {"BUFFER_MOCK_LOG_FORMAT": "xml"},
            "invalid BUFFER_MOCK_LOG_FORMAT: Input should be 'text' or 'json'",
        ),
    ],
)
def test_a_bad_setting_is_one_line_named_after_its_flag_or_variable_and_exit_2(
    argv: list[str],
    env: dict[str, str],
    line: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["serve", "--port", "0", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # checked before the banner
    assert captured.err.startswith(f"buffer-mock serve: {line}") and captured.err.count("\n") == 1


def test_a_port_in_use_is_reported_as_such_before_the_banner(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err
        == f"buffer-mock serve: port {port} on 127.0.0.1 is already in use (choose another with --port)\n"
    )


def test_log_format_json_writes_one_json_line_per_request() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--port", str(port), "--log-format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/graphql"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.post(
                    url,
                    json={"query": "query Me { account { id } }"},
                    headers={"Authorization": f"Bearer {KEY}"},
                )
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.2)
        httpx.post(url, json={"query": "{ account { id } }"}, headers={"x-buffer-mock-namespace": "ci-7"})
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=20)
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [(e["namespace"], e["operation"], e["status"], e["fault"]) for e in lines] == [
        ("default", "Me", 200, None),
        ("ci-7", None, 401, None),
    ]
    assert all(isinstance(e["durationMs"], float) and e["at"].endswith("Z") for e in lines)
