"""Buffer's official CLI (npm ``@bufferapp/cli``, pinned in ``package.json``), run unchanged against
a real ``buffer-mock serve`` subprocess.

How the CLI is pointed at the mock, without touching its code:

* API commands take the hidden ``--api-url <url>`` option (the CLI still appends ``/graphql``);
  ``buffer doctor`` has no such option and reads ``apiUrl`` from the config file instead.
* The key goes in ``BUFFER_API_KEY``; ``HOME`` and ``XDG_CONFIG_HOME`` point into the test's
  temporary directory, so the user's own config never leaks in and the CLI's writes stay there.
* ``BUFFER_DISABLE_UPDATE_CHECK=1`` switches off the background npm-registry check.
* Node preloads :data:`LOOPBACK_SHIM` (``NODE_OPTIONS=--import=...``): every ``fetch`` to a host
  other than loopback fails like an offline machine and is logged, so no test depends on the
  network (``doctor``'s version check always asks the registry). With
  ``BUFFER_MOCK_REWRITE_API_ORIGIN`` set, the shim also sends ``https://api.buffer.com`` to the
  mock: ``buffer init`` ignores ``--api-url`` and ``apiUrl``, so that is the only way to run it here.

The CLI is installed on first use with ``npm ci`` (``tests/cli/node_modules`` is git-ignored);
a missing npm or a failed install fails the session, it never skips.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.live_server import LiveServer

CLI_DIR = Path(__file__).resolve().parent
CLI_BIN = CLI_DIR / "node_modules" / ".bin" / "buffer"
CLI_PACKAGE = "@bufferapp/cli"
DEFAULT_KEY = "buf_mock_default_personal_key"
ANCHOR = "2026-11-15T12:00:00Z"
CLI_TIMEOUT_S = 60.0
INSTALL_TIMEOUT_S = 600.0
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

LOOPBACK_SHIM = """\
// Preloaded into the Buffer CLI by the buffer-mock tests: loopback-only networking.
import { appendFileSync } from "node:fs";
const realFetch = globalThis.fetch;
const rewriteTo = process.env.BUFFER_MOCK_REWRITE_API_ORIGIN;
const blockedLog = process.env.BUFFER_MOCK_BLOCKED_LOG;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
globalThis.fetch = async (input, init) => {
  let url = new URL(input instanceof Request ? input.url : String(input));
  if (rewriteTo && url.origin === "https://api.buffer.com") {
    url = new URL(url.pathname + url.search, rewriteTo);
    input = url.toString();
  }
  if (!LOOPBACK.has(url.hostname)) {
    if (blockedLog) appendFileSync(blockedLog, url.toString() + "\\n");
    throw new TypeError(`blocked by the buffer-mock test harness: ${url.origin} is not loopback`);
  }
  return realFetch(input, init);
};
"""


# --- installing the CLI ----------------------------------------------------------------------------


@contextlib.contextmanager
def install_lock() -> Iterator[None]:
    """One installer at a time across pytest-xdist workers (POSIX file lock; no-op elsewhere)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    digest = hashlib.sha1(str(CLI_DIR).encode()).hexdigest()[:12]
    lock_path = Path(tempfile.gettempdir()) / f"buffer-mock-cli-install-{digest}.lock"
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def pinned_version() -> str:
    manifest = json.loads((CLI_DIR / "package.json").read_text(encoding="utf-8"))
    return str(manifest["dependencies"][CLI_PACKAGE])


def installed_version() -> str | None:
    manifest = CLI_DIR / "node_modules" / CLI_PACKAGE / "package.json"
    if not CLI_BIN.exists() or not manifest.exists():
        return None
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


