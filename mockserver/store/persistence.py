"""The state file (``buffer-mock serve --state-file PATH``): the world survives restarts and crashes.

* On start the file is locked (an exclusive ``flock`` on a sidecar ``.<name>.lock`` next to it,
  held while the server runs): a second server on the same file refuses to start, naming
  the file and the pid holding it, instead of silently losing the first one's writes.
  A path that is not a regular file (FIFO, device, socket, directory) is refused.
* On start, an existing file is restored (every namespace it holds) instead of building the
  namespaces from the fixtures. A file that cannot be read, is not JSON, is not a buffer-mock
  state or has another format version is refused with :class:`StateFileError`: it is never
  replaced or overwritten. A missing file is created at once (so an unwritable path fails at
  start, not at the first write).
* After every request that changed a world (its ``revision`` moved, or the control API changed
  it): a namespace nobody changed is never written, so a flood of read-only namespaces costs
  no disk work;
  :meth:`StateFile.after_request` has the whole file written before the response is sent.
  Writes are atomic: a temporary file in the same directory is written, flushed and fsynced,
  then renamed over the state file, and the directory is fsynced, so after a crash the file
  holds either the previous or the new state, never half of one.
* Group commit: the encoding and the fsyncs run in a worker thread, one save at a time. A
  request waits for the first save that *starts* after its write; requests that wrote while a
  save was running share the next one. Concurrent writers thus pay for one fsync between them,
  and the event loop keeps serving while the disk works.

Each world's entities and id generator are encoded once per revision and reused until it
changes, so a write to one namespace does not re-encode the others (it does re-encode its own).

File format (version 1)::

    {"format": "buffer-mock-state", "version": 1,
     "fixtures": null | "<fixture dir loaded through /_mock/load>",
     "namespaces": {"<name>": <snapshot, see mockserver.store.snapshot>, ...}}
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import stat
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import anyio.to_thread
import orjson

from mockserver.fixtures.loader import load_fixture_dir
from mockserver.fixtures.problems import FixtureError
from mockserver.store import snapshot
from mockserver.store.namespaces import NAMESPACE_PATTERN

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
    "write_atomically",
]


class StateFileError(Exception):
    """A state file that cannot be restored (or created); the server refuses to start."""


log = logging.getLogger("buffer_mock")

STATE_FORMAT = "buffer-mock-state"
STATE_VERSION = 1
REFUSAL_ADVICE = (
    "refusing to start so the file is not overwritten; fix it, move it away, "
    "or delete it to start from the fixtures"
)


def write_atomically(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` so that a crash leaves the old or the new content, whole."""
    directory = path.parent
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    directory_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(directory_fd)
    finally:
        os.close(directory_fd)


class StateFileLock:
    """The exclusive lock on one state file, shared by every StateFile of this process.

    ``flock`` conflicts between open file descriptions even within one process, so the
    process keeps one descriptor per lock file and counts its users: restarting a server
    in-process (tests) reuses it; another process is refused.
    """

    _held: ClassVar[dict[str, tuple[int, int]]] = {}  # lock path -> (fd, users)
    _guard: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, state_path: Path) -> None:
        self.path = state_path.parent / f".{state_path.name}.lock"
        self.key = str(self.path.resolve())
        self.acquired = False

    def acquire(self) -> str | None:
        """Take the lock; None on success, else why not (another server's pid, or an OS error)."""
        with self._guard:
            held = self._held.get(self.key)
            if held is not None:
                self._held[self.key] = (held[0], held[1] + 1)
                self.acquired = True
                return None
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
            except OSError as error:
                return f"cannot create the lock file {self.path}: {error.strerror or error}"
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                return f"it is in use by another buffer-mock server (pid {holder}, lock {self.path})"
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            self._held[self.key] = (fd, 1)
            self.acquired = True
            return None

    def release(self) -> None:
        with self._guard:
            held = self._held.get(self.key)
            if not self.acquired or held is None:
                return
            self.acquired = False
            fd, users = held
            if users > 1:
                self._held[self.key] = (fd, users - 1)
                return
            del self._held[self.key]
            os.close(fd)  # closing the descriptor releases the flock


def check_regular_file(path: Path) -> str | None:
    """Why ``path`` (if it exists) cannot be a state file: a FIFO, device, socket or directory."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot read it ({error.strerror or error})"
    if not stat.S_ISREG(info.st_mode):
        return "cannot read it (not a regular file: FIFOs, devices, sockets and directories are refused)"
    return None


def remove_stale_temporaries(path: Path) -> None:
    """Temporary files a killed server left behind (they never replaced the state file)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


