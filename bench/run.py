"""The speed figures of issue 13, measured side by side in one run.

    python bench/run.py                 # about 3-4 minutes on 2 cores (worlds generated once, cached)
    python bench/run.py --rounds 3 --seconds 4
    python bench/run.py --quick         # 1 round of 2 s: a smoke run

What it does:

* starts the mock the way users run it (``buffer-mock serve`` subprocesses): one with the response
  cache on (the default), one with it off (``BUFFER_MOCK_RESPONSE_CACHE=false``), one with
  ``--state-file`` for the write row; and the baselines: a bare FastAPI route on granian, on
  uvicorn + uvloop + httptools and on uvicorn's h11 stack (``bench/baselines.py``), plain Ariadne with
  default settings over the same schema and world, and graphql-faker (npm, installed into
  ``bench/.node``) serving our SDL. A baseline that cannot be installed is reported as missing;
* drives each with ``wrk`` (8 keep-alive connections, loopback), interleaving the servers round by
  round so that noise from other work on the machine spreads over all of them, and prints the
  load generator's own CPU use (it must stay well under one core to not be the bottleneck);
* prints one table row per figure of the issue with the range over rounds of throughput, p50, p99
  and the ratio against the baseline measured in the same round;
* times start-up (process start to first answered query) and RSS for the default world and, when
  ``buffer-mock generate`` exists, for generated 100,000- and 1,000,000-post worlds.

Nothing here asserts a number: it prints figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from run_servers import (
    ACCOUNT,
    BUFFER_MOCK,
    CONNECTIONS,
    NO_CACHE,
    WORLDS_DIR,
    Load,
    Server,
    baseline,
    faker_server,
    mock,
    post_json,
    wrk,
)

POST = "query One($id: PostId!) { post(input: {id: $id}) { id text status } }"
PAGE = (
    "query Page($org: OrganizationId!) { posts(first: 100, input: {organizationId: $org}) { edges { node {"
    " id text status dueAt sentAt createdAt updatedAt channelId channelService schedulingType shareMode"
    " sharedNow isCustomScheduled via metrics { type value } channel { service } } } } }"
)
AGGREGATE = (
    "query Year($org: OrganizationId!, $start: DateTime!, $end: DateTime!) {"
    " aggregatedPostMetrics(input: {organizationId: $org, startDateTime: $start, endDateTime: $end})"
    " { metrics { type value } metricsUpdatedAt } }"
)
CREATE = (
    "mutation New($input: CreatePostInput!) { createPost(input: $input) {"
    " __typename ... on PostActionSuccess { post { id } } ... on MutationError { message } } }"
)


# --- processes ------------------------------------------------------------------------------------
# --- the figures --------------------------------------------------------------------------------
@dataclass
class Case:
    """One load against one server; the row compares ``subject`` with ``against``."""

    server: str
    body: object
    loads: list[Load] = field(default_factory=list)
    failure: str | None = None


@dataclass
class Row:
    figure: str
    subject: str  # case key
    against: str | None  # case key of the baseline, None: absolute figure
    target: str


def fmt_range(values: list[float], spec: str) -> str:
    if not values:
        return "-"
    low, high = min(values), max(values)
    return format(low, spec) if format(low, spec) == format(high, spec) else f"{low:{spec}}-{high:{spec}}"


def first_ids(port: int) -> tuple[str, str, str]:
    _, answer = post_json(port, {"query": "{ account { organizations { id } } }"})
    org = answer["data"]["account"]["organizations"][0]["id"]  # type: ignore[index]
    query = (
        "query($org: OrganizationId!) { posts(first: 1, input: {organizationId: $org})"
        " { edges { node { id channelId } } } }"
    )
    _, page = post_json(port, {"query": query, "variables": {"org": org}})
    node = page["data"]["posts"]["edges"][0]["node"]  # type: ignore[index]
    return org, node["id"], node["channelId"]


def world_dir(posts: int) -> tuple[Path | None, str]:
    """A generated world of ``posts`` posts (made once, kept in bench/.worlds), or why there is none."""
    probe = subprocess.run([BUFFER_MOCK, "generate", "--help"], capture_output=True, text=True)
    if probe.returncode != 0:
        return None, "unavailable: `buffer-mock generate` is not in this build"
    directory = WORLDS_DIR / f"posts-{posts}"
    if not (directory / ".complete").exists():
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        started = time.perf_counter()
        done = subprocess.run(
            [BUFFER_MOCK, "generate", "--out", str(directory), "--posts", str(posts), "--quiet"],
            capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            return None, f"generate failed: {done.stderr.strip()[-300:]}"
        (directory / ".complete").write_text(f"{time.perf_counter() - started:.1f}\n")
    return directory, f"generated once in {(directory / '.complete').read_text().strip()} s"


def machine() -> str:
    cores = os.cpu_count()
    load = os.getloadavg()
    return (
        f"machine: {cores} cores, {platform.processor() or platform.machine()}, Python "
        f"{platform.python_version()}, load average {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}, "
        f"wrk -t1 -c{CONNECTIONS}; serve's stack: {serve_stack()}"
    )


def serve_stack() -> str:
    """The event loop uvicorn's "auto" picks here and the protocol mockserver.http.server picks."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"
    protocol = "httptools" if importlib.util.find_spec("httptools") is not None else "h11"
    return f"{loop} + {protocol} (mockserver.http.server)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--quick", action="store_true", help="one round of 2 s, no large worlds")
    parser.add_argument("--skip", action="append", default=[], metavar="SERVER", help="leave a server out")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.seconds = 1, 2.0
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk): no load generator, no figures")
        return 1
    print(machine())
    began = time.perf_counter()

    state_dir = Path(tempfile.mkdtemp(prefix="bench-state-"))
    servers: dict[str, Server] = {
        "mock": mock("buffer-mock serve"),
        "mock-nocache": mock("serve, response cache off", env=NO_CACHE),
        "mock-h11": mock("serve on the h11 protocol", env={"BUFFER_MOCK_HTTP_PROTOCOL": "h11"}),
        "mock-state": mock("serve --state-file", "--state-file", str(state_dir / "bench.state.json")),
        "bare-granian": baseline("bare-granian"),
        "bare-uvloop": baseline("bare-uvloop"),
        "bare-h11": baseline("bare-h11"),
        "ariadne": baseline("ariadne"),
    }
    skipped = Server("graphql-faker", [], missing="skipped (--skip)")
    servers["faker"] = skipped if "faker" in args.skip else faker_server()
    for name in args.skip:
        servers[name].missing = servers[name].missing or "skipped (--skip)"
    try:
        return measure(servers, args, began)
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(state_dir, ignore_errors=True)


