"""Cassettes v2 through ``contract run``: record modes, offline replay, v1 migration, no secrets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockserver.cli import main
from mockserver.contract.anonymize import Anonymizer
from mockserver.contract.cassette_v2 import load_cassette_v2
from tests.conftest import DEFAULT_KEY

UNREACHABLE = "http://127.0.0.1:9/graphql"


@pytest.fixture(autouse=True)
def keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUFFER_API_KEY", DEFAULT_KEY)


def run(*args: str) -> int:
    return main(["contract", "run", *args])


def test_record_once_then_replay_offline_needs_no_target(
    live_mock_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cassette = tmp_path / "buffer.cassette.json"
    assert run("--mock", live_mock_url, "--target", live_mock_url, "--record", str(cassette)) == 0
    text = cassette.read_text()
    assert DEFAULT_KEY not in text and "Bearer" not in text
    data = json.loads(text)
    assert data["version"] == 2 and data["entries"]
    assert [e["operation"] for e in data["entries"]] == sorted(e["operation"] for e in data["entries"])
    # once: an existing cassette is replayed, the (unreachable) target is never asked
    assert run("--mock", live_mock_url, "--target", UNREACHABLE, "--record", str(cassette)) == 0
    assert run("--mock", live_mock_url, "--cassette", str(cassette)) == 0
    assert "OK: 88 operations" in capsys.readouterr().out
    assert cassette.read_text() == text


def test_record_all_goes_to_the_target_again(
    live_mock_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cassette = tmp_path / "c.json"
    assert run("--mock", live_mock_url, "--target", live_mock_url, "--record", str(cassette)) == 0
    assert (
        run(
            "--mock",
            live_mock_url,
            "--target",
            UNREACHABLE,
            "--record",
            str(cassette),
            "--record-mode",
            "all",
        )
        == 2
    )
    assert "127.0.0.1:9/graphql: request failed" in capsys.readouterr().err


def test_new_episodes_adds_what_is_missing_and_keeps_the_rest(live_mock_url: str, tmp_path: Path) -> None:
    cassette = tmp_path / "c.json"
    assert run("--mock", live_mock_url, "--target", live_mock_url, "--record", str(cassette)) == 0
    data = json.loads(cassette.read_text())
    kept = [e for e in data["entries"] if e["operation"] not in ("ContractAccount", "ContractIdeaGroups")]
    assert len(kept) < len(data["entries"])
    cassette.write_text(json.dumps({**data, "entries": kept}))
    args = [
        "--mock",
        live_mock_url,
        "--target",
        live_mock_url,
        "--record",
        str(cassette),
        "--record-mode",
        "new_episodes",
    ]
    assert run(*args) == 0
    assert {e["key"] for e in json.loads(cassette.read_text())["entries"]} == {
        e["key"] for e in data["entries"]
    }


def test_a_version_1_cassette_migrates_on_read(
    live_mock_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "v1.json"
    code = main(
        ["contract", "replay", "--mock", live_mock_url, "--target", live_mock_url, "--record", str(old)]
    )
    assert code == 0
    capsys.readouterr()
    assert json.loads(old.read_text())["version"] == 1
    migrated = load_cassette_v2(old)
    assert "ContractAccount" in migrated.by_operation
    assert run("--mock", live_mock_url, "--cassette", str(old), "--json", "-") == 0
    report = json.loads(capsys.readouterr().out)
    ran = [o["operation"] for o in report["operations"] if "skipped" not in o]
    assert "ContractAccount" in ran and "ContractPost" in ran
    assert any("version-1 cassette holds no schema" in note for note in report["notes"])


def test_anonymisation_is_consistent_and_keeps_metric_labels() -> None:
    anonymizer = Anonymizer("salt")
    body = {
        "account": {"id": "654ec400a3c0f068311ed4df", "email": "jo@example.com", "name": "Jo Doe"},
        "post": {
            "text": "hello world",
            "channelId": "654ec400a3c0f068311ed4df",
            "metrics": [{"type": "reactions", "name": "Reactions", "unit": "count", "value": 3.0}],
        },
        "thread": [{"text": "hello world"}],
    }
    fake = anonymizer.value(body)
    assert fake["account"]["id"] == fake["post"]["channelId"] != body["account"]["id"]
    assert len(fake["account"]["id"]) == 24
    assert fake["account"]["email"] != "jo@example.com" and "@" in fake["account"]["email"]
    assert fake["account"]["name"] != "Jo Doe"
    assert fake["post"]["text"] == fake["thread"][0]["text"] != "hello world"
    assert fake["post"]["metrics"] == body["post"]["metrics"]
    assert Anonymizer("salt").value(body) == fake
