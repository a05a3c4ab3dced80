"""A tiny world built in code for the gateway tests: one account, one organization, tokens of
every kind. Independent of the default fixtures, so plans and scopes can be chosen per test."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from mockserver.app import create_app
from mockserver.fixtures.loader import WorldData
from mockserver.scalars import datetime_to_ms, parse_datetime
from mockserver.settings import Settings
from mockserver.store.entities import Account, ApiToken, Channel, Organization, Post

ANCHOR = "2026-11-15T12:00:00Z"
ANCHOR_MS = datetime_to_ms(parse_datetime(ANCHOR))
ACCOUNT_ID = "654ec400a3c0f068311ed400"
ORG_ID = "655bf300ed9b7949faa6a000"
CHANNEL_ID = "66075600877698984c452000"
POST_IDS = ("67075600877698984c452001", "67075600877698984c452002")

PERSONAL_KEY = "buf_gateway_personal_key"
SECOND_PERSONAL_KEY = "buf_gateway_second_personal_key"
TEAM_KEY = "buf_gateway_team_key"  # token-level plan override
READ_TOKEN = "buf_gateway_oauth_read"  # account:read posts:read ideas:read (no insights)
INSIGHTS_TOKEN = "buf_gateway_oauth_insights"  # posts:read insights:read
NO_SCOPE_TOKEN = "buf_gateway_oauth_none"
SECOND_APP_TOKEN = "buf_gateway_oauth_read_same_client"  # another token of the read app's client
REVOKED_TOKEN = "buf_gateway_oauth_revoked"
READ_CLIENT = "gateway-read-app"


def small_world(plan: str = "free") -> WorldData:
    account = Account(
        id=ACCOUNT_ID,
        email="owner@gateway.example",
        avatar="https://a.example/a.png",
        name="Gateway Owner",
        timezone="Europe/London",
        created_at=ANCHOR_MS - 86_400_000,
    )
    organization = Organization(
        id=ORG_ID,
        name="Gateway Org",
        owner_email=account.email,
        plan=plan,
        members={ACCOUNT_ID: "owner"},
        created_at=ANCHOR_MS - 86_400_000,
    )
    channel = Channel(
        id=CHANNEL_ID,
        organization_id=ORG_ID,
        service="twitter",
        type="profile",
        name="gateway",
        avatar="https://a.example/c.png",
        service_id="42",
        allowed_actions=["viewChannel", "viewInsights"],
        created_at=ANCHOR_MS - 86_400_000,
        updated_at=ANCHOR_MS - 86_400_000,
    )
    posts = [
        Post(
            id=post_id,
            organization_id=ORG_ID,
            channel_id=CHANNEL_ID,
            status="sent",
            text=f"post {i}",
            created_at=ANCHOR_MS - (i + 2) * 3_600_000,
            updated_at=ANCHOR_MS - (i + 2) * 3_600_000,
            due_at=ANCHOR_MS - (i + 1) * 3_600_000,
            sent_at=ANCHOR_MS - (i + 1) * 3_600_000,
            author_id=ACCOUNT_ID,
        )
        for i, post_id in enumerate(POST_IDS)
    ]
    tokens = [
        ApiToken(token=PERSONAL_KEY, account_id=ACCOUNT_ID),
        ApiToken(token=SECOND_PERSONAL_KEY, account_id=ACCOUNT_ID),
        ApiToken(token=TEAM_KEY, account_id=ACCOUNT_ID, plan="team"),
        ApiToken(
            token=READ_TOKEN,
            account_id=ACCOUNT_ID,
            kind="oauth",
            client_id=READ_CLIENT,
            scopes=frozenset({"account:read", "posts:read", "ideas:read"}),
        ),
        ApiToken(
            token=SECOND_APP_TOKEN,
            account_id=ACCOUNT_ID,
            kind="oauth",
            client_id=READ_CLIENT,
            scopes=frozenset({"account:read", "posts:read", "ideas:read"}),
        ),
        ApiToken(
            token=INSIGHTS_TOKEN,
            account_id=ACCOUNT_ID,
            kind="oauth",
            client_id="gateway-insights-app",
            scopes=frozenset({"posts:read", "insights:read"}),
        ),
        ApiToken(token=NO_SCOPE_TOKEN, account_id=ACCOUNT_ID, kind="oauth", client_id="gateway-bare-app"),
        ApiToken(
            token=REVOKED_TOKEN,
            account_id=ACCOUNT_ID,
            kind="oauth",
            client_id="gateway-old-app",
            scopes=frozenset({"account:read"}),
            revoked=True,
        ),
    ]
    return WorldData(
        name="gateway-small",
        anchor=ANCHOR_MS,
        seed=7,
        networks_override={},
        accounts=[account],
        tokens=tokens,
        organizations=[organization],
        channels=[channel],
        posts=posts,
    )


def gateway_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"clock_start": ANCHOR, "clock_frozen": True, "time_shift": "none"}
    values.update(overrides)
    return Settings(**values)


class Gateway:
    """A TestClient over a small world, posting GraphQL with a chosen token."""

    def __init__(
        self,
        settings: Settings | None = None,
        data: WorldData | None = None,
        *,
        raise_server_exceptions: bool = False,
    ) -> None:
        self.app = create_app(settings or gateway_settings(), data if data is not None else small_world())
        self.http = TestClient(self.app, raise_server_exceptions=raise_server_exceptions)

    def post(
        self,
        query: str,
        token: str | None = PERSONAL_KEY,
        variables: dict[str, Any] | None = None,
        operation_name: str | None = None,
        namespace: str | None = None,
    ) -> Any:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        if operation_name is not None:
            body["operationName"] = operation_name
        headers = {"content-type": "application/json"}
        if token is not None:
            headers["authorization"] = f"Bearer {token}"
        if namespace is not None:
            headers["x-buffer-mock-namespace"] = namespace
        return self.http.post("/graphql", json=body, headers=headers)

    def namespace(self, name: str = "default") -> Any:
        return self.app.state.namespaces.get(name)

    def world(self, namespace: str = "default") -> Any:
        return self.namespace(namespace).world

    def advance(self, seconds: float, namespace: str = "default") -> None:
        self.world(namespace).clock.advance(round(seconds * 1000))

    def close(self) -> None:
        self.http.close()
