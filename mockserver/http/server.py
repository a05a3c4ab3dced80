"""The HTTP server ``buffer-mock serve`` runs, configured in this one module.

uvicorn with its pure-Python h11 protocol, subclassed so that what the server answers by
itself is Buffer-shaped JSON too and slow clients cannot hold connections:

* malformed HTTP (bad request line, bad headers, oversized head) gets a JSON 400
  (``BAD_REQUEST``) instead of uvicorn's plain text, and the connection is closed;
* the request line and headers must arrive within ``header_timeout_s`` of the connection
  opening (or of the first byte of a kept-alive connection's next request): otherwise a JSON
  408 and the connection is closed (slow-loris clients are dropped); the body has its own
  deadline (``body_timeout_s``), enforced by :mod:`mockserver.http.guard`;
* at most ``max_connections`` connections are open at once (clamped below the process's
  file-descriptor limit, whose soft value is raised to the hard one): a connection beyond
  it gets a JSON 503 and is closed at once, so the accept loop never runs out of descriptors;
* SIGTERM waits at most ``shutdown_timeout_s`` for requests in flight (injected latency
  included), then cancels them;
* a dropped-connection fault aborts the socket (via the ``buffer_mock.abort`` scope
  extension) without a traceback.

What the server cannot let the application answer: bytes that are not HTTP at all get the
JSON 400 and a close; TLS handshakes on the plain port are just that.

The protocol is uvicorn's httptools one (the llhttp parser in C) where httptools is installed,
with the same guarantees (:class:`BufferHttpToolsProtocol`: the same JSON answers, the 16 KB head
limit, the header deadline, the cap, the abort extension); else, or with
``BUFFER_MOCK_HTTP_PROTOCOL=h11``, the h11 one. The event loop is uvloop where it is installed.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import socket
import sys
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import h11
import orjson
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

try:  # the C parser; without it (or when told so) serve runs the h11 protocol
    import httptools
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools is installed in CI
    httptools = None  # type: ignore[assignment]

from mockserver import errors
from mockserver.settings import Settings

log = logging.getLogger("buffer_mock")

MSG_MALFORMED_HTTP = "Malformed HTTP request"
MSG_HEADER_TIMEOUT = "Request headers not received in time"
MSG_TOO_MANY_CONNECTIONS = "Too many open connections; try again later"
RESERVED_DESCRIPTORS = 64  # state file, fixtures, logs, listening socket, worker threads
ABORT_EXTENSION = "buffer_mock.abort"
MAX_HEAD_BYTES = 16 * 1024  # request line + headers; h11's max_incomplete_event_size is the same


@dataclass(frozen=True, slots=True)
class ServerLimits:
    header_timeout_s: float
    max_connections: int


def raw_json_response(status: int, reason: str, message: str, code: str) -> bytes:
    """A complete HTTP/1.1 response with a Buffer-shaped body and ``connection: close``."""
    body = orjson.dumps(errors.error_body(message, code))
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class _GuardedProtocol(Protocol):
    """What :class:`ConnectionGuards` needs of the uvicorn protocol it is mixed into."""

    limits: ClassVar[ServerLimits]
    head_timer: asyncio.TimerHandle | None
    connections: set[Any]
    cycle: Any
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport

    def waiting_for_head(self) -> bool: ...
    def start_head_timer(self) -> None: ...
    def head_timed_out(self) -> None: ...
    def head_arrived_meanwhile(self) -> bool: ...


class ConnectionGuards:
    """The guarantees both protocols share: the connection cap's 503, the header deadline's 408,
    the abort extension for an injected dropped connection. Mixed in before the uvicorn protocol."""

    limits: ClassVar[ServerLimits] = ServerLimits(header_timeout_s=10.0, max_connections=900)
    head_timer: asyncio.TimerHandle | None = None  # the running header deadline, per connection

    def refused_over_the_cap(self: _GuardedProtocol, transport: asyncio.Transport) -> bool:
        """Answer 503 and close when this connection is one over the cap; else start the deadline."""
        if len(self.connections) <= self.limits.max_connections:
            self.start_head_timer()
            return False
        log.warning(
            "refused a connection: %d open (max %d)",
            len(self.connections) - 1,
            self.limits.max_connections,
        )
        transport.write(
            raw_json_response(503, "Service Unavailable", MSG_TOO_MANY_CONNECTIONS, errors.UNEXPECTED)
        )
        transport.close()
        return True

    def waiting_for_head(self: _GuardedProtocol) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def start_head_timer(self: _GuardedProtocol) -> None:
        if self.head_timer is None:
            self.head_timer = self.loop.call_later(self.limits.header_timeout_s, self.head_timed_out)

    def cancel_head_timer(self: _GuardedProtocol) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def after_data(self: _GuardedProtocol) -> None:
        """Once a head is in: stop its deadline and offer the request the abort extension."""
        if not self.waiting_for_head() and self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None
        if self.cycle is not None and not self.cycle.response_complete:
            extensions = self.cycle.scope.setdefault("extensions", {})
            extensions.setdefault(ABORT_EXTENSION, {"abort": self.transport.abort})

    def head_arrived_meanwhile(self) -> bool:
        return False

    def head_timed_out(self: _GuardedProtocol) -> None:
        self.head_timer = None
        if self.transport.is_closing() or not self.waiting_for_head() or self.head_arrived_meanwhile():
            return
        log.info(
            "dropped a client that did not send its request headers within %.0f s",
            self.limits.header_timeout_s,
        )
        self.transport.write(
            raw_json_response(408, "Request Timeout", MSG_HEADER_TIMEOUT, errors.BAD_REQUEST)
        )
        self.transport.close()


class BufferH11Protocol(ConnectionGuards, H11Protocol):
    """uvicorn's h11 protocol with JSON answers of its own, a header deadline and a connection cap."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.refused_over_the_cap(transport)

    def data_received(self, data: bytes) -> None:
        if self.waiting_for_head():
            self.start_head_timer()
        super().data_received(data)
        self.after_data()

    def head_arrived_meanwhile(self) -> bool:  # pragma: no cover - a head arrived meanwhile
        return bool(self.conn.their_state is h11.SEND_BODY)

    def connection_lost(self, exc: Exception | None) -> None:
        self.cancel_head_timer()
        super().connection_lost(exc)

    # --- malformed HTTP ---------------------------------------------------------------------------
    def send_400_response(self, msg: str) -> None:
        self.cancel_head_timer()
        body = orjson.dumps(errors.error_body(MSG_MALFORMED_HTTP, errors.BAD_REQUEST))
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        try:
            output = self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request"))
            output = (output or b"") + (self.conn.send(h11.Data(data=body)) or b"")
            output += self.conn.send(h11.EndOfMessage()) or b""
        except h11.LocalProtocolError:  # h11 cannot answer in this state: write it ourselves
            output = raw_json_response(400, "Bad Request", MSG_MALFORMED_HTTP, errors.BAD_REQUEST)
        self.transport.write(output)
        self.transport.close()


