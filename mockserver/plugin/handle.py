"""The per-test handle: one test's namespace on a running server, with control and assertion helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from mockserver import request_assertions
from mockserver.plugin.server import BufferMockError, BufferMockServer


@dataclass
class BufferMock:
    """One test's view of the mock: its own namespace on a running :class:`BufferMockServer`."""

    server: BufferMockServer
    namespace: str
    _clients: list[httpx.Client] = field(default_factory=list, repr=False)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def graphql_url(self) -> str:
        return self.server.graphql_url

    @property
    def api_key(self) -> str | None:
        return self.server.api_key

    @property
    def headers(self) -> dict[str, str]:
        """``Authorization`` with :attr:`api_key`, and the namespace header (unless it is ``default``)."""
        return self.server.headers(None if self.namespace == "default" else self.namespace)

    def client(self, **options: Any) -> httpx.Client:
        """An httpx client on :attr:`url` sending :attr:`headers`; closed after the test."""
        headers = {**self.headers, **options.pop("headers", {})}
        timeout = options.pop("timeout", 30.0)
        client = httpx.Client(base_url=self.url, headers=headers, timeout=timeout, **options)
        self._clients.append(client)
        return client

    def graphql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        api_key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """The JSON body of one operation in this test's namespace (``data`` and/or ``errors``)."""
        return self.server.graphql(
            query, variables, namespace=self.namespace, api_key=api_key, headers=headers
        )

    def data(self, query: str, variables: dict[str, Any] | None = None, **options: Any) -> dict[str, Any]:
        """``data`` of one operation; raises :class:`BufferMockError` when the answer has ``errors``."""
        body = self.graphql(query, variables, **options)
        if body.get("errors"):
            raise BufferMockError(f"GraphQL errors: {body['errors']}")
        return body["data"]  # type: ignore[no-any-return]

    # control API, always on this namespace
    def control(self, method: str, path: str, **options: Any) -> Any:
        return self.server.control(method, path, namespace=self.namespace, **options)

    def reset(self) -> None:
        self.control("POST", "reset", params={"clock": "reset"})

    def clock(self) -> dict[str, Any]:
        return self.control("GET", "clock")  # type: ignore[no-any-return]

    def set_clock(self, at: str) -> dict[str, Any]:
        return self.control("POST", "clock/set", json={"at": at})  # type: ignore[no-any-return]

    def freeze_clock(self, at: str | None = None) -> dict[str, Any]:
        return self.control("POST", "clock/freeze", json={} if at is None else {"at": at})  # type: ignore[no-any-return]

    def advance_clock(self, *, seconds: float | None = None, duration: str | None = None) -> dict[str, Any]:
        body = {"seconds": seconds} if duration is None else {"duration": duration}
        return self.control("POST", "clock/advance", json=body)  # type: ignore[no-any-return]

    def set_rate_limits(
        self, mode: str | None = None, *, quotas: dict[str, int] | None = None, reset_counters: bool = False
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"resetCounters": reset_counters}
        if mode is not None:
            body["mode"] = mode
        if quotas is not None:
            body["customQuotas"] = quotas
        return self.control("PUT", "ratelimits", json=body)  # type: ignore[no-any-return]

    def set_schema_version(self, version: str | None) -> dict[str, Any]:
        """Serve this namespace with ``version`` (``None``: the server's); a reset undoes it."""
        return self.control("PUT", "schema-version", json={"version": version})  # type: ignore[no-any-return]

    def schema_version(self) -> dict[str, Any]:
        return self.control("GET", "schema-version")  # type: ignore[no-any-return]

    def rate_limits(self) -> dict[str, Any]:
        return self.control("GET", "ratelimits")  # type: ignore[no-any-return]

    def requests(self) -> list[dict[str, Any]]:
        """The request log of this namespace, oldest first."""
        return self.control("GET", "requests")["requests"]  # type: ignore[no-any-return]

    def requested(
        self,
        operation: str | None = None,
        *,
        variables: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> list[dict[str, Any]]:
        """The logged requests with this operation name, variables containing these, this status."""
        return [e for e in self.requests() if request_assertions.matches(e, operation, variables, status)]

    def request_count(
        self,
        operation: str | None = None,
        *,
        variables: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> int:
        return len(self.requested(operation, variables=variables, status=status))

    def assert_requested(
        self,
        operation: str | None = None,
        *,
        variables: dict[str, Any] | None = None,
        status: int | None = None,
        times: int | None = None,
    ) -> list[dict[str, Any]]:
        """The matching requests; fails (listing every logged request) when none, or not ``times``, match."""
        entries = self.requests()
        hits = [e for e in entries if request_assertions.matches(e, operation, variables, status)]
        if (times is None and not hits) or (times is not None and len(hits) != times):
            wanted = request_assertions.criteria(operation, variables, status)
            raise AssertionError(
                request_assertions.requested_failure(self.namespace, entries, wanted, len(hits), times)
            )
        return hits

    def assert_not_requested(
        self,
        operation: str | None = None,
        *,
        variables: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        """Fails, listing every logged request, when any request matches."""
        entries = self.requests()
        hits = [
            n for n, e in enumerate(entries, 1) if request_assertions.matches(e, operation, variables, status)
        ]
        if hits:
            wanted = request_assertions.criteria(operation, variables, status)
            raise AssertionError(
                request_assertions.not_requested_failure(self.namespace, entries, wanted, hits)
            )

    def arm_fault(self, **spec: Any) -> dict[str, Any]:
        return self.control("POST", "faults", json=spec)["fault"]  # type: ignore[no-any-return]

    def close(self) -> None:
        for client in self._clients:
            client.close()
