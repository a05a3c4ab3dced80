"""Payload members the mock's own rules never choose, reached through injected faults.

RestProxyError (a network refusal relayed from Buffer's REST layer) and UnexpectedError have no
rule of ours behind them; the control API's ``mutation_error`` faults make them reachable so
clients can test their handling. ``IdeaResponse`` is never answered: Buffer was observed
answering createIdea with the ``Idea`` member.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.mutations.support import (
    CREATE_POST,
    CUSTOM,
    EDIT_POST,
    MAIN,
    TWITTER,
    MutationClient,
)

CREATE_IDEA = """mutation CreateIdea($input: CreateIdeaInput!) {
  createIdea(input: $input) { __typename ... on Idea { id } ... on IdeaResponse { refreshIdeas }
                              ... on MutationError { message } }
}"""
CASES: list[tuple[str, str, dict[str, Any], str]] = [
    (
        "createPost",
        CREATE_POST,
        {"input": {"channelId": TWITTER, "text": "x", "mode": "addToQueue", "schedulingType": "automatic"}},
        "RestProxyError",
    ),
    (
        "createPost",
        CREATE_POST,
        {"input": {"channelId": TWITTER, "text": "x", "mode": "addToQueue", "schedulingType": "automatic"}},
        "UnexpectedError",
    ),
    ("editPost", EDIT_POST, {"input": {"id": CUSTOM, "text": "x"}}, "RestProxyError"),
    ("editPost", EDIT_POST, {"input": {"id": CUSTOM, "text": "x"}}, "UnexpectedError"),
    (
        "createIdea",
        CREATE_IDEA,
        {"input": {"organizationId": MAIN, "content": {"title": "x"}}},
        "UnexpectedError",
    ),
]


@pytest.mark.parametrize(
    ("operation", "document", "variables", "typename"), CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES]
)
def test_fault_injected_members_answer_in_data(
    api: MutationClient, operation: str, document: str, variables: dict[str, Any], typename: str
) -> None:
    armed = api.client.http.post(
        "/_mock/faults",
        json={"kind": "mutation_error", "operation": operation, "typename": typename, "times": 1},
    )
    assert armed.is_success, armed.text
    hit = api.data(document, variables)[operation]
    assert hit["__typename"] == typename and hit["message"]
    assert api.data(document, variables)[operation]["__typename"] in ("PostActionSuccess", "Idea")


def test_create_idea_success_is_the_idea_member_never_idea_response(api: MutationClient) -> None:
    assert api.data(CREATE_IDEA, CASES[-1][2])["createIdea"]["__typename"] == "Idea"
