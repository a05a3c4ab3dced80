"""A tiny HTTP/1.1 client over asyncio streams for ``soak.py``: raw requests, one answer each."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass

HOST = "127.0.0.1"
KEY = "buf_mock_default_personal_key"
ORG = "5f0000000000000000000001"


@dataclass
class Answer:
    status: int | None  # None: the connection ended without a status line
    body: bytes = b""
    error: str | None = None


async def exchange(port: int, raw: bytes, *, timeout: float = 20.0, dribble: float = 0.0) -> Answer:
    """Send ``raw`` on a fresh connection (a byte every ``dribble`` s if set), read one answer."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
    except (OSError, TimeoutError) as error:
        return Answer(None, error=f"connect: {type(error).__name__}")
    try:
        if dribble:
            for index in range(len(raw)):
                writer.write(raw[index : index + 1])
                await writer.drain()
                await asyncio.sleep(dribble)
                if reader.at_eof() or writer.is_closing():
                    break
        else:
            writer.write(raw)
            await writer.drain()
        return await asyncio.wait_for(read_answer(reader), timeout)
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
        return Answer(None, error=type(error).__name__)
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def read_answer(reader: asyncio.StreamReader) -> Answer:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return Answer(status, body)


def request(
    method: str,
    path: str,
    body: bytes | None = None,
    *,
    headers: dict[str, str] | None = None,
    content_type: str | None = "application/json",
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if content_type is not None and body is not None:
        lines.append(f"Content-Type: {content_type}")
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


def graphql(query: str, variables: object = None, *, token: str | None = KEY, **extra: str) -> bytes:
    payload: dict[str, object] = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    headers = dict(extra)
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return request("POST", "/graphql", json.dumps(payload).encode(), headers=headers)


def control(method: str, path: str, body: object = None, **headers: str) -> bytes:
    raw = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    return request(method, path, raw, headers=headers)
