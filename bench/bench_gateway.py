"""Small-query throughput with the gateway's checks on and off.

Scenarios (each runs for a bounded time and prints requests per second):

* ``on``: the defaults: rate limits counted with headers (observe mode), query-limit rules,
  personal key (no per-field scope checks);
* ``on+oauth``: the same with an OAuth token, so every field goes through the scope check;
* ``on+buffer``: rate limits enforced (quotas raised so nothing is refused);
* ``off``: rate limiting off (no counting, no headers) and no extra validation rules.

In process (httpx over ASGITransport, one client, sequential requests) and, with
``--uvicorn``, against uvicorn servers on 127.0.0.1 (one keep-alive client each). The
scenarios take turns in short slices so that other load on the machine hits them alike. Documents are
cached after the first request, so the figures are the steady state of a client that keeps
sending the same query (as the CLI does).

    python bench/bench_gateway.py [--seconds 3] [--rounds 6] [--uvicorn]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import statistics
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from typing import Any

import httpx

from mockserver.app import create_app, load_world_data
from mockserver.http.documents import DocumentCache
from mockserver.settings import Settings

QUERY = {"query": "query Account { account { id } }"}
PERSONAL_KEY = "buf_mock_default_personal_key"
OAUTH_TOKEN = "buf_mock_default_oauth_read_token"


@dataclass(frozen=True)
class Scenario:
    name: str
    settings: Settings
    token: str
    extra_rules: bool = True
    raise_quotas: bool = False


def scenarios() -> list[Scenario]:
    base: dict[str, Any] = {"clock_start": "2026-11-15T12:00:00Z", "clock_frozen": True}
    return [
        Scenario("on", Settings(**base), PERSONAL_KEY),
        Scenario("on+oauth", Settings(**base), OAUTH_TOKEN),
        Scenario("on+buffer", Settings(rate_limit_mode="custom", **base), PERSONAL_KEY, raise_quotas=True),
        Scenario("off", Settings(rate_limit_mode="off", **base), PERSONAL_KEY, extra_rules=False),
    ]


def build_app(scenario: Scenario, data: Any) -> Any:
    app = create_app(scenario.settings, data)
    if not scenario.extra_rules:
        endpoint = app.state.endpoint
        endpoint.documents = DocumentCache(
            endpoint.schema, (), max_tokens=scenario.settings.query_limits.max_tokens
        )
    if scenario.raise_quotas:
        app.state.namespaces.get().gateway.configure(custom_quotas=(10**9, 10**9, 10**9))
    return app


async def in_process_rate(client: httpx.AsyncClient, token: str, seconds: float) -> float:
    headers = {"authorization": f"Bearer {token}"}
    count = 0
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        for _ in range(25):
            await client.post("/graphql", json=QUERY, headers=headers)
        count += 25
    return count / (time.perf_counter() - started)


async def measure_in_process(
    apps: dict[str, Any], tokens: dict[str, str], seconds: float, rounds: int
) -> dict[str, list[float]]:
    """Scenarios take turns in short slices, so a load change on the machine hits them all alike."""
    clients = {
        name: httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")
        for name, app in apps.items()
    }
    rates: dict[str, list[float]] = {name: [] for name in apps}
    try:
        for name, client in clients.items():  # warm up: document cache, namespace, code paths
            for _ in range(50):
                response = await client.post(
                    "/graphql", json=QUERY, headers={"authorization": f"Bearer {tokens[name]}"}
                )
                assert response.status_code == 200 and "errors" not in response.json(), response.text
        for _ in range(rounds):
            for name, client in clients.items():
                rates[name].append(await in_process_rate(client, tokens[name], seconds / rounds))
    finally:
        for client in clients.values():
            await client.aclose()
    return rates


def serve(name: str) -> None:
    """``--serve NAME``: run one scenario's app under uvicorn on 127.0.0.1 (port printed first)."""
    import uvicorn

    scenario = {s.name: s for s in scenarios()}[name]
    app = build_app(scenario, load_world_data(Settings()))
    listener = socket.socket()
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # inherited by accepted sockets
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    print(listener.getsockname()[1], flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    server.run(sockets=[listener])


def start_uvicorn(name: str) -> tuple[subprocess.Popen[str], int]:
    """A server process per scenario, so the client's and the server's Python do not share a GIL."""
    process = subprocess.Popen([sys.executable, __file__, "--serve", name], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.strip().isdigit():
        process.kill()
        raise RuntimeError(f"uvicorn server for {name!r} did not start")
    port = int(line)
    give_up = time.monotonic() + 20
    while time.monotonic() < give_up:
        try:
            httpx.options(f"http://127.0.0.1:{port}/graphql", timeout=1)
            return process, port
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"uvicorn server for {name!r} did not answer")


def uvicorn_rate(client: httpx.Client, seconds: float) -> float:
    count = 0
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        for _ in range(25):
            client.post("/graphql", json=QUERY)
        count += 25
    return count / (time.perf_counter() - started)


def measure_uvicorn(
    names: list[str], tokens: dict[str, str], seconds: float, rounds: int
) -> dict[str, list[float]]:
    """One server process per scenario, on 127.0.0.1, taking turns; all stopped at the end."""
    servers = {name: start_uvicorn(name) for name in names}
    # TCP_NODELAY on both ends (as uvicorn does when it binds by itself): without it Nagle's
    # algorithm meets delayed ACKs and every keep-alive request waits ~40 ms.
    nodelay = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    clients = {
        name: httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            timeout=10,
            transport=httpx.HTTPTransport(socket_options=nodelay),
            headers={"authorization": f"Bearer {tokens[name]}"},
        )
        for name, (_, port) in servers.items()
    }
    rates: dict[str, list[float]] = {name: [] for name in names}
    try:
        for client in clients.values():
            for _ in range(50):
                assert client.post("/graphql", json=QUERY).status_code == 200
        for _ in range(rounds):
            for name, client in clients.items():
                rates[name].append(uvicorn_rate(client, seconds / rounds))
    finally:
        for client in clients.values():
            client.close()
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=10)
    return rates


