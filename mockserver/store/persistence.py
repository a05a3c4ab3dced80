"""The state file (``buffer-mock serve --state-file PATH``): the world survives restarts and crashes.

* On start the file is locked (an exclusive ``flock`` on a sidecar ``.<name>.lock`` next to it,
  held while the server runs): a second server on the same file refuses to start, naming
  the file and the pid holding it, instead of silently losing the first one's writes.
  A path that is not a regular file (FIFO, device, socket, directory) is refused.
* On start, an existing file is restored (every namespace it holds, with the changes its journal
  ``PATH.journal`` adds) instead of building the namespaces from the fixtures. A file that
  cannot be read, is not JSON, is not a buffer-mock state or has another format version is
  refused with :class:`StateFileError`, and so is a journal that is not one or is damaged before
  its end: neither is ever replaced or overwritten. A missing file is created at once (so an
  unwritable path fails at start, not at the first write).
* After every request that changed a world (its ``revision`` moved, or the control API changed
  it): a namespace nobody changed is never written, so a flood of read-only namespaces costs
  no disk work; :meth:`StateFile.after_request` has the change on disk before the response is
  sent. A write costs the change, not the world: the entities the store's write methods named
  (``world.touch(table, key)``) are appended to the journal as their snapshot rows (deletions
  as keys) and fsynced (:mod:`mockserver.store.journal`); a change no write method described,
  or a namespace not in the file yet, is appended whole.
* Compaction: once the journal outgrows the snapshot (and after every reset, load and clock
  change through the control API) every namespace is written to a new snapshot (a temporary
  file, flushed, fsynced, renamed over the state file, directory fsynced) under a new
  generation, then an empty journal of that generation replaces the old one. A crash between
  the two leaves a journal of the previous generation, which the new snapshot already holds:
  it is ignored. A crash mid-append leaves a torn last record: dropped (it was never answered).
* Group commit: the encoding and the fsyncs run in a worker thread, one commit at a time. A
  request waits for the first commit that *starts* after its write; requests that wrote while a
  commit was running share the next one. Concurrent writers thus pay for one fsync between them,
  and the event loop keeps serving while the disk works.

File format (version 1, with its journal: docs/state-file.md)::

    {"format": "buffer-mock-state", "version": 1, "journal": "<generation>",
     "fixtures": null | "<fixture dir loaded through /_mock/load>",
     "namespaces": {"<name>": <snapshot, see mockserver.store.snapshot>, ...}}
"""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio.to_thread

from mockserver.fixtures.loader import load_fixture_dir
from mockserver.fixtures.problems import FixtureError
from mockserver.store import journal, snapshot
from mockserver.store.file_safety import (
    StateFileLock,
    append_durably,
    check_regular_file,
    remove_stale_temporaries,
    write_atomically,
)
from mockserver.store.namespaces import NAMESPACE_PATTERN
from mockserver.store.state_reading import (
    COMPACT_MIN_BYTES,
    STATE_FORMAT,
    STATE_VERSION,
    StateFileError,
    journal_path,
    read_state,
    refusal,
)

if TYPE_CHECKING:
    from fastapi import FastAPI
    from starlette.requests import Request

    from mockserver.settings import Settings
    from mockserver.store.namespace import Namespace
    from mockserver.store.namespaces import Namespaces

__all__ = [
    "STATE_FORMAT",
    "STATE_VERSION",
    "StateFile",
    "StateFileError",
    "after_request",
    "attach_state_file",
    "read_state",
    "write_atomically",
]


