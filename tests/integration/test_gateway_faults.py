"""Through HTTP: faults armed with the control API, what clients see, and the request log."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from mockserver import errors
from mockserver.http.graphql_endpoint import ConnectionDropped
from tests.unit.gateway.small_world import CHANNEL_ID, PERSONAL_KEY, Gateway

ACCOUNT = "query Account { account { id } }"
CREATE_POST = """
mutation CreatePost($input: CreatePostInput!) {
  createPost(input: $input) {
    __typename
    ... on PostActionSuccess { post { id } }
    ... on MutationError { message }
  }
}"""
NEW_POST = {"channelId": CHANNEL_ID, "mode": "addToQueue", "schedulingType": "automatic", "text": "hello"}


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    gateway = Gateway()
    yield gateway
    gateway.close()


def arm(gateway: Gateway, namespace: str | None = None, **body: Any) -> dict[str, Any]:
    params = {"namespace": namespace} if namespace else None
    response = gateway.http.post("/_mock/faults", json=body, params=params)
    assert response.status_code == 201, response.text
    return response.json()["fault"]  # type: ignore[no-any-return]


def last_log_entry(gateway: Gateway) -> dict[str, Any]:
    return gateway.http.get("/_mock/requests").json()["requests"][-1]  # type: ignore[no-any-return]


@pytest.mark.parametrize("code", ["UNEXPECTED", "NOT_FOUND", "FORBIDDEN"])
def test_graphql_error_fault_answers_200_with_null_data_and_the_code(gateway: Gateway, code: str) -> None:
    fault = arm(gateway, kind="graphql_error", code=code, operation="Account", times=1)
    response = gateway.post(ACCOUNT)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": code}
    assert last_log_entry(gateway)["fault"] == [{"id": fault["id"], "kind": "graphql_error", "code": code}]
    assert gateway.post(ACCOUNT).json()["data"]["account"]["id"]  # used up after one call


def test_custom_message_is_used(gateway: Gateway) -> None:
    arm(gateway, kind="graphql_error", code="UNEXPECTED", message="Upstream timed out")
    assert gateway.post(ACCOUNT).json()["errors"][0]["message"] == "Upstream timed out"


def test_typed_mutation_error_follows_the_selection_and_writes_nothing(gateway: Gateway) -> None:
    arm(
        gateway,
        kind="mutation_error",
        typename="LimitReachedError",
        operation="createPost",
        message="You have reached the maximum number of scheduled posts.",
    )
    posts_before = len(gateway.world().posts)
    response = gateway.post(CREATE_POST, variables={"input": NEW_POST})
    assert response.status_code == 200
    member = {
        "__typename": "LimitReachedError",
        "message": "You have reached the maximum number of scheduled posts.",
    }
    assert response.json() == {"data": {"createPost": member}}
    assert len(gateway.world().posts) == posts_before
    assert last_log_entry(gateway)["fault"][0]["typename"] == "LimitReachedError"


def test_typed_mutation_error_leaves_queries_alone(gateway: Gateway) -> None:
    arm(gateway, kind="mutation_error", typename="InvalidInputError")
    assert gateway.post(ACCOUNT).json()["data"]["account"]["id"]


def test_typed_error_outside_the_payload_union_is_refused_when_armed(gateway: Gateway) -> None:
    response = gateway.http.post(
        "/_mock/faults",
        json={"kind": "mutation_error", "typename": "LimitReachedError", "operation": "deletePost"},
    )
    assert response.status_code == 400
    assert "deletePost cannot return LimitReachedError" in response.json()["errors"][0]["message"]
    query = gateway.http.post(
        "/_mock/faults", json={"kind": "mutation_error", "typename": "NotFoundError", "operation": "account"}
    )
    assert query.status_code == 400


@pytest.mark.parametrize("status", [500, 502, 503])
def test_http_error_fault_answers_the_status_with_a_buffer_shaped_body(gateway: Gateway, status: int) -> None:
    arm(gateway, kind="http_error", status=status, times=1)
    response = gateway.post(ACCOUNT)
    assert response.status_code == status
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": errors.UNEXPECTED}
    assert error["message"]
    assert "ratelimit" in response.headers  # the gateway counted it before the origin failed


def test_dropped_connection_surfaces_as_an_abort_in_process_and_is_logged() -> None:
    gateway = Gateway(raise_server_exceptions=True)
    fault = arm(gateway, kind="drop_connection", times=1)
    with pytest.raises(ConnectionDropped):
        gateway.post(ACCOUNT)
    entry = last_log_entry(gateway)
    assert entry["status"] is None
    assert entry["fault"] == [{"id": fault["id"], "kind": "drop_connection"}]
    assert gateway.post(ACCOUNT).status_code == 200


@pytest.fixture
def live_server() -> Iterator[tuple[Gateway, str]]:
    gateway = Gateway()
    server = uvicorn.Server(
        uvicorn.Config(gateway.app, host="127.0.0.1", port=0, log_level="critical", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield gateway, f"127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_dropped_connection_under_uvicorn_closes_the_socket_without_a_byte(
    live_server: tuple[Gateway, str],
) -> None:
    gateway, address = live_server
    host, port = address.split(":")
    arm(gateway, kind="drop_connection", times=2)
    body = b'{"query":"{ account { id } }"}'
    request = (
        b"POST /graphql HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\n"
        b"Authorization: Bearer "
        + PERSONAL_KEY.encode()
        + b"\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        raw.sendall(request)
        assert raw.recv(65536) == b""
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(
            f"http://{address}/graphql",
            json={"query": ACCOUNT},
            headers={"authorization": f"Bearer {PERSONAL_KEY}"},
            timeout=10,
        )
    after = httpx.post(
        f"http://{address}/graphql",
        json={"query": ACCOUNT},
        headers={"authorization": f"Bearer {PERSONAL_KEY}"},
        timeout=10,
    )
    assert after.status_code == 200


def test_fixed_latency_delays_the_answer_and_is_logged(gateway: Gateway) -> None:
    arm(gateway, kind="latency", latency={"ms": 40}, times=1)
    response = gateway.post(ACCOUNT)
    assert response.status_code == 200
    entry = last_log_entry(gateway)
    assert entry["fault"][0]["latency_ms"] == 40
    assert entry["durationMs"] >= 40


def test_seeded_probability_gives_the_same_sequence_in_two_namespaces(gateway: Gateway) -> None:
    for namespace in ("run-a", "run-b"):
        arm(gateway, namespace=namespace, kind="http_error", status=503, probability=0.4, seed=11)
    statuses = {
        ns: [gateway.post(ACCOUNT, namespace=ns).status_code for _ in range(30)] for ns in ("run-a", "run-b")
    }
    assert statuses["run-a"] == statuses["run-b"]
    assert set(statuses["run-a"]) == {200, 503}


def test_faults_belong_to_their_namespace(gateway: Gateway) -> None:
    arm(gateway, namespace="broken", kind="http_error", status=500)
    assert gateway.post(ACCOUNT, namespace="broken").status_code == 500
    assert gateway.post(ACCOUNT, namespace="healthy").status_code == 200


def test_invalid_documents_are_refused_before_any_fault(gateway: Gateway) -> None:
    arm(gateway, kind="http_error", status=500)
    assert gateway.post("{ account { nope } }").status_code == 400


def test_faults_can_be_listed_and_disarmed(gateway: Gateway) -> None:
    first = arm(gateway, kind="http_error", status=500)
    arm(gateway, kind="latency", latency={"distribution": "exponential", "meanMs": 5}, seed=3)
    listed = gateway.http.get("/_mock/faults").json()["faults"]
    assert [f["kind"] for f in listed] == ["http_error", "latency"]
    assert gateway.http.delete(f"/_mock/faults/{first['id']}").status_code == 200
    assert gateway.http.delete(f"/_mock/faults/{first['id']}").status_code == 404
    assert gateway.post(ACCOUNT).status_code == 200
    assert gateway.http.delete("/_mock/faults").json()["cleared"] == 1
    assert gateway.http.get("/_mock/faults").json()["faults"] == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "'kind' is required"),
        ({"kind": "http_error", "status": 404}, "status must be one of 500, 502, 503"),
        ({"kind": "graphql_error", "code": "OOPS"}, "code must be one of"),
        ({"kind": "latency", "latency": {"ms": "slow"}}, "'latency.ms' must be a number"),
        ({"kind": "latency", "latency": {"speed": 1}}, "Unknown latency field(s)"),
        ({"kind": "drop_connection", "times": 0}, "times must be at least 1"),
        ({"kind": "drop_connection", "probability": 2}, "probability must be in (0, 1]"),
        ({"kind": "drop_connection", "when": "now"}, "Unknown field(s)"),
    ],
)
def test_bad_fault_bodies_are_a_clear_400(gateway: Gateway, body: dict[str, Any], message: str) -> None:
    response = gateway.http.post("/_mock/faults", json=body)
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]
