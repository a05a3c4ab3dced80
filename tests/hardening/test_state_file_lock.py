"""A state file is held with an exclusive lock: a second server on it refuses to start."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver.app import build_namespaces
from mockserver.fixtures.loader import load_fixture_dir
from mockserver.settings import Settings
from mockserver.store.persistence import StateFile, StateFileError, StateFileLock
from tests.hardening.broken_files import SMALL_WORLD
from tests.integration.live_server import HOST, LiveServer, free_port, serve_command


@pytest.fixture
def first_server(tmp_path: Path) -> Iterator[tuple[LiveServer, Path]]:
    state = tmp_path / "state.json"
    server = LiveServer(["--fixtures", str(SMALL_WORLD), "--state-file", str(state)], tmp_path)
    server.start()
    yield server, state
    server.stop()


def test_second_server_on_the_same_state_file_exits_2_naming_the_file(
    first_server: tuple[LiveServer, Path],
) -> None:
    server, state = first_server
    before = state.read_bytes()
    second = subprocess.run(
        [
            *serve_command(),
            "--host",
            HOST,
            "--port",
            str(free_port()),
            "--fixtures",
            str(SMALL_WORLD),
            "--state-file",
            str(state),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 2
    assert str(state) in second.stderr and "in use by another buffer-mock server" in second.stderr
    assert f"pid {server.process.pid}" in second.stderr  # type: ignore[union-attr]
    assert "Traceback" not in second.stderr
    assert state.read_bytes() == before
    assert server.exit_code() is None  # the first one keeps serving


def test_the_lock_is_released_when_the_server_stops(first_server: tuple[LiveServer, Path]) -> None:
    server, state = first_server
    server.stop()
    again = LiveServer(["--fixtures", str(SMALL_WORLD), "--state-file", str(state)], state.parent)
    again.start()
    again.stop()


def test_in_process_restarts_share_the_lock_and_release_it_on_close(tmp_path: Path) -> None:
    settings = Settings()
    data = load_fixture_dir(SMALL_WORLD)
    path = tmp_path / "state.json"
    first = StateFile(path, build_namespaces(settings, data), settings)
    first.open()
    second = StateFile(path, build_namespaces(settings, data), settings)
    second.open()  # same process: a restart, not a second server
    first.close()
    second.close()
    assert first.lock.key not in StateFileLock._held  # every user gone: the flock is released


def test_a_fifo_as_state_file_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    path = tmp_path / "state.json"
    os.mkfifo(path)
    settings = Settings()
    state_file = StateFile(path, build_namespaces(settings, load_fixture_dir(SMALL_WORLD)), settings)
    with pytest.raises(StateFileError, match="not a regular file"):
        state_file.open()
