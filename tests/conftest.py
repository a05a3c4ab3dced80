"""Shared test fixtures: the default world, and HTTP clients over an in-process app."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mockserver.app import create_app
from mockserver.fixtures.loader import WorldData, load_fixture_dir
from mockserver.fixtures.paths import default_world_dir
from mockserver.settings import Settings

# Tests never read or write the user's fixture cache (tests of the cache pass their own directory).
os.environ.setdefault("BUFFER_MOCK_CACHE_DIR", "off")

DEFAULT_KEY = "buf_mock_default_personal_key"
ANCHOR = "2026-11-15T12:00:00Z"


@pytest.fixture(scope="session")
def default_data() -> WorldData:
    return load_fixture_dir(default_world_dir())


def frozen_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"clock_start": ANCHOR, "clock_frozen": True}
    values.update(overrides)
    return Settings(**values)


class GraphQLClient:
    """A tiny GraphQL client over a TestClient, defaulting to the default world's key."""

    def __init__(self, client: TestClient, token: str | None = DEFAULT_KEY, path: str = "/graphql") -> None:
        self.http = client
        self.token = token
        self.path = path

    def headers(self, **extra: str) -> dict[str, str]:
        headers = {"content-type": "application/json"}
        if self.token is not None:
            headers["authorization"] = f"Bearer {self.token}"
        headers.update(extra)
        return headers

    def post(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> Any:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return self.http.post(self.path, json=body, headers=self.headers(**headers))

    def data(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
        """Execute and insist on a clean 200 without errors."""
        response = self.post(query, variables, **headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]

    def as_token(self, token: str | None) -> GraphQLClient:
        return GraphQLClient(self.http, token, self.path)


@pytest.fixture
def make_client(default_data: WorldData) -> Iterator[Callable[..., GraphQLClient]]:
    clients: list[TestClient] = []

    def make(
        settings: Settings | None = None, data: WorldData | None = None, token: str | None = DEFAULT_KEY
    ) -> GraphQLClient:
        app = create_app(settings or frozen_settings(), data if data is not None else default_data)
        client = TestClient(app, raise_server_exceptions=False)
        clients.append(client)
        return GraphQLClient(client, token)

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def gql(make_client: Callable[..., GraphQLClient]) -> GraphQLClient:
    """A client on a fresh app over the default world, clock frozen at the world's anchor day."""
    return make_client()
