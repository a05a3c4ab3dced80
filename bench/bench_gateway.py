"""Small-query throughput with the gateway's checks on and off.

Scenarios (each runs for a bounded time and prints requests per second):

* ``on``: the defaults: rate limits counted with headers (observe mode), query-limit rules,
  personal key (no per-field scope checks);
* ``on+oauth``: the same with an OAuth token, so every field goes through the scope check;
* ``on+buffer``: rate limits enforced (quotas raised so nothing is refused);
* ``off``: rate limiting off (no counting, no headers) and no extra validation rules.

In process (httpx over ASGITransport, one client, sequential requests) and, with
``--uvicorn``, against a uvicorn server on 127.0.0.1 (one keep-alive client). Documents are
cached after the first request, so the figures are the steady state of a client that keeps
sending the same query (as the CLI does).

    python bench/bench_gateway.py [--seconds 2] [--uvicorn]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import threading
import time
import warnings
from dataclasses import dataclass
from typing import Any

import httpx

from mockserver.app import create_app, load_world_data
from mockserver.gateway.state import gateway_state
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
        endpoint.documents = DocumentCache(endpoint.schema, (),
                                           max_tokens=scenario.settings.query_limits.max_tokens)
    if scenario.raise_quotas:
        gateway_state(app.state.namespaces.get()).configure(custom_quotas=(10**9, 10**9, 10**9))
    return app


async def run_in_process(app: Any, token: str, seconds: float) -> float:
    headers = {"authorization": f"Bearer {token}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for _ in range(50):  # warm up: document cache, namespace, code paths
            response = await client.post("/graphql", json=QUERY, headers=headers)
            assert response.status_code == 200 and "errors" not in response.json(), response.text
        count = 0
        started = time.perf_counter()
        deadline = started + seconds
        while time.perf_counter() < deadline:
            for _ in range(50):
                await client.post("/graphql", json=QUERY, headers=headers)
            count += 50
        return count / (time.perf_counter() - started)


def run_uvicorn(app: Any, token: str, seconds: float) -> float:
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                           access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    give_up = time.monotonic() + 10
    while not server.started and time.monotonic() < give_up:
        time.sleep(0.01)
    if not server.started:
        raise RuntimeError("uvicorn did not start")
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}",
                          headers={"authorization": f"Bearer {token}"}, timeout=10) as client:
            for _ in range(50):
                assert client.post("/graphql", json=QUERY).status_code == 200
            count = 0
            started = time.perf_counter()
            deadline = started + seconds
            while time.perf_counter() < deadline:
                for _ in range(25):
                    client.post("/graphql", json=QUERY)
                count += 25
            return count / (time.perf_counter() - started)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="measuring time per scenario and mode")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario (the median is printed)")
    parser.add_argument("--uvicorn", action="store_true", help="also measure against a uvicorn server")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    logging.getLogger("buffer_mock").setLevel(logging.CRITICAL)

    data = load_world_data(Settings())
    print(f"world: {data.name}, query: {QUERY['query']!r}, {args.seconds:g}s x {args.repeat} per figure")
    results: dict[str, dict[str, float]] = {}
    for scenario in scenarios():
        runs = [asyncio.run(run_in_process(build_app(scenario, data), scenario.token, args.seconds))
                for _ in range(args.repeat)]
        results.setdefault(scenario.name, {})["in-process"] = statistics.median(runs)
        if args.uvicorn:
            runs = [run_uvicorn(build_app(scenario, data), scenario.token, args.seconds)
                    for _ in range(args.repeat)]
            results[scenario.name]["uvicorn"] = statistics.median(runs)

    modes = ["in-process", *(["uvicorn"] if args.uvicorn else [])]
    print(f"{'scenario':<12}" + "".join(f"{mode + ' req/s':>20}" for mode in modes))
    for name, figures in results.items():
        print(f"{name:<12}" + "".join(f"{figures[mode]:>20,.0f}" for mode in modes))
    off = results["off"]
    for name in ("on", "on+oauth", "on+buffer"):
        overhead = ", ".join(f"{mode} {100 * (1 - results[name][mode] / off[mode]):+.1f}%" for mode in modes)
        print(f"cost of '{name}' vs 'off': {overhead} fewer req/s")


if __name__ == "__main__":
    main()
