"""The schema the running app serves over HTTP, and the ``buffer-mock`` command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.cli import main
from mockserver.contract.introspection import INTROSPECTION_QUERY
from mockserver.contract.reference_doc import compare_to_reference
from tests.conftest import GraphQLClient
from tests.reference import REPO_ROOT, reference_file

WORLDS = REPO_ROOT / "tests" / "fixtures" / "worlds"


def test_schema_served_over_http_matches_the_reference_exactly(gql: GraphQLClient) -> None:
    response = gql.post(INTROSPECTION_QUERY, **{"x-buffer-mock-schema-version": "2026-08-13"})
    assert response.status_code == 200
    differences = compare_to_reference(response.json(), reference_file("buffer-api-reference.md"))
    assert differences == [], "\n".join(f"{d.severity} {d.path}: {d.message}" for d in differences)


def test_introspection_needs_authentication(gql: GraphQLClient) -> None:
    assert gql.as_token(None).post("{ __typename }").status_code == 401


def test_validate_accepts_a_good_fixture_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(WORLDS / "small")]) == 0
    assert "ok" in capsys.readouterr().out


@pytest.mark.parametrize("world", ["broken", "broken_refs"])
def test_validate_lists_every_problem_with_file_and_line_and_exits_2(
    world: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(WORLDS / world)]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if ".yaml:" in line]
    assert len(lines) >= 2
    for line in lines:
        file_part, line_part, *_ = line.split(":")
        assert file_part.endswith(".yaml") and line_part.isdigit()
    assert "Traceback" not in "\n".join(lines)


def test_validate_of_a_missing_directory_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "Traceback" not in err


def test_serve_refuses_a_broken_fixture_set_without_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mockserver", "serve", "--port", "0", "--fixtures", str(WORLDS / "broken")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert ".yaml:" in result.stderr and "Traceback" not in result.stderr


def test_quotas_flag_sets_custom_quotas_per_window() -> None:
    from mockserver.cli import parse_quotas
    from mockserver.settings import Settings

    settings = Settings(rate_limit_mode="custom", custom_quotas=parse_quotas("15m=5, 30d=100"))
    assert (
        settings.custom_quotas.per_15m,
        settings.custom_quotas.per_24h,
        settings.custom_quotas.per_30d,
    ) == (
        5,
        250,
        100,
    )


@pytest.mark.parametrize("quotas", ["1h=5", "15m=five", "15m=0"])
def test_bad_quotas_flag_is_refused_before_serving(quotas: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "0", "--rate-limits", "custom", "--quotas", quotas]) == 2
    assert "Traceback" not in capsys.readouterr().err
