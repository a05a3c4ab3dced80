"""Generation and start-up of seeded worlds: ``buffer-mock generate`` then ``buffer-mock serve``.

For each size (10,000 and 100,000 posts by default) it prints the time and peak RSS of
``generate`` (which also primes the fixture cache), and the time from starting ``serve`` to
its first GraphQL answer with the cache warm, and its RSS then; for the smallest size also
the cold start (cache off: YAML parsed and validated). Everything runs in subprocesses on
127.0.0.1, with a private cache directory, and stops when done.

    python bench/bench_generate.py                 # 10k and 100k posts
    python bench/bench_generate.py --sizes 20000   # other sizes
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

QUERY = {"query": "{ account { organizations { id channelCount } } }"}
KEY = "buf_mock_default_personal_key"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def generate(out: Path, posts: int, env: dict[str, str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MB) of one ``generate`` run."""
    started = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = ["generate", "--seed", "1", "--posts", str(posts), "--out", str(out), "--quiet"]
    subprocess.run([sys.executable, "-m", "mockserver", *command], check=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    return time.perf_counter() - started, cpu, max(usage.ru_maxrss, after.ru_maxrss) / 1024


def first_answer(fixtures: Path, env: dict[str, str], timeout: float) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the server, its RSS MB) from start to the first answer."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--fixtures", str(fixtures), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/graphql"
        while time.perf_counter() - started < timeout:
            if server.poll() is not None:
                raise RuntimeError(f"serve exited: {server.stderr.read().decode() if server.stderr else ''}")
            try:
                answer = httpx.post(
                    url, json=QUERY, headers={"Authorization": f"Bearer {KEY}"}, timeout=timeout
                )
            except httpx.TransportError:
                time.sleep(0.05)
                continue
            elapsed = time.perf_counter() - started
            if answer.status_code != 200 or "errors" in answer.json():
                raise RuntimeError(f"bad first answer: {answer.status_code} {answer.text[:200]}")
            return elapsed, cpu_seconds(server.pid), rss_mb(server.pid)
        raise RuntimeError(f"no answer within {timeout} s")
    finally:
        server.terminate()
        server.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="posts per world")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for a first answer")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as scratch:
        root = Path(scratch)
        env = dict(os.environ, BUFFER_MOCK_CACHE_DIR=str(root / "cache"))
        print("wall = elapsed, cpu = user+sys of the process (the two differ on a busy machine)")
        for posts in sorted(args.sizes):
            out = root / f"world-{posts}"
            wall, cpu, peak = generate(out, posts, env)
            size = sum(p.stat().st_size for p in out.glob("*.yaml")) / 1e6
            print(f"{posts} posts: generate {wall:.1f} s wall / {cpu:.1f} s cpu,", end=" ")
            print(f"peak RSS {peak:.0f} MB, {size:.0f} MB of YAML")
            wall, cpu, rss = first_answer(out, env, args.timeout)
            print(f"{posts} posts: first answer {wall:.2f} s wall / {cpu:.2f} s cpu", end=" ")
            print(f"after start (cache warm), RSS {rss:.0f} MB")
        smallest = min(args.sizes)
        # no cache: the YAML is parsed, so the size limits are raised for a large generated world
        cold_env = dict(
            env,
            BUFFER_MOCK_CACHE_DIR="off",
            BUFFER_MOCK_FIXTURE_FILE_MAX_BYTES=str(1 << 30),
            BUFFER_MOCK_FIXTURE_SET_MAX_BYTES=str(1 << 32),
        )
        wall, cpu, rss = first_answer(root / f"world-{smallest}", cold_env, args.timeout * 3)
        print(
            f"{smallest} posts: first answer {wall:.2f} s wall / {cpu:.2f} s cpu, no cache, RSS {rss:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
