"""The ``buffer-mock contract`` arguments, apart from the commands that run them (``commands``),
so that building the command line does not import the whole contract kit."""

from __future__ import annotations

import argparse
from pathlib import Path

RECORD_MODES = ("once", "new_episodes", "all")  # vcrpy's record modes, as cassettes take them

DEFAULT_TARGET = "https://api.buffer.com"
DEFAULT_MOCK_KEY = "buf_mock_default_personal_key"
TARGET_KEY_ENV = "BUFFER_API_KEY"
FAIL_ON = {"breaking": "BREAKING", "dangerous": "DANGEROUS", "never": None}


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mock", default=None, help="GraphQL URL of the mock (default: an in-process mock on a free port)"
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--target",
        default=None,
        help=f"GraphQL URL of the target (default {DEFAULT_TARGET}); key: ${TARGET_KEY_ENV}",
    )
    where.add_argument(
        "--cassette", type=Path, default=None, help="replay a recorded cassette as the target, offline"
    )
    parser.add_argument(
        "--ops",
        type=Path,
        action="append",
        default=[],
        help="add a directory of your own .graphql operations",
    )
    parser.add_argument("--junit", type=Path, default=None, help="write a JUnit XML report")
    parser.add_argument(
        "--markdown", type=Path, default=None, help="write a Markdown report (PR comment, step summary)"
    )
    parser.add_argument("--html", type=Path, default=None, help="write a self-contained HTML report")
    parser.add_argument("--json", type=Path, default=None, help="write the report as JSON ('-' for stdout)")
    parser.add_argument(
        "--fail-on", choices=sorted(FAIL_ON), default="breaking", help="lowest severity that fails the run"
    )
    parser.add_argument("--record", type=Path, default=None, help="record the target's answers to a cassette")
    parser.add_argument(
        "--record-mode", choices=RECORD_MODES, default="once", help="vcrpy-style record mode (default once)"
    )
    parser.add_argument(
        "--allow-writes",
        action="store_true",
        help="also run the draft-creating operations (needs --write-channel)",
    )
    parser.add_argument("--write-channel", default=None, help="the only channel drafts may be created on")
    parser.add_argument("--verbose", action="store_true", help="list SAFE findings too")


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """The report files every contract step can write (the same formats as ``contract run``)."""
    parser.add_argument("--junit", type=Path, default=None, help="write a JUnit XML report")
    parser.add_argument("--markdown", type=Path, default=None, help="write a Markdown report")
    parser.add_argument("--html", type=Path, default=None, help="write a self-contained HTML report")


def add_validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("docs", nargs="+", help="files or globs: .graphql/.gql, gql templates in .ts/.js/.py")
    parser.add_argument("--mock", default=None, help="GraphQL URL of the mock (default: in-process)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--target", default=None, help=f"GraphQL URL of the target (default {DEFAULT_TARGET})")
    where.add_argument("--cassette", type=Path, default=None, help="take the target's schema from a cassette")
    parser.add_argument("--json", type=Path, default=None, help="write the results as JSON ('-' for stdout)")
