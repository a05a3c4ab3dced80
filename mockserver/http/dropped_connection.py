"""The ``drop_connection`` fault: end the connection without sending an answer."""

from __future__ import annotations

import contextlib

from starlette.responses import Response
from starlette.types import Receive, Scope, Send


class ConnectionDropped(Exception):
    """Raised (on purpose) to make the server close the connection without an answer."""


class DroppedConnection(Response):
    """A 'response' that makes the ASGI server close the connection without sending anything.

    It starts the response with a header no HTTP/1.1 encoder may write (uvicorn refuses it
    on both its protocols before a byte reaches the socket), then raises :class:`ConnectionDropped`: a server
    whose response has started answers an application exception by closing the connection,
    so the client sees the connection end with no status line. In-process clients
    (TestClient, httpx ASGITransport) surface the exception itself.
    """

    def __init__(self) -> None:
        super().__init__(status_code=500)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Expected to fail: the server refuses to encode the header, so nothing is sent.
        with contextlib.suppress(Exception):
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"x-buffer-mock-fault", b"drop\r\nconnection")],
                }
            )
        raise ConnectionDropped("fault injection: connection dropped without a response")
