"""Cassettes: versioned, credential-free recordings of a target's answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockserver.contract.cassette import (
    REDACTED,
    Cassette,
    CassetteError,
    Interaction,
    cassette_from_json,
    load_cassette,
    redact,
    save_cassette,
    url_without_credentials,
)


def sample() -> Cassette:
    return Cassette(
        recorded_at="2026-11-27T10:00:00Z",
        target="https://api.example.test/graphql",
        interactions=[
            Interaction(
                operation="ContractAccount",
                variables={},
                status=200,
                body={"data": {"account": {"id": "a1", "note": "key secret-key-123 echoed"}}},
                document="query ContractAccount { account { id } }",
                variable_template={},
            )
        ],
    )


def test_round_trip_keeps_every_interaction(tmp_path: Path) -> None:
    path = tmp_path / "cassette.json"
    save_cassette(path, sample())
    loaded = load_cassette(path)
    assert loaded == sample()
    assert json.loads(path.read_text())["version"] == 1


def test_saving_redacts_the_keys_wherever_they_appear(tmp_path: Path) -> None:
    path = tmp_path / "cassette.json"
    save_cassette(path, sample(), secrets=("secret-key-123",))
    text = path.read_text()
    assert "secret-key-123" not in text
    assert load_cassette(path).interactions[0].body["data"]["account"]["note"] == f"key {REDACTED} echoed"


def test_redact_walks_keys_values_and_lists() -> None:
    assert redact({"k-s": ["s", 1, None]}, ("s",)) == {f"k-{REDACTED}": [REDACTED, 1, None]}
    assert redact({"a": "b"}, ()) == {"a": "b"}


def test_target_url_loses_credentials_and_query() -> None:
    assert url_without_credentials("https://user:pw@api.example.test:8443/graphql?key=k#x") == (
        "https://api.example.test:8443/graphql"
    )


@pytest.mark.parametrize("version", [2, "1", True, 0])
def test_unknown_versions_name_the_supported_ones(version: object) -> None:
    data = sample().to_json() | {"version": version}
    with pytest.raises(CassetteError, match=r"unsupported cassette version .*; supported versions: 1$"):
        cassette_from_json(data)


def test_a_missing_version_names_the_supported_ones() -> None:
    data = sample().to_json()
    del data["version"]
    with pytest.raises(CassetteError, match=r"missing 'version'; supported versions: 1$"):
        cassette_from_json(data)


def test_an_interaction_missing_keys_names_the_required_keys() -> None:
    data = sample().to_json()
    del data["interactions"][0]["status"]
    with pytest.raises(
        CassetteError,
        match=r"interactions\[0\] lacks status; an interaction has keys operation, variables, status, body",
    ):
        cassette_from_json(data)


def test_top_level_fields_are_checked() -> None:
    with pytest.raises(CassetteError, match="'interactions' must be a list"):
        cassette_from_json(sample().to_json() | {"interactions": {}})
    with pytest.raises(CassetteError, match="a cassette is a JSON object"):
        cassette_from_json([])


def test_a_file_that_is_not_json_is_reported_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(CassetteError, match=r"broken\.json: not JSON"):
        load_cassette(path)
