"""A namespace's request log (``GET /_mock/requests``), bounded by entries and by bytes.

Each entry keeps the request's variables only when their JSON is at most
``variables_max_bytes``; larger (or unencodable, e.g. nested beyond JSON encoders' depth)
variables are replaced by ``None`` plus ``variables_truncated: true``, their size and a
short preview of their JSON text, so the log says what it dropped. The whole log keeps
at most ``capacity`` entries and about ``max_bytes`` bytes of them; the oldest go first.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from typing import Any

import orjson

ENTRY_OVERHEAD_BYTES = 256  # keys, status, timings: a rough per-entry cost
PREVIEW_CHARS = 256
MAX_OPERATION_NAME_CHARS = 256


def logged_variables(variables: Any, max_bytes: int) -> tuple[dict[str, Any], int]:
    """The log fields for ``variables`` and their size in bytes."""
    if variables is None:
        return {"variables": None}, 0
    try:
        encoded = orjson.dumps(variables)
    except (TypeError, orjson.JSONEncodeError):
        return {"variables": None, "variables_truncated": True, "variables_bytes": None}, 0
    if len(encoded) <= max_bytes:
        return {"variables": variables}, len(encoded)
    preview = encoded[:PREVIEW_CHARS].decode("utf-8", "ignore")
    return {
        "variables": None,
        "variables_truncated": True,
        "variables_bytes": len(encoded),
        "variables_preview": preview,
    }, len(preview)


class RequestLog:
    """Oldest-first entries (dicts); append, iterate, index, len, clear."""

    def __init__(self, capacity: int, max_bytes: int, variables_max_bytes: int) -> None:
        self.capacity = capacity
        self.max_bytes = max_bytes
        self.variables_max_bytes = variables_max_bytes
        self._entries: deque[tuple[dict[str, Any], int]] = deque()
        self._bytes = 0
        self._lock = threading.Lock()

    def append(self, entry: dict[str, Any]) -> None:
        variables = entry.pop("variables", None)
        fields, size = logged_variables(variables, self.variables_max_bytes)
        name = entry.get("operation_name")
        if isinstance(name, str) and len(name) > MAX_OPERATION_NAME_CHARS:
            entry["operation_name"] = name[:MAX_OPERATION_NAME_CHARS] + "…"
        entry.update(fields)
        cost = size + ENTRY_OVERHEAD_BYTES
        with self._lock:
            if self.capacity <= 0 or cost > self.max_bytes:
                return
            self._entries.append((entry, cost))
            self._bytes += cost
            while len(self._entries) > self.capacity or self._bytes > self.max_bytes:
                _, dropped = self._entries.popleft()
                self._bytes -= dropped

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            entries = [entry for entry, _ in self._entries]
        return iter(entries)

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self._entries[index][0]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
