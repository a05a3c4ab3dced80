"""A GraphQL endpoint the kit talks to (the mock or a target), and the ids discovered on it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from mockserver.contract.cassette import url_without_credentials
from mockserver.contract.introspection import BASIC_INTROSPECTION_QUERY, INTROSPECTION_QUERY

USER_AGENT = "buffer-mock-contract"


class ContractRunError(RuntimeError):
    """The run could not proceed (endpoint unreachable, not GraphQL, refused key, bad corpus)."""


@dataclass(frozen=True, slots=True)
class Exchange:
    status: int
    body: Any


class Endpoint:
    """A GraphQL endpoint reached with a Bearer key; ``client`` may be injected (tests, proxies).

    The key is held in memory only: never printed (``repr`` hides it) and never written."""

    def __init__(
        self,
        url: str,
        key: str | None,
        client: httpx.Client | None = None,
        timeout: float = 30.0,
        headers: Mapping[str, str] | None = None,
    ):
        self.url = url
        self._key = key
        self.extra_headers = dict(headers or {})
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=False)

    def __repr__(self) -> str:
        return f"Endpoint({self.label!r}, key={'<set>' if self._key else None})"

    @property
    def key(self) -> str | None:
        return self._key

    def close(self) -> None:
        self.client.close()

    @property
    def label(self) -> str:
        return url_without_credentials(self.url)

    def execute(self, document: str, variables: Mapping[str, Any] | None = None) -> Exchange:
        headers = {"content-type": "application/json", "user-agent": USER_AGENT, **self.extra_headers}
        if self._key:
            headers["authorization"] = f"Bearer {self._key}"
        payload: dict[str, Any] = {"query": document}
        if variables:
            payload["variables"] = dict(variables)
        try:
            response = self.client.post(self.url, json=payload, headers=headers)
        except httpx.HTTPError as error:
            raise ContractRunError(f"{self.label}: request failed: {type(error).__name__}: {error}") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        return Exchange(response.status_code, body)


def data_of(exchange: Exchange) -> Mapping[str, Any]:
    body = exchange.body
    if isinstance(body, Mapping) and isinstance(body.get("data"), Mapping):
        return body["data"]
    return {}


def check_access(endpoint: Endpoint) -> None:
    """A first request; an unreachable endpoint or a refused key stops the run (exit 2)."""
    exchange = endpoint.execute("query ContractPing { account { id } }")
    if exchange.status in (401, 403):
        raise ContractRunError(f"{endpoint.label}: the key was refused (HTTP {exchange.status})")
    if not isinstance(exchange.body, Mapping):
        raise ContractRunError(
            f"{endpoint.label}: not a GraphQL endpoint (HTTP {exchange.status}, no JSON body)"
        )


def fetch_introspection(endpoint: Endpoint) -> dict[str, Any]:
    """The endpoint's ``__schema`` (falls back to the query without ``isOneOf`` for older servers)."""
    last_problem = ""
    for query in (INTROSPECTION_QUERY, BASIC_INTROSPECTION_QUERY):
        exchange = endpoint.execute(query)
        data = data_of(exchange)
        if isinstance(data.get("__schema"), Mapping):
            return dict(data["__schema"])
        last_problem = f"HTTP {exchange.status}: {json.dumps(exchange.body)[:300]}"
    raise ContractRunError(f"{endpoint.label}: introspection failed ({last_problem})")


# --- discovery ----------------------------------------------------------------------------------

