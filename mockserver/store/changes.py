"""What changed in a World since the state file last wrote it: the journal's input.

The store's write methods name what they changed (``world.touch(table, key)``: one entity of one
table, put or removed); a bare ``world.touch()`` says "something changed" without saying what,
and the next commit then writes the whole namespace. Nothing is recorded until the state file
starts journaling the namespace (``tracking``), so a server without ``--state-file`` pays nothing.
"""

from __future__ import annotations


class ChangeSet:
    """The entities of one World changed since the last journal record (or that its whole changed)."""

    __slots__ = ("keys", "tracking", "whole")

    def __init__(self) -> None:
        self.tracking = False
        self.whole = False
        # table (a World attribute) -> key -> removed at some point since the last record. Keys stand
        # in the order their entities now stand in the table: a new one where it was first put, one
        # removed (and perhaps put again) at its last mark, so a replay appends them in table order.
        self.keys: dict[str, dict[str, bool]] = {}

    def mark(self, table: str | None, key: str | None, present: bool = True) -> None:
        """``key`` of ``table`` was put (``present``) or removed; no table: the whole changed."""
        if table is None or key is None:
            self.whole = True
            return
        if self.whole:
            return
        keys = self.keys.setdefault(table, {})
        if not present or keys.get(key):
            keys.pop(key, None)
            keys[key] = True  # removed (and maybe put again): it stands last now
        elif key not in keys:
            keys[key] = False

    def drain(self) -> tuple[bool, dict[str, dict[str, bool]]]:
        """What changed (whole?, table -> key -> removed at some point), and start over from nothing."""
        whole, keys = self.whole, self.keys
        self.whole = False
        self.keys = {}
        return whole, keys

    def start(self) -> None:
        """Begin recording (the state file holds the namespace as it is now)."""
        self.tracking = True
        self.whole = False
        self.keys = {}
