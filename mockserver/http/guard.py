"""The outermost application layer: whatever happens inside, the client gets Buffer-shaped JSON.

An ASGI middleware (installed by :func:`mockserver.app.create_app`) that

* gives the whole request body ``body_timeout_s`` to arrive: a client that stops sending
  gets a JSON 408 and its connection is closed;
* turns a client that disconnects mid-body into one log line (no traceback, no answer);
* turns a dropped-connection fault into an aborted socket (under ``buffer-mock serve``) with
  one log line, or lets it surface to in-process clients that have no socket;
* answers any exception that escapes the app with a Buffer-shaped 500 and one log line
  (the traceback only with ``debug``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import orjson
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver import errors

log = logging.getLogger("buffer_mock")

MSG_BODY_TIMEOUT = "Request body not received in time"
ABORT_EXTENSION = "buffer_mock.abort"


class BodyTimeout(Exception):
    """The client did not send its whole body before the deadline."""


class ResponseGuard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        body_timeout_s: float = 30.0,
        debug: bool = False,
        drop_errors: tuple[type[BaseException], ...] = (),
    ) -> None:
        self.app = app
        self.body_timeout_s = body_timeout_s
        self.debug = debug
        self.drop_errors = drop_errors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout_s
        body_done = False

        async def timed_receive() -> Message:
            nonlocal body_done
            if body_done:
                return await receive()
            try:  # a timer on this task, not a task per receive (asyncio.wait_for's cost)
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise BodyTimeout from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, timed_receive, tracked_send)
        except BodyTimeout:
            log.info("dropped a client that did not send its body within %.0f s", self.body_timeout_s)
            if not started:
                await answer(send, 408, errors.error_body(MSG_BODY_TIMEOUT, errors.BAD_REQUEST), close=True)
        except ClientDisconnect:
            log.warning("client disconnected mid-body (%s %s)", scope["method"], scope["path"])
        except self.drop_errors:
            abort = scope.get("extensions", {}).get(ABORT_EXTENSION, {}).get("abort")
            if abort is None:
                raise  # in-process clients (no socket) see the drop as the exception itself
            log.info("fault injection: dropped the connection of %s %s", scope["method"], scope["path"])
            abort()
            await asyncio.sleep(0)  # let the server see the connection go before we return
        except Exception as exc:
            if self.debug:
                log.error("unhandled error in %s %s", scope["method"], scope["path"], exc_info=exc)
            else:
                log.error(
                    "unhandled error in %s %s: %s: %s",
                    scope["method"],
                    scope["path"],
                    type(exc).__name__,
                    exc,
                )
            if not started:
                await answer(send, 500, errors.error_body(errors.MSG_UNEXPECTED, errors.UNEXPECTED))


async def answer(send: Send, status: int, body: Any, *, close: bool = False) -> None:
    payload = orjson.dumps(body)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload, "more_body": False})
