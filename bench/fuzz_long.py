"""A long, seeded fuzz run of the in-process mock: schemathesis documents + hypothesis variables.

    /work/venv/bin/python bench/fuzz_long.py [--seed 20261115] [--cases 5000] [--time-limit 900]

Runs rounds until ``--cases`` requests were sent or ``--time-limit`` seconds passed. Each round
fuzzes every root field with schemathesis (valid and invalid documents) and every CLI document
with generated variables (valid-ish and hostile), on fresh apps over the default world, with
the round's own seed (``seed + round``), so a run is reproducible. Nothing leaves the process.
Prints the cases run, statuses, error codes and every contract failure; exits 1 on a failure.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from mockserver.fixtures.loader import load_fixture_dir
from mockserver.fixtures.paths import default_world_dir
from mockserver.graphql_schema import build_schema
from tests.fuzz.harness import FuzzClient, FuzzTally, world_ids
from tests.fuzz.response_contract import SentRequest, describe_exchange
from tests.fuzz.test_schemathesis_graphql import ROOT_FIELDS, client_like, load_schemathesis_schema
from tests.fuzz.test_variables_fuzz import OPERATIONS_BY_NAME, fuzz_requests, run_request

POSITIVE_PER_ROUND = 30
NEGATIVE_PER_ROUND = 10
VARIABLES_PER_ROUND = 100


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds

    @property
    def passed(self) -> bool:
        return time.monotonic() > self.until


def run_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def guarded(tally: FuzzTally, label: str, action: Callable[[], None]) -> None:
    """Run one exchange; a crash of the client side counts as a failure instead of ending the run."""
    try:
        action()
    except Exception as exc:  # the run goes on; the failure is reported
        tally.failures.append(f"[{label}] exception while sending: {type(exc).__name__}: {exc}")


def document_exchange(
    st_schema: Any,
    root: str,
    field: str,
    mode: Any,
    count: int,
    round_seed: int,
    client: FuzzClient,
    deadline: Deadline,
    tally: FuzzTally,
) -> Callable[[], None]:
    schema = build_schema()
    label = f"{root}.{field}/{mode.value}"

    @seed(round_seed)
    @run_settings(count)
    @given(case=st_schema[root][field].as_strategy(mode), as_generated=st.integers(0, 3))
    def exchange(case: Any, as_generated: int) -> None:
        if deadline.passed:
            return

        def send() -> None:
            body = (
                case.body
                if mode == GenerationMode.NEGATIVE or as_generated == 0
                else client_like(schema, case.body)
            )
            sent = SentRequest(body)
            answer = client.send(sent)
            problems = client.check(schema, sent, answer)
            if mode == GenerationMode.NEGATIVE and answer.status != 400:
                problems.append(f"a document that breaks the schema got HTTP {answer.status}")
            report = describe_exchange(sent, answer.status, answer.body, problems) if problems else None
            tally.record(answer, problems, report and f"[{label}] {report}")

        guarded(tally, label, send)

    return exchange


def schemathesis_round(
    st_schema: Any, data: Any, round_seed: int, deadline: Deadline, tally: FuzzTally
) -> None:
    for root, field in ROOT_FIELDS:
        for mode, count in (
            (GenerationMode.POSITIVE, POSITIVE_PER_ROUND),
            (GenerationMode.NEGATIVE, NEGATIVE_PER_ROUND),
        ):
            if deadline.passed:
                return
            client = FuzzClient(data)
            document_exchange(st_schema, root, field, mode, count, round_seed, client, deadline, tally)()
            client.close()


def variables_exchange(
    name: str,
    operations: Any,
    ids: Any,
    round_seed: int,
    client: FuzzClient,
    deadline: Deadline,
    tally: FuzzTally,
) -> Callable[[], None]:
    schema = build_schema()

    @seed(round_seed)
    @run_settings(VARIABLES_PER_ROUND)
    @given(request=fuzz_requests(schema, ids, operations))
    def exchange(request: Any) -> None:
        if not deadline.passed:
            guarded(tally, name, lambda: run_request(client, schema, request, tally))

    return exchange


def variables_round(data: Any, ids: Any, round_seed: int, deadline: Deadline, tally: FuzzTally) -> None:
    for name, operations in sorted(OPERATIONS_BY_NAME.items()):
        if deadline.passed:
            return
        client = FuzzClient(data)
        variables_exchange(name, operations, ids, round_seed, client, deadline, tally)()
        client.close()


def show(title: str, tally: FuzzTally, seconds: float) -> None:
    rate = tally.cases / seconds if seconds else 0.0
    print(f"\n== {title}: {tally.cases} cases in {seconds:.1f}s ({rate:.1f} cases/s)")
    print(f"   statuses: {dict(sorted(tally.statuses.items()))}")
    print(f"   answers with data: {tally.with_data}")
    print(f"   error codes: {dict(tally.error_codes.most_common())}")
    print(f"   contract failures: {len(tally.failures)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261115)
    parser.add_argument("--cases", type=int, default=5000, help="stop after this many requests (at least)")
    parser.add_argument("--time-limit", type=float, default=900.0, help="stop after this many seconds")
    parser.add_argument("--show", type=int, default=5, help="failures to print in full")
    args = parser.parse_args(argv)

    started = time.monotonic()
    deadline = Deadline(args.time_limit)
    data = load_fixture_dir(default_world_dir())
    ids = world_ids(data)
    st_schema = load_schemathesis_schema(data, ids)
    documents, variables = FuzzTally(), FuzzTally()
    timings = Counter[str]()
    print(
        f"fuzz_long: seed={args.seed} target={args.cases} cases, time limit {args.time_limit:.0f}s, "
        f"{len(ROOT_FIELDS)} root fields, {len(OPERATIONS_BY_NAME)} CLI documents"
    )
    round_number = 0
    while documents.cases + variables.cases < args.cases and not deadline.passed:
        round_seed = args.seed + round_number
        t0 = time.monotonic()
        schemathesis_round(st_schema, data, round_seed, deadline, documents)
        t1 = time.monotonic()
        variables_round(data, ids, round_seed, deadline, variables)
        t2 = time.monotonic()
        timings["schemathesis"] += t1 - t0
        timings["variables"] += t2 - t1
        round_number += 1
        print(
            f"round {round_number} (seed {round_seed}): {documents.cases} document cases, "
            f"{variables.cases} variable cases, "
            f"{len(documents.failures) + len(variables.failures)} failures, "
            f"{time.monotonic() - started:.0f}s"
        )

    total = FuzzTally()
    total.merge(documents)
    total.merge(variables)
    show("schemathesis documents", documents, timings["schemathesis"])
    show("hypothesis variables", variables, timings["variables"])
    show("total", total, time.monotonic() - started)
    unique: dict[str, str] = {}
    for failure in total.failures:
        unique.setdefault(failure.splitlines()[1] if "\n" in failure else failure, failure)
    if unique:
        print(f"\n{len(unique)} distinct failures (first line of each):")
        for key in unique:
            print(f"  {key}")
        for failure in list(unique.values())[: args.show]:
            print("\n" + failure[:3000])
    return 1 if total.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
