"""The plugin's assertions over the request log, run on generated suites with ``pytester``."""

from __future__ import annotations

import textwrap

import httpcore  # noqa: F401  (kept loaded across pytester runs, see test_pytest_plugin.py)
import pytest
import uvicorn  # noqa: F401

import mockserver.app
import mockserver.fixtures.loader  # noqa: F401
from mockserver.request_assertions import contains

pytest_plugins = ["pytester"]

PRELUDE = """
    QUERY = "query Me($show: Boolean!, $hide: Boolean!) { account { id email @include(if: $show) name @skip(if: $hide) } }"

    def call(buffer_mock, show=True, hide=False):
        buffer_mock.graphql(QUERY, {"show": show, "hide": hide})
"""


@pytest.fixture
def run_suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")

    def run(source: str) -> pytest.RunResult:
        pytester.makepyfile(test_generated=textwrap.dedent(PRELUDE) + textwrap.dedent(source))
        return pytester.runpytest("-p", "mockserver.pytest_plugin", "--strict-markers", "-v")

    return run


def test_contains_matches_dicts_by_subset_and_lists_item_by_item() -> None:
    assert contains({"input": {"text": "hi", "mode": "addToQueue"}}, {"input": {"text": "hi"}})
    assert not contains({"input": {"text": "hi"}}, {"input": {"text": "ho"}})
    assert contains({"ids": [{"a": 1, "b": 2}]}, {"ids": [{"a": 1}]})
    assert not contains({"ids": [1, 2]}, {"ids": [1]})
    assert not contains({}, {"missing": None})


def test_matching_requests_pass_and_are_returned_and_counted(run_suite) -> None:  # type: ignore[no-untyped-def]
    result = run_suite("""
        def test_helpers(buffer_mock):
            call(buffer_mock, show=True)
            call(buffer_mock, show=False)
            hits = buffer_mock.assert_requested(operation="Me", variables={"show": False})
            assert [h["variables"] for h in hits] == [{"show": False, "hide": False}]
            buffer_mock.assert_requested(operation="Me", times=2, status=200)
            buffer_mock.assert_not_requested(operation="CreatePost")
            assert buffer_mock.request_count("Me") == 2
            assert buffer_mock.requested(variables={"show": True})[0]["operationName"] == "Me"
    """)
    result.assert_outcomes(passed=1)


def test_a_missing_request_fails_listing_what_was_requested(run_suite) -> None:  # type: ignore[no-untyped-def]
    result = run_suite("""
        def test_missing(buffer_mock):
            call(buffer_mock, show=True)
            buffer_mock.assert_requested(operation="Me", variables={"hide": True})
    """)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*expected a request with operation='Me', variables containing {'hide': True}; "
            "none of the 1 request(s) in namespace 'pytest-*'*",
            "*1. Me  status 200  variables {'show': True, 'hide': False}*",
        ]
    )


def test_a_wrong_count_fails_with_the_count(run_suite) -> None:  # type: ignore[no-untyped-def]
    result = run_suite("""
        def test_count(buffer_mock):
            call(buffer_mock)
            buffer_mock.assert_requested(operation="Me", times=2)
    """)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*expected 2 request(s) with operation='Me', found 1*"])


def test_an_unwanted_request_fails_naming_which_one_matched(run_suite) -> None:  # type: ignore[no-untyped-def]
    result = run_suite("""
        def test_unwanted(buffer_mock):
            call(buffer_mock, hide=False)
            call(buffer_mock, hide=True)
            buffer_mock.assert_not_requested(variables={"hide": True})
    """)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*expected no request with variables containing {'hide': True}; request(s) 2 of 2*"]
    )


def test_an_empty_log_says_so(run_suite) -> None:  # type: ignore[no-untyped-def]
    result = run_suite("""
        def test_empty(buffer_mock):
            buffer_mock.assert_requested()
    """)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*expected a request with any request; none of the 0*", "*(no requests)*"])
