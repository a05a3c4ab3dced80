"""Reading a state file: its snapshot, refusals, and its journal's changes applied.

The format and what is refused: :mod:`mockserver.store.persistence` and docs/state-file.md.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import orjson

from mockserver.store import journal
from mockserver.store.file_safety import check_regular_file


class StateFileError(Exception):
    """A state file that cannot be restored (or created); the server refuses to start."""


STATE_FORMAT = "buffer-mock-state"
STATE_VERSION = 1
REFUSAL_ADVICE = (
    "refusing to start so the file is not overwritten; fix it, move it away, "
    "or delete it to start from the fixtures"
)
JOURNAL_ADVICE = (
    "refusing to start so the file is not overwritten; fix it or move it away "
    "(without it, the state file's last snapshot is restored)"
)
COMPACT_MIN_BYTES = 64 * 1024  # the journal is compacted once larger than this and the snapshot


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


log = logging.getLogger("buffer_mock")


def refusal(path: Path, reason: str, line: int = 1, advice: str = REFUSAL_ADVICE) -> StateFileError:
    """``PATH:LINE: reason; advice`` (the file is written on one line, so mostly line 1)."""
    return StateFileError(f"{path}:{line}: {reason}; {advice}")


def read_state(path: Path) -> dict[str, Any]:
    """The state document at ``path`` with its journal's changes applied (StateFileError if refused)."""
    document = read_snapshot(path)
    where = journal_path(path)
    special = check_regular_file(where)
    if special is not None:
        raise refusal(where, special, advice=JOURNAL_ADVICE)
    try:
        raw = where.read_bytes()
    except FileNotFoundError:
        return document
    except OSError as error:
        raise refusal(where, f"cannot read it ({error.strerror or error})", advice=JOURNAL_ADVICE) from None
    try:
        content = journal.read_journal(raw)
        if content.generation != document.get("journal"):
            return document  # left by a compaction a crash cut short: the snapshot holds it all
        for number, record in enumerate(content.records, 1):
            journal.apply_record(document["namespaces"], record, number)
    except journal.JournalError as error:
        raise refusal(where, str(error), advice=JOURNAL_ADVICE) from None
    if content.torn_bytes:
        log.warning("%s: dropped %d bytes of a write a crash cut short", where, content.torn_bytes)
    return document


def read_snapshot(path: Path) -> dict[str, Any]:
    special = check_regular_file(path)
    if special is not None:
        raise refusal(path, special)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise refusal(path, f"cannot read it ({error.strerror or error})") from None
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise refusal(path, f"not valid JSON ({error.msg})", line=error.lineno) from None
    if not isinstance(document, dict) or document.get("format") != STATE_FORMAT:
        raise refusal(path, f'not a buffer-mock state file (no "format": "{STATE_FORMAT}")')
    version = document.get("version")
    if version != STATE_VERSION:
        raise refusal(
            path,
            f"state format version {version!r} is not supported "
            f"(this buffer-mock reads version {STATE_VERSION})",
        )
    if not isinstance(document.get("namespaces"), dict):
        raise refusal(path, '"namespaces" must be an object')
    if not isinstance(document.get("fixtures"), str | None):
        raise refusal(path, '"fixtures" must be a path or null')
    return document
