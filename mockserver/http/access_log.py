"""``--log-format json``: one JSON line per GraphQL request on the ``buffer_mock.access`` logger.

Each line holds the namespace, the operation name, the HTTP status (null for a dropped
connection), the duration in milliseconds and the injected fault (if any), plus the time::

    {"at": "2026-11-15T12:00:00.000Z", "namespace": "default", "operation": "GetAccount",
     "status": 200, "durationMs": 3.2, "fault": null}

The logger is silent unless the command line attaches a handler (``serve --log-format json``).
"""

from __future__ import annotations

import logging
import sys
import time

import orjson

ACCESS_LOGGER = "buffer_mock.access"
log = logging.getLogger(ACCESS_LOGGER)
log.propagate = False


def log_access(
    namespace: str, operation: str | None, status: int | None, duration_ms: float, fault: object
) -> None:
    if not log.isEnabledFor(logging.INFO):
        return
    now = time.time()
    line = {
        "at": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now * 1000) % 1000:03d}Z",
        "namespace": namespace,
        "operation": operation,
        "status": status,
        "durationMs": duration_ms,
        "fault": fault,
    }
    log.info(orjson.dumps(line, default=str).decode())


def enable_json_access_log() -> None:
    """Write the access lines to stdout, one JSON object per line, nothing else on them."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)


__all__ = ["ACCESS_LOGGER", "enable_json_access_log", "log_access"]
