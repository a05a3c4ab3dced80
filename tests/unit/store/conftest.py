from __future__ import annotations

import pytest

from mockserver.fixtures.loader import WorldData, load_fixture_dir
from tests.unit.store.worlds import SMALL_WORLD


@pytest.fixture(scope="session")
def small_data() -> WorldData:
    return load_fixture_dir(SMALL_WORLD)
