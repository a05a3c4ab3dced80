"""Loopback endpoints for the contract kit: in-process apps reached through TestClient transports,
a fake target that alters the mock's answers, and one uvicorn server on 127.0.0.1 for CLI tests."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mockserver.app import create_app
from mockserver.contract.endpoint import Endpoint
from mockserver.fixtures.loader import WorldData
from tests.conftest import DEFAULT_KEY, frozen_settings

#: (operation name, status, body) -> (status, body)
Alteration = Callable[[str, int, Any], tuple[int, Any]]

_OPERATION_NAME = re.compile(r"\b(?:query|mutation)\s+(\w+)")


def altered_target_app(inner: Any, alter: Alteration) -> Starlette:
    """A target that forwards every request to ``inner`` (an ASGI app) and alters its answer."""

    async def graphql(request: Request) -> JSONResponse:
        payload = await request.json()
        match = _OPERATION_NAME.search(payload.get("query", ""))
        name = match.group(1) if match else ""
        transport = httpx.ASGITransport(app=inner)
        async with httpx.AsyncClient(transport=transport, base_url="http://inner") as client:
            response = await client.post(
                "/graphql", json=payload, headers={"authorization": request.headers.get("authorization", "")}
            )
        status, body = alter(name, response.status_code, response.json())
        return JSONResponse(body, status_code=status)

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])


@pytest.fixture
def endpoint_for(default_data: WorldData) -> Iterator[Callable[..., Endpoint]]:
    """``endpoint_for(app=None, name="mock")``: an :class:`Endpoint` on an in-process app."""
    clients: list[TestClient] = []

    def make(app: Any = None, name: str = "mock", key: str = DEFAULT_KEY) -> Endpoint:
        client = TestClient(app or create_app(frozen_settings(), default_data), base_url=f"http://{name}")
        clients.append(client)
        return Endpoint(f"http://{name}/graphql", key, client)

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def altered_target(
    endpoint_for: Callable[..., Endpoint], default_data: WorldData
) -> Callable[[Alteration], Endpoint]:
    def make(alter: Alteration) -> Endpoint:
        inner = create_app(frozen_settings(), default_data)
        return endpoint_for(altered_target_app(inner, alter), name="target")

    return make


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live_mock_url() -> Iterator[str]:
    """A mock served by uvicorn on a free 127.0.0.1 port, in a thread, for the CLI tests."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(frozen_settings()), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}/graphql"
    server.should_exit = True
    thread.join(timeout=5)
