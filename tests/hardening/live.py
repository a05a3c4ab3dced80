"""A live server with short deadlines, and a raw-socket client for what httpx will not send."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.integration.live_server import HOST, LiveServer

SHORT_DEADLINES = {
    "BUFFER_MOCK_HEADER_TIMEOUT_S": "1",
    "BUFFER_MOCK_BODY_TIMEOUT_S": "1",
    "BUFFER_MOCK_SHUTDOWN_TIMEOUT_S": "2",
}


@contextmanager
def live_server(workdir: Path, args: list[str] | None = None, **env: str) -> Iterator[LiveServer]:
    saved = {name: os.environ.get(name) for name in {**SHORT_DEADLINES, **env}}
    os.environ.update({**SHORT_DEADLINES, **env})
    server = LiveServer(args or [], workdir)
    try:
        server.start(timeout=90.0)  # generous: a loaded CI machine starts slowly
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    try:
        yield server
    finally:
        server.stop()


def exchange(port: int, data: bytes, *, pause: float = 0.0, timeout: float = 10.0) -> bytes:
    """Send raw bytes, optionally wait, then read until the server closes (or ``timeout``)."""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(data)
        if pause:
            time.sleep(pause)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
        return b"".join(chunks)


def split_answer(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body
