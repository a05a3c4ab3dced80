"""Fixtures shared by the integration tests: the roomy world (queues with room for many writes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.fixtures.loader import WorldData, load_fixture_dir
from tests.integration.live_server import write_roomy_world


@pytest.fixture(scope="module")
def roomy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("roomy")
    write_roomy_world(directory, channels=2)
    return directory


@pytest.fixture(scope="module")
def roomy_data(roomy_dir: Path) -> WorldData:
    return load_fixture_dir(roomy_dir)
