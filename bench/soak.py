"""Bounded hostile traffic against a real ``buffer-mock serve`` on 127.0.0.1, for a set time.

    python bench/soak.py --duration 80 [--workers 12] [--slow-clients 40] [--seed 11]

Starts the server (short header/body deadlines so slow clients are dropped within the run),
then, for ``--duration`` seconds, sends a seeded mix of hostile requests from ``--workers``
concurrent clients: GraphQL (huge, deep and unencodable variables, unique and costly documents,
oversized number literals, broken JSON, wrong tokens, fresh namespaces), control API (absurd
clock moves, 5,000-digit limits, capped latency faults, foreign origins, text/plain bodies,
loads outside the load roots), malformed HTTP (garbage, bad request lines, oversized heads,
unknown methods, bodies cut short) and slow clients (heads and bodies dribbled a byte at a
time), plus a unique 3,700-field document every ``--costly-every`` seconds (each costs the
server about 1.5 s of validation, off its event loop). Meanwhile a probe asks
``{ account { id } }`` in its own namespace every 200 ms.

Prints the server's RSS over time, answers by class (kind, status, extensions.code), the
answers >= 500, answers that are not Buffer-shaped JSON, the slowest probe, tracebacks in the
server's log, and how long SIGTERM took. Exits 1 when a figure misses its target:
0 answers >= 500, 0 tracebacks, RSS growth <= 50 MB after warm-up, probe <= 1 s.
Nothing leaves 127.0.0.1; the run ends after ``--duration`` plus a few seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
KEY = "buf_mock_default_personal_key"
ORG = "5f0000000000000000000001"
PROBE_NAMESPACE = "probe"
RSS_TARGET_MB = 50.0
PROBE_TARGET_S = 1.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# --- a tiny HTTP/1.1 client over asyncio streams ------------------------------------------------


@dataclass
class Answer:
    status: int | None  # None: the connection ended without a status line
    body: bytes = b""
    error: str | None = None


async def exchange(port: int, raw: bytes, *, timeout: float = 20.0, dribble: float = 0.0) -> Answer:
    """Send ``raw`` on a fresh connection (a byte every ``dribble`` s if set), read one answer."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
    except (OSError, TimeoutError) as error:
        return Answer(None, error=f"connect: {type(error).__name__}")
    try:
        if dribble:
            for index in range(len(raw)):
                writer.write(raw[index : index + 1])
                await writer.drain()
                await asyncio.sleep(dribble)
                if reader.at_eof() or writer.is_closing():
                    break
        else:
            writer.write(raw)
            await writer.drain()
        return await asyncio.wait_for(read_answer(reader), timeout)
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
        return Answer(None, error=type(error).__name__)
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def read_answer(reader: asyncio.StreamReader) -> Answer:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return Answer(status, body)


