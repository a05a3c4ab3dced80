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
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path

from soak_cases import costly_document, hostile_cases
from soak_client import HOST, KEY, Answer, exchange, graphql, request

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
