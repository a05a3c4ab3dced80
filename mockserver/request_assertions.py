"""Assertions over the mock's request log, for tests of code that calls Buffer's API.

``BufferMock.assert_requested(operation="CreatePost", variables={"input": {"text": "hi"}})``
passes when some logged request has that operation name and variables that *contain* the
given ones (dicts match by subset, lists item by item); on failure the message lists every
request the namespace saw, so the difference shows at a glance.
"""

from __future__ import annotations

from typing import Any

MAX_VALUE_CHARS = 160


def contains(actual: Any, expected: Any) -> bool:
    """``expected`` is a part of ``actual``: dict keys a subset (recursively), lists equal in length."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(contains(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return bool(actual == expected)


def matches(
    entry: dict[str, Any], operation: str | None, variables: dict[str, Any] | None, status: int | None
) -> bool:
    if operation is not None and entry.get("operationName") != operation:
        return False
    if status is not None and entry.get("status") != status:
        return False
    return variables is None or contains(entry.get("variables") or {}, variables)


def criteria(operation: str | None, variables: dict[str, Any] | None, status: int | None) -> str:
    parts = []
    if operation is not None:
        parts.append(f"operation={operation!r}")
    if variables is not None:
        parts.append(f"variables containing {_short(variables)}")
    if status is not None:
        parts.append(f"status={status}")
    return ", ".join(parts) or "any request"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 3] + "..."


def describe(entries: list[dict[str, Any]]) -> str:
    """The request log as numbered lines: operation, status, fault (if any), variables."""
    if not entries:
        return "  (no requests)"
    lines = []
    for number, entry in enumerate(entries, 1):
        fault = f"  fault {entry['fault']}" if entry.get("fault") else ""
        name = entry.get("operationName") or "(anonymous)"
        variables = _short(entry.get("variables"))
        lines.append(f"  {number}. {name}  status {entry.get('status')}{fault}  variables {variables}")
    return "\n".join(lines)


def requested_failure(
    namespace: str, entries: list[dict[str, Any]], wanted: str, found: int, times: int | None
) -> str:
    if times is None:
        head = f"expected a request with {wanted}; none of the {len(entries)} request(s)"
    else:
        head = f"expected {times} request(s) with {wanted}, found {found}; the {len(entries)} request(s)"
    return f"{head} in namespace {namespace!r}:\n{describe(entries)}"


def not_requested_failure(namespace: str, entries: list[dict[str, Any]], wanted: str, hits: list[int]) -> str:
    numbers = ", ".join(str(n) for n in hits)
    return (
        f"expected no request with {wanted}; request(s) {numbers} of {len(entries)} in namespace "
        f"{namespace!r} matched:\n{describe(entries)}"
    )


__all__ = ["contains", "criteria", "describe", "matches", "not_requested_failure", "requested_failure"]
