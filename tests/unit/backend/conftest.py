from __future__ import annotations

import pytest

from mockserver.fixtures.loader import WorldData, load_fixture_dir
from mockserver.store.world import World
from tests.unit.store.worlds import SMALL_WORLD, fresh_world


@pytest.fixture(scope="session")
def small_data() -> WorldData:
    return load_fixture_dir(SMALL_WORLD)


@pytest.fixture
def world(small_data: WorldData) -> World:
    return fresh_world(small_data)