def request(
    method: str,
    path: str,
    body: bytes | None = None,
    *,
    headers: dict[str, str] | None = None,
    content_type: str | None = "application/json",
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if content_type is not None and body is not None:
        lines.append(f"Content-Type: {content_type}")
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


def graphql(query: str, variables: object = None, *, token: str | None = KEY, **extra: str) -> bytes:
    payload: dict[str, object] = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    headers = dict(extra)
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return request("POST", "/graphql", json.dumps(payload).encode(), headers=headers)


def control(method: str, path: str, body: object = None, **headers: str) -> bytes:
    raw = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    return request(method, path, raw, headers=headers)


# --- the hostile mix ----------------------------------------------------------------------------


def deep(levels: int) -> object:
    value: object = 1
    for _ in range(levels):
        value = {"a": value}
    return value


def costly_document(rng: random.Random) -> str:
    fields = " ".join("id" for _ in range(3700))
    return "{ account { " + fields + " } t" + str(rng.randrange(10**9)) + ": __typename }"


BIG = "9" * 5000


def fill(template: str, value: object) -> str:
    """``template`` with its ``@`` replaced by ``value`` (GraphQL braces make %-formatting noisy)."""
    return template.replace("@", str(value))


def hostile_cases(rng: random.Random) -> list[tuple[str, int, Callable[[], bytes]]]:
    """(kind, weight, request factory)."""
    unique = lambda: rng.randrange(10**12)  # noqa: E731
    return [
        # GraphQL
        ("graphql/huge-variables", 2, lambda: graphql("{ account { id } }", {"v": "x" * 900_000})),
        ("graphql/deep-variables", 4, lambda: graphql("{ account { id } }", deep(300))),
        ("graphql/unique-document", 10, lambda: graphql(fill("{ a@: account { id } }", unique()))),
        ("graphql/unique-invalid", 10, lambda: graphql(fill('{ post(input: {id: "@"}) { id } }', unique()))),
        (
            "graphql/int-literal-5000",
            4,
            lambda: graphql(f"{{ posts(first: {BIG}) {{ edges {{ cursor }} }} }}"),
        ),
        ("graphql/float-variable", 4, lambda: graphql("query($n: Int) { account { id } }", {"n": 1e306})),
        (
            "graphql/far-datetime",
            4,
            lambda: graphql(
                fill('query($d: DateTime) { posts(input: {organizationId: "@", ', ORG)
                + "filter: {dueAt: {start: $d}}}) { edges { cursor } } }",
                {"d": "2200-01-01T00:00:00Z"},
            ),
        ),
        (
            "graphql/broken-json",
            6,
            lambda: request("POST", "/graphql", b'{"query": ', headers={"Authorization": f"Bearer {KEY}"}),
        ),
        (
            "graphql/array-body",
            3,
            lambda: request("POST", "/graphql", b"[1,2,3]", headers={"Authorization": f"Bearer {KEY}"}),
        ),
        ("graphql/bad-token", 8, lambda: graphql("{ account { id } }", token=fill("buf_nope_@", unique()))),
        (
            "graphql/anonymous-fresh-namespace",
            10,
            lambda: graphql(
                "{ account { id } }", token=None, **{"x-buffer-mock-namespace": fill("n@", unique())}
            ),
        ),
        (
            "graphql/bad-namespace",
            3,
            lambda: graphql("{ account { id } }", **{"x-buffer-mock-namespace": "../etc"}),
        ),
        (
            "graphql/long-operation-name",
            3,
            lambda: request(
                "POST",
                "/graphql",
                json.dumps({"query": "{ account { id } }", "operationName": "x" * 200_000}).encode(),
                headers={"Authorization": f"Bearer {KEY}"},
            ),
        ),
        (
            "graphql/too-large",
            2,
            lambda: request(
                "POST", "/graphql", b"{" + b" " * 1_100_000 + b"}", headers={"Authorization": f"Bearer {KEY}"}
            ),
        ),
        (
            "graphql/get-and-put",
            3,
            lambda: request(
                rng.choice(["GET", "PUT", "DELETE", "PATCH"]),
                "/graphql",
                headers={"Authorization": f"Bearer {KEY}"},
            ),
        ),
        # control API
        (
            "control/advance-1e306",
            3,
            lambda: control("POST", "/_mock/clock/advance?namespace=hostile", {"seconds": 1e306}),
        ),
        (
            "control/advance-beyond-range",
            3,
            lambda: control("POST", "/_mock/clock/advance?namespace=hostile", {"duration": "99999d"}),
        ),
        (
            "control/set-2200",
            3,
            lambda: control("POST", "/_mock/clock/set?namespace=hostile", {"at": "2200-01-01T00:00:00Z"}),
        ),
        (
            "control/limit-5000-digits",
            3,
            lambda: control("GET", f"/_mock/requests?namespace=hostile&limit={BIG}"),
        ),
        (
            "control/latency-1e300",
            3,
            lambda: control(
                "POST", "/_mock/faults?namespace=hostile", {"kind": "latency", "latency": {"ms": 1e300}}
            ),
        ),
        (
            "control/text-plain-reset",
            3,
            lambda: request("POST", "/_mock/reset?namespace=hostile", b"{}", content_type="text/plain"),
        ),
        (
            "control/foreign-origin",
            3,
            lambda: control("POST", "/_mock/reset?namespace=hostile", {}, Origin="https://evil.example"),
        ),
        (
            "control/load-outside-root",
            3,
            lambda: control(
                "POST", "/_mock/load", {"path": rng.choice(["/etc", "/nonexistent", "/proc/self"])}
            ),
        ),
        ("control/bad-json", 3, lambda: control("POST", "/_mock/clock/freeze?namespace=hostile", b"{nope")),
        (
            "control/unknown-namespace-log",
            3,
            lambda: control("GET", fill("/_mock/requests?namespace=gone@", unique())),
        ),
        ("control/options", 2, lambda: control("OPTIONS", "/_mock/reset")),
        ("control/requests", 2, lambda: control("GET", "/_mock/requests?namespace=default&limit=5")),
        # malformed HTTP
        ("http/garbage", 5, lambda: bytes(rng.randrange(256) for _ in range(64)) + b"\r\n\r\n"),
        ("http/bad-request-line", 4, lambda: b"GET\r\n\r\n"),
        ("http/http-0.9", 2, lambda: b"GET /\r\n\r\n"),
        (
            "http/huge-header",
            3,
            lambda: b"GET /graphql HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000 + b"\r\n\r\n",
        ),
        ("http/bad-header", 3, lambda: b"GET /graphql HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"),
        (
            "http/unknown-method",
            4,
            lambda: request(
                rng.choice(["TRACE", "CONNECT", "FOO", "PROPFIND"]),
                "/" + rng.choice(["graphql", "_mock/reset", "x"]),
            ),
        ),
        (
            "http/bad-chunked",
            3,
            lambda: b"POST /graphql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        ),
        (
            "http/both-lengths",
            2,
            lambda: (
                b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcde"
            ),
        ),
        ("http/unknown-path", 3, lambda: request("GET", fill("/@/../../etc/passwd", unique()))),
    ]


@dataclass
class Tally:
    answers: Counter[str] = field(default_factory=Counter)
    server_errors: Counter[str] = field(default_factory=Counter)
    not_shaped: Counter[str] = field(default_factory=Counter)
    no_answer: Counter[str] = field(default_factory=Counter)
    sent: int = 0
    after_warmup: int = 0

    def record(self, kind: str, answer: Answer) -> None:
        self.sent += 1
        if answer.status is None:
            self.no_answer[f"{kind} ({answer.error})"] += 1
            return
        code = "-"
        try:
            body = json.loads(answer.body) if answer.body else None
            if not isinstance(body, dict):
                raise ValueError("not an object")
            if "errors" in body:
                code = body["errors"][0]["extensions"]["code"]
        except (ValueError, KeyError, IndexError, TypeError):
            if answer.body:
                self.not_shaped[f"{kind} {answer.status}"] += 1
        self.answers[f"{kind} {answer.status} {code}"] += 1
        if answer.status >= 500:
            self.server_errors[f"{kind} {answer.status}"] += 1


async def slow_client(port: int, raw: bytes, kind: str, tally: Tally, dribble: float) -> None:
    tally.record(kind, await exchange(port, raw, dribble=dribble, timeout=30))


async def run_traffic(
    args: argparse.Namespace, port: int, pid: int
) -> tuple[Tally, list[float], list[tuple[float, float]]]:
    rng = random.Random(args.seed)
    cases = hostile_cases(rng)
    weights = [weight for _, weight, _ in cases]
    tally = Tally()
    probes: list[float] = []
    rss: list[tuple[float, float]] = []
    started = time.monotonic()
    until = started + args.duration
    warmup_until = started + args.duration * args.warmup

    async def worker() -> None:
        while time.monotonic() < until:
            kind, _, make = rng.choices(cases, weights)[0]
            answer = await exchange(port, make())
            tally.record(kind, answer)
            if time.monotonic() >= warmup_until:
                tally.after_warmup += 1

    async def probe() -> None:
        raw = graphql("{ account { id } }", **{"x-buffer-mock-namespace": PROBE_NAMESPACE})
        while time.monotonic() < until:
            began = time.monotonic()
            answer = await exchange(port, raw)
            elapsed = time.monotonic() - began
            if answer.status != 200:
                tally.no_answer[f"probe ({answer.status} {answer.error})"] += 1
            probes.append(elapsed)
            await asyncio.sleep(0.2)

    async def sampler() -> None:
        while time.monotonic() < until:
            rss.append((time.monotonic() - started, rss_mb(pid)))
            await asyncio.sleep(2.0)
        rss.append((time.monotonic() - started, rss_mb(pid)))

    async def costly() -> None:
        """A unique 3,700-field document (about 1.5 s of validation) every ``--costly-every`` s."""
        while time.monotonic() < until - args.costly_every:
            tally.record(
                "graphql/costly-document", await exchange(port, graphql(costly_document(rng)), timeout=60)
            )
            await asyncio.sleep(args.costly_every)

    async def slow_clients() -> None:
        kinds: list[tuple[str, bytes, float]] = [
            ("slow/head", b"GET /graphql HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200, 0.5),
            (
                "slow/body",
                request(
                    "POST",
                    "/graphql",
                    b'{"query": "{ account { id } }"}' + b" " * 200,
                    headers={"Authorization": f"Bearer {KEY}"},
                ),
                0.3,
            ),
            ("slow/silent", b"", 0.0),
        ]
        tasks: list[Awaitable[None]] = []
        while time.monotonic() < until - 12:
            batch = [
                slow_client(port, raw, kind, tally, dribble)
                for kind, raw, dribble in kinds
                for _ in range(args.slow_clients // 3)
            ]
            tasks.append(asyncio.gather(*batch))
            await asyncio.sleep(10)
        await asyncio.gather(*tasks)

    await asyncio.gather(
        sampler(), probe(), costly(), slow_clients(), *(worker() for _ in range(args.workers))
    )
    return tally, probes, rss


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--duration", type=float, default=60.0, help="seconds of hostile traffic (keep <= 90)"
    )
    parser.add_argument("--workers", type=int, default=12)
    parser.add_argument("--slow-clients", type=int, default=30, help="slow connections opened every 10 s")
    parser.add_argument("--costly-every", type=float, default=5.0, help="seconds between costly documents")
    parser.add_argument("--warmup", type=float, default=0.25, help="share of the run before the RSS baseline")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="buffer-mock-soak-"))
    err_path = workdir / "server.stderr"
    script = Path(sys.executable).with_name("buffer-mock")
    command = [str(script), "serve"] if script.exists() else [sys.executable, "-m", "mockserver", "serve"]
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "BUFFER_MOCK_HEADER_TIMEOUT_S": "3",
        "BUFFER_MOCK_BODY_TIMEOUT_S": "3",
    }
    with err_path.open("wb") as err:
        server = subprocess.Popen(
            [*command, "--host", HOST, "--port", str(port), "--state-file", str(workdir / "state.json")],
            stdout=subprocess.DEVNULL,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=workdir,
        )
    try:
        wait_ready(port, server)
        print(
            f"server pid {server.pid} on {HOST}:{port}, "
            f"{args.duration:.0f} s of hostile traffic, seed {args.seed}"
        )
        tally, probes, rss = asyncio.run(run_traffic(args, port, server.pid))
    finally:
        began = time.monotonic()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
        shutdown_s = time.monotonic() - began
    log = err_path.read_text(errors="replace")
    return report(args, tally, probes, rss, log, shutdown_s)


