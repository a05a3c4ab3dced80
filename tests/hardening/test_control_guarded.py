"""The control API: loopback only by default, a Bearer token when configured, no foreign Origin,
JSON bodies only, /_mock/load only under the load roots, every number bounded."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mockserver import cli
from mockserver.app import create_app
from mockserver.fixtures.loader import WorldData
from tests.conftest import ANCHOR, DEFAULT_KEY, frozen_settings
from tests.hardening.broken_files import SMALL_WORLD, billion_laughs

TOKEN = "control-token-for-tests"
BIG = "9" * 5000


CONTROL_ROUTES = [
    ("GET", "/_mock/health"),
    ("POST", "/_mock/reset"),
    ("POST", "/_mock/load"),
    ("GET", "/_mock/clock"),
    ("POST", "/_mock/clock/freeze"),
    ("POST", "/_mock/clock/unfreeze"),
    ("POST", "/_mock/clock/set"),
    ("POST", "/_mock/clock/advance"),
    ("GET", "/_mock/requests"),
    ("DELETE", "/_mock/requests"),
    ("GET", "/_mock/ratelimits"),
    ("PUT", "/_mock/ratelimits"),
    ("DELETE", "/_mock/ratelimits"),
    ("GET", "/_mock/faults"),
    ("POST", "/_mock/faults"),
    ("DELETE", "/_mock/faults"),
    ("DELETE", "/_mock/faults/fault-1"),
]


def control_paths(client: TestClient) -> list[tuple[str, str]]:
    """The control routes this app serves (a route it lacks answers 404/405 from the catch-all)."""
    served = []
    for method, path in CONTROL_ROUTES:
        response = client.request(method, path, headers={"authorization": f"Bearer {TOKEN}"})
        if response.status_code not in (404, 405) or path.endswith("fault-1"):
            served.append((method, path))
    return served


@pytest.fixture
def app_data(default_data: WorldData) -> WorldData:
    return default_data


def client_for(data: WorldData, peer: str = "127.0.0.1", **settings: object) -> TestClient:
    return TestClient(
        create_app(frozen_settings(**settings), data), raise_server_exceptions=False, client=(peer, 50000)
    )


@pytest.fixture
def local(app_data: WorldData, tmp_path: Path) -> Iterator[TestClient]:
    with client_for(app_data, load_roots=(tmp_path,)) as client:
        yield client


def test_every_control_route_refuses_a_non_loopback_peer_without_a_token(app_data: WorldData) -> None:
    with client_for(app_data, peer="10.1.2.3") as client:
        for method, path in CONTROL_ROUTES:
            response = client.request(method, path, json={} if method in ("POST", "PUT") else None)
            assert response.status_code == 403, (method, path)
            assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_with_a_token_every_control_route_needs_the_bearer(app_data: WorldData) -> None:
    with client_for(app_data, peer="10.1.2.3", control_token=TOKEN) as client:
        assert control_paths(client) == CONTROL_ROUTES  # the list above is every control route
        for method, path in CONTROL_ROUTES:
            for header in ({}, {"authorization": "Bearer wrong-token-value"}, {"authorization": TOKEN}):
                response = client.request(method, path, headers=header)
                assert response.status_code == 401, (method, path, header)
                assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        ok = client.get("/_mock/health", headers={"authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200


def test_a_token_is_required_even_from_loopback(app_data: WorldData) -> None:
    with client_for(app_data, control_token=TOKEN) as client:
        assert client.get("/_mock/health").status_code == 401
        assert client.get("/_mock/health", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_a_foreign_origin_cannot_reset_a_namespace(local: TestClient) -> None:
    before = local.get("/_mock/requests").json()
    for origin in ("https://evil.example", "null", "http://127.0.0.1:1"):
        response = local.post("/_mock/reset", headers={"origin": origin})
        assert response.status_code == 403
        assert response.json()["errors"][0]["message"] == "Control requests from another origin are refused"
    assert local.post("/_mock/reset", headers={"origin": "http://testserver"}).status_code == 200
    assert before["namespace"] == "default"


def test_a_text_plain_body_is_refused_and_changes_nothing(local: TestClient) -> None:
    advanced = local.post(
        "/_mock/clock/advance", content=b'{"seconds": 3600}', headers={"content-type": "text/plain"}
    )
    assert advanced.status_code == 415
    assert local.get("/_mock/clock").json()["now"] == "2026-11-15T12:00:00.000Z"
    form = local.post(
        "/_mock/reset", content=b"a=b", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert form.status_code == 415


def test_load_outside_the_roots_is_one_identical_refusal_with_no_file_content(
    local: TestClient, tmp_path: Path
) -> None:
    secret = tmp_path.parent / f"outside-{tmp_path.name}"
    secret.mkdir()
    (secret / "secret.yaml").write_text("version: 1\npassword: hunter2\n")
    answers = [
        local.post("/_mock/load", json={"path": path}).json()
        for path in (
            str(secret),
            str(secret / "nope"),
            "/etc",
            "/proc/self",
            str(tmp_path / "missing"),
            str(tmp_path / ".." / secret.name),
        )
    ]
    assert all(answer == answers[0] for answer in answers)
    text = str(answers[0])
    assert "hunter2" not in text and "secret.yaml" not in text and "password" not in text
    assert answers[0]["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_load_inside_a_root_works_and_a_yaml_bomb_there_is_refused_quickly(
    local: TestClient, tmp_path: Path
) -> None:
    import shutil

    shutil.copytree(SMALL_WORLD, tmp_path / "small")
    loaded = local.post("/_mock/load", json={"path": str(tmp_path / "small")})
    assert loaded.status_code == 200 and loaded.json()["world"] == "small"
    bomb = tmp_path / "bomb"
    shutil.copytree(SMALL_WORLD, bomb)
    (bomb / "90-bomb.yaml").write_text(billion_laughs())
    began = time.monotonic()
    refused = local.post("/_mock/load", json={"path": str(bomb)})
    assert refused.status_code == 400
    assert "YAML aliases expand to more than 100000 repeated values" in refused.text
    assert time.monotonic() - began < 20


def test_load_roots_default_to_the_start_directory(
    app_data: WorldData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    shutil.copytree(SMALL_WORLD, tmp_path / "small")
    monkeypatch.chdir(tmp_path)
    with client_for(app_data) as client:
        assert client.post("/_mock/load", json={"path": "small"}).status_code == 200
        assert client.post("/_mock/load", json={"path": str(SMALL_WORLD)}).status_code == 403


@pytest.mark.parametrize(
    ("method", "path", "body", "fragment"),
    [
        ("POST", "/_mock/clock/advance", {"seconds": 1e306}, "past 2100-12-31T23:59:59.999Z"),
        ("POST", "/_mock/clock/advance", {"duration": "99999d"}, "past 2100-12-31T23:59:59.999Z"),
        ("POST", "/_mock/clock/advance", {"duration": "9" * 5000 + "d"}, "not a duration"),
        ("POST", "/_mock/clock/set", {"at": "2200-01-01T00:00:00Z"}, "outside the accepted range"),
        ("POST", "/_mock/clock/freeze", {"at": "9999-12-31T00:00:00Z"}, "outside the accepted range"),
        ("GET", f"/_mock/requests?limit={BIG}", None, "at most 9 digits"),
        ("POST", "/_mock/faults", {"kind": "latency", "latency": {"ms": 1e300}}, "at most 60000 ms"),
        (
            "POST",
            "/_mock/faults",
            {"kind": "latency", "latency": {"distribution": "uniform", "minMs": 1, "maxMs": 1e9}},
            "at most 60000 ms",
        ),
        (
            "POST",
            "/_mock/faults",
            {"kind": "drop_connection", "times": 10**12},
            "'times' must be an integer up to",
        ),
        ("PUT", "/_mock/ratelimits", {"customQuotas": {"15m": 10**15, "24h": 1, "30d": 1}}, "from 1 to"),
    ],
)
def test_absurd_numbers_are_a_400_and_the_namespace_keeps_answering(
    local: TestClient, method: str, path: str, body: object, fragment: str
) -> None:
    response = local.request(method, path, json=body)
    assert response.status_code == 400, response.text
    message = response.json()["errors"][0]["message"]
    assert fragment in message and "int_max_str_digits" not in message
    assert local.get("/_mock/clock").status_code == 200
    assert local.post("/_mock/reset").status_code == 200


def test_a_non_loopback_host_without_a_token_disables_the_control_api(app_data: WorldData) -> None:
    with client_for(app_data, host="0.0.0.0") as client:
        assert client.get("/_mock/health").status_code in (401, 404)
        for method, path in CONTROL_ROUTES:  # nothing served: the catch-all's 404 for an API key
            answer = client.request(method, path, headers={"authorization": f"Bearer {DEFAULT_KEY}"})
            assert (
                answer.status_code == 404
                and answer.json()["errors"][0]["message"] == f"Cannot {method} {path}"
            )
    with client_for(app_data, host="0.0.0.0", control_token=TOKEN) as client:
        assert client.get("/_mock/health", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_serve_on_all_interfaces_warns_and_says_the_control_api_is_off(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mockserver.http.server.run", lambda *args, **kwargs: None)
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "0", "--clock", ANCHOR]) == cli.EXIT_OK
    captured = capsys.readouterr()
    assert "warning: --host 0.0.0.0 exposes the mock" in captured.err
    assert "Control:  disabled: --host 0.0.0.0 is not loopback and no --control-token is set" in captured.out


def test_the_control_token_comes_from_the_environment_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from mockserver.settings import Settings

    monkeypatch.setenv("BUFFER_MOCK_CONTROL_TOKEN", TOKEN)
    monkeypatch.setenv("BUFFER_MOCK_LOAD_ROOTS", "/a:/b")
    settings = Settings.from_env()
    assert settings.control_token == TOKEN
    assert [str(root) for root in settings.load_roots] == ["/a", "/b"]
