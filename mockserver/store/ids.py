"""The ids a World mints: Mongo-like ObjectIds from the mock clock and a seeded generator."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any


class ObjectIdFactory:
    """Mongo-like ObjectIds: 4 bytes of mock-clock seconds, 8 bytes from a seeded generator."""

    def __init__(self, seed: int | str, taken: Iterable[str] = ()) -> None:
        self._random = random.Random(seed)
        self._taken = set(taken)
        # for the state file's journal (mockserver.store.journal): generator draws and ids minted
        # since its last record; recorded only while ``journaling``
        self.journaling = False
        self.draws = 0
        self.minted: list[str] = []

    def state(self) -> tuple[tuple[Any, ...], set[str]]:
        """The generator state and every id handed out or reserved (for snapshots)."""
        return self._random.getstate(), set(self._taken)

    def restore_random_state(self, state: tuple[object, ...]) -> None:
        self._random.setstate(state)

    def new(self, now_ms: int) -> str:
        while True:
            candidate = f"{(now_ms // 1000) & 0xFFFFFFFF:08x}{self._random.getrandbits(64):016x}"
            self.draws += 1
            if candidate not in self._taken:
                self._taken.add(candidate)
                if self.journaling:
                    self.minted.append(candidate)
                return candidate
