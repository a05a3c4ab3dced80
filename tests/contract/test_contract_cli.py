"""``buffer-mock contract`` end to end, against a mock served by uvicorn on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest

from mockserver.cli import main
from tests.conftest import DEFAULT_KEY
from tests.reference import reference_file


def test_schema_against_the_reference_has_no_changes(
    live_mock_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUFFER_API_KEY", DEFAULT_KEY)
    reference = reference_file("buffer-api-reference.md")
    version = live_mock_url.removesuffix("/graphql") + "/_mock/schema-version"
    httpx.put(version, json={"version": "2026-08-13"}).raise_for_status()  # the reference's version
    try:
        code = main(
            [
                "contract",
                "schema",
                "--target",
                live_mock_url,
                "--reference",
                str(reference),
            ]
        )
    finally:
        httpx.put(version, json={"version": None}).raise_for_status()
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.strip().endswith("0 change(s): 0 breaking, 0 dangerous, 0 safe")


def test_schema_against_itself_as_baseline_gives_json_with_no_changes(
    live_mock_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUFFER_API_KEY", DEFAULT_KEY)
    args = ["contract", "schema", "--target", live_mock_url]
    code = main([*args, "--baseline", live_mock_url, "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["counts"] == {"BREAKING": 0, "DANGEROUS": 0, "SAFE": 0}
    assert report["changes"] == []


def test_schema_needs_exactly_one_baseline(live_mock_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contract", "schema", "--target", live_mock_url]) == 2
    assert "exactly one of --baseline URL or --reference PATH" in capsys.readouterr().err


def test_replay_records_then_replays_a_cassette_without_drift(
    live_mock_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUFFER_API_KEY", DEFAULT_KEY)
    cassette = tmp_path / "cassette.json"
    mock = ["--mock", live_mock_url]
    code = main(
        [
            "contract",
            "replay",
            *mock,
            "--target",
            live_mock_url,
            "--record",
            str(cassette),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 breaking, 0 dangerous, 0 safe" in out
    recorded = json.loads(cassette.read_text())
    assert recorded["version"] == 1
    assert recorded["target"] == live_mock_url
    assert DEFAULT_KEY not in cassette.read_text()

    code = main(["contract", "replay", *mock, "--cassette", str(cassette), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["counts"] == {"BREAKING": 0, "DANGEROUS": 0, "SAFE": 0}
    assert len(report["operations"]) == len(recorded["interactions"])


def test_replay_reports_a_bad_cassette_version_and_exits_2(
    live_mock_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cassette = tmp_path / "old.json"
    cassette.write_text(json.dumps({"version": 7, "recordedAt": "x", "target": "y", "interactions": []}))
    code = main(["contract", "replay", "--mock", live_mock_url, "--cassette", str(cassette)])
    assert code == 2
    assert "unsupported cassette version 7; supported versions: 1" in capsys.readouterr().err


def test_replay_refuses_a_corpus_with_a_mutation(
    live_mock_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "write.graphql").write_text("mutation Write { createIdea(input: {}) { __typename } }")
    args = ["contract", "replay", "--mock", live_mock_url, "--target", live_mock_url, "--ops", str(tmp_path)]
    assert main(args) == 2
    assert "write.graphql: mutation operations are refused" in capsys.readouterr().err


def test_an_unreachable_target_is_a_clear_error(
    live_mock_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["contract", "replay", "--mock", live_mock_url, "--target", "http://127.0.0.1:9/graphql"]
    assert main(args) == 2
    assert "http://127.0.0.1:9/graphql: request failed" in capsys.readouterr().err


def test_the_single_steps_write_the_same_report_formats(
    live_mock_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUFFER_API_KEY", DEFAULT_KEY)
    junit, md, page = tmp_path / "schema.xml", tmp_path / "replay.md", tmp_path / "replay.html"
    args = [
        "contract",
        "schema",
        "--target",
        live_mock_url,
        "--baseline",
        live_mock_url,
        "--junit",
        str(junit),
    ]
    assert main(args) == 0
    assert [c.get("name") for c in ET.parse(junit).iter("testcase")] == ["schema"]
    args = [
        "contract",
        "replay",
        "--mock",
        live_mock_url,
        "--target",
        live_mock_url,
        "--markdown",
        str(md),
        "--html",
        str(page),
    ]
    assert main(args) == 0
    assert md.read_text().startswith("## buffer-mock contract run") and "OK:" in md.read_text()
    assert "<!doctype html>" in page.read_text()


def test_piping_the_run_into_head_prints_no_traceback(live_mock_url: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "BUFFER_API_KEY": DEFAULT_KEY,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    command = f"{sys.executable} -m mockserver contract run --mock {live_mock_url} --target {live_mock_url} --verbose | head -n 1"
    result = subprocess.run(
        command, shell=True, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.stdout.startswith("contract run: mock")
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr, result.stderr
