"""The response cache answers identical reads again, and never with an answer that could be stale.

Every path that changes what a read would answer is proven here: a write, a reset, a load, a clock
move, a time-driven event (due publication, ingestion run), and the answer's own dependence on the
current instant. Rate limits, RateLimit headers and faults apply to cached answers as to any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mockserver.app import create_app
from mockserver.fixtures.loader import WorldData
from mockserver.http.response_cache import ResponseCache
from mockserver.settings import Settings
from tests.integration.live_server import (
    CREATE_POST,
    LIST_POSTS,
    READ_POST,
    ROOMY_ANCHOR,
    ROOMY_KEY,
    ROOMY_ORGANIZATION,
    create_post_input,
    write_roomy_world,
)

DELETE_POST = "mutation Delete($id: PostId!) { deletePost(input: {id: $id}) { __typename } }"


def make_client(data: WorldData, **settings: Any) -> TestClient:
    values: dict[str, Any] = {"clock_start": ROOMY_ANCHOR, "clock_frozen": True, **settings}
    return TestClient(create_app(Settings(**values), data), raise_server_exceptions=False)


@pytest.fixture
def client(roomy_data: WorldData) -> Iterator[TestClient]:
    with make_client(roomy_data) as test_client:
        yield test_client


def cache_of(client: TestClient) -> ResponseCache:
    cache = client.app.state.endpoint.response_cache  # type: ignore[attr-defined]
    assert cache is not None
    return cache  # type: ignore[no-any-return]


def graphql(client: TestClient, query: str, variables: dict[str, Any] | None = None, **headers: str) -> Any:
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"authorization": f"Bearer {ROOMY_KEY}", **headers},
    )
    assert response.status_code == 200, response.text
    return response


def listed_ids(client: TestClient) -> list[str]:
    body = graphql(client, LIST_POSTS, {"organizationId": ROOMY_ORGANIZATION}).json()
    return [edge["node"]["id"] for edge in body["data"]["posts"]["edges"]]


def create_post(client: TestClient, *, queued: bool = False) -> dict[str, Any]:
    channel = sorted(client.app.state.namespaces.fixtures.channels, key=lambda c: c.id)[0].id  # type: ignore[attr-defined]
    body = graphql(
        client, CREATE_POST, {"input": create_post_input(channel, "cached?", queued=queued)}
    ).json()
    assert body["data"]["createPost"]["__typename"] == "PostActionSuccess", body
    return body["data"]["createPost"]["post"]  # type: ignore[no-any-return]


def test_an_identical_read_is_answered_from_the_cache_with_the_same_body(client: TestClient) -> None:
    cache = cache_of(client)
    first = graphql(client, LIST_POSTS, {"organizationId": ROOMY_ORGANIZATION})
    hits = cache.hits
    second = graphql(client, LIST_POSTS, {"organizationId": ROOMY_ORGANIZATION})
    assert cache.hits == hits + 1
    assert second.content == first.content


def test_every_cached_answer_is_counted_and_carries_its_own_rate_limit_headers(client: TestClient) -> None:
    cache = cache_of(client)
    post_id = create_post(client)["id"]
    first = graphql(client, READ_POST, {"id": post_id})
    hits = cache.hits
    second = graphql(client, READ_POST, {"id": post_id})
    assert cache.hits == hits + 1
    assert '"100-in-15min";r=' in first.headers["ratelimit"]
    remaining = [int(r.headers["ratelimit"].split(";r=")[1].split(";")[0]) for r in (first, second)]
    assert remaining[1] == remaining[0] - 1


def test_a_write_invalidates_the_reads_it_changes(client: TestClient) -> None:
    before = listed_ids(client)
    assert listed_ids(client) == before  # cached now
    created = create_post(client)
    assert created["id"] in listed_ids(client)
    assert graphql(client, DELETE_POST, {"id": created["id"]}).json()["data"]["deletePost"]["__typename"] == (
        "DeletePostSuccess"
    )
    assert listed_ids(client) == before


def test_a_reset_invalidates_every_cached_read(client: TestClient) -> None:
    created = create_post(client)
    assert created["id"] in listed_ids(client)
    assert created["id"] in listed_ids(client)  # cached
    assert client.post("/_mock/reset").status_code == 200
    assert created["id"] not in listed_ids(client)


def test_a_load_invalidates_every_cached_read(roomy_data: WorldData, tmp_path: Path) -> None:
    with make_client(roomy_data, load_roots=(tmp_path,)) as client:
        created = create_post(client)
        assert created["id"] in listed_ids(client)
        assert created["id"] in listed_ids(client)  # cached
        write_roomy_world(tmp_path / "again", channels=2)
        response = client.post("/_mock/load", json={"path": str(tmp_path / "again")})
        assert response.status_code == 200, response.text
        assert created["id"] not in listed_ids(client)


def test_a_clock_move_invalidates_cached_reads(client: TestClient) -> None:
    cache = cache_of(client)
    post_id = create_post(client)["id"]
    graphql(client, READ_POST, {"id": post_id})
    misses = cache.misses
    assert client.post("/_mock/clock/advance", json={"duration": "1m"}).status_code == 200
    graphql(client, READ_POST, {"id": post_id})
    assert cache.misses == misses + 1
    for move, body in (("set", {"at": "2026-06-02T00:00:00Z"}), ("unfreeze", {}), ("freeze", {})):
        assert client.post(f"/_mock/clock/{move}", json=body).status_code == 200, move
        misses = cache.misses
        graphql(client, READ_POST, {"id": post_id})
        assert cache.misses == misses + 1, move


def test_a_due_publication_is_never_hidden_by_a_cached_answer(client: TestClient) -> None:
    queued = create_post(client, queued=True)
    assert graphql(client, READ_POST, {"id": queued["id"]}).json()["data"]["post"]["status"] == "scheduled"
    assert graphql(client, READ_POST, {"id": queued["id"]}).json()["data"]["post"]["status"] == "scheduled"
    client.post("/_mock/clock/advance", json={"duration": "2d"})
    assert graphql(client, READ_POST, {"id": queued["id"]}).json()["data"]["post"]["status"] == "sent"


def test_a_cached_answer_expires_at_the_next_time_driven_event_of_its_namespace(client: TestClient) -> None:
    world = client.app.state.namespaces.get("default").world  # type: ignore[attr-defined]
    queued = create_post(client, queued=True)
    graphql(client, READ_POST, {"id": queued["id"]})
    cache = cache_of(client)
    [(key, entry)] = [(k, e) for k, e in cache._entries.items() if queued["id"].encode() in k[6]]  # type: ignore[operator]
    assert entry.valid_until == world.next_event_at()
    assert entry.valid_until <= queued_due_at(world, queued["id"])
    assert cache.get(key, entry.valid_until - 1) is entry
    assert cache.get(key, entry.valid_until) is None  # never served from then on


def queued_due_at(world: Any, post_id: str) -> int:
    return int(world.posts[post_id].due_at)


def test_next_event_is_the_earliest_of_the_next_due_post_and_the_next_ingestion_run(
    client: TestClient,
) -> None:
    world = client.app.state.namespaces.get("default").world  # type: ignore[attr-defined]
    world.sync_clock()
    day = 86_400_000
    next_run = world.next_event_at()
    assert world.processed_until < next_run <= world.processed_until + day
    queued = create_post(client, queued=True)
    assert world.next_event_at() == min(next_run, queued_due_at(world, queued["id"]))


def test_an_answer_that_read_the_current_instant_is_not_kept_while_the_clock_runs(
    roomy_data: WorldData,
) -> None:
    query = "query Limits($org: OrganizationId!) { channels(input: {organizationId: $org}) { id } }"  # reads no instant: cached even while the clock runs
    with make_client(roomy_data, clock_frozen=False) as running:
        cache = cache_of(running)
        graphql(running, query, {"org": ROOMY_ORGANIZATION})
        hits = cache.hits
        graphql(running, query, {"org": ROOMY_ORGANIZATION})
        assert cache.hits == hits + 1
        channel = sorted(running.app.state.namespaces.fixtures.channels, key=lambda c: c.id)[0].id  # type: ignore[attr-defined]
        limits = "query L($id: ChannelId!) { channel(input: {id: $id}) { id isNew } }"
        graphql(running, limits, {"id": channel})
        size = len(cache)
        graphql(running, limits, {"id": channel})
        assert len(cache) == size and cache.hits == hits + 1  # re-executed, never stored


def test_faults_still_apply_to_a_read_that_is_cached(client: TestClient) -> None:
    post_id = create_post(client)["id"]
    graphql(client, READ_POST, {"id": post_id})
    graphql(client, READ_POST, {"id": post_id})
    armed = client.post(
        "/_mock/faults", json={"kind": "graphql_error", "code": "UNEXPECTED", "operation": "ReadPost"}
    )
    assert armed.status_code in (200, 201), armed.text
    body = client.post(
        "/graphql",
        json={"query": READ_POST, "variables": {"id": post_id}},
        headers={"authorization": f"Bearer {ROOMY_KEY}"},
    ).json()
    assert body["errors"][0]["extensions"]["code"] == "UNEXPECTED"


def test_actor_variables_operation_and_schema_version_each_key_their_own_answer(client: TestClient) -> None:
    cache = cache_of(client)
    ids = [create_post(client)["id"], create_post(client)["id"]]
    graphql(client, READ_POST, {"id": ids[0]})
    size = len(cache)
    graphql(client, READ_POST, {"id": ids[1]})
    graphql(client, READ_POST, {"id": ids[0]}, **{"x-buffer-mock-schema-version": "2026-08-13"})
    assert len(cache) == size + 2


def test_the_setting_turns_the_cache_off(roomy_data: WorldData) -> None:
    with make_client(roomy_data, response_cache=False) as uncached:
        assert uncached.app.state.endpoint.response_cache is None  # type: ignore[attr-defined]
        assert listed_ids(uncached) == listed_ids(uncached)
    assert Settings.from_env({"BUFFER_MOCK_RESPONSE_CACHE": "false"}).response_cache is False


def test_the_cache_is_bounded_by_bytes() -> None:
    cache = ResponseCache(max_bytes=5_000)
    for n in range(100):
        cache.put((object(), 0, 0, "t", None, f"query {n}", b"", None), 200, b"x" * 300, 10**15)
    assert 0 < cache.size_bytes <= 5_000
    assert len(cache) < 100
