"""The content-item tests: the mutation world served with the 2026-10 schema."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from mockserver.fixtures.loader import WorldData, load_fixture_dir
from tests.conftest import GraphQLClient, frozen_settings
from tests.integration.content_items.support import ContentClient
from tests.integration.mutations.support import NOW, OWNER, WORLD_DIR


@pytest.fixture(scope="session")
def mutation_world() -> WorldData:
    return load_fixture_dir(WORLD_DIR)


@pytest.fixture
def api(make_client: Callable[..., GraphQLClient], mutation_world: WorldData) -> Iterator[ContentClient]:
    """Olivia (owner of Main) on the 2026-10 schema, clock frozen at 2026-11-15T12:00Z."""
    settings = frozen_settings(clock_start=NOW, schema_version="2026-10")
    yield ContentClient(make_client(settings, mutation_world, token=OWNER))
