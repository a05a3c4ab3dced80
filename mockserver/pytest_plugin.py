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

from collections.abc import Iterator

import pytest

from mockserver.plugin.handle import BufferMock
from mockserver.plugin.options import (
    ISOLATION_MODES,
    MARKER_ARGUMENTS,
    MockOptions,
    ServerConfig,
    marker_arguments,
    resolve_options,
)
from mockserver.plugin.server import (
    HOST,
    NAMESPACE_HEADER,
    BufferMockError,
    BufferMockServer,
    ServerPool,
)

__all__ = [
    "HOST",
    "ISOLATION_MODES",
    "MARKER_ARGUMENTS",
    "NAMESPACE_HEADER",
    "BufferMock",
    "BufferMockError",
    "BufferMockServer",
    "MockOptions",
    "ServerConfig",
    "ServerPool",
]

#: contract-corpus collection (``--buffer-contract-target`` / ``--buffer-contract-cassette``)
pytest_plugins = ["mockserver.contract.pytest_collect"]

MARKER_HELP = (
    "buffer_mock(fixtures=None, clock=None, freeze_clock=None, rate_limits=None, quotas=None, "
    "isolation='namespace'): configure the buffer_mock fixture for this test"
)


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
