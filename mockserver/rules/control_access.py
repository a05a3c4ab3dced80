"""Who may use the control API (``/_mock``): pure rules, wired in by the control router.

* Loopback only by default: a request whose peer address is not loopback is refused,
  unless a control token is configured (then the token is what counts).
* With a token (``--control-token`` / ``BUFFER_MOCK_CONTROL_TOKEN``), every control request
  needs ``Authorization: Bearer <token>`` (compared in constant time).
* A request carrying an ``Origin`` header that is not the server's own origin is refused,
  so a web page the developer happens to open cannot drive the mock (browsers send
  ``Origin`` on cross-site POSTs, including the ``text/plain`` ones that need no preflight).
* Bodies must be ``application/json`` (which a cross-site form or ``text/plain`` fetch
  cannot send without a preflight).
* ``/_mock/load`` reads only directories under the load roots; outside them, or when the
  path does not exist, the refusal is the same, so it reveals nothing about the disk.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

MSG_NOT_LOOPBACK = (
    "The control API answers loopback clients only; start the server with --control-token "
    "to allow others (they must then send Authorization: Bearer <token>)"
)
MSG_TOKEN_REQUIRED = "The control API needs Authorization: Bearer <control token> on every request"
MSG_FOREIGN_ORIGIN = "Control requests from another origin are refused"
MSG_NOT_JSON_BODY = "Control request bodies must be sent as Content-Type: application/json"
MSG_OUTSIDE_LOAD_ROOTS = (
    "Fixtures can be loaded only from a directory under the load roots (serve --load-root DIR); "
    "this path is not one"
)


def is_loopback_host(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1, ::ffff:127.x and ``localhost``; False for anything else or None."""
    if not host:
        return False
    name = host.strip().lower().strip("[]")
    if name in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def bearer_matches(authorization: str | None, token: str) -> bool:
    """``Authorization: Bearer <token>`` with exactly ``token`` (constant-time comparison)."""
    if not authorization:
        return False
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), token.encode())


def origin_is_foreign(origin: str | None, host_header: str | None) -> bool:
    """True when ``Origin`` is present and names another host:port than the request's ``Host``.

    ``Origin: null`` (sandboxed frames, file pages) counts as foreign.
    """
    if origin is None:
        return False
    if origin.strip().lower() == "null" or not host_header:
        return True
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return True
    return parts.netloc.lower() != host_header.strip().lower()


def is_json_content_type(content_type: str | None) -> bool:
    """``application/json`` (parameters such as ``charset`` allowed)."""
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json"


def resolve_under_roots(path: str, roots: Sequence[Path]) -> Path | None:
    """The resolved directory when ``path`` is an existing directory under one of ``roots``.

    None otherwise (outside every root, missing, not a directory, unresolvable): the caller
    answers every None with one and the same refusal. Symlinks are resolved first, so a link
    inside a root that points outside it is outside.
    """
    try:
        candidate = Path(path).expanduser().resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    for root in roots:
        try:
            base = root.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            continue
        if candidate == base or base in candidate.parents:
            return candidate if candidate.is_dir() else None
    return None
