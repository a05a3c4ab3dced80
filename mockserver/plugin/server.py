"""buffer-mock served on a background thread, and the session's pool of servers by configuration."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from mockserver.plugin.options import ServerConfig, fail

if TYPE_CHECKING:
    from mockserver.fixtures.loader import WorldData

HOST = "127.0.0.1"
NAMESPACE_HEADER = "x-buffer-mock-namespace"
NAMESPACE_POOL = ("pytest-a", "pytest-b")  # consecutive tests never share a namespace
START_TIMEOUT_S = 30.0


class BufferMockError(AssertionError):
    """A GraphQL answer with ``errors`` where ``data`` was expected, or a refused control call."""


class BufferMockServer:
    """buffer-mock served by uvicorn on a daemon thread, on 127.0.0.1 and a free port."""

    def __init__(self, config: ServerConfig, data: WorldData) -> None:
        import uvicorn

        from mockserver.app import create_app
        from mockserver.settings import Settings

        self.config = config
        self.settings = Settings.model_validate(
            {
                "fixtures_dir": config.fixtures,
                "clock_start": config.clock,
                "clock_frozen": config.freeze_clock,
                "host": HOST,
                "rate_limit_mode": config.rate_limits or "observe",
            }
        )
        self.app = create_app(self.settings, data)
        keys = [token.token for token in data.tokens if token.kind == "personal" and not token.revoked]
        self.api_key: str | None = keys[0] if keys else None
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((HOST, 0))
        self.port: int = self._socket.getsockname()[1]
        self._uvicorn = uvicorn.Server(
            uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off")
        )
        self._thread = threading.Thread(
            target=self._uvicorn.run,
            kwargs={"sockets": [self._socket]},
            name=f"buffer-mock:{self.port}",
            daemon=True,
        )
        self.http = httpx.Client(base_url=self.url, timeout=30.0)

    @property
    def url(self) -> str:
        """The base URL; GraphQL is served at ``/graphql`` (and ``/``), control under ``/_mock``."""
        return f"http://{HOST}:{self.port}"

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql"

    def start(self) -> BufferMockServer:
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self._uvicorn.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"buffer-mock did not start on {self.url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._uvicorn.should_exit = True
        if self._thread.is_alive():
            self._thread.join(10)
        self.http.close()
        self._socket.close()

    def headers(self, namespace: str | None = None, api_key: str | None = None) -> dict[str, str]:
        headers = {}
        key = api_key or self.api_key
        if key is not None:
            headers["authorization"] = f"Bearer {key}"
        if namespace is not None:
            headers[NAMESPACE_HEADER] = namespace
        return headers

    def graphql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        namespace: str | None = None,
        api_key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """POST one operation; returns the JSON body (``data`` and/or ``errors``) whatever the status."""
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        response = self.http.post(
            "/graphql", json=body, headers={**self.headers(namespace, api_key), **(headers or {})}
        )
        return response.json()  # type: ignore[no-any-return]

    def control(
        self,
        method: str,
        path: str,
        *,
        namespace: str | None = None,
        json: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
    ) -> Any:
        """Call the control API (``path`` below ``/_mock``); raises :class:`BufferMockError` if refused."""
        query = dict(params or {})
        if namespace is not None:
            query["namespace"] = namespace
        response = self.http.request(method, f"/_mock/{path.lstrip('/')}", json=json, params=query)
        if response.status_code >= 400:
            raise BufferMockError(f"{method} /_mock/{path} -> {response.status_code}: {response.text}")
        return response.json()


class ServerPool:
    """Servers by configuration, started on first use and stopped at the end of the session."""

    def __init__(self) -> None:
        self._servers: dict[ServerConfig, BufferMockServer] = {}
        self._worlds: dict[Path | None, WorldData] = {}
        self._next_namespace: dict[ServerConfig, Iterator[str]] = {}

    def world(self, fixtures: Path | None) -> WorldData:
        """The fixture set, loaded once per session; an invalid one fails the test with its problems."""
        if fixtures not in self._worlds:
            from mockserver.fixtures.loader import load_fixture_dir
            from mockserver.fixtures.paths import default_world_dir
            from mockserver.fixtures.problems import FixtureError

            try:
                self._worlds[fixtures] = load_fixture_dir(fixtures or default_world_dir())
            except FixtureError as error:
                problems = str(error)
            else:
                return self._worlds[fixtures]
            fail(f"buffer_mock cannot serve {fixtures}: {problems}")
        return self._worlds[fixtures]

    def server(self, config: ServerConfig) -> BufferMockServer:
        if config not in self._servers:
            self._servers[config] = BufferMockServer(config, self.world(config.fixtures)).start()
            self._next_namespace[config] = itertools.cycle(NAMESPACE_POOL)
        return self._servers[config]

    def fresh_namespace(self, config: ServerConfig, isolation: str) -> str:
        """A namespace for the next test, (re)built from the fixtures with a fresh clock."""
        server = self.server(config)
        name = "default" if isolation == "reset" else next(self._next_namespace[config])
        server.control("POST", "reset", namespace=name, params={"clock": "reset"})
        return name

    def stop(self) -> None:
        for server in self._servers.values():
            server.stop()
        self._servers.clear()
