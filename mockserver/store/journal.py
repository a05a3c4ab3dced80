"""The state file's journal: the changes since the last snapshot, appended one commit at a time.

``PATH.journal`` sits next to the state file ``PATH`` (format in docs/state-file.md). It starts
with the line ``buffer-mock-journal 1`` and a header record naming the snapshot generation it
continues; then one record per group commit. A record is 4 bytes of payload length and 4 bytes
of the payload's CRC-32 (both big-endian), then the payload: JSON
``{"namespaces": {name: change}}``, a change being either ``{"snapshot": <namespace snapshot>}``
or ``{"header": {...}, "ids": {"draws": n, "minted": [...]}, "tables": {table: {"fields": [...],
"rows": [...], "deleted": [...]}}}``.

Reading: a damaged record at the very end (cut short, a checksum that fails on the last record,
or a zero-filled tail) is a write a crash interrupted before it was acknowledged, so it is
dropped; damage followed by more records, or a file that is not a journal, is refused.
Restoring is the snapshot document with every record applied (:func:`apply_record`), then the
snapshot's own validation of the result.
"""

from __future__ import annotations

import random
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

import orjson

MAGIC = b"buffer-mock-journal 1\n"
JOURNAL_FORMAT = "buffer-mock-journal"
JOURNAL_VERSION = 1
FRAME = struct.Struct(">II")  # payload length, CRC-32 of the payload
MAX_RECORD_BYTES = 1 << 30
MAX_DRAWS_PER_RECORD = 10_000_000  # id generator draws one record may replay (guards a hostile file)
KEY_FIELD = {"tokens": "token"}  # the key of each table's rows ("id" unless named here)


