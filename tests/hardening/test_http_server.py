"""What the HTTP server answers by itself is Buffer-shaped JSON; slow clients are dropped;
disconnects are one log line; SIGTERM ends the server within seconds whatever is armed."""

from __future__ import annotations

import json
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.hardening.live import exchange, live_server, split_answer
from tests.integration.live_server import HOST, LiveServer

KEY = "buf_mock_default_personal_key"
AUTH = f"Authorization: Bearer {KEY}\r\n".encode()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("http"), BUFFER_MOCK_MAX_CONNECTIONS="40") as running:
        yield running


def buffer_shaped(raw: bytes) -> tuple[int, dict[str, object]]:
    status, headers, body = split_answer(raw)
    assert headers["content-type"] == "application/json", raw[:300]
    document = json.loads(body)
    assert isinstance(document["errors"][0]["message"], str)
    assert isinstance(document["errors"][0]["extensions"]["code"], str)
    return status, document


@pytest.mark.parametrize(
    "raw",
    [
        b"GARBAGE\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000,  # an unfinished head over 16 KB
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcde",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40 + b"\r\n\r\n",  # a TLS hello
    ],
    ids=[
        "garbage",
        "no-target",
        "bad-header-name",
        "oversized-head",
        "bad-chunk",
        "two-lengths",
        "tls-hello",
    ],
)
def test_malformed_http_gets_a_buffer_shaped_400_and_a_close(server: LiveServer, raw: bytes) -> None:
    status, document = buffer_shaped(exchange(server.port, raw))
    assert status == 400
    assert document["errors"][0] == {
        "message": "Malformed HTTP request",
        "extensions": {"code": "BAD_REQUEST"},
    }  # type: ignore[index]


@pytest.mark.parametrize(
    "method", ["TRACE", "CONNECT", "FOO", "PROPFIND", "OPTIONS", "PUT", "DELETE", "HEAD"]
)
@pytest.mark.parametrize("path", ["/graphql", "/_mock/reset", "/_mock/clock/advance", "/nowhere"])
def test_any_method_on_any_path_is_answered_in_json(server: LiveServer, method: str, path: str) -> None:
    raw = exchange(
        server.port, f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n".encode() + AUTH + b"\r\n"
    )
    status, headers, body = split_answer(raw)
    assert status < 500
    if method == "HEAD":
        assert body == b""
        return
    if status == 204:  # OPTIONS /graphql: the CLI's doctor ping
        assert path == "/graphql" and method == "OPTIONS"
        return
    assert headers["content-type"] == "application/json", raw[:300]
    json.loads(body)


def test_a_client_that_never_finishes_its_headers_gets_a_408_and_is_dropped(server: LiveServer) -> None:
    started = time.monotonic()
    status, document = buffer_shaped(exchange(server.port, b"GET /graphql HTTP/1.1\r\nHost: x\r\nX-Slow: a"))
    assert status == 408
    assert document["errors"][0]["message"] == "Request headers not received in time"  # type: ignore[index]
    assert time.monotonic() - started < 8


def test_a_silent_connection_is_dropped_too(server: LiveServer) -> None:
    status, _ = buffer_shaped(exchange(server.port, b""))
    assert status == 408


def test_a_client_that_never_finishes_its_body_gets_a_408(server: LiveServer) -> None:
    head = (
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n"
        + AUTH
    )
    status, document = buffer_shaped(exchange(server.port, head + b'\r\n{"query": '))
    assert status == 408
    assert document["errors"][0]["message"] == "Request body not received in time"  # type: ignore[index]


def test_a_disconnect_mid_body_is_one_log_line_without_traceback(server: LiveServer) -> None:
    head = (
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n"
        + AUTH
    )
    with socket.create_connection((HOST, server.port)) as sock:
        sock.sendall(head + b'\r\n{"query": ')
        time.sleep(0.3)
    deadline = time.monotonic() + 5
    while "disconnected mid-body" not in server.stderr() and time.monotonic() < deadline:
        time.sleep(0.1)
    log = server.stderr()
    assert log.count("client disconnected mid-body (POST /graphql)") >= 1
    assert "Traceback" not in log


def test_connections_beyond_the_cap_get_a_json_503_and_the_server_recovers(server: LiveServer) -> None:
    idle = [socket.create_connection((HOST, server.port)) for _ in range(45)]
    try:
        refused = 0
        for sock in idle:
            sock.settimeout(0.5)
            try:
                data = sock.recv(4096)
            except TimeoutError:
                continue
            if data.startswith(b"HTTP/1.1 503"):
                refused += 1
                assert b'"Too many open connections; try again later"' in data
        assert refused >= 5
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.3)
    answer = httpx.post(
        f"{server.url}/graphql",
        json={"query": "{ account { id } }"},
        headers={"authorization": f"Bearer {KEY}"},
    )
    assert answer.status_code == 200


def test_dropped_connection_fault_closes_the_socket_without_a_traceback(server: LiveServer) -> None:
    httpx.post(f"{server.url}/_mock/faults?namespace=drops", json={"kind": "drop_connection", "times": 1})
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(
            f"{server.url}/graphql",
            json={"query": "{ account { id } }"},
            headers={"authorization": f"Bearer {KEY}", "x-buffer-mock-namespace": "drops"},
        )
    assert "Traceback" not in server.stderr()


def test_sigterm_finishes_within_seconds_with_a_long_latency_fault_in_flight(tmp_path: Path) -> None:
    with live_server(tmp_path) as running:
        armed = httpx.post(f"{running.url}/_mock/faults", json={"kind": "latency", "latency": {"ms": 60_000}})
        assert armed.status_code == 201
        outcome: list[str] = []

        def call() -> None:
            try:
                httpx.post(
                    f"{running.url}/graphql",
                    json={"query": "{ account { id } }"},
                    headers={"authorization": f"Bearer {KEY}"},
                    timeout=90,
                )
                outcome.append("answered")
            except httpx.HTTPError as error:
                outcome.append(type(error).__name__)

        caller = threading.Thread(target=call)
        caller.start()
        time.sleep(1.0)
        began = time.monotonic()
        assert running.process is not None
        running.process.send_signal(signal.SIGTERM)
        running.wait_exit(timeout=20)
        assert time.monotonic() - began < 15  # the shutdown timeout is 2 s here; generous for a busy machine
        caller.join(20)
        assert outcome and outcome[0] != "answered"
        assert "Traceback" not in running.stderr()