def measure(servers: dict[str, Server], args: argparse.Namespace, began: float) -> int:
    for server in servers.values():
        if server.missing is None:
            server.start()
        if server.missing is not None:
            print(f"  {server.name}: MISSING ({server.missing})")
    org, post_id, channel_id = first_ids(servers["mock"].port)
    now = time.time()
    start = time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime(now - 364 * 86400))
    end = time.strftime("%Y-%m-%dT23:59:59Z", time.gmtime(now))
    post = {"query": POST, "variables": {"id": post_id}}
    page = {"query": PAGE, "variables": {"org": org}}
    aggregate = {"query": AGGREGATE, "variables": {"org": org, "start": start, "end": end}}
    create = create_body(channel_id)
    for name, body in (("post", post), ("page", page), ("aggregate", aggregate), ("create", create)):
        status, answer = post_json(servers["mock"].port, body)
        if status != 200 or "errors" in answer:  # type: ignore[operator]
            print(f"  {name} query is not answered cleanly: {status} {str(answer)[:300]}")
            return 1

    bare = [k for k in ("bare-granian", "bare-uvloop", "bare-h11") if servers[k].missing is None]
    cases: dict[str, Case] = {f"{k}:account": Case(k, ACCOUNT) for k in bare}
    cases |= {
        "mock:account": Case("mock", ACCOUNT),
        "faker:account": Case("faker", ACCOUNT),
        "mock:post": Case("mock", post),
        "mock-h11:account": Case("mock-h11", ACCOUNT),
        "mock-h11:post": Case("mock-h11", post),
        "mock-nocache:post": Case("mock-nocache", post),
        "mock-nocache:page": Case("mock-nocache", page),
        "ariadne:page": Case("ariadne", page),
        "mock:page": Case("mock", page),
        "mock:aggregate": Case("mock-nocache", aggregate),
        "mock:create": Case("mock-nocache", create),
        "mock-state:create": Case("mock-state", create),
    }
    for round_number in range(args.rounds):
        for case in cases.values():
            server = servers[case.server]
            if server.missing is not None:
                case.failure = f"{server.name} missing"
                continue
            try:
                case.loads.append(wrk(server.port, case.body, args.seconds))
            except RuntimeError as error:
                case.failure = "wrk failed (output above)"
                print(f"  {case.server}: {error}")
        print(f"  round {round_number + 1}/{args.rounds} done at {time.perf_counter() - began:.0f} s")

    fastest = max(bare, key=lambda k: sum(load.rps for load in cases[f"{k}:account"].loads)) if bare else None
    fastest_case = f"{fastest}:account" if fastest else None
    rows = [
        *[Row(f"bare route, {k[5:]}", f"{k}:account", None, "baseline") for k in bare],
        Row("graphql-faker `{ account { id } }`", "faker:account", None, "baseline (peer)"),
        Row("`{ account { id } }` vs fastest bare", "mock:account", fastest_case, ">= 0.8x"),
        Row("`{ account { id } }` vs h11 bare", "mock:account", "bare-h11:account", "-"),
        Row("`{ account { id } }` vs graphql-faker", "mock:account", "faker:account", ">= 1x"),
        Row("`post(input:{id})` vs fastest bare", "mock:post", fastest_case, ">= 0.8x"),
        Row(
            "`{ account { id } }` serve's protocol vs its h11 fallback",
            "mock:account",
            "mock-h11:account",
            "-",
        ),
        Row("`post(input:{id})` serve's protocol vs its h11 fallback", "mock:post", "mock-h11:post", "-"),
        Row("`post(input:{id})` cache off vs fastest bare", "mock-nocache:post", fastest_case, ">= 0.5x"),
        Row("`posts(first: 100)` cache off vs plain Ariadne", "mock-nocache:page", "ariadne:page", ">= 2x"),
        Row("`posts(first: 100)` repeated vs fastest bare", "mock:page", fastest_case, ">= 0.8x"),
        Row("`aggregatedPostMetrics` org-wide year (cache off)", "mock:aggregate", None, "p50 <= 20 ms"),
        Row("`createPost` --state-file vs in memory", "mock-state:create", "mock:create", ">= 0.5x"),
    ]
    print_rows(rows, cases)
    print_startup(servers, args)
    print(f"total {time.perf_counter() - began:.0f} s")
    return 0


