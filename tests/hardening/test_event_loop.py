"""One client's costly document or fixture load never stalls another namespace's requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mockserver.app import create_app
from mockserver.fixtures.loader import WorldData
from mockserver.http.documents import OFF_LOOP_MIN_CHARS, DocumentCache
from tests.conftest import DEFAULT_KEY, frozen_settings
from tests.hardening.broken_files import SMALL_WORLD

AUTH = {"authorization": f"Bearer {DEFAULT_KEY}"}
COSTLY = "{ account { " + " ".join("id" for _ in range(3700)) + " } }"


@pytest.fixture
def client(default_data: WorldData, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(frozen_settings(load_roots=(tmp_path, SMALL_WORLD.parent)), default_data)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def probe(client: TestClient) -> int:
    response = client.post(
        "/graphql", json={"query": "{ account { id } }"}, headers={**AUTH, "x-buffer-mock-namespace": "probe"}
    )
    return response.status_code


def blocked_in_background(action: Any) -> tuple[threading.Thread, list[Any]]:
    results: list[Any] = []
    thread = threading.Thread(target=lambda: results.append(action()), daemon=True)
    thread.start()
    return thread, results


def test_costly_documents_are_prepared_in_a_worker_thread_and_small_ones_in_place(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, str]] = []
    original = DocumentCache._prepare

    def recording(self: DocumentCache, query: str, schema: Any) -> Any:
        seen.append((len(query), threading.current_thread().name))
        return original(self, query, schema)

    monkeypatch.setattr(DocumentCache, "_prepare", recording)
    client.post("/graphql", json={"query": COSTLY}, headers=AUTH)
    client.post("/graphql", json={"query": "{ account { id } }"}, headers=AUTH)
    (big, big_thread), (small, small_thread) = seen
    assert big >= OFF_LOOP_MIN_CHARS > small
    assert big_thread != small_thread and "AnyIO worker thread" in big_thread


def test_a_probe_answers_while_a_costly_document_is_being_validated(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    original = DocumentCache._prepare

    def slow(self: DocumentCache, query: str, schema: Any) -> Any:
        if query == COSTLY:
            started.set()
            release.wait(30)
        return original(self, query, schema)

    monkeypatch.setattr(DocumentCache, "_prepare", slow)
    costly, results = blocked_in_background(
        lambda: client.post("/graphql", json={"query": COSTLY}, headers=AUTH)
    )
    assert started.wait(10)
    try:
        assert probe(client) == 200  # answered while the costly one is still held
        assert not results
    finally:
        release.set()
    costly.join(30)
    assert results and results[0].status_code in (200, 400)


def test_a_probe_answers_while_fixtures_are_being_loaded(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mockserver.control.routes as control

    started, release = threading.Event(), threading.Event()
    original = control.load_fixture_dir

    def slow(path: Path, *limits: Any) -> Any:
        started.set()
        release.wait(30)
        return original(path, *limits)

    monkeypatch.setattr(control, "load_fixture_dir", slow)
    load, results = blocked_in_background(lambda: client.post("/_mock/load", json={"path": str(SMALL_WORLD)}))
    assert started.wait(10)
    try:
        assert probe(client) == 200
        assert not results
    finally:
        release.set()
    load.join(30)
    assert results and results[0].status_code == 200