class StateFile:
    """One state file bound to the server's namespaces."""

    def __init__(self, path: Path, namespaces: Namespaces[Any], settings: Settings) -> None:
        self.path = Path(path)
        self.namespaces = namespaces
        self.settings = settings
        self.fixtures_path: Path | None = None  # set when /_mock/load replaced the served fixtures
        self._save_lock = threading.Lock()  # one save (encode + write) at a time, in order
        self._commit_lock = asyncio.Lock()  # one waiting group of requests at a time
        self._requested = 0  # tickets handed to requests that need a save
        self._completed = 0  # every ticket up to this one is on disk
        # what the file holds (name -> (namespace, revision)), and the snapshot body per revision
        self._written: dict[str, tuple[Namespace[Any], int]] = {}
        self._encoded: dict[str, tuple[Namespace[Any], int, bytes]] = {}
        self.saves = 0
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
        if self.path.exists() or self.path.is_symlink():
            self.restore()
            return True
        try:
            self.save()
        except OSError as error:
            raise StateFileError(f"cannot create {self.path}: {error.strerror or error}") from None
        return False

    def close(self) -> None:
        """Release the lock (the server is stopping)."""
        self.lock.release()

    def restore(self) -> None:
        document = self._read_document()
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

    def _read_document(self) -> dict[str, Any]:
        special = check_regular_file(self.path)
        if special is not None:
            raise self._refusal(special)
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise self._refusal(f"cannot read it ({error.strerror or error})") from None
        try:
            document = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise self._refusal(f"not valid JSON ({error.msg})", line=error.lineno) from None
        if not isinstance(document, dict) or document.get("format") != STATE_FORMAT:
            raise self._refusal(f'not a buffer-mock state file (no "format": "{STATE_FORMAT}")')
        version = document.get("version")
        if version != STATE_VERSION:
            raise self._refusal(
                f"state format version {version!r} is not supported "
                f"(this buffer-mock reads version {STATE_VERSION})"
            )
        if not isinstance(document.get("namespaces"), dict):
            raise self._refusal('"namespaces" must be an object')
        if not isinstance(document.get("fixtures"), str | None):
            raise self._refusal('"fixtures" must be a path or null')
        return document

    def _load_fixtures(self, directory: Path) -> None:
        try:
            data = load_fixture_dir(directory)
        except FixtureError as error:
            raise self._refusal(
                f"it was saved over the fixtures at {directory} (from /_mock/load), "
                f"which no longer load: {error.problems[0]}"
            ) from None
        self.namespaces.load(data)
        self.fixtures_path = directory

    def _refusal(self, reason: str, line: int = 1) -> StateFileError:
        """``PATH:LINE: reason; advice`` (the file is written on one line, so mostly line 1)."""
        return StateFileError(f"{self.path}:{line}: {reason}; {REFUSAL_ADVICE}")

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
                return  # a save that started after this request's write has finished
            covered = self._requested
            await anyio.to_thread.run_sync(self.save)
            self._completed = max(self._completed, covered)

    def save(self) -> None:
        """Write every namespace now (blocking); also used after control-API changes (reset, load, clock)."""
        with self._save_lock:
            self._save_locked()

    def _save_locked(self) -> None:
        members: list[bytes] = []
        written: dict[str, tuple[Namespace[Any], int]] = {}
        encoded: dict[str, tuple[Namespace[Any], int, bytes]] = {}
        for name in self.namespaces.names():
            namespace = self.namespaces.find(name)
            if namespace is None or not (namespace.touched or name in self._written):
                continue  # untouched namespaces are never persisted
            with namespace.lock:
                revision = namespace.revision
                cached = self._encoded.get(name)
                if cached is not None and cached[0] is namespace and cached[1] == revision:
                    body = cached[2]
                else:
                    body = snapshot.encode_body(namespace.world)
                members.append(snapshot.dumps(name) + b":" + snapshot.encode_namespace(namespace, body))
            written[name] = (namespace, revision)
            encoded[name] = (namespace, revision, body)
        header = {
            "format": STATE_FORMAT,
            "version": STATE_VERSION,
            "fixtures": str(self.fixtures_path) if self.fixtures_path is not None else None,
        }
        payload = snapshot.dumps(header)[:-1] + b',"namespaces":{' + b",".join(members) + b"}}"
        write_atomically(self.path, payload)
        self._written = written
        self._encoded = encoded
        self.saves += 1


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