class StateFile:
    """One state file (a snapshot plus its journal) bound to the server's namespaces."""

    def __init__(self, path: Path, namespaces: Namespaces[Any], settings: Settings) -> None:
        self.path = Path(path)
        self.journal_path = journal_path(self.path)
        self.namespaces = namespaces
        self.settings = settings
        self.fixtures_path: Path | None = None  # set when /_mock/load replaced the served fixtures
        self._save_lock = threading.Lock()  # one commit (encode + write) at a time, in order
        self._commit_lock = asyncio.Lock()  # one waiting group of requests at a time
        self._requested = 0  # tickets handed to requests that need a save
        self._completed = 0  # every ticket up to this one is on disk
        # what the file holds (name -> (namespace, revision)), and the snapshot body per revision
        self._written: dict[str, tuple[Namespace[Any], int]] = {}
        self._encoded: dict[str, tuple[Namespace[Any], int, bytes]] = {}
        self._journal_fd: int | None = None  # the journal, open for appending
        self._journal_start = 0  # the journal's header bytes
        self._journal_bytes = 0  # records appended since the snapshot
        self._snapshot_bytes = 0
        self.saves = 0  # commits: journal appends and snapshots
        self.compactions = 0
        self.lock = StateFileLock(self.path)

    # --- start ------------------------------------------------------------------------------
    def open(self) -> bool:
        """Lock, then restore the file when it exists (True), else create it (False).

        Raises StateFileError (and holds no lock) when the file is refused.
        """
        special = check_regular_file(self.path)
        if special is not None:
            raise self._refusal(special)
        if not self.path.parent.is_dir():
            raise StateFileError(f"cannot create {self.path}: No such directory")
        busy = self.lock.acquire()
        if busy is not None:
            raise StateFileError(f"{self.path}: {busy}; refusing to start")
        try:
            return self._open_locked()
        except BaseException:
            self.lock.release()
            raise

    def _open_locked(self) -> bool:
        remove_stale_temporaries(self.path)
        existed = self.path.exists() or self.path.is_symlink()
        if existed:
            self.restore()
        try:
            self.save()  # a fresh snapshot (the journal's changes in it) and an empty journal
        except OSError as error:
            raise StateFileError(f"cannot create {self.path}: {error.strerror or error}") from None
        return existed

    def close(self) -> None:
        """Close the journal and release the lock (the server is stopping)."""
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None
        self.lock.release()

    def restore(self) -> None:
        document = read_state(self.path)
        fixtures = document.get("fixtures")
        if fixtures is not None:
            self._load_fixtures(Path(fixtures))
        capabilities = self.namespaces.capabilities_for(self.namespaces.fixtures)  # same as new namespaces
        restored: list[snapshot.RestoredNamespace] = []
        for name, raw in document["namespaces"].items():
            if not NAMESPACE_PATTERN.match(name) or not isinstance(raw, dict) or raw.get("name") != name:
                raise self._refusal(f"namespaces.{name}: not a valid namespace entry")
            try:
                state = snapshot.restore_namespace(raw, settings=self.settings, capabilities=capabilities)
            except snapshot.SnapshotError as error:
                raise self._refusal(f"namespaces.{name}.{error}") from None
            restored.append(state)
        for state in restored:
            namespace = self.namespaces.adopt(state.name, state.world, schema_version=state.schema_version)
            self._written[namespace.name] = (namespace, namespace.revision)

    def _load_fixtures(self, directory: Path) -> None:
        try:
            data = load_fixture_dir(directory)
        except FixtureError as error:
            raise self._refusal(
                f"it was saved over the fixtures at {directory} (from /_mock/load), "
                f"which no longer load: {error.problems[0]}"
            ) from None
        self.namespaces.load(data, data_is_private=True)
        self.fixtures_path = directory

    def _refusal(self, reason: str, line: int = 1) -> StateFileError:
        return refusal(self.path, reason, line)

    # --- writes -----------------------------------------------------------------------------
    def is_saved(self, namespace: Namespace[Any]) -> bool:
        return self._written.get(namespace.name) == (namespace, namespace.revision)

    async def after_request(self, namespace: Namespace[Any]) -> None:
        """Return once the request's changes to ``namespace`` (if any) are on disk (group commit)."""
        if self.is_saved(namespace) or not (namespace.touched or namespace.name in self._written):
            return  # nothing new, or a namespace nobody has changed (never persisted)
        self._requested += 1
        ticket = self._requested
        async with self._commit_lock:
            if self._completed >= ticket:
                return  # a commit that started after this request's write has finished
            covered = self._requested
            await anyio.to_thread.run_sync(self.commit)
            self._completed = max(self._completed, covered)

    def commit(self) -> None:
        """Append what changed since the last commit to the journal (blocking); compact when due."""
        with self._save_lock:
            if self._journal_fd is None:
                self._save_locked()
                return
            changes: dict[str, tuple[Namespace[Any], int, bytes]] = {}
            for namespace in self._changed_namespaces():
                with namespace.lock:
                    changes[namespace.name] = (namespace, namespace.revision, self._change_of(namespace))
            if not changes:
                return
            members = [snapshot.dumps(name) + b":" + body for name, (_, _, body) in changes.items()]
            record = journal.frame(b'{"namespaces":{' + b",".join(members) + b"}}")
            try:
                append_durably(self._journal_fd, record)
            except BaseException:
                os.ftruncate(self._journal_fd, self._journal_bytes + self._journal_start)
                for namespace, _, _ in changes.values():
                    # drained but not on disk: the next commit writes it whole
                    namespace.world.changes.whole = True
                raise
            self._journal_bytes += len(record)
            for name, (namespace, revision, _) in changes.items():
                self._written[name] = (namespace, revision)
            self.saves += 1
            if self._journal_bytes > max(self._snapshot_bytes, COMPACT_MIN_BYTES):
                self._save_locked()

    def _changed_namespaces(self) -> list[Namespace[Any]]:
        changed = []
        for name in self.namespaces.names():
            namespace = self.namespaces.find(name)
            if namespace is None or not (namespace.touched or name in self._written):
                continue  # untouched namespaces are never persisted
            if self._written.get(name) != (namespace, namespace.revision):
                changed.append(namespace)
        return changed

    def _change_of(self, namespace: Namespace[Any]) -> bytes:
        """One namespace's journal entry: the entities its writes named, or all of it."""
        world = namespace.world
        whole, keys = world.changes.drain()
        written = self._written.get(namespace.name)
        if whole or not world.changes.tracking or written is None or written[0] is not namespace:
            return b'{"snapshot":' + self._encode_whole(namespace) + b"}"
        ids = world.ids
        draws, minted = ids.draws, ids.minted
        ids.draws, ids.minted = 0, []
        tables = {}
        for table, table_keys in keys.items():
            rows, deleted = snapshot.encode_rows(world, table, table_keys)
            tables[table] = {"fields": snapshot.FIELD_NAMES[table], "rows": rows, "deleted": deleted}
        change = {"header": snapshot.namespace_header(namespace), "ids": {"draws": draws, "minted": minted}}
        return snapshot.dumps({**change, "tables": tables})

    def _encode_whole(self, namespace: Namespace[Any]) -> bytes:
        """The namespace's snapshot (its body cached per revision); from now on its changes are tracked."""
        world = namespace.world
        cached = self._encoded.get(namespace.name)
        if cached is not None and cached[0] is namespace and cached[1] == namespace.revision:
            body = cached[2]
        else:
            body = snapshot.encode_body(world)
            self._encoded[namespace.name] = (namespace, namespace.revision, body)
        world.changes.start()
        world.ids.journaling = True
        world.ids.draws, world.ids.minted = 0, []
        return snapshot.encode_namespace(namespace, body)

    def save(self) -> None:
        """Compact now (blocking): every namespace into a new snapshot, then an empty journal.

        Also used after control-API changes (reset, load, clock)."""
        with self._save_lock:
            self._save_locked()

    def _save_locked(self) -> None:
        members: list[bytes] = []
        written: dict[str, tuple[Namespace[Any], int]] = {}
        for name in self.namespaces.names():
            namespace = self.namespaces.find(name)
            if namespace is None or not (namespace.touched or name in self._written):
                continue  # untouched namespaces are never persisted
            with namespace.lock:
                namespace.world.changes.drain()
                members.append(snapshot.dumps(name) + b":" + self._encode_whole(namespace))
                written[name] = (namespace, namespace.revision)
        self._encoded = {name: self._encoded[name] for name in written}
        generation = os.urandom(8).hex()
        header = {
            "format": STATE_FORMAT,
            "version": STATE_VERSION,
            "journal": generation,
            "fixtures": str(self.fixtures_path) if self.fixtures_path is not None else None,
        }
        payload = snapshot.dumps(header)[:-1] + b',"namespaces":{' + b",".join(members) + b"}}"
        write_atomically(self.path, payload)
        self._written = written
        self._snapshot_bytes = len(payload)
        fresh = journal.header_record(generation)
        write_atomically(self.journal_path, fresh)
        if self._journal_fd is not None:
            os.close(self._journal_fd)
        self._journal_fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0))
        self._journal_start = len(fresh)
        self._journal_bytes = 0
        self.saves += 1
        self.compactions += 1


# --- wiring into the app -----------------------------------------------------------------------


def attach_state_file(app: FastAPI, settings: Settings, namespaces: Namespaces[Any]) -> StateFile | None:
    """Open ``settings.state_file`` (restoring it) and hang it on ``app.state.persistence``."""
    state_file = StateFile(settings.state_file, namespaces, settings) if settings.state_file else None
    if state_file is not None:
        state_file.open()
    app.state.persistence = state_file
    return state_file


def state_file_of(request: Request) -> StateFile | None:
    return getattr(request.app.state, "persistence", None)


async def after_request(request: Request, namespace: Namespace[Any]) -> None:
    """The GraphQL endpoint's hook: persist ``namespace`` if the request changed it (no-op without a file).

    Await it after execution and before sending the response.
    """
    state_file = state_file_of(request)
    if state_file is not None:
        await state_file.after_request(namespace)
