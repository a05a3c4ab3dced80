"""Through HTTP: 401s before anything else, OAuth scopes per field, no leaks, 413."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mockserver import errors
from tests.conftest import GraphQLClient
from tests.unit.gateway.small_world import (
    INSIGHTS_TOKEN,
    NO_SCOPE_TOKEN,
    ORG_ID,
    PERSONAL_KEY,
    POST_IDS,
    READ_TOKEN,
    REVOKED_TOKEN,
    Gateway,
    gateway_settings,
)

POSTS_WITH_METRICS = """
query Posts($org: OrganizationId!) {
  posts(input: {organizationId: $org}) { edges { node { id text metrics { type value } metricsUpdatedAt } } }
}"""
RATE_LIMIT_HEADERS = ("ratelimit", "ratelimit-policy", "retry-after", "x-ratelimit-limit")


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    gateway = Gateway()
    yield gateway
    gateway.close()


def auth_body(message: str) -> dict[str, object]:
    return {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]}


# --- 401 ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        (None, errors.MSG_AUTH_REQUIRED),
        ("", errors.MSG_AUTH_REQUIRED),
        (PERSONAL_KEY, errors.MSG_TOKEN_INVALID),  # no Bearer prefix
        ("Token " + PERSONAL_KEY, errors.MSG_TOKEN_INVALID),
        ("Bearer not-a-known-token", errors.MSG_TOKEN_INVALID),
        ("Bearer " + REVOKED_TOKEN, errors.MSG_TOKEN_INVALID),
    ],
)
def test_unauthenticated_requests_get_buffers_exact_401_without_rate_limit_headers(
    gateway: Gateway, authorization: str | None, message: str
) -> None:
    headers = {} if authorization is None else {"authorization": authorization}
    response = gateway.http.post("/graphql", json={"query": "{ account { id } }"}, headers=headers)
    assert response.status_code == 401
    assert response.json() == auth_body(message)
    assert not [name for name in RATE_LIMIT_HEADERS if name in response.headers]


def test_bad_token_and_invalid_query_is_answered_with_the_401(gateway: Gateway) -> None:
    response = gateway.post("{ account { nope } ", token="wrong")
    assert response.status_code == 401
    assert response.json() == auth_body(errors.MSG_TOKEN_INVALID)


def test_revoked_token_and_malformed_body_is_answered_with_the_401(gateway: Gateway) -> None:
    response = gateway.http.post(
        "/graphql", content=b"{not json", headers={"authorization": f"Bearer {REVOKED_TOKEN}"}
    )
    assert response.status_code == 401
    assert response.json() == auth_body(errors.MSG_TOKEN_INVALID)


def test_rejected_credentials_count_against_no_client(gateway: Gateway) -> None:
    gateway.post("{ account { id } }", token=REVOKED_TOKEN)
    gateway.post("{ account { id } }", token="unknown")
    assert gateway.http.get("/_mock/ratelimits").json()["clients"] == []


# --- scopes ----------------------------------------------------------------------------------------
def test_personal_key_has_full_access_including_metrics(gateway: Gateway) -> None:
    response = gateway.post(POSTS_WITH_METRICS, variables={"org": ORG_ID})
    assert response.status_code == 200
    assert "errors" not in response.json()


def test_missing_insights_scope_nulls_each_posts_metrics_and_keeps_the_rest(gateway: Gateway) -> None:
    response = gateway.post(POSTS_WITH_METRICS, token=READ_TOKEN, variables={"org": ORG_ID})
    assert response.status_code == 200
    body = response.json()
    nodes = [edge["node"] for edge in body["data"]["posts"]["edges"]]
    assert [node["id"] for node in nodes] == list(POST_IDS)
    assert all(node["metrics"] is None and node["metricsUpdatedAt"] is None for node in nodes)
    assert all(node["text"] for node in nodes)
    metrics_errors = [e for e in body["errors"] if e["path"][-1] == "metrics"]
    assert [e["path"] for e in metrics_errors] == [["posts", "edges", i, "node", "metrics"] for i in range(2)]
    assert {e["extensions"]["code"] for e in body["errors"]} == {"INSUFFICIENT_SCOPE"}
    assert metrics_errors[0]["message"] == errors.MSG_MISSING_SCOPE.format(scope="insights:read")


def test_insights_scope_unlocks_metrics(gateway: Gateway) -> None:
    response = gateway.post(POSTS_WITH_METRICS, token=INSIGHTS_TOKEN, variables={"org": ORG_ID})
    assert response.status_code == 200
    assert "errors" not in response.json()


def test_missing_scope_on_a_non_null_root_field_nulls_data(gateway: Gateway) -> None:
    response = gateway.post("{ account { id } }", token=NO_SCOPE_TOKEN)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["path"] == ["account"]
    assert error["extensions"] == {"code": "INSUFFICIENT_SCOPE"}


def test_aggregate_metrics_need_insights_scope(gateway: Gateway) -> None:
    query = """query Aggregate($org: OrganizationId!) {
      aggregatedPostMetrics(input: {organizationId: $org, startDateTime: "2026-11-01T00:00:00Z",
                                    endDateTime: "2026-11-15T00:00:00Z"}) { metrics { type } } }"""
    response = gateway.post(query, token=READ_TOKEN, variables={"org": ORG_ID})
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "INSUFFICIENT_SCOPE"
    assert response.json()["errors"][0]["path"] == ["aggregatedPostMetrics"]


def test_write_scope_is_needed_for_mutations_and_the_resolver_never_runs(gateway: Gateway) -> None:
    posts_before = len(gateway.world().posts)
    response = gateway.post(
        "mutation Delete($id: PostId!) { deletePost(input: {id: $id}) { __typename } }",
        token=READ_TOKEN,
        variables={"id": POST_IDS[0]},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["message"] == errors.MSG_MISSING_SCOPE.format(scope="posts:write")
    assert len(gateway.world().posts) == posts_before


def test_read_scopes_allow_the_reads_they_name(gateway: Gateway) -> None:
    query = "query Q($org: OrganizationId!) { account { id } channels(input: {organizationId: $org}) { id } }"
    response = gateway.post(query, token=READ_TOKEN, variables={"org": ORG_ID})
    assert response.status_code == 200
    assert "errors" not in response.json()


# --- no leaks, body size ------------------------------------------------------------------------------
def explode(*_: object) -> None:
    raise RuntimeError("secret internal detail")


def test_resolver_crash_is_unexpected_without_stack_trace_when_debug_is_off() -> None:
    gateway = Gateway(gateway_settings(debug=False))
    gateway.world().organizations_of = explode  # type: ignore[method-assign]
    response = gateway.post("{ account { id organizations { id } } }")
    assert response.status_code == 200
    (error,) = response.json()["errors"]
    assert error["message"] == errors.MSG_UNEXPECTED
    assert error["extensions"] == {"code": "UNEXPECTED"}
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text


def test_debug_mode_adds_the_exception_but_never_a_traceback() -> None:
    gateway = Gateway(gateway_settings(debug=True))
    gateway.world().organizations_of = explode  # type: ignore[method-assign]
    response = gateway.post("{ account { id organizations { id } } }")
    assert "secret internal detail" in response.json()["errors"][0]["extensions"]["exception"]
    assert "Traceback" not in response.text


def test_body_over_the_size_limit_is_a_413_with_buffer_shaped_body() -> None:
    gateway = Gateway(gateway_settings(max_body_bytes=2048))
    response = gateway.post("{ account { id } }" + " " * 3000)
    assert response.status_code == 413
    assert response.json() == errors.error_body(
        errors.MSG_PAYLOAD_TOO_LARGE.format(limit=2048), errors.PAYLOAD_TOO_LARGE
    )
    assert gateway.post("{ account { id } }" + " " * 1000).status_code == 200


# --- the default world's tokens -------------------------------------------------------------------
DEFAULT_OAUTH_READ = "buf_mock_default_oauth_read_token"
DEFAULT_REVOKED = "buf_mock_default_revoked_token"


def test_default_world_oauth_token_without_insights_sees_posts_but_not_their_metrics(
    gql: GraphQLClient,
) -> None:
    organization = gql.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    oauth = gql.as_token(DEFAULT_OAUTH_READ)
    query = """query Posts($org: OrganizationId!) {
      posts(first: 5, input: {organizationId: $org, filter: {status: [sent]}}) {
        edges { node { id metrics { type } } }
      }
    }"""
    body = oauth.post(query, {"org": organization}).json()
    nodes = [edge["node"] for edge in body["data"]["posts"]["edges"]]
    assert nodes and all(node["id"] and node["metrics"] is None for node in nodes)
    assert len(body["errors"]) == len(nodes)
    assert {e["extensions"]["code"] for e in body["errors"]} == {"INSUFFICIENT_SCOPE"}
    assert "errors" not in gql.post(query, {"org": organization}).json()


def test_default_world_revoked_token_is_refused(gql: GraphQLClient) -> None:
    response = gql.as_token(DEFAULT_REVOKED).post("{ account { id } }")
    assert response.status_code == 401
    assert response.json() == auth_body(errors.MSG_TOKEN_INVALID)
