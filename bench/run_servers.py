"""The servers ``run.py`` measures (the mock, the baselines, graphql-faker) and the wrk load it drives."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
NODE_DIR = BENCH / ".node"
WORLDS_DIR = BENCH / ".worlds"
KEY = "buf_mock_default_personal_key"
CONNECTIONS = 8
NO_CACHE = {"BUFFER_MOCK_RESPONSE_CACHE": "false"}
PY = sys.executable
BUFFER_MOCK = str(Path(PY).parent / "buffer-mock")
ACCOUNT = {"query": "{ account { id } }"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def post_json(port: int, body: object, path: str = "/graphql", timeout: float = 5.0) -> tuple[int, object]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json", "authorization": f"Bearer {KEY}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def rss_kb(pid: int) -> int:
    """Resident set of the process and its children (granian runs workers)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    name: str
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path = ROOT
    probe: object = field(default_factory=lambda: ACCOUNT)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    startup_s: float = 0.0
    startup_cpu_s: float = 0.0  # CPU the server process used until its first answer
    missing: str | None = None

    def start(self, timeout: float = 120.0) -> Server:
        self.port = free_port()
        command = [part.replace("{port}", str(self.port)) for part in self.command]
        started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            cwd=self.cwd,
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                error = (self.process.stderr.read() if self.process.stderr else b"").decode()[-600:]
                self.missing = f"exited at start: {error.strip() or self.process.returncode}"
                return self
            try:
                status, _ = post_json(self.port, self.probe, timeout=2)
                if status == 200:
                    self.startup_s = time.perf_counter() - started
                    self.startup_cpu_s = cpu_seconds(self.process.pid)
                    return self
            except OSError:
                pass
            time.sleep(0.02)
        self.missing = "did not answer within the start-up timeout"
        return self

    def rss_mb(self) -> float:
        return rss_kb(self.process.pid) / 1024 if self.process else 0.0

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def mock(name: str, *extra: str, env: dict[str, str] | None = None) -> Server:
    return Server(name, [BUFFER_MOCK, "serve", "--port", "{port}", *extra], env=env or {})


def baseline(kind: str) -> Server:
    return Server(kind, [PY, str(BENCH / "baselines.py"), kind, "{port}"], env={"PYTHONPATH": str(BENCH)})


# 2.0.0 was published without its dist/ folder (no executable): the last release candidate works
FAKER_PACKAGE = "graphql-faker@2.0.0-rc.25"
DEPRECATED = re.compile(r'\s*@deprecated(\(reason: "(?:[^"\\]|\\.)*"\))?')


# --- graphql-faker ------------------------------------------------------------------------------------
def faker_server() -> Server:
    """graphql-faker serving the mock's SDL, installed into bench/.node on first use."""
    executable = NODE_DIR / "node_modules" / ".bin" / "graphql-faker"
    server = Server("graphql-faker", [str(executable), "--port", "{port}", str(NODE_DIR / "schema.graphql")])
    if not executable.exists():
        if shutil.which("npm") is None:
            server.missing = "npm not installed"
            return server
        NODE_DIR.mkdir(exist_ok=True)
        try:
            done = subprocess.run(
                [
                    "npm",
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--legacy-peer-deps",  # its editor's peers (React 16 and 19) send npm 11 into a loop
                    "--prefix",
                    str(NODE_DIR),
                    FAKER_PACKAGE,
                ],
                capture_output=True,
                text=True,
                timeout=90,
            )
        except subprocess.TimeoutExpired:
            server.missing = "npm install graphql-faker did not finish within 90 s"
            return server
        if done.returncode != 0 or not executable.exists():
            server.missing = f"npm install graphql-faker failed: {done.stderr.strip()[-300:]}"
            return server
    sdl = subprocess.run(
        [PY, "-c", "from graphql import print_schema; from mockserver.graphql_schema import build_schema;"
         " print(print_schema(build_schema()))"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    # graphql-faker's graphql-js predates @oneOf and deprecated input fields: both directives
    # change validation and introspection, not what a query executes
    (NODE_DIR / "schema.graphql").write_text(DEPRECATED.sub("", sdl.replace(" @oneOf", "")))
    return server


# --- load -------------------------------------------------------------------------------------------
@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    client_cpu: float  # share of one core used by wrk


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def latency_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def wrk(port: int, body: object, seconds: float) -> Load:
    script = (
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(json.dumps(body))}\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {KEY}"\n'
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    duration = f"-d{max(1, round(seconds))}s"
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", duration, "--timeout", "10s", "--latency", "-s", handle.name,
               f"http://127.0.0.1:{port}/graphql"]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    os.unlink(handle.name)
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.M))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if rps is None or "50" not in percentiles or "99" not in percentiles:
        raise RuntimeError(f"wrk failed:\n{output}")
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return Load(
        float(rps.group(1)),
        latency_ms(percentiles["50"]),
        latency_ms(percentiles["99"]),
        errors,
        (usage.ru_utime + usage.ru_stime) / wall,
    )
