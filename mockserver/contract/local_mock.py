"""An in-process mock of the embedded default world on a free 127.0.0.1 port (``--mock`` omitted)."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn

from mockserver.app import create_app
from mockserver.settings import Settings

START_TIMEOUT_S = 15.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalMock:
    """``with LocalMock() as url:`` serves the mock until the block ends."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.port = free_port()
        settings = (settings or Settings()).model_copy(update={"host": "127.0.0.1", "port": self.port})
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=self.port, log_level="error")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="buffer-mock-contract")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the in-process mock did not start")
            time.sleep(0.02)
        return self.url

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)