def gateway_step_cost(data: Any, calls: int = 5_000, repeats: int = 5) -> float:
    """Microseconds per request for the rate-limit check plus its headers alone (best of ``repeats``)."""
    from mockserver.gateway.ratelimit_headers import rate_limit_headers

    app = create_app(Settings(clock_start="2026-11-15T12:00:00Z", clock_frozen=True), data)
    namespace = app.state.namespaces.get()
    world, state = namespace.world, namespace.gateway
    state.configure(mode="custom", custom_quotas=(10**9, 10**9, 10**9))
    token = world.tokens[PERSONAL_KEY]
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(calls):
            check = state.check(token.rate_limit_client, state.plan_of(world, token), world.clock.now())
            assert check is not None
            rate_limit_headers(state.header_style, check.decision.windows, check.client, world.clock.now())
        best = min(best, (time.perf_counter() - started) / calls * 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per scenario and mode")
    parser.add_argument("--rounds", type=int, default=6, help="turns the scenarios take (median is printed)")
    parser.add_argument("--uvicorn", action="store_true", help="also measure against uvicorn servers")
    parser.add_argument("--serve", help=argparse.SUPPRESS)  # internal: one scenario's server process
    args = parser.parse_args()
    if args.serve:
        logging.getLogger("buffer_mock").setLevel(logging.CRITICAL)
        warnings.simplefilter("ignore")
        serve(args.serve)
        return
    warnings.simplefilter("ignore")
    logging.getLogger("buffer_mock").setLevel(logging.CRITICAL)

    data = load_world_data(Settings())
    print(
        f"world: {data.name}, query: {QUERY['query']!r}, {args.seconds:g}s per scenario and mode "
        f"in {args.rounds} interleaved slices"
    )
    chosen = scenarios()
    tokens = {s.name: s.token for s in chosen}
    results: dict[str, dict[str, float]] = {s.name: {} for s in chosen}
    rates = asyncio.run(
        measure_in_process({s.name: build_app(s, data) for s in chosen}, tokens, args.seconds, args.rounds)
    )
    for name, values in rates.items():
        results[name]["in-process"] = statistics.median(values)
    if args.uvicorn:
        rates = measure_uvicorn([s.name for s in chosen], tokens, args.seconds, args.rounds)
        for name, values in rates.items():
            results[name]["uvicorn"] = statistics.median(values)

    modes = ["in-process", *(["uvicorn"] if args.uvicorn else [])]
    print(f"{'scenario':<12}" + "".join(f"{mode + ' req/s':>20}" for mode in modes))
    for name, figures in results.items():
        print(f"{name:<12}" + "".join(f"{figures[mode]:>20,.0f}" for mode in modes))
    off = results["off"]
    for name in ("on", "on+oauth", "on+buffer"):
        overhead = ", ".join(f"{mode} {100 * (1 - results[name][mode] / off[mode]):+.1f}%" for mode in modes)
        print(f"throughput lost by '{name}' vs 'off': {overhead}")
    print(f"rate-limit check + headers alone: {gateway_step_cost(data):.1f} us per request")


if __name__ == "__main__":
    main()