class JournalError(ValueError):
    """A journal that cannot be trusted: ``where`` says which part (record number, byte offset)."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


def frame(payload: bytes) -> bytes:
    return FRAME.pack(len(payload), zlib.crc32(payload)) + payload


def header_record(generation: str) -> bytes:
    """The whole content of a fresh journal continuing snapshot ``generation``."""
    header = {"format": JOURNAL_FORMAT, "version": JOURNAL_VERSION, "generation": generation}
    return MAGIC + frame(orjson.dumps(header))


@dataclass
class JournalContent:
    generation: str
    records: list[Any] = field(default_factory=list)  # decoded payloads, in order
    good_bytes: int = 0  # the length of the valid prefix (where the next record goes)
    torn_bytes: int = 0  # bytes of an interrupted last write, dropped


def read_journal(raw: bytes) -> JournalContent:
    """The records of a journal; raises :class:`JournalError` for a foreign or damaged file."""
    if not raw.startswith(MAGIC):
        raise JournalError("byte 0", f"not a buffer-mock journal (it must start with {MAGIC!r})")
    payloads: list[bytes] = []
    offset = len(MAGIC)
    while offset < len(raw):
        payload, end = _next_record(raw, offset, len(payloads))
        if payload is None:
            break
        payloads.append(payload)
        offset = end
    if not payloads:
        raise JournalError("record 0", "the header record is missing or damaged")
    header = _decode(payloads[0], 0, offset)
    if (
        not isinstance(header, dict)
        or header.get("format") != JOURNAL_FORMAT
        or not isinstance(header.get("generation"), str)
    ):
        raise JournalError("record 0", f'not a buffer-mock journal header (no "format": "{JOURNAL_FORMAT}")')
    if header.get("version") != JOURNAL_VERSION:
        raise JournalError(
            "record 0",
            f"journal format version {header.get('version')!r} is not supported "
            f"(this buffer-mock reads version {JOURNAL_VERSION})",
        )
    records = [_decode(payload, number, 0) for number, payload in enumerate(payloads[1:], 1)]
    return JournalContent(header["generation"], records, offset, len(raw) - offset)


def _next_record(raw: bytes, offset: int, number: int) -> tuple[bytes | None, int]:
    """The payload at ``offset`` and where the next record starts; (None, offset) for a torn tail."""
    rest = len(raw) - offset
    if rest < FRAME.size:
        return None, offset  # the frame itself was cut short
    length, checksum = FRAME.unpack_from(raw, offset)
    end = offset + FRAME.size + length
    if end > len(raw):
        return None, offset  # the payload was cut short
    payload = raw[offset + FRAME.size : end]
    if length > 0 and length <= MAX_RECORD_BYTES and zlib.crc32(payload) == checksum:
        return payload, end
    if end == len(raw) or not raw[offset:].strip(b"\0"):
        return None, offset  # the last write, half on disk (or a zero-filled tail)
    raise JournalError(
        f"record {number} (byte {offset})", "damaged (checksum mismatch) with records after it"
    )


def _decode(payload: bytes, number: int, offset: int) -> Any:
    try:
        return orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        raise JournalError(f"record {number}", f"not valid JSON ({error.msg})") from None


# --- applying records to a snapshot document -----------------------------------------------------


def apply_record(namespaces: dict[str, Any], record: Any, number: int) -> None:
    """Apply one journal record to the ``namespaces`` of a state document, in place."""
    where = f"record {number}"
    if not isinstance(record, dict) or not isinstance(record.get("namespaces"), dict):
        raise JournalError(where, 'expected {"namespaces": {...}}')
    for name, change in record["namespaces"].items():
        if not isinstance(change, dict):
            raise JournalError(f"{where}.{name}", "expected an object")
        if "snapshot" in change:
            namespaces[name] = change["snapshot"]
            continue
        target = namespaces.get(name)
        if not isinstance(target, dict):
            raise JournalError(f"{where}.{name}", "changes to a namespace the state holds no snapshot of")
        try:
            _apply_change(target, change)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
            raise JournalError(
                f"{where}.{name}", f"malformed change ({type(error).__name__}: {error})"
            ) from None


def _apply_change(world: dict[str, Any], change: dict[str, Any]) -> None:
    header = change["header"]
    if not isinstance(header, dict) or header.get("name") != world.get("name"):
        raise ValueError("header: a header of the same namespace expected")
    world.update(header)
    ids = world["ids"]
    retired: set[str] = set(ids["retired"])
    retired.update(_strings(change["ids"]["minted"]))
    ids["random_state"] = advance_random_state(ids["random_state"], change["ids"]["draws"])
    for table, delta in change["tables"].items():
        _apply_table(world, table, delta, retired)
    ids["retired"] = sorted(retired)


def _apply_table(world: dict[str, Any], table: str, delta: dict[str, Any], retired: set[str]) -> None:
    stored = world.setdefault(table, {"fields": delta["fields"], "rows": []})
    fields = stored["fields"]
    if delta["fields"] != fields:
        raise ValueError(f"{table}: the record's fields differ from the snapshot's")
    key = fields.index(KEY_FIELD.get(table, "id"))
    rows: list[Any] = stored["rows"]
    position = {row[key]: index for index, row in enumerate(rows)}
    removed: set[int] = set()
    for deleted in _strings(delta["deleted"]):  # deletions first: a key put again is appended anew
        index = position.pop(deleted, None)
        if index is not None:
            retired.update(row_ids(table, fields, rows[index]))
            removed.add(index)
    for row in delta["rows"]:
        if not isinstance(row, list) or len(row) != len(fields):
            raise ValueError(f"{table}: a row of {len(fields)} values expected")
        index = position.get(row[key])
        if index is None:
            position[row[key]] = len(rows)
            rows.append(row)
        else:
            retired.update(row_ids(table, fields, rows[index]))
            rows[index] = row
    if removed:
        stored["rows"] = [row for index, row in enumerate(rows) if index not in removed]


def row_ids(table: str, fields: list[str], row: list[Any]) -> list[str]:
    """The ids a stored row holds (what ``snapshot.entity_ids`` counts): its own, its notes', its draft's."""
    if table == "tokens":
        return []
    values = dict(zip(fields, row, strict=True))
    held = [values["id"]]
    if table == "posts":
        held.extend(note["id"] for note in values.get("notes") or ())
    if table == "content_items" and isinstance(values.get("draft"), dict):
        held.append(values["draft"]["id"])
    return [value for value in held if isinstance(value, str)]


def advance_random_state(state: Any, draws: Any) -> list[Any]:
    """The id generator's state after ``draws`` more 64-bit draws (as ``ObjectIdFactory.new`` makes)."""
    if not isinstance(draws, int) or not 0 <= draws <= MAX_DRAWS_PER_RECORD:
        raise ValueError(f"ids.draws: expected 0..{MAX_DRAWS_PER_RECORD}")
    if draws == 0:
        return list(state)
    version, internal, gauss = state
    generator = random.Random()
    generator.setstate((version, tuple(internal), gauss))
    for _ in range(draws):
        generator.getrandbits(64)
    version, internal, gauss = generator.getstate()
    return [version, list(internal), gauss]


def _strings(values: Any) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise ValueError("expected a list of strings")
    return values
