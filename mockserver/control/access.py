"""Who may use the control API: applied by :class:`~mockserver.control.toolkit.ControlRoute`
to every control route, before its handler runs (rules in :mod:`mockserver.rules.control_access`).

* With a control token (``--control-token`` / ``BUFFER_MOCK_CONTROL_TOKEN``):
  ``Authorization: Bearer <token>``, from anywhere (401 otherwise).
* Without one: the peer must be loopback (403).
* Always: no foreign ``Origin`` (403), and a body only as ``application/json`` (415).
"""

from __future__ import annotations

from starlette.requests import Request

from mockserver import errors
from mockserver.rules.control_access import (
    MSG_FOREIGN_ORIGIN,
    MSG_NOT_JSON_BODY,
    MSG_NOT_LOOPBACK,
    MSG_TOKEN_REQUIRED,
    bearer_matches,
    is_json_content_type,
    is_loopback_host,
    origin_is_foreign,
)
from mockserver.settings import Settings

# Starlette's TestClient reports this peer: an in-process client, local by construction (a
# server socket always reports an IP address).
IN_PROCESS_PEER = "testclient"


class AccessRefused(Exception):
    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def is_local_peer(host: str | None) -> bool:
    return host == IN_PROCESS_PEER or is_loopback_host(host)


def has_body(request: Request) -> bool:
    return (
        request.headers.get("content-length", "0") not in ("", "0") or "transfer-encoding" in request.headers
    )


def check_control_access(request: Request) -> None:
    """Raise :class:`AccessRefused` for a control request that is not the developer's own."""
    settings: Settings = request.app.state.settings
    if settings.control_token is not None:
        if not bearer_matches(request.headers.get("authorization"), settings.control_token):
            raise AccessRefused(401, MSG_TOKEN_REQUIRED, errors.UNAUTHENTICATED)
    elif not is_local_peer(request.client.host if request.client else None):
        raise AccessRefused(403, MSG_NOT_LOOPBACK, errors.FORBIDDEN)
    if origin_is_foreign(request.headers.get("origin"), request.headers.get("host")):
        raise AccessRefused(403, MSG_FOREIGN_ORIGIN, errors.FORBIDDEN)
    if has_body(request) and not is_json_content_type(request.headers.get("content-type")):
        raise AccessRefused(415, MSG_NOT_JSON_BODY, errors.BAD_REQUEST)