if httptools is not None:

    class BufferHttpToolsProtocol(ConnectionGuards, HttpToolsProtocol):
        """uvicorn's httptools protocol with every guarantee of :class:`BufferH11Protocol`."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.head_bytes = 0  # of the request head being received

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self.refused_over_the_cap(transport)

        def data_received(self, data: bytes) -> None:
            if self.waiting_for_head():
                self.start_head_timer()
                end = data.find(b"\r\n\r\n")
                self.head_bytes += len(data) if end < 0 else end
                if self.head_bytes > MAX_HEAD_BYTES:
                    self.send_400_response("request head too large")
                    return
            super().data_received(data)
            self.after_data()

        def on_headers_complete(self) -> None:
            self.head_bytes = 0  # the next request of a kept-alive connection starts counting anew
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self.cancel_head_timer()
            super().connection_lost(exc)

        def send_400_response(self, msg: str) -> None:
            self.cancel_head_timer()
            if not self.transport.is_closing():
                self.transport.write(
                    raw_json_response(400, "Bad Request", MSG_MALFORMED_HTTP, errors.BAD_REQUEST)
                )
                self.transport.close()


def protocol_class(choice: str = "auto") -> type[Any]:
    """httptools where installed (unless ``BUFFER_MOCK_HTTP_PROTOCOL=h11``), else h11."""
    if choice != "h11" and httptools is not None:
        return BufferHttpToolsProtocol
    return BufferH11Protocol


def descriptor_budget() -> int:
    """Raise the soft open-files limit to the hard one; the connections that leaves room for."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = 65_536 if hard == resource.RLIM_INFINITY else hard
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):  # pragma: no cover - some sandboxes refuse
            pass
    return max(16, soft - RESERVED_DESCRIPTORS)


def server_config(app: Any, settings: Settings, log_level: str = "warning") -> uvicorn.Config:
    limits = ServerLimits(
        header_timeout_s=settings.header_timeout_s,
        max_connections=min(settings.max_connections, descriptor_budget()),
    )
    base = protocol_class(settings.http_protocol)
    protocol = type(f"Configured{base.__name__}", (base,), {"limits": limits})
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        http=protocol,
        ws="none",
        lifespan="off",
        log_level=log_level,
        access_log=False,
        server_header=False,
        timeout_keep_alive=settings.keep_alive_s,  # type: ignore[arg-type]
        timeout_graceful_shutdown=settings.shutdown_timeout_s,  # type: ignore[arg-type]
        h11_max_incomplete_event_size=16 * 1024,
        backlog=1024,
    )


GIL_SWITCH_INTERVAL_S = 0.001


def run(
    app: Any,
    settings: Settings,
    log_level: str = "warning",
    sockets: list[socket.socket] | None = None,
    access_log: bool = False,
) -> None:
    """Serve ``app`` until SIGINT/SIGTERM.

    The interpreter's thread switch interval is lowered from 5 ms to 1 ms, so the event loop
    gets the GIL back quickly from a worker thread validating a costly document.
    """
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    config = server_config(app, settings, log_level)
    config.access_log = access_log
    uvicorn.Server(config).run(sockets=sockets)
