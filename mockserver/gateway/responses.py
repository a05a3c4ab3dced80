"""JSON answers of the HTTP surface (GraphQL endpoint, control API, fallbacks): one encoder."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """``body`` as JSON; bytes are taken as JSON encoded already (a cached or pre-rendered answer)."""
    encoded = body if isinstance(body, bytes) else orjson.dumps(body)
    return Response(encoded, status_code=status, media_type="application/json", headers=headers)