def print_rows(rows: list[Row], cases: dict[str, Case]) -> None:
    print()
    print("| figure | req/s | p50 ms | p99 ms | ratio | target |")
    print("|---|---|---|---|---|---|")
    worst_cpu = 0.0
    for row in rows:
        case = cases[row.subject]
        if case.failure or not case.loads:
            print(f"| {row.figure} | MISSING ({case.failure}) | | | | {row.target} |")
            continue
        worst_cpu = max(worst_cpu, *(load.client_cpu for load in case.loads))
        ratio = "-"
        other = cases.get(row.against) if row.against else None
        if row.against and (other is None or not other.loads):
            ratio = "baseline missing"
        elif other is not None:
            ratios = [mine.rps / theirs.rps for mine, theirs in zip(case.loads, other.loads, strict=False)]
            ratio = fmt_range(ratios, ".2f") + "x"
        errors = sum(load.errors for load in case.loads)
        note = f" ({errors} errors)" if errors else ""
        print(
            f"| {row.figure} | {fmt_range([x.rps for x in case.loads], '.0f')}{note} "
            f"| {fmt_range([x.p50_ms for x in case.loads], '.2f')} "
            f"| {fmt_range([x.p99_ms for x in case.loads], '.2f')} | {ratio} | {row.target} |"
        )
    print(f"\nload generator CPU: at most {worst_cpu:.0%} of one core (wrk -t1)")


