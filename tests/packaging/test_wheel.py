"""The wheel works wherever it is installed: built, installed into a fresh venv, run elsewhere.

Builds the wheel from this checkout, installs it with its dependencies (from the machine's
package index or cache, pinned by ``constraints.txt``) into a new virtual environment, and
runs the commands from an unrelated directory with nothing of the checkout on the path:
``--version``, ``generate``, ``validate``, ``serve`` (first answer over HTTP) and
``contract schema`` against that server. Every step is bounded in time.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
KEY = "buf_mock_default_personal_key"


def _run(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, (
        f"{' '.join(command)} -> {result.returncode}\n{result.stdout}\n{result.stderr}"
    )
    return result


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], Path]:
    """(the venv's bin directory, a clean environment, an unrelated working directory)."""
    root = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PYTEST"))}
    env["BUFFER_MOCK_CACHE_DIR"] = "off"
    dist = root / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPOSITORY)],
        root,
        env,
        300,
    )
    wheel = next(dist.glob("buffer_mock-*.whl"))
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], root, env, 120)
    bin_dir = venv / "bin"
    constraints = str(REPOSITORY / "constraints.txt")
    _run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "-c", constraints, str(wheel)], root, env, 600
    )
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return bin_dir, env, elsewhere


def test_the_installed_package_is_not_the_checkout(installed: tuple[Path, dict[str, str], Path]) -> None:
    bin_dir, env, elsewhere = installed
    code = "import mockserver, sys; print(mockserver.__file__); print(mockserver.__version__)"
    where, version = _run([str(bin_dir / "python"), "-c", code], elsewhere, env, 60).stdout.split()
    assert not where.startswith(str(REPOSITORY)) and "site-packages" in where
    assert version == "0.1.0"


def test_version_generate_and_validate_run_from_an_unrelated_directory(
    installed: tuple[Path, dict[str, str], Path],
) -> None:
    bin_dir, env, elsewhere = installed
    cli = str(bin_dir / "buffer-mock")
    assert _run([cli, "--version"], elsewhere, env, 60).stdout.strip() == "buffer-mock 0.1.0"
    _run([cli, "generate", "--seed", "4", "--posts", "120", "--out", "world", "--quiet"], elsewhere, env, 120)
    assert _run([cli, "validate", "world"], elsewhere, env, 120).stdout.strip() == "world: ok"


def test_serve_answers_and_contract_schema_finds_no_drift_against_itself(
    installed: tuple[Path, dict[str, str], Path],
) -> None:
    bin_dir, env, elsewhere = installed
    port = _free_port()
    url = f"http://127.0.0.1:{port}/graphql"
    server = subprocess.Popen(
        [str(bin_dir / "buffer-mock"), "serve", "--port", str(port)],
        cwd=elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        answer = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                answer = httpx.post(
                    url, json={"query": "{ account { name } }"}, headers={"Authorization": f"Bearer {KEY}"}
                )
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None, f"no answer; serve exited with {server.poll()}"
        assert answer.status_code == 200 and answer.json()["data"]["account"]["name"]
        cli = str(bin_dir / "buffer-mock")
        schema = [
            "contract",
            "schema",
            "--target",
            url,
            "--baseline",
            url,
        ]
        _run([cli, *schema], elsewhere, {**env, "BUFFER_API_KEY": KEY, "BUFFER_MOCK_KEY": KEY}, 120)
    finally:
        server.terminate()
        server.wait(timeout=20)
