"""serve runs uvicorn's httptools protocol; every guarantee of test_http_server.py holds on the h11
protocol it falls back to too (``BUFFER_MOCK_HTTP_PROTOCOL=h11``, or httptools not installed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mockserver.http.server import BufferH11Protocol, BufferHttpToolsProtocol, protocol_class
from tests.hardening import test_http_server
from tests.hardening.live import live_server
from tests.integration.live_server import LiveServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(
        tmp_path_factory.mktemp("http-h11"), BUFFER_MOCK_MAX_CONNECTIONS="40", BUFFER_MOCK_HTTP_PROTOCOL="h11"
    ) as running:
        yield running


def test_serve_runs_httptools_unless_told_to_fall_back() -> None:
    assert protocol_class("auto") is BufferHttpToolsProtocol
    assert protocol_class("h11") is BufferH11Protocol


for _name, _test in vars(test_http_server).items():
    if _name.startswith("test_") and "server" in _test.__code__.co_varnames[: _test.__code__.co_argcount]:
        globals()[f"test_h11_{_name.removeprefix('test_')}"] = _test
