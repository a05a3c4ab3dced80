"""A pytest plugin serving buffer-mock to a test suite (entry point ``pytest11``: ``buffer_mock``).

Fixtures:

* ``buffer_mock_server`` (session): a :class:`BufferMockServer`, the mock served by uvicorn on a
  background thread at ``http://127.0.0.1:<free port>``; ``.url``, ``.api_key``, ``.graphql()``.
* ``buffer_mock`` (function): a :class:`BufferMock`, the same server seen through a namespace of
  its own. The namespace is rebuilt from the fixtures (fresh clock, default rate limits, empty
  request log) before the test, so nothing leaks between tests. Send ``buffer_mock.headers``
  (``Authorization`` plus the namespace header) with every request, or use
  ``buffer_mock.client()`` / ``buffer_mock.graphql()`` which do.

The marker configures one test (or a class or module, the closest marker winning per argument)::

    @pytest.mark.buffer_mock(fixtures="worlds/tiny", clock="2026-03-10T15:00:00Z", rate_limits="buffer")

* ``fixtures``: a fixture directory (relative paths are read from the test file's directory);
* ``clock``: the instant the world is built at (ISO 8601 with a zone), frozen unless
  ``freeze_clock=False``;
* ``rate_limits``: ``observe`` | ``buffer`` | ``custom`` | ``off``, with ``quotas={"15m": n,
  "24h": n, "30d": n}`` for ``custom``;
* ``isolation="reset"``: use the server's ``default`` namespace, reset before the test, for code
  under test that cannot send the namespace header;
* ``schema_version``: ``"2026-10"`` (the newest, the default) or ``"2026-08-13"``: the schema this
  test's namespace is served with (a request's ``x-buffer-mock-schema-version`` still wins).

``fixtures`` and ``clock`` need a server of their own (a world is built at its clock when its
namespace is created): one is started per distinct configuration and shared by every test that
asks for it. Suite-wide defaults come from the ini options ``buffer_mock_fixtures`` (relative to
the rootdir), ``buffer_mock_clock`` and ``buffer_mock_rate_limits``.
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import httpx
import pytest

from mockserver import request_assertions
from mockserver.schema.versions import VERSION_NAMES
from mockserver.settings import RATE_LIMIT_MODES

if TYPE_CHECKING:
    from mockserver.fixtures.loader import WorldData

#: contract-corpus collection (``--buffer-contract-target`` / ``--buffer-contract-cassette``)
pytest_plugins = ["mockserver.contract.pytest_collect"]

HOST = "127.0.0.1"
NAMESPACE_HEADER = "x-buffer-mock-namespace"
ISOLATION_MODES = ("namespace", "reset")
MARKER_ARGUMENTS = (
    "fixtures",
    "clock",
    "freeze_clock",
    "rate_limits",
    "quotas",
    "isolation",
    "schema_version",
)
MARKER_HELP = (
    "buffer_mock(fixtures=None, clock=None, freeze_clock=None, rate_limits=None, quotas=None, "
    "isolation='namespace'): configure the buffer_mock fixture for this test"
)
NAMESPACE_POOL = ("pytest-a", "pytest-b")  # consecutive tests never share a namespace
START_TIMEOUT_S = 30.0


class BufferMockError(AssertionError):
    """A GraphQL answer with ``errors`` where ``data`` was expected, or a refused control call."""


# --- configuration -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerConfig:
    """What a server is started with; tests asking for the same configuration share a server."""

    fixtures: Path | None = None
    clock: str | None = None
    freeze_clock: bool = False
    rate_limits: str | None = None  # the server-wide mode (ini); markers change it per namespace


@dataclass(frozen=True)
class MockOptions:
    """Everything the ``buffer_mock`` fixture needs to know for one test."""

    server: ServerConfig
    rate_limits: str | None = None
    quotas: dict[str, int] | None = None
    isolation: str = "namespace"
    schema_version: str | None = None  # None: the server's (newest unless the fixtures choose)


def fail(message: str) -> NoReturn:
    """Stop the test with a one-line reason (no traceback): a misconfigured marker or ini option."""
    pytest.fail(message, pytrace=False)


def check_clock(value: Any, origin: str) -> str:
    from mockserver.scalars import parse_datetime

    try:
        parse_datetime(value)
    except ValueError as error:
        problem = str(error)
    else:
        return str(value)
    fail(f"{origin}: clock must be an ISO 8601 instant with a zone ({problem})")


def check_rate_limits(value: Any, origin: str) -> str:
    if value not in RATE_LIMIT_MODES:
        fail(f"{origin}: rate_limits must be one of {list(RATE_LIMIT_MODES)}, not {value!r}")
    return str(value)


def marker_arguments(item: pytest.Item) -> dict[str, Any]:
    """The buffer_mock marker arguments of a test, the closest marker winning per argument."""
    values: dict[str, Any] = {}
    for marker in item.iter_markers("buffer_mock"):
        if marker.args:
            fail(f"{item.nodeid}: buffer_mock takes keyword arguments only")
        unknown = sorted(set(marker.kwargs) - set(MARKER_ARGUMENTS))
        if unknown:
            fail(
                f"{item.nodeid}: unknown buffer_mock argument(s) {unknown}; expected {list(MARKER_ARGUMENTS)}"
            )
        for key, value in marker.kwargs.items():
            values.setdefault(key, value)
    return values


def resolve_options(
    config: pytest.Config, marked: dict[str, Any], test_dir: Path, origin: str
) -> MockOptions:
    """Marker arguments over the ini defaults, checked. Relative marker paths start at ``test_dir``."""
    ini_fixtures = config.getini("buffer_mock_fixtures")
    ini_rate_limits = config.getini("buffer_mock_rate_limits") or None
    if ini_rate_limits is not None:
        check_rate_limits(ini_rate_limits, "buffer_mock_rate_limits")
    fixtures: Path | None = None
    if marked.get("fixtures") is not None:
        fixtures = (test_dir / Path(marked["fixtures"])).resolve()
    elif ini_fixtures:
        fixtures = (config.rootpath / Path(ini_fixtures)).resolve()
    if fixtures is not None and not fixtures.is_dir():
        fail(f"{origin}: buffer_mock fixtures directory {fixtures} does not exist")
    clock = marked.get("clock") or config.getini("buffer_mock_clock") or None
    if clock is not None:
        clock = check_clock(clock, origin)
    freeze = marked.get("freeze_clock")
    freeze_clock = clock is not None if freeze is None else bool(freeze)
    server = ServerConfig(fixtures, clock, freeze_clock, ini_rate_limits)
    rate_limits = marked.get("rate_limits")
    if rate_limits is not None:
        check_rate_limits(rate_limits, origin)
    quotas = marked.get("quotas")
    if quotas is not None and rate_limits != "custom":
        fail(f"{origin}: quotas only apply with rate_limits='custom'")
    isolation = marked.get("isolation", "namespace")
    if isolation not in ISOLATION_MODES:
        fail(f"{origin}: isolation must be one of {list(ISOLATION_MODES)}")
    version = marked.get("schema_version")
    if version is not None and version not in VERSION_NAMES:
        fail(f"{origin}: schema_version must be one of {list(VERSION_NAMES)}, got {version!r}")
    return MockOptions(server, rate_limits, quotas, isolation, version)


# --- the server ----------------------------------------------------------------------------------


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


# --- the per-test handle ---------------------------------------------------------------------------


@dataclass
class BufferMock:
    """One test's view of the mock: its own namespace on a running :class:`BufferMockServer`."""

    server: BufferMockServer
    namespace: str
    _clients: list[httpx.Client] = field(default_factory=list, repr=False)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def graphql_url(self) -> str:
        return self.server.graphql_url

    @property
    def api_key(self) -> str | None:
        return self.server.api_key

    @property
    def headers(self) -> dict[str, str]:
        """``Authorization`` with :attr:`api_key`, and the namespace header (unless it is ``default``)."""
        return self.server.headers(None if self.namespace == "default" else self.namespace)

    def client(self, **options: Any) -> httpx.Client:
        """An httpx client on :attr:`url` sending :attr:`headers`; closed after the test."""
        headers = {**self.headers, **options.pop("headers", {})}
        timeout = options.pop("timeout", 30.0)
        client = httpx.Client(base_url=self.url, headers=headers, timeout=timeout, **options)
        self._clients.append(client)
        return client

    def graphql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        api_key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """The JSON body of one operation in this test's namespace (``data`` and/or ``errors``)."""
        return self.server.graphql(
            query, variables, namespace=self.namespace, api_key=api_key, headers=headers
        )

    def data(self, query: str, variables: dict[str, Any] | None = None, **options: Any) -> dict[str, Any]:
        """``data`` of one operation; raises :class:`BufferMockError` when the answer has ``errors``."""
        body = self.graphql(query, variables, **options)
        if body.get("errors"):
            raise BufferMockError(f"GraphQL errors: {body['errors']}")
        return body["data"]  # type: ignore[no-any-return]

    # control API, always on this namespace
    def control(self, method: str, path: str, **options: Any) -> Any:
        return self.server.control(method, path, namespace=self.namespace, **options)

    def reset(self) -> None:
        self.control("POST", "reset", params={"clock": "reset"})

    def clock(self) -> dict[str, Any]:
        return self.control("GET", "clock")  # type: ignore[no-any-return]

    def set_clock(self, at: str) -> dict[str, Any]:
        return self.control("POST", "clock/set", json={"at": at})  # type: ignore[no-any-return]

    def freeze_clock(self, at: str | None = None) -> dict[str, Any]:
        return self.control("POST", "clock/freeze", json={} if at is None else {"at": at})  # type: ignore[no-any-return]

    def advance_clock(self, *, seconds: float | None = None, duration: str | None = None) -> dict[str, Any]:
        body = {"seconds": seconds} if duration is None else {"duration": duration}
        return self.control("POST", "clock/advance", json=body)  # type: ignore[no-any-return]

    def set_rate_limits(
        self, mode: str | None = None, *, quotas: dict[str, int] | None = None, reset_counters: bool = False
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"resetCounters": reset_counters}
        if mode is not None:
            body["mode"] = mode
        if quotas is not None:
            body["customQuotas"] = quotas
        return self.control("PUT", "ratelimits", json=body)  # type: ignore[no-any-return]

    def set_schema_version(self, version: str | None) -> dict[str, Any]:
        """Serve this namespace with ``version`` (``None``: the server's); a reset undoes it."""
        return self.control("PUT", "schema-version", json={"version": version})  # type: ignore[no-any-return]

    def schema_version(self) -> dict[str, Any]:
        return self.control("GET", "schema-version")  # type: ignore[no-any-return]

    def rate_limits(self) -> dict[str, Any]:
        return self.control("GET", "ratelimits")  # type: ignore[no-any-return]

    def requests(self) -> list[dict[str, Any]]:
        """The request log of this namespace, oldest first."""
        return self.control("GET", "requests")["requests"]  # type: ignore[no-any-return]

    def requested(
        self,
        operation: str | None = None,
        *,
        variables: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> list[dict[str, Any]]:
        """The logged requests with this operation name, variables containing these, this status."""
        return [e for e in self.requests() if request_assertions.matches(e, operation, variables, status)]

    def request_count(
        self,
        operation: str | None = None,
        *,
        variables: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> int:
        return len(self.requested(operation, variables=variables, status=status))

    def assert_requested(
        self,
        operation: str | None = None,
        *,
        variables: dict[str, Any] | None = None,
        status: int | None = None,
        times: int | None = None,
    ) -> list[dict[str, Any]]:
        """The matching requests; fails (listing every logged request) when none, or not ``times``, match."""
        entries = self.requests()
        hits = [e for e in entries if request_assertions.matches(e, operation, variables, status)]
        if (times is None and not hits) or (times is not None and len(hits) != times):
            wanted = request_assertions.criteria(operation, variables, status)
            raise AssertionError(
                request_assertions.requested_failure(self.namespace, entries, wanted, len(hits), times)
            )
        return hits

    def assert_not_requested(
        self,
        operation: str | None = None,
        *,
        variables: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        """Fails, listing every logged request, when any request matches."""
        entries = self.requests()
        hits = [
            n for n, e in enumerate(entries, 1) if request_assertions.matches(e, operation, variables, status)
        ]
        if hits:
            wanted = request_assertions.criteria(operation, variables, status)
            raise AssertionError(
                request_assertions.not_requested_failure(self.namespace, entries, wanted, hits)
            )

    def arm_fault(self, **spec: Any) -> dict[str, Any]:
        return self.control("POST", "faults", json=spec)["fault"]  # type: ignore[no-any-return]

    def close(self) -> None:
        for client in self._clients:
            client.close()


# --- pytest hooks and fixtures ---------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "buffer_mock_fixtures",
        "buffer-mock fixture directory for every test (default: the embedded default world)",
        default="",
    )
    parser.addini("buffer_mock_clock", "ISO instant the buffer-mock clock starts (and stays) at", default="")
    parser.addini(
        "buffer_mock_rate_limits", "buffer-mock rate-limit mode: observe, buffer, custom or off", default=""
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER_HELP)


@pytest.fixture(scope="session")
def buffer_mock_servers() -> Iterator[ServerPool]:
    pool = ServerPool()
    yield pool
    pool.stop()


@pytest.fixture(scope="session")
def buffer_mock_server(buffer_mock_servers: ServerPool, pytestconfig: pytest.Config) -> BufferMockServer:
    """The suite's server (ini defaults); its ``default`` namespace is shared by whoever uses it."""
    options = resolve_options(pytestconfig, {}, pytestconfig.rootpath, "buffer_mock ini options")
    return buffer_mock_servers.server(options.server)


@pytest.fixture
def buffer_mock(buffer_mock_servers: ServerPool, request: pytest.FixtureRequest) -> Iterator[BufferMock]:
    """This test's own freshly built namespace on the server its marker (or the ini) asks for."""
    item = request.node
    options = resolve_options(request.config, marker_arguments(item), item.path.parent, item.nodeid)
    namespace = buffer_mock_servers.fresh_namespace(options.server, options.isolation)
    mock = BufferMock(buffer_mock_servers.server(options.server), namespace)
    if options.rate_limits is not None:
        mock.set_rate_limits(options.rate_limits, quotas=options.quotas, reset_counters=True)
    if options.schema_version is not None:
        mock.set_schema_version(options.schema_version)
    yield mock
    mock.close()