DISCOVER_ORGANIZATIONS = (
    "query ContractDiscoverOrganization { account { organizations { id channelCount } } }"
)
DISCOVER_CHANNELS = (
    "query ContractDiscoverChannel($input: ChannelsInput!) { channels(input: $input) { id service } }"
)
DISCOVER_POST = (
    "query ContractDiscoverPost($input: PostsInput!) "
    "{ posts(input: $input, first: 1) { edges { node { id } } } }"
)
DISCOVER_POSTS = """query ContractDiscoverPosts($org: OrganizationId!) {
  sent: posts(input: {organizationId: $org, filter: {status: [sent]}}, first: 100) {
    edges { node { id sentAt tags { id } } }
  }
  draft: posts(input: {organizationId: $org, filter: {status: [draft]}}, first: 1) { edges { node { id } } }
  scheduled: posts(input: {organizationId: $org, filter: {status: [scheduled]}}, first: 1) {
    edges { node { id } }
  }
  error: posts(input: {organizationId: $org, filter: {status: [error]}}, first: 1) { edges { node { id } } }
  recent: posts(input: {organizationId: $org}, first: 100) { edges { node { id tags { id } } } }
}"""
DISCOVER_BOARD = """query ContractDiscoverBoard($org: ID!, $orgId: OrganizationId!) {
  ideaGroups(input: {organizationId: $org}) { id }
  postTemplates(input: {organizationId: $orgId}, first: 1) { edges { node { id } } }
}"""
WINDOW_DAYS = (7, 30, 90, 365)


def _edges(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    connection = data.get(key) or {}
    return [e["node"] for e in connection.get("edges") or () if isinstance(e, Mapping)]


def _day_bounds(latest: str | None) -> dict[str, str]:
    """``$until`` (end of the latest sent post's day) and ``$from:<N>d``."""
    if latest:
        day = datetime.fromisoformat(latest.replace("Z", "+00:00")).astimezone(UTC).date()
    else:
        day = datetime.now(UTC).date()
    bounds = {"$until": f"{day.isoformat()}T23:59:59Z"}
    for days in WINDOW_DAYS:
        bounds[f"$from:{days}d"] = f"{(day - timedelta(days=days)).isoformat()}T00:00:00Z"
    return bounds


def discover_ids(endpoint: Endpoint, write_channel: str | None = None) -> dict[str, Any]:
    """Placeholder values from the endpoint's own account: organization, channels (also per
    service), posts (also per status), a tag, an idea group, a template and the date window."""
    ids: dict[str, Any] = {}
    if write_channel:
        ids["$writeChannel"] = write_channel
    account = data_of(endpoint.execute(DISCOVER_ORGANIZATIONS)).get("account") or {}
    organizations = [o for o in account.get("organizations") or () if isinstance(o, Mapping)]
    if not organizations:
        return ids
    with_channels = [o for o in organizations if (o.get("channelCount") or 0) > 0]
    org = (with_channels or organizations)[0]["id"]
    ids["$org"] = org
    channels = data_of(endpoint.execute(DISCOVER_CHANNELS, {"input": {"organizationId": org}})).get(
        "channels"
    )
    channels = [c for c in channels or () if isinstance(c, Mapping)]
    if channels:
        ids["$channel"] = channels[0]["id"]
        ids["$channels"] = [c["id"] for c in channels]
        for channel in reversed(channels):
            ids[f"$channel:{channel['service']}"] = channel["id"]
    posts = data_of(endpoint.execute(DISCOVER_POSTS, {"org": org}))
    sent = _edges(posts, "sent")
    for status in ("sent", "draft", "scheduled", "error"):
        nodes = _edges(posts, status)
        if nodes:
            ids[f"$post:{status}"] = nodes[0]["id"]
    first = data_of(endpoint.execute(DISCOVER_POST, {"input": {"organizationId": org}})).get("posts") or {}
    if first.get("edges"):
        ids["$post"] = first["edges"][0]["node"]["id"]
    tags = [t["id"] for node in _edges(posts, "recent") + sent for t in node.get("tags") or ()]
    if tags:
        ids["$tag"] = max(sorted(set(tags)), key=tags.count)
    board = data_of(endpoint.execute(DISCOVER_BOARD, {"org": org, "orgId": org}))
    if board.get("ideaGroups"):
        ids["$ideaGroup"] = board["ideaGroups"][0]["id"]
    templates = _edges(board, "postTemplates")
    if templates:
        ids["$postTemplate"] = templates[0]["id"]
    sent_at = [n["sentAt"] for n in sent if n.get("sentAt")]
    ids.update(_day_bounds(max(sent_at) if sent_at else None))
    return ids
