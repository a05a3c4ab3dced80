"""Re-run mutation tests over a state file, then prove its journal replays to the live worlds.

A module that calls :func:`rerun` collects the test functions of the named modules again, with a
``make_client`` fixture whose apps write ``--state-file``. After each test, every namespace the
file holds is restored from disk (snapshot plus journal) and compared with the live world it was
written from: a write the journal missed (an entity changed without its write method naming it)
fails here, naming the namespace.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mockserver.app import create_app
from mockserver.fixtures.loader import WorldData
from mockserver.settings import Settings
from mockserver.store import journal, snapshot
from mockserver.store.persistence import read_state
from tests.conftest import DEFAULT_KEY, GraphQLClient, frozen_settings


def rerun(namespace: dict[str, Any], modules: list[ModuleType]) -> None:
    """Put every ``test_*`` function of ``modules`` into ``namespace`` (a test module's globals)."""
    for module in modules:
        short = module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
        for name, value in vars(module).items():
            if name.startswith("test_") and callable(value):
                namespace[f"test_journal_{short}__{name.removeprefix('test_')}"] = value


def assert_journal_replays_to_the_live_worlds(client: TestClient) -> None:
    app: Any = client.app
    state_file = app.state.persistence
    document = read_state(state_file.path)
    capabilities = app.state.namespaces.capabilities_for(app.state.namespaces.fixtures)
    for name in app.state.namespaces.names():
        live = app.state.namespaces.find(name)
        if live is None or not live.touched:
            continue
        assert name in document["namespaces"], f"namespace {name} changed but is not in the state file"
        saved = document["namespaces"][name]
        # ids drawn by a request that changed nothing (a refused create) go with the next record
        saved["ids"]["random_state"] = journal.advance_random_state(
            saved["ids"]["random_state"], live.world.ids.draws
        )
        saved["ids"]["retired"] = sorted({*saved["ids"]["retired"], *live.world.ids.minted})
        restored = snapshot.restore_namespace(saved, settings=state_file.settings, capabilities=capabilities)
        replayed = snapshot.snapshot_world(restored.world, name=restored.name)
        replayed["schema_version"] = restored.schema_version
        assert replayed == snapshot.snapshot_namespace(live), name


@pytest.fixture
def make_client(default_data: WorldData, tmp_path: Path) -> Iterator[Callable[..., GraphQLClient]]:
    """The conftest's ``make_client``, each app over a state file of its own, checked at teardown."""
    clients: list[TestClient] = []

    def make(
        settings: Settings | None = None, data: WorldData | None = None, token: str | None = DEFAULT_KEY
    ) -> GraphQLClient:
        path = tmp_path / f"state-{len(clients)}.json"
        config = (settings or frozen_settings()).model_copy(update={"state_file": path})
        client = TestClient(create_app(config, data if data is not None else default_data))
        clients.append(client)
        return GraphQLClient(client, token)

    yield make
    try:
        for client in clients:
            assert_journal_replays_to_the_live_worlds(client)
    finally:
        for client in clients:
            client.close()
