"""A full ``contract run`` between two local mocks: wall time, checks, JUnit testcases.

Starts two mocks of the default world on free 127.0.0.1 ports (uvicorn threads, real HTTP),
runs schema drift + replay + invariants over the whole shipped corpus, and prints the run time
(target: under 30 s), the number of operations and JUnit testcases, and writes the Markdown
report to ``--markdown`` (default: print it).

    python bench/bench_contract_run.py
    python bench/bench_contract_run.py --drift unsorted_tags --markdown /tmp/contract.md
"""

from __future__ import annotations

import argparse
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from mockserver.contract.corpus import load_corpus
from mockserver.contract.endpoint import Endpoint
from mockserver.contract.local_mock import LocalMock
from mockserver.contract.reports import junit_xml, markdown
from mockserver.contract.runner import ContractRun
from mockserver.settings import Settings

KEY = "buf_mock_default_personal_key"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--drift", action="append", default=[], help="TEST-ONLY drift rewrites for the target"
    )
    parser.add_argument("--markdown", type=Path, default=None)
    args = parser.parse_args()
    clock = {"clock_start": "2026-11-27T12:00:00Z", "clock_frozen": True}
    with (
        LocalMock(Settings(**clock)) as mock_url,
        LocalMock(Settings(**clock, test_drift=tuple(args.drift))) as target_url,
    ):
        mock, target = Endpoint(mock_url, KEY), Endpoint(target_url, KEY)
        started = time.perf_counter()
        report = ContractRun(mock, target, load_corpus()).run()
        elapsed = time.perf_counter() - started
    testcases = len(list(ET.fromstring(junit_xml(report, "BREAKING")).iter("testcase")))
    text = markdown(report, "BREAKING")
    print(f"contract run, two local mocks: {elapsed:.1f} s wall (target < 30 s)")
    print(f"operations: {len(report.outcomes)}, JUnit testcases: {testcases}, findings: {report.counts()}")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
