"""Answers to identical reads, kept until anything could change them.

An entry is keyed by the namespace's world (a reset or load builds a new one), its revision (every
write bumps it, publishing and ingestion included), the clock's move count (freeze, unfreeze, set,
advance), the caller's token, the schema version asked for, the document, the variables and the
operation name. It also carries the mock instant of the namespace's next time-driven event (the
next due publication or ingestion run): from then on it is never served, so a cached answer never
outlives a change the clock would make. An answer that read the current instant is kept only while
the clock is frozen (then only a clock move changes the instant).

Only the execution result is cached: authentication, rate limiting (and its headers), faults and
the request log run for every request as before. The store is bounded by the bytes of the answers
it holds (oldest used dropped first).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import orjson

from mockserver.store.world import World

# A rough cost of one entry beyond its answer and query text: key tuple, entry, dict slot.
ENTRY_OVERHEAD_BYTES = 200


@dataclass(slots=True, frozen=True)
class CachedAnswer:
    status: int
    body: bytes
    valid_until: int  # mock ms: served only while now < valid_until
    size: int


def answer_key(
    world: World,
    token: str,
    schema_version: str | None,
    query: str,
    variables: dict[str, Any] | None,
    operation_name: str | None,
) -> tuple[object, ...] | None:
    """The key of an answer, or None when the variables cannot be encoded (nested too deep)."""
    try:
        encoded = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS) if variables else b""
    except orjson.JSONEncodeError:
        return None
    return (
        world.epoch,  # a reset or load replaces the world, and so its epoch
        world.revision,
        world.clock.moves,
        token,
        schema_version,
        query,
        encoded,
        operation_name,
    )


class ResponseCache:
    """A byte-bounded LRU of encoded answers (thread-safe: the endpoint runs in one loop, tests in many)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[object, ...], CachedAnswer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple[object, ...], now: int) -> CachedAnswer | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or now >= entry.valid_until:
                if entry is not None:
                    self._drop(key)
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: tuple[object, ...], status: int, body: bytes, valid_until: int) -> None:
        size = len(body) + len(str(key[5])) + len(key[6]) + ENTRY_OVERHEAD_BYTES  # type: ignore[arg-type]
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = CachedAnswer(status, body, valid_until, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                oldest = next(iter(self._entries))
                self._drop(oldest)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: tuple[object, ...]) -> None:
        entry = self._entries.pop(key)
        self._bytes -= entry.size
