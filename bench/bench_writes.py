"""Write throughput of a real ``buffer-mock serve``: N client threads x M ``createPost`` each.

Starts the server in a subprocess on 127.0.0.1 (a free port) over a generated world with
roomy queues, runs the writers (three drafts for every queued post by default), checks that
every write was acknowledged with a unique id, prints throughput and latency percentiles, and
always stops the server. ``--state-file`` measures the cost of persistence (one fsynced file
write per acknowledged write).

    python bench/bench_writes.py                      # 8 x 1000
    python bench/bench_writes.py --state-file         # same, saving the state file after every write
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from tests.integration.live_server import (  # noqa: E402 (after the path setup)
    create_post_input,
    roomy_client,
    roomy_server,
    run_in_threads,
    send_create_post,
)


def writer(
    url: str,
    channels: list[str],
    index: int,
    count: int,
    queued_every: int,
    latencies: list[float],
    ids: list[str],
    failures: list[str],
) -> None:
    with roomy_client(url) as client:
        for number in range(count):
            values = create_post_input(
                channels[(index + number) % len(channels)],
                f"bench {index}/{number}",
                queued=queued_every > 0 and number % queued_every == 0,
            )
            started = time.perf_counter()
            response = send_create_post(client, values)
            latencies.append(time.perf_counter() - started)
            payload = response.json().get("data") if response.status_code == 200 else None
            if not payload or payload["createPost"]["__typename"] != "PostActionSuccess":
                failures.append(f"{response.status_code} {response.text[:200]}")
                return
            ids.append(payload["createPost"]["post"]["id"])


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--per-thread", type=int, default=1000)
    parser.add_argument(
        "--queued-every", type=int, default=4, help="every Nth post is queued (0: drafts only)"
    )
    parser.add_argument("--state-file", action="store_true", help="serve with --state-file")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after this many seconds")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-writes-") as scratch:
        workdir = Path(scratch)
        extra = ["--state-file", str(workdir / "state.json")] if args.state_file else []
        server, channels = roomy_server(workdir, *extra, channels=4)
        latencies: list[float] = []
        ids: list[str] = []
        failures: list[str] = []
        try:
            server.start()
            started = time.perf_counter()
            run_in_threads(
                [
                    functools.partial(
                        writer,
                        server.url,
                        channels,
                        index,
                        args.per_thread,
                        args.queued_every,
                        latencies,
                        ids,
                        failures,
                    )
                    for index in range(args.threads)
                ],
                args.timeout,
            )
            elapsed = time.perf_counter() - started
        finally:
            server.kill()

    expected = args.threads * args.per_thread
    if failures or len(ids) != expected or len(set(ids)) != expected:
        print(
            f"FAILED: {len(ids)} of {expected} acknowledged, {len(set(ids))} unique; "
            f"first failure: {failures[:1]}",
            file=sys.stderr,
        )
        return 1
    ordered = sorted(latencies)
    mode = "with --state-file" if args.state_file else "in memory"
    print(f"createPost x {expected} ({args.threads} threads x {args.per_thread}, {mode})")
    print(f"  throughput: {expected / elapsed:,.0f} posts/s over {elapsed:.2f} s")
    print(
        f"  latency:    p50 {percentile(ordered, 0.50) * 1000:.2f} ms   "
        f"p99 {percentile(ordered, 0.99) * 1000:.2f} ms   "
        f"mean {statistics.fmean(ordered) * 1000:.2f} ms   max {ordered[-1] * 1000:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
