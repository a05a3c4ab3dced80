"""The control API under /_mock: health, reset, load, clock, request log, and its error answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mockserver import errors
from mockserver.app import create_app
from mockserver.control import INVALID_FIXTURES, log_entry_body, parse_duration
from mockserver.fixtures.loader import WorldData
from mockserver.settings import Settings
from mockserver.store.namespaces import MSG_BAD_NAMESPACE
from tests.integration.live_server import (
    CREATE_POST,
    READ_POST,
    ROOMY_ANCHOR,
    ROOMY_KEY,
    create_post_input,
    write_roomy_world,
)

ANCHOR_MS = 1_780_272_000_000  # 2026-06-01T00:00:00Z
HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS


@pytest.fixture
def client(roomy_data: WorldData, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(clock_start=ROOMY_ANCHOR, clock_frozen=True, load_roots=(tmp_path,))
    app = create_app(settings, roomy_data)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def channel_of(client: TestClient) -> str:
    return sorted(client.app.state.namespaces.fixtures.channels, key=lambda c: c.id)[0].id  # type: ignore[attr-defined]


def graphql(client: TestClient, query: str, variables: dict[str, Any], namespace: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {ROOMY_KEY}"}
    if namespace is not None:
        headers["x-buffer-mock-namespace"] = namespace
    response = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def create_post(client: TestClient, *, queued: bool = False, namespace: str | None = None) -> dict[str, Any]:
    values = create_post_input(channel_of(client), "hello", queued=queued)
    body = graphql(client, CREATE_POST, {"input": values}, namespace)
    assert body["data"]["createPost"]["__typename"] == "PostActionSuccess", body
    return body["data"]["createPost"]["post"]  # type: ignore[no-any-return]


def read_post(client: TestClient, post_id: str, namespace: str | None = None) -> dict[str, Any] | None:
    body = graphql(client, READ_POST, {"id": post_id}, namespace)
    return body["data"]["post"] if body.get("data") else None


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"errors"} and len(body["errors"]) >= 1, body
    return body["errors"][0]  # type: ignore[no-any-return]


# --- health and namespace selection ---------------------------------------------------------------


def test_health_reports_world_namespaces_and_version(client: TestClient) -> None:
    create_post(client, namespace="ci-1")
    body = client.get("/_mock/health").json()
    assert body["status"] == "ok" and body["world"] == "roomy" and body["namespace"] == "default"
    assert "ci-1" in body["namespaces"]
    assert body["version"] == "0.1.0" and body["stateFile"] is None


def test_query_parameter_selects_the_namespace_before_the_header(client: TestClient) -> None:
    header = {"x-buffer-mock-namespace": "from-header"}
    chosen = client.get("/_mock/health?namespace=from-query", headers=header).json()["namespace"]
    assert chosen == "from-query"
    assert client.get("/_mock/health", headers=header).json()["namespace"] == "from-header"


@pytest.mark.parametrize("where", ["query", "header"])
def test_invalid_namespace_name_is_a_400_saying_what_names_look_like(client: TestClient, where: str) -> None:
    bad = "no spaces allowed"
    if where == "query":
        response = client.get("/_mock/clock", params={"namespace": bad})
    else:
        response = client.get("/_mock/clock", headers={"x-buffer-mock-namespace": bad})
    error = error_of(response, 400)
    assert error == {"message": MSG_BAD_NAMESPACE, "extensions": {"code": errors.BAD_REQUEST}}


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/_mock/clock"), ("GET", "/_mock/requests"), ("DELETE", "/_mock/requests")]
)
def test_reading_a_namespace_that_was_never_used_is_a_404(client: TestClient, method: str, path: str) -> None:
    error = error_of(client.request(method, path, params={"namespace": "never-used"}), 404)
    assert error["extensions"]["code"] == errors.NOT_FOUND
    assert "never-used" in error["message"]
    assert "never-used" not in client.get("/_mock/health").json()["namespaces"]


def test_default_namespace_always_exists(client: TestClient) -> None:
    assert client.get("/_mock/clock").status_code == 200


def test_no_control_flag_removes_the_control_api(roomy_data: WorldData) -> None:
    app = create_app(Settings(clock_start=ROOMY_ANCHOR, clock_frozen=True, control_enabled=False), roomy_data)
    with TestClient(app) as plain:
        assert plain.get("/_mock/health").status_code == 401
        assert plain.post("/_mock/reset").status_code == 401


# --- reset ---------------------------------------------------------------------------------------------


def test_reset_throws_away_writes_of_that_namespace_only(client: TestClient) -> None:
    mine = create_post(client, namespace="mine")
    theirs = create_post(client, namespace="theirs")
    body = client.post("/_mock/reset?namespace=mine").json()
    assert body["namespace"] == "mine" and body["posts"] == 0
    assert read_post(client, mine["id"], "mine") is None
    assert read_post(client, theirs["id"], "theirs") is not None


def test_reset_keeps_the_clock_unless_asked(client: TestClient) -> None:
    client.post("/_mock/clock/advance", json={"duration": "2d"})
    kept = client.post("/_mock/reset").json()["clock"]
    assert kept["nowMs"] == ANCHOR_MS + 2 * DAY_MS
    fresh = client.post("/_mock/reset?clock=reset").json()["clock"]
    assert fresh["nowMs"] == ANCHOR_MS and fresh["frozen"] is True


def test_reset_with_an_unknown_clock_option_is_a_400(client: TestClient) -> None:
    assert "'clock'" in error_of(client.post("/_mock/reset?clock=sometimes"), 400)["message"]


# --- load ----------------------------------------------------------------------------------------------


def test_load_replaces_the_fixtures_of_every_namespace(client: TestClient, tmp_path: Path) -> None:
    post = create_post(client, namespace="ci-1")
    write_roomy_world(tmp_path / "other", channels=3, name="other world")
    response = client.post("/_mock/load", json={"path": str(tmp_path / "other")})
    assert response.status_code == 200, response.text
    assert response.json()["world"] == "other world" and response.json()["channels"] == 3
    health = client.get("/_mock/health").json()
    assert health["world"] == "other world" and health["namespaces"] == []
    assert read_post(client, post["id"], "ci-1") is None


def test_load_of_a_broken_fixture_set_lists_every_problem_and_changes_nothing(
    client: TestClient, tmp_path: Path
) -> None:
    post = create_post(client)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "world.yaml").write_text("version: 1\nchannels:\n  - id: nope\n", encoding="utf-8")
    response = client.post("/_mock/load", json={"path": str(broken)})
    assert response.status_code == 400
    problems = response.json()["errors"]
    assert len(problems) > 1
    for problem in problems:
        extensions = problem["extensions"]
        assert extensions["code"] == INVALID_FIXTURES
        where = f"{extensions['file']}:{extensions['line']}: {extensions['path']}: "
        assert problem["message"].startswith(where)
    assert client.get("/_mock/health").json()["world"] == "roomy"
    assert read_post(client, post["id"]) is not None


def test_load_of_a_missing_directory_is_refused_like_one_outside_the_load_roots(
    client: TestClient, tmp_path: Path
) -> None:
    missing = error_of(client.post("/_mock/load", json={"path": str(tmp_path / "absent")}), 403)
    outside = error_of(client.post("/_mock/load", json={"path": "/etc"}), 403)
    assert missing == outside  # nothing tells whether a path exists
    assert "absent" not in missing["message"]


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"[]",
        b'{"path": 5}',
        b'{"path": ""}',
        b'{"dir": "x"}',
        b"",
    ],
)
def test_load_with_a_bad_body_is_a_400(client: TestClient, body: bytes) -> None:
    error = error_of(
        client.post("/_mock/load", content=body, headers={"content-type": "application/json"}), 400
    )
    assert error["extensions"]["code"] == errors.BAD_REQUEST


# --- clock ---------------------------------------------------------------------------------------------


def test_clock_reports_iso_and_epoch_ms(client: TestClient) -> None:
    assert client.get("/_mock/clock").json() == {
        "namespace": "default",
        "now": "2026-06-01T00:00:00.000Z",
        "nowMs": ANCHOR_MS,
        "frozen": True,
    }


@pytest.mark.parametrize(
    ("body", "moved"),
    [({"seconds": 90}, 90_000), ({"seconds": 1.5}, 1500), ({"duration": "3d4h"}, 3 * DAY_MS + 4 * HOUR_MS)],
)
def test_clock_advances_by_seconds_or_duration(client: TestClient, body: dict[str, Any], moved: int) -> None:
    assert client.post("/_mock/clock/advance", json=body).json()["nowMs"] == ANCHOR_MS + moved


def test_advancing_the_clock_publishes_due_posts_at_once(client: TestClient) -> None:
    queued = create_post(client, queued=True)
    assert queued["status"] == "scheduled"
    client.post("/_mock/clock/advance", json={"duration": "1d"})
    namespace = client.app.state.namespaces.get("default")  # type: ignore[attr-defined]
    assert namespace.world.posts[queued["id"]].status == "sent"


def test_clock_set_freeze_and_unfreeze(client: TestClient) -> None:
    assert client.post("/_mock/clock/set", json={"at": "2026-06-03T10:00:00Z"}).json()["now"] == (
        "2026-06-03T10:00:00.000Z"
    )
    ticking = client.post("/_mock/clock/unfreeze").json()
    assert ticking["frozen"] is False and ticking["nowMs"] >= ANCHOR_MS + 2 * DAY_MS
    frozen = client.post("/_mock/clock/freeze", json={"at": "2026-07-01T00:00:00+02:00"}).json()
    assert frozen == {
        "namespace": "default",
        "now": "2026-06-30T22:00:00.000Z",
        "nowMs": frozen["nowMs"],
        "frozen": True,
    }
    assert client.post("/_mock/clock/freeze").json()["nowMs"] == frozen["nowMs"]


def test_clock_changes_apply_to_the_selected_namespace_only(client: TestClient) -> None:
    client.post("/_mock/clock/advance?namespace=late", json={"seconds": 3600})
    assert client.get("/_mock/clock?namespace=late").json()["nowMs"] == ANCHOR_MS + HOUR_MS
    assert client.get("/_mock/clock").json()["nowMs"] == ANCHOR_MS


@pytest.mark.parametrize("at", ["2026-05-31T23:59:59Z"])
def test_clock_never_moves_backwards(client: TestClient, at: str) -> None:
    for path in ("/_mock/clock/set", "/_mock/clock/freeze"):
        error = error_of(client.post(path, json={"at": at}), 400)
        assert "only moves forward" in error["message"]
    assert client.get("/_mock/clock").json()["nowMs"] == ANCHOR_MS


@pytest.mark.parametrize(
    ("path", "body", "fragment"),
    [
        ("/_mock/clock/set", b"{}", "'at' is required"),
        ("/_mock/clock/set", b'{"at": "tomorrow"}', "'at'"),
        ("/_mock/clock/set", b'{"at": "2026-07-01T10:00:00"}', "without a timezone"),
        ("/_mock/clock/set", b'{"at": 1780272000000}', "ISO 8601"),
        ("/_mock/clock/set", b"not json", "not valid JSON"),
        ("/_mock/clock/freeze", b'["2026-07-01T00:00:00Z"]', "JSON object"),
        ("/_mock/clock/advance", b'{"seconds": 5, "duration": "5s"}', "exactly one"),
        ("/_mock/clock/advance", b"{}", "exactly one"),
        ("/_mock/clock/advance", b'{"seconds": -1}', "only moves forward"),
        ("/_mock/clock/advance", b'{"seconds": "5"}', "'seconds' must be a number"),
        ("/_mock/clock/advance", b'{"seconds": true}', "'seconds' must be a number"),
        ("/_mock/clock/advance", b'{"duration": "3x"}', "not a duration"),
        ("/_mock/clock/advance", b'{"seconds": 1e300}', "past 2100-12-31T23:59:59.999Z"),
        ("/_mock/clock/advance", b'{"duration": "99999999999w"}', "past 2100-12-31T23:59:59.999Z"),
        ("/_mock/clock/advance", b'{"secs": 5}', "Unknown field(s) 'secs'"),
        ("/_mock/clock/unfreeze", b'{"at": "2026-07-01T00:00:00Z"}', "Unknown field(s) 'at'"),
    ],
)
def test_bad_clock_input_is_a_400_saying_why(
    client: TestClient, path: str, body: bytes, fragment: str
) -> None:
    error = error_of(client.post(path, content=body, headers={"content-type": "application/json"}), 400)
    assert error["extensions"] == {"code": errors.BAD_REQUEST}
    assert fragment in error["message"]
    assert client.get("/_mock/clock").json()["nowMs"] == ANCHOR_MS


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("90s", 90_000),
        ("15m", 900_000),
        ("3d4h", 3 * DAY_MS + 4 * HOUR_MS),
        ("1w", 7 * DAY_MS),
        ("4h3d", 3 * DAY_MS + 4 * HOUR_MS),
        ("250ms", 250),
        ("1m30s", 90_000),
        ("0s", 0),
    ],
)
def test_duration_parses_units_in_any_order(text: str, ms: int) -> None:
    assert parse_duration(text) == ms


@pytest.mark.parametrize("text", ["", "3", "d", "3d3d", "1.5h", "3 d", "-1h", "3y"])
def test_duration_rejects_anything_else(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


# --- request log ----------------------------------------------------------------------------------------


def test_request_log_lists_the_namespaces_requests_oldest_first(client: TestClient) -> None:
    first = create_post(client)
    create_post(client, queued=True)
    read_post(client, first["id"])
    body = client.get("/_mock/requests").json()
    assert body["namespace"] == "default" and body["total"] == 3
    entries = body["requests"]
    assert [e["operationName"] for e in entries] == ["CreatePost", "CreatePost", "ReadPost"]
    assert entries[2]["variables"] == {"id": first["id"]}
    assert entries[0] | {"variables": None, "durationMs": 0} == {
        "at": "2026-06-01T00:00:00.000Z",
        "atMs": ANCHOR_MS,
        "operationName": "CreatePost",
        "variables": None,
        "status": 200,
        "durationMs": 0,
        "fault": None,
        "schemaVersion": "2026-10",
    }
    assert isinstance(entries[0]["durationMs"], float | int)


def test_request_log_limit_keeps_the_most_recent(client: TestClient) -> None:
    first = create_post(client)
    read_post(client, first["id"])
    entries = client.get("/_mock/requests?limit=1").json()["requests"]
    assert [e["operationName"] for e in entries] == ["ReadPost"]
    assert client.get("/_mock/requests?limit=0").json()["requests"] == []


def test_request_log_entries_carry_extra_gateway_fields_in_camel_case() -> None:
    entry = log_entry_body({"at": ANCHOR_MS, "operation_name": "Me", "status": 429, "rate_limited": "15m"})
    assert entry["rateLimited"] == "15m" and entry["operationName"] == "Me"
    assert entry["at"] == "2026-06-01T00:00:00.000Z" and entry["atMs"] == ANCHOR_MS


@pytest.mark.parametrize("limit", ["-1", "ten", "1.5"])
def test_request_log_with_a_bad_limit_is_a_400(client: TestClient, limit: str) -> None:
    assert "'limit'" in error_of(client.get(f"/_mock/requests?limit={limit}"), 400)["message"]


def test_request_log_is_per_namespace_and_can_be_cleared(client: TestClient) -> None:
    create_post(client, namespace="a")
    create_post(client, namespace="b")
    create_post(client, namespace="b")
    assert client.get("/_mock/requests?namespace=a").json()["total"] == 1
    assert client.delete("/_mock/requests?namespace=b").json() == {"namespace": "b", "cleared": 2}
    assert client.get("/_mock/requests?namespace=b").json()["total"] == 0
    assert client.get("/_mock/requests?namespace=a").json()["total"] == 1


# --- the gateway's routes under the same prefix --------------------------------------------------------


def test_gateway_routes_are_mounted_with_the_same_namespace_rules(client: TestClient) -> None:
    assert client.get("/_mock/ratelimits?namespace=gw").json()["namespace"] == "gw"
    assert client.get("/_mock/faults", headers={"x-buffer-mock-namespace": "gw"}).json()["namespace"] == "gw"
    error = error_of(client.get("/_mock/faults?namespace=bad%20name"), 400)
    assert error["message"] == MSG_BAD_NAMESPACE
