"""Buffer's own texts, pinned once each as literals with their source, produced through the API.

Every text here is documented or observed (``buffer-api-facts.md`` in the reference, section and
source key given). Each case drives the mock into the situation over HTTP and compares the answer
with the literal, never with a constant of the implementation, so a typo in a constant fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from mockserver.fixtures.loader import WorldData, load_fixture_dir
from mockserver.settings import CustomQuotas, QueryLimits
from tests.conftest import GraphQLClient, frozen_settings
from tests.integration.mutations.support import INSTAGRAM, NOW, OWNER, TWITTER, WORLD_DIR, MutationClient

Clients = Callable[..., GraphQLClient]

CREATE_POST = """mutation($input: CreatePostInput!) {
  createPost(input: $input) { __typename ... on MutationError { message } } }"""
AGGREGATE = """query($input: AggregatedPostMetricsInput!) {
  aggregatedPostMetrics(input: $input) { metrics { type value } } }"""


@dataclass(frozen=True)
class Verbatim:
    text: str
    source: str  # where the text is documented or observed (facts file section, source key)
    produce: Callable[[Clients, WorldData], str]


def first_error(response: object) -> str:
    return response.json()["errors"][0]["message"]  # type: ignore[attr-defined, no-any-return]


def without_token(clients: Clients, _: WorldData) -> str:
    return first_error(clients(token=None).post("{ account { id } }"))


def with_unknown_token(clients: Clients, _: WorldData) -> str:
    return first_error(clients(token="not-a-key").post("{ account { id } }"))


def too_complex(clients: Clients, _: WorldData) -> str:
    client = clients(frozen_settings(query_limits=QueryLimits(max_complexity=3)))
    return first_error(client.post("{ account { id email organizations { id name } } }"))


def rate_limited(clients: Clients, _: WorldData) -> str:
    settings = frozen_settings(rate_limit_mode="custom", custom_quotas=CustomQuotas(per_15m=1))
    client = clients(settings)
    assert client.post("{ account { id } }").status_code == 200
    refused = client.post("{ account { id } }")
    assert refused.status_code == 429
    return first_error(refused)


def page_of_101(clients: Clients, _: WorldData) -> str:
    client = clients()
    org = client.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    query = (
        "query($o: OrganizationId!) { posts(input: {organizationId: $o}, first: 101) { edges { cursor } } }"
    )
    return first_error(client.post(query, {"o": org}))


def free_plan_beyond_31_days(clients: Clients, _: WorldData) -> str:
    client = clients(token="buf_mock_outsider_personal_key")
    org = client.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    window = {
        "organizationId": org,
        "startDateTime": "2026-08-01T00:00:00Z",
        "endDateTime": "2026-11-01T00:00:00Z",
    }
    return first_error(client.post(AGGREGATE, {"input": window}))


def create_post_message(channel: str, text: str) -> Callable[[Clients, WorldData], str]:
    def produce(clients: Clients, mutation_world: WorldData) -> str:
        api = MutationClient(clients(frozen_settings(clock_start=NOW), mutation_world, token=OWNER))
        result = api.create(channelId=channel, text=text)
        assert result["__typename"] == "InvalidInputError", result
        return str(result["message"])

    return produce


def unknown_enum_value(clients: Clients, _: WorldData) -> str:
    query = 'mutation { createPost(input: {channelId: "aaaaaaaaaaaaaaaaaaaaaaaa", text: "x", schedulingType: automatic_publishing, mode: addToQueue}) { __typename } }'
    response = clients().post(query)
    assert response.status_code == 400
    return first_error(response)


def fragment_on_a_foreign_member(clients: Clients, _: WorldData) -> str:
    query = 'mutation { deletePost(input: {id: "aaaaaaaaaaaaaaaaaaaaaaaa"}) { ... on NotFoundError { message } } }'
    response = clients().post(query)
    assert response.status_code == 400
    return first_error(response)


CASES = {
    "401 without a token": Verbatim(
        "An authentication JWT or Access Token is required", "§3.4, §1.3 [ERR; 3P-W6W]", without_token
    ),
    "401 with a bad token": Verbatim(
        "Access token is not valid", "§3.4, §1.3 [ERR; 3P-W6W]", with_unknown_token
    ),
    "429": Verbatim(
        "Too many requests from this client. Please try again later.", "§1.4 [RL; 3P-DMX]", rate_limited
    ),
    "complexity": Verbatim(
        "Query exceeds maximum allowed complexity. Please simplify your query.",
        "§1.5, §3.4 [ERR; RL]",
        too_complex,
    ),
    "page size above 100": Verbatim(
        "Pagination limit exceeded. Maximum 100 items per request.", "§1.5, §3.4 [3P-SWIFT]", page_of_101
    ),
    "free plan beyond 31 days": Verbatim(
        "Free-plan Insights are limited to the last 31 days of history.",
        "§3.4, §3.5 [3P-FREE]",
        free_plan_beyond_31_days,
    ),
    "createPost without text": Verbatim(
        "Text is required", "§3.4 [DOC:guides/error-handling]", create_post_message(TWITTER, "")
    ),
    "text-only Instagram post": Verbatim(
        "Invalid post: Instagram posts require at least one image or video., "
        "Instagram posts require a type (post, story, or reel).",
        "§3.4 [3P-DMX observed]",
        create_post_message(INSTAGRAM, "Hello"),
    ),
    "unknown enum value": Verbatim(
        'Value "automatic_publishing" does not exist in "SchedulingType" enum.',
        "§3.4 [3P-DMX]",
        unknown_enum_value,
    ),
    "fragment on a foreign union member": Verbatim(
        'Fragment cannot be spread here as objects of type "DeletePostPayload" can never be of type "NotFoundError".',
        "§3.4 [3P-DMX]",
        fragment_on_a_foreign_member,
    ),
}


@pytest.fixture(scope="module")
def mutation_world() -> WorldData:
    return load_fixture_dir(WORLD_DIR)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_buffer_text_is_answered_verbatim(
    case: Verbatim, make_client: Clients, mutation_world: WorldData
) -> None:
    assert case.produce(make_client, mutation_world) == case.text, case.source
