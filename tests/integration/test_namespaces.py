"""Namespaces: the namespace header selects an isolated copy of the world, created on first use."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest

from mockserver import errors
from mockserver.store.namespaces import MSG_BAD_NAMESPACE
from tests.integration.live_server import (
    LiveServer,
    all_posts,
    create_post_input,
    roomy_client,
    roomy_server,
    run_in_threads,
    send_create_post,
)

WRITERS = 4
POSTS_PER_WRITER = 60
JOIN_SECONDS = 120


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, list[str]]]:
    workdir = tmp_path_factory.mktemp("namespaces")
    live, channels = roomy_server(workdir, channels=2)
    try:
        yield live.start(), channels
    finally:
        live.kill()


def write_drafts(url: str, channel: str, namespace: str, written: list[str], failures: list[str]) -> None:
    with roomy_client(url) as client:
        client.headers["x-buffer-mock-namespace"] = namespace
        for number in range(POSTS_PER_WRITER):
            values = create_post_input(channel, f"{namespace} {number}", queued=False)
            response = send_create_post(client, values)
            payload = response.json().get("data") if response.status_code == 200 else None
            if not payload or payload["createPost"]["__typename"] != "PostActionSuccess":
                failures.append(response.text)
                return
            written.append(payload["createPost"]["post"]["id"])


def test_parallel_writers_in_different_namespaces_never_see_each_other(
    server: tuple[LiveServer, list[str]],
) -> None:
    live, channels = server
    names = [f"isolated-{index}" for index in range(WRITERS)]
    written: dict[str, list[str]] = {name: [] for name in names}
    failures: list[str] = []
    run_in_threads(
        [
            functools.partial(write_drafts, live.url, channels[0], name, written[name], failures)
            for name in names
        ],
        JOIN_SECONDS,
    )
    assert failures == []
    with roomy_client(live.url) as client:
        for name in names:
            seen = sorted(post["id"] for post in all_posts(client, namespace=name))
            assert seen == sorted(written[name])
            assert len(seen) == POSTS_PER_WRITER
        assert all_posts(client, namespace="isolated-unused") == []
        health = client.get("/_mock/health").json()
    assert set(names) <= set(health["namespaces"])


def test_namespace_is_created_on_its_first_graphql_request(server: tuple[LiveServer, list[str]]) -> None:
    live, _ = server
    with roomy_client(live.url) as client:
        assert "first-use" not in client.get("/_mock/health").json()["namespaces"]
        client.headers["x-buffer-mock-namespace"] = "first-use"
        assert client.post("/graphql", json={"query": "{ account { id } }"}).status_code == 200
        assert "first-use" in client.get("/_mock/health").json()["namespaces"]


def test_ids_are_unique_across_namespaces_and_repeat_after_a_reset(
    server: tuple[LiveServer, list[str]],
) -> None:
    live, channels = server
    first_ids = []
    with roomy_client(live.url) as client:
        for name in ("twin-a", "twin-b", "twin-a"):
            client.headers["x-buffer-mock-namespace"] = name
            client.post("/_mock/reset", params={"namespace": name, "clock": "reset"})
            body = send_create_post(client, create_post_input(channels[1], "twin", queued=True)).json()
            first_ids.append(body["data"]["createPost"]["post"]["id"])
    assert first_ids[0] != first_ids[1]  # two namespaces never mint the same id
    assert first_ids[0] == first_ids[2]  # a namespace rebuilt from the fixtures mints the same again


@pytest.mark.parametrize("name", ["has space", "-leading-dash", "x" * 65, "slash/name"])
def test_graphql_request_with_an_invalid_namespace_is_a_400(
    server: tuple[LiveServer, list[str]], name: str
) -> None:
    live, _ = server
    with roomy_client(live.url) as client:
        response = client.post(
            "/graphql", json={"query": "{ account { id } }"}, headers={"x-buffer-mock-namespace": name}
        )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": MSG_BAD_NAMESPACE, "extensions": {"code": errors.BAD_REQUEST}}]
    }
