"""The hostile mix of ``soak.py``: (kind, weight, request factory) for GraphQL, control and raw HTTP."""

from __future__ import annotations

import json
import random
from collections.abc import Callable

from soak_client import KEY, ORG, control, graphql, request


def deep(levels: int) -> object:
    value: object = 1
    for _ in range(levels):
        value = {"a": value}
    return value


def costly_document(rng: random.Random) -> str:
    fields = " ".join("id" for _ in range(3700))
    return "{ account { " + fields + " } t" + str(rng.randrange(10**9)) + ": __typename }"


BIG = "9" * 5000


def fill(template: str, value: object) -> str:
    """``template`` with its ``@`` replaced by ``value`` (GraphQL braces make %-formatting noisy)."""
    return template.replace("@", str(value))


def hostile_cases(rng: random.Random) -> list[tuple[str, int, Callable[[], bytes]]]:
    """(kind, weight, request factory)."""
    unique = lambda: rng.randrange(10**12)  # noqa: E731
    return [
        # GraphQL
        ("graphql/huge-variables", 2, lambda: graphql("{ account { id } }", {"v": "x" * 900_000})),
        ("graphql/deep-variables", 4, lambda: graphql("{ account { id } }", deep(300))),
        ("graphql/unique-document", 10, lambda: graphql(fill("{ a@: account { id } }", unique()))),
        ("graphql/unique-invalid", 10, lambda: graphql(fill('{ post(input: {id: "@"}) { id } }', unique()))),
        (
            "graphql/int-literal-5000",
            4,
            lambda: graphql(f"{{ posts(first: {BIG}) {{ edges {{ cursor }} }} }}"),
        ),
        ("graphql/float-variable", 4, lambda: graphql("query($n: Int) { account { id } }", {"n": 1e306})),
        (
            "graphql/far-datetime",
            4,
            lambda: graphql(
                fill('query($d: DateTime) { posts(input: {organizationId: "@", ', ORG)
                + "filter: {dueAt: {start: $d}}}) { edges { cursor } } }",
                {"d": "2200-01-01T00:00:00Z"},
            ),
        ),
        (
            "graphql/broken-json",
            6,
            lambda: request("POST", "/graphql", b'{"query": ', headers={"Authorization": f"Bearer {KEY}"}),
        ),
        (
            "graphql/array-body",
            3,
            lambda: request("POST", "/graphql", b"[1,2,3]", headers={"Authorization": f"Bearer {KEY}"}),
        ),
        ("graphql/bad-token", 8, lambda: graphql("{ account { id } }", token=fill("buf_nope_@", unique()))),
        (
            "graphql/anonymous-fresh-namespace",
            10,
            lambda: graphql(
                "{ account { id } }", token=None, **{"x-buffer-mock-namespace": fill("n@", unique())}
            ),
        ),
        (
            "graphql/bad-namespace",
            3,
            lambda: graphql("{ account { id } }", **{"x-buffer-mock-namespace": "../etc"}),
        ),
        (
            "graphql/long-operation-name",
            3,
            lambda: request(
                "POST",
                "/graphql",
                json.dumps({"query": "{ account { id } }", "operationName": "x" * 200_000}).encode(),
                headers={"Authorization": f"Bearer {KEY}"},
            ),
        ),
        (
            "graphql/too-large",
            2,
            lambda: request(
                "POST", "/graphql", b"{" + b" " * 1_100_000 + b"}", headers={"Authorization": f"Bearer {KEY}"}
            ),
        ),
        (
            "graphql/get-and-put",
            3,
            lambda: request(
                rng.choice(["GET", "PUT", "DELETE", "PATCH"]),
                "/graphql",
                headers={"Authorization": f"Bearer {KEY}"},
            ),
        ),
        # control API
        (
            "control/advance-1e306",
            3,
            lambda: control("POST", "/_mock/clock/advance?namespace=hostile", {"seconds": 1e306}),
        ),
        (
            "control/advance-beyond-range",
            3,
            lambda: control("POST", "/_mock/clock/advance?namespace=hostile", {"duration": "99999d"}),
        ),
        (
            "control/set-2200",
            3,
            lambda: control("POST", "/_mock/clock/set?namespace=hostile", {"at": "2200-01-01T00:00:00Z"}),
        ),
        (
            "control/limit-5000-digits",
            3,
            lambda: control("GET", f"/_mock/requests?namespace=hostile&limit={BIG}"),
        ),
        (
            "control/latency-1e300",
            3,
            lambda: control(
                "POST", "/_mock/faults?namespace=hostile", {"kind": "latency", "latency": {"ms": 1e300}}
            ),
        ),
        (
            "control/text-plain-reset",
            3,
            lambda: request("POST", "/_mock/reset?namespace=hostile", b"{}", content_type="text/plain"),
        ),
        (
            "control/foreign-origin",
            3,
            lambda: control("POST", "/_mock/reset?namespace=hostile", {}, Origin="https://evil.example"),
        ),
        (
            "control/load-outside-root",
            3,
            lambda: control(
                "POST", "/_mock/load", {"path": rng.choice(["/etc", "/nonexistent", "/proc/self"])}
            ),
        ),
        ("control/bad-json", 3, lambda: control("POST", "/_mock/clock/freeze?namespace=hostile", b"{nope")),
        (
            "control/unknown-namespace-log",
            3,
            lambda: control("GET", fill("/_mock/requests?namespace=gone@", unique())),
        ),
        ("control/options", 2, lambda: control("OPTIONS", "/_mock/reset")),
        ("control/requests", 2, lambda: control("GET", "/_mock/requests?namespace=default&limit=5")),
        # malformed HTTP
        ("http/garbage", 5, lambda: bytes(rng.randrange(256) for _ in range(64)) + b"\r\n\r\n"),
        ("http/bad-request-line", 4, lambda: b"GET\r\n\r\n"),
        ("http/http-0.9", 2, lambda: b"GET /\r\n\r\n"),
        (
            "http/huge-header",
            3,
            lambda: b"GET /graphql HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000 + b"\r\n\r\n",
        ),
        ("http/bad-header", 3, lambda: b"GET /graphql HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"),
        (
            "http/unknown-method",
            4,
            lambda: request(
                rng.choice(["TRACE", "CONNECT", "FOO", "PROPFIND"]),
                "/" + rng.choice(["graphql", "_mock/reset", "x"]),
            ),
        ),
        (
            "http/bad-chunked",
            3,
            lambda: b"POST /graphql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        ),
        (
            "http/both-lengths",
            2,
            lambda: (
                b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcde"
            ),
        ),
        ("http/unknown-path", 3, lambda: request("GET", fill("/@/../../etc/passwd", unique()))),
    ]