def install_cli() -> Path:
    """``tests/cli/node_modules/.bin/buffer``, running ``npm ci`` first unless the pinned version is there."""
    with install_lock():
        if installed_version() == pinned_version():
            return CLI_BIN
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            missing = " and ".join(tool for tool in ("node", "npm") if shutil.which(tool) is None)
            pytest.fail(
                f"tests/cli runs Buffer's official CLI, which needs Node.js 20+ and npm on PATH: "
                f"{missing} not found; install Node.js, then rerun",
                pytrace=False,
            )
        has_lock = (CLI_DIR / "package-lock.json").exists()
        command = [npm, "ci" if has_lock else "install", "--no-audit", "--no-fund"]
        try:
            result = subprocess.run(
                command, cwd=CLI_DIR, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired:
            pytest.fail(
                f"`{' '.join(command)}` in {CLI_DIR} took over {INSTALL_TIMEOUT_S:.0f}s", pytrace=False
            )
        if result.returncode != 0 or installed_version() != pinned_version():
            pytest.fail(
                f"`{' '.join(command)}` in {CLI_DIR} failed (exit {result.returncode}); "
                f"is the npm registry reachable?\n{result.stdout}\n{result.stderr}",
                pytrace=False,
            )
        return CLI_BIN


@pytest.fixture(scope="session")
def cli_binary() -> Path:
    return install_cli()


# --- the mock --------------------------------------------------------------------------------------


class MockControl:
    """The running mock seen from the side: control API and direct GraphQL (the oracle)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=30.0)

    def reset(self) -> None:
        response = self.http.post("/_mock/reset")
        assert response.status_code == 200, response.text

    def set_rate_limits(self, **body: Any) -> dict[str, Any]:
        response = self.http.put("/_mock/ratelimits", json=body)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def rate_limits(self) -> dict[str, Any]:
        response = self.http.get("/_mock/ratelimits")
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def send(
        self, query: str, variables: dict[str, Any] | None = None, *, key: str = DEFAULT_KEY
    ) -> dict[str, Any]:
        """The whole JSON body of one operation sent straight to the mock (status 200 required)."""
        response = self.http.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"authorization": f"Bearer {key}"},
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def graphql(
        self, query: str, variables: dict[str, Any] | None = None, *, key: str = DEFAULT_KEY
    ) -> dict[str, Any]:
        """``data`` of one operation sent straight to the mock; insists on no errors."""
        body = self.send(query, variables, key=key)
        assert "errors" not in body, body["errors"]
        return body["data"]  # type: ignore[no-any-return]

    def close(self) -> None:
        self.http.close()


@pytest.fixture(scope="session")
def mock_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``buffer-mock serve`` on 127.0.0.1 (free port), default world, clock frozen at :data:`ANCHOR`."""
    server = LiveServer(["--clock", ANCHOR, "--freeze-clock"], tmp_path_factory.mktemp("cli-mock"))
    try:
        server.start()  # stopped below even when it never becomes healthy
        yield server
    finally:
        server.stop()


@pytest.fixture
def mock(mock_server: LiveServer) -> Iterator[MockControl]:
    """The mock, reset to its fixtures (and default rate limits) before the test."""
    control = MockControl(mock_server.url)
    control.reset()
    yield control
    control.close()


# --- the CLI ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CliResult:
    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """The ``--output json`` document on stdout."""
        assert self.stdout.strip(), f"no stdout from {self}"
        return json.loads(self.stdout)

    def json_after_prompts(self) -> Any:
        """The JSON document ending stdout, after the prompts ``init`` writes there (with ANSI codes)."""
        text = ANSI_ESCAPE.sub("", self.stdout).strip()
        lines = [line for line in text.splitlines() if line.startswith("{")]
        assert lines, f"no JSON on stdout from {self}"
        return json.loads(lines[-1])

    def error(self) -> dict[str, Any]:
        """The CLI's JSON error envelope on stderr: ``{error, code, message}``."""
        lines = [line for line in self.stderr.splitlines() if line.startswith("{")]
        assert lines, f"no JSON error on stderr from {self}"
        return json.loads(lines[-1])  # type: ignore[no-any-return]

    def __str__(self) -> str:
        return (
            f"`buffer {' '.join(self.args)}` -> exit {self.code}\n"
            f"stdout: {self.stdout[:2000]}\nstderr: {self.stderr[:2000]}"
        )


class BufferCli:
    """Runs the official ``buffer`` binary against the mock with an isolated home directory."""

    def __init__(self, binary: Path, api_url: str, home: Path, shim: Path) -> None:
        self.binary = binary
        self.api_url = api_url
        self.home = home
        self.shim = shim
        self.blocked_log = home / "blocked-requests.log"
        home.mkdir(parents=True, exist_ok=True)

    @property
    def config_dir(self) -> Path:
        return self.home / ".config" / "buffer"

    @property
    def config_path(self) -> Path:
        return self.config_dir / "config.json"

    def write_config(self, **values: Any) -> None:
        self.config_dir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(json.dumps(values), encoding="utf-8")

    def blocked_requests(self) -> list[str]:
        """Every non-loopback URL the CLI tried to fetch (the shim refused them all)."""
        if not self.blocked_log.exists():
            return []
        return self.blocked_log.read_text(encoding="utf-8").split()

    def environment(self, key: str | None, update_check: bool, rewrite_api: bool) -> dict[str, str]:
        replaced = ("NODE_OPTIONS", "HOME", "XDG_CONFIG_HOME")
        inherited = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith("BUFFER_") and name not in replaced
        }
        env = {
            **inherited,
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "NODE_OPTIONS": f"--import={self.shim.as_uri()}",
            "BUFFER_MOCK_BLOCKED_LOG": str(self.blocked_log),
            "NO_COLOR": "1",
        }
        if key is not None:
            env["BUFFER_API_KEY"] = key
        if not update_check:
            env["BUFFER_DISABLE_UPDATE_CHECK"] = "1"
        if rewrite_api:
            env["BUFFER_MOCK_REWRITE_API_ORIGIN"] = self.api_url
        return env

    def run(
        self,
        *args: str,
        key: str | None = DEFAULT_KEY,
        api_url: bool = True,
        stdin: str | None = None,
        update_check: bool = False,
        rewrite_api: bool = False,
    ) -> CliResult:
        """``buffer <args> [--api-url <mock>] --output json``.

        ``api_url=False`` for commands without that option (doctor, init, config) or to rely on
        the config file; ``rewrite_api`` routes the CLI's hard-coded default URL to the mock.
        """
        command = [str(self.binary), *args]
        if api_url:
            command += ["--api-url", self.api_url]
        command += ["--output", "json"]
        completed = subprocess.run(
            command,
            cwd=self.home,
            env=self.environment(key, update_check, rewrite_api),
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT_S,
            check=False,
        )
        return CliResult(tuple(command[1:]), completed.returncode, completed.stdout, completed.stderr)


@pytest.fixture(scope="session")
def loopback_shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("node-shim") / "loopback_only.mjs"
    path.write_text(LOOPBACK_SHIM, encoding="utf-8")
    return path


@pytest.fixture
def cli(cli_binary: Path, mock: MockControl, loopback_shim: Path, tmp_path: Path) -> BufferCli:
    """The official CLI aimed at a freshly reset mock, with its own empty home directory."""
    return BufferCli(cli_binary, mock.url, tmp_path / "home", loopback_shim)
