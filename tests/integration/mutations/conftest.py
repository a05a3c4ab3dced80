"""Fixtures of the mutation tests: the mutation world and a client on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from mockserver.fixtures.loader import WorldData, load_fixture_dir
from tests.conftest import GraphQLClient, frozen_settings
from tests.integration.mutations.support import NOW, OWNER, WORLD_DIR, MutationClient


@pytest.fixture(scope="session")
def mutation_world() -> WorldData:
    return load_fixture_dir(WORLD_DIR)


@pytest.fixture
def api(make_client: Callable[..., GraphQLClient], mutation_world: WorldData) -> Iterator[MutationClient]:
    """The mutation world as Olivia (owner of Main), clock frozen at 2026-11-15T12:00Z."""
    yield MutationClient(make_client(frozen_settings(clock_start=NOW), mutation_world, token=OWNER))
