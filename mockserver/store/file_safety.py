"""Files that never tear: atomic replacement, the state file's lock, regular-file checks."""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import tempfile
import threading
from pathlib import Path
from typing import ClassVar


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


def append_durably(fd: int, data: bytes) -> None:
    """Append ``data`` to an ``O_APPEND`` descriptor and have it on disk before returning."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fdatasync(fd)