def print_startup(servers: dict[str, Server], args: argparse.Namespace) -> None:
    print("\n| world | start-up s (CPU s) | RSS MB | RSS per post | note |")
    print("|---|---|---|---|---|")
    default = servers["mock"]
    rss = default.rss_mb()
    print(
        f"| default (403 posts) | {default.startup_s:.2f} ({default.startup_cpu_s:.2f}) | {rss:.0f} | - "
        "| while other servers started |"
    )
    for posts in (100_000, 1_000_000):
        if args.quick:
            print(f"| {posts:,} posts | - | - | - | skipped (--quick) |")
            continue
        directory, note = world_dir(posts)
        if directory is None:
            print(f"| {posts:,} posts | - | - | - | {note} |")
            continue
        big = mock(f"{posts} posts", "--fixtures", str(directory), env=NO_CACHE).start(timeout=600)
        try:
            if big.missing:
                print(f"| {posts:,} posts | - | - | - | {big.missing} |")
                continue
            rss = big.rss_mb()
            per_post = (rss - default.rss_mb()) * 1024 * 1024 / posts
            print(
                f"| {posts:,} posts | {big.startup_s:.2f} ({big.startup_cpu_s:.2f}) | {rss:.0f} "
                f"| {per_post:.0f} B | {note} |"
            )
            aggregate_once(big)
            if posts == 100_000:
                writes_with_state_file(big, directory, args)
        finally:
            big.stop()


def create_body(channel_id: str) -> dict[str, object]:
    return {"query": CREATE, "variables": {"input": {
        "channelId": channel_id, "text": "bench", "schedulingType": "automatic",
        "mode": "addToQueue", "saveToDraft": True}}}  # fmt: skip


def writes_with_state_file(in_memory: Server, directory: Path, args: argparse.Namespace) -> None:
    """createPost on the big world with --state-file against the same world in memory (interleaved)."""
    state_dir = Path(tempfile.mkdtemp(prefix="bench-big-state-"))
    persisted = mock(
        "100k --state-file", "--fixtures", str(directory), "--state-file", str(state_dir / "big.state.json"),
        env=NO_CACHE,
    ).start(timeout=600)  # fmt: skip
    try:
        if persisted.missing:
            print(f"|   createPost --state-file, 100k world | MISSING ({persisted.missing}) | | | |")
            return
        _, _, channel_id = first_ids(in_memory.port)
        body = create_body(channel_id)
        started = time.perf_counter()
        post_json(persisted.port, body, timeout=600)  # the first write saves the whole world once
        first_write_s = time.perf_counter() - started
        ratios, rates = [], []
        for _ in range(args.rounds):
            memory = wrk(in_memory.port, body, args.seconds)
            disk = wrk(persisted.port, body, args.seconds)
            ratios.append(disk.rps / memory.rps)
            rates.append((memory.rps, disk.rps))
        state_mb = sum(f.stat().st_size for f in state_dir.iterdir()) / 1e6
        print(
            f"|   `createPost` --state-file vs in memory, 100k world | "
            f"{', '.join(f'{d:.0f} vs {m:.0f} req/s' for m, d in rates)} | {fmt_range(ratios, '.2f')}x "
            f"| state files {state_mb:.0f} MB; the first write (a whole snapshot) {first_write_s:.1f} s "
            "| target >= 0.5x |"
        )
    finally:
        persisted.stop()
        shutil.rmtree(state_dir, ignore_errors=True)


def aggregate_once(server: Server) -> None:
    """p50 of the org-wide year aggregate on a big world, over HTTP (sequential requests)."""
    org, _, _ = first_ids(server.port)
    now = time.time()
    body = {"query": AGGREGATE, "variables": {
        "org": org, "start": time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime(now - 364 * 86400)),
        "end": time.strftime("%Y-%m-%dT23:59:59Z", time.gmtime(now))}}  # fmt: skip
    timings: list[float] = []
    for _ in range(30):
        started = time.perf_counter()
        post_json(server.port, body)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(
        f"|   `aggregatedPostMetrics` org-wide year over HTTP, 30 sequential | p50 {timings[15]:.1f} ms "
        f"| max {timings[-1]:.1f} ms | | target p50 <= 20 ms |"
    )


if __name__ == "__main__":
    sys.exit(main())
