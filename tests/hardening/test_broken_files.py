"""Every kind of broken fixture set and state file is refused: exit 2, ``file:line``, no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mockserver import cli
from tests.hardening.broken_files import EXPECTED, FIXTURE_CASES, SMALL_WORLD, STATE_CASES, BrokenCase

LOCATED = re.compile(r"^\S.*:\d+: ")


def test_the_catalog_holds_at_least_fifty_kinds() -> None:
    assert len(FIXTURE_CASES) + len(STATE_CASES) >= 50
    names = [case.name for case in [*FIXTURE_CASES, *STATE_CASES]]
    assert sorted(names) == sorted(EXPECTED)  # distinct, and each says what it must refuse with


def test_the_sound_small_world_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(SMALL_WORLD)]) == cli.EXIT_OK


@pytest.mark.parametrize("case", FIXTURE_CASES, ids=lambda case: case.name)
def test_broken_fixture_set_is_refused_with_file_and_line(
    case: BrokenCase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = case.build(tmp_path)
    assert cli.main(["validate", str(target)]) == cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[-1].endswith(f"in {target}")  # the summary
    assert lines[:-1] and all(LOCATED.match(line) for line in lines[:-1]), err
    assert EXPECTED[case.name] in err


@pytest.mark.parametrize("case", STATE_CASES, ids=lambda case: case.name)
def test_broken_state_file_is_refused_naming_file_and_line(
    case: BrokenCase, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = case.build(tmp_path)
    before = path.read_bytes() if path.is_file() else None

    def must_not_serve(*_: object, **__: object) -> None:
        raise AssertionError(f"the server would have started on {case.name}")

    monkeypatch.setattr("mockserver.http.server.run", must_not_serve)
    code = cli.main(["serve", "--fixtures", str(SMALL_WORLD), "--state-file", str(path), "--port", "0"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_INVALID, err
    assert "Traceback" not in err
    assert re.search(re.escape(str(path)) + r":\d+: ", err), err
    assert EXPECTED[case.name] in err
    if before is not None:
        assert path.read_bytes() == before  # a refused file is never rewritten
