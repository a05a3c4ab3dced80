"""Fixtures of the fuzz suite: the executable schema, the world's ids, and fresh apps to fuzz."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from graphql import GraphQLSchema

from mockserver.fixtures.loader import WorldData
from mockserver.graphql_schema import build_schema
from tests.fuzz.harness import FuzzClient, WorldIds, world_ids


@pytest.fixture(scope="session")
def graphql_schema() -> GraphQLSchema:
    return build_schema()


@pytest.fixture(scope="session")
def default_ids(default_data: WorldData) -> WorldIds:
    return world_ids(default_data)


@pytest.fixture
def fuzz_client(default_data: WorldData) -> Iterator[Callable[[], FuzzClient]]:
    """Fresh apps over the default world (one per test keeps mutations of one test out of the next)."""
    clients: list[FuzzClient] = []

    def make() -> FuzzClient:
        client = FuzzClient(default_data)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
