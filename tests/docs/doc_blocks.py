"""The fenced code blocks of a Markdown file, and how the docs tests treat each one.

The convention (also in docs/README.md):

* ```` ```sh ```` / ```` ```bash ````: run by bash (``set -euo pipefail``) in a scratch directory,
  against a mock served for that file on a free loopback port (``http://127.0.0.1:8000`` in the
  text is replaced by its URL; frozen clock at 2026-11-15T12:00:00Z); blocks of one file run in
  order, variables assigned in earlier blocks are kept. An answer containing ``"errors"`` fails
  the block unless it is marked ``expect-errors``.
* ```` ```python ````: run as a script the same way; a block whose first line is
  ``# test file: NAME.py`` is written to that file and run with pytest instead.
* ```` ```graphql ````: sent to the served mock with the default key; it must answer without errors.
* every other fence (``json``, ``yaml``, ``text``, none) shows data or output and is not run.
* ``<!-- docs-test: skip REASON -->`` on the line before a fence: not run, for the rare block that
  cannot be (a live Buffer key, a server that runs forever); the reason is required.
* ``<!-- docs-test: expect-errors -->``: the block shows an error answer on purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

RUNNABLE = {"sh": "sh", "bash": "sh", "shell": "sh", "python": "python", "graphql": "graphql"}
_FENCE = re.compile(r"^(\s*)```([A-Za-z0-9_+-]*)\s*$")
_MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(skip|expect-errors)\b\s*(.*?)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    language: str  # "sh", "python", "graphql", or "" when not run
    text: str
    skip_reason: str | None = None  # set: marked skip (may be "" when the reason is missing)
    expect_errors: bool = False

    def where(self) -> str:
        return f"{self.path}:{self.line} ({self.language or 'data'} block)"


def read_blocks(path: Path, root: Path) -> list[Block]:
    """The blocks of ``path``, named relative to ``root`` in messages."""
    lines = path.read_text(encoding="utf-8").splitlines()
    shown = path.relative_to(root)
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith("```"):
            body.append(lines[index])
            index += 1
        index += 1
        skip: str | None = None
        expect = False
        probe = start - 1
        while probe >= 0 and (marker := _MARKER.match(lines[probe])):
            if marker.group(1) == "skip":
                skip = marker.group(2)
            else:
                expect = True
            probe -= 1
        language = RUNNABLE.get(match.group(2).lower(), "")
        blocks.append(Block(shown, start + 1, language, "\n".join(body) + "\n", skip, expect))
    return blocks


__all__ = ["RUNNABLE", "Block", "read_blocks"]