def wait_ready(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited with {server.returncode}")
        answer = asyncio.run(exchange(port, request("GET", "/_mock/health"), timeout=2))
        if answer.status == 200:
            return
        time.sleep(0.2)
    raise SystemExit("server not ready after 60 s")


def report(
    args: argparse.Namespace,
    tally: Tally,
    probes: list[float],
    rss: list[tuple[float, float]],
    log: str,
    shutdown_s: float,
) -> int:
    print("\nRSS over time (s, MB):")
    print("  " + "  ".join(f"{t:.0f}:{mb:.0f}" for t, mb in rss))
    warm = [mb for t, mb in rss if t >= args.duration * args.warmup]
    baseline, peak, final = (warm[0], max(warm), warm[-1]) if warm else (0.0, 0.0, 0.0)
    growth = final - baseline
    print(
        f"  after warm-up: baseline {baseline:.1f} MB, peak {peak:.1f} MB, "
        f"final {final:.1f} MB, growth {growth:+.1f} MB"
    )
    print(f"\nrequests: {tally.sent} hostile ({tally.after_warmup} after warm-up), {len(probes)} probes")
    print("answers by class (kind status code):")
    for key, count in sorted(tally.answers.items()):
        print(f"  {count:7d}  {key}")
    if tally.no_answer:
        print("ended without an answer (dropped by the server, or the probe failed):")
        for key, count in sorted(tally.no_answer.items()):
            print(f"  {count:7d}  {key}")
    tracebacks = log.count("Traceback (most recent call last)")
    worst_probe = max(probes) if probes else float("nan")
    ordered = sorted(probes) or [float("nan")]
    p50, p99 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"\nanswers >= 500: {sum(tally.server_errors.values())} {dict(tally.server_errors) or ''}")
    print(f"answers not Buffer-shaped JSON: {sum(tally.not_shaped.values())} {dict(tally.not_shaped) or ''}")
    print(f"tracebacks in the server log: {tracebacks}; log lines: {len(log.splitlines())}")
    print(
        f"slowest probe ({PROBE_NAMESPACE} namespace): {worst_probe * 1000:.0f} ms "
        f"(p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms); "
        f"SIGTERM to exit: {shutdown_s:.2f} s"
    )
    probe_failures = sum(v for k, v in tally.no_answer.items() if k.startswith("probe"))
    failed = [
        name
        for name, bad in (
            ("answers >= 500", bool(tally.server_errors)),
            ("not Buffer-shaped", bool(tally.not_shaped)),
            ("tracebacks", tracebacks > 0),
            (f"RSS growth > {RSS_TARGET_MB} MB", growth > RSS_TARGET_MB),
            (f"probe > {PROBE_TARGET_S} s", worst_probe > PROBE_TARGET_S),
            ("probe failures", probe_failures > 0),
        )
        if bad
    ]
    print(f"machine load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("result:", "FAIL " + ", ".join(failed) if failed else "ok")
    if tracebacks:
        first = log.index("Traceback (most recent call last)")
        print(log[max(0, first - 300) : first + 2000])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
