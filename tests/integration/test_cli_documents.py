"""Every GraphQL document the official CLI sends (both field variants) runs cleanly on the default world."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.reference import cli_documents

DOCUMENTS = cli_documents()
CASES = [
    (name, variant)
    for name in sorted(DOCUMENTS)
    for variant in ("documentDefaultFields", "documentAllFields")
]


def world_ids(gql: GraphQLClient) -> dict[str, Any]:
    data = gql.data("""{ account { organizations { id } } }""")
    org = data["account"]["organizations"][0]["id"]
    channels = gql.data(
        "query($o: OrganizationId!) { channels(input: {organizationId: $o}) { id service isLocked isDisconnected } }",
        {"o": org},
    )["channels"]
    twitter = next(
        c["id"]
        for c in channels
        if c["service"] == "twitter" and not c["isLocked"] and not c["isDisconnected"]
    )
    posts = gql.data(
        """query($o: OrganizationId!) { posts(input: {organizationId: $o, filter: {status: [scheduled]}}, first: 100) {
             edges { node { id shareMode channelId } } } }""",
        {"o": org},
    )["posts"]["edges"]
    queued = next(e["node"] for e in posts if e["node"]["shareMode"] == "addToQueue")
    templates = gql.data(
        """query($o: OrganizationId!) { postTemplates(input: {organizationId: $o, filter: {visibility: private}}) {
             edges { node { id } } } }""",
        {"o": org},
    )["postTemplates"]["edges"]
    return {
        "org": org,
        "twitter": twitter,
        "channels": [c["id"] for c in channels],
        "queued": queued["id"],
        "template": templates[0]["node"]["id"],
    }


def variables_for(name: str, ids: dict[str, Any]) -> dict[str, Any]:
    org = ids["org"]
    return {
        "account": {},
        "aggregatedPostMetrics": {
            "input": {
                "organizationId": org,
                "startDateTime": "2026-01-01T00:00:00Z",
                "endDateTime": "2026-10-31T00:00:00Z",
            }
        },
        "channel": {"input": {"id": ids["twitter"]}},
        "channels": {"input": {"organizationId": org}},
        "createIdea": {"input": {"organizationId": org, "content": {"title": "Launch", "text": "An idea"}}},
        "createPost": {
            "input": {
                "channelId": ids["twitter"],
                "schedulingType": "automatic",
                "mode": "addToQueue",
                "text": "Hello from the CLI",
                "saveToDraft": True,
            }
        },
        "createPostTemplate": {
            "input": {
                "organizationId": org,
                "title": "Weekly",
                "body": "Hi {{name}}",
                "description": "A weekly note",
            }
        },
        "dailyPostingLimits": {"input": {"channelIds": ids["channels"][:3]}},
        "deletePost": {"input": {"id": ids["queued"]}},
        "deletePostTemplate": {"input": {"id": ids["template"]}},
        "editPost": {
            "input": {
                "id": ids["queued"],
                "text": "Edited text",
                "mode": "addToQueue",
                "schedulingType": "automatic",
            }
        },
        "ideaGroups": {"input": {"organizationId": org}},
        "ideas": {"input": {"organizationId": org}, "first": 25},
        "movePostInQueue": {"input": {"id": ids["queued"], "position": "top"}},
        "post": {"input": {"id": ids["queued"]}},
        "postTemplate": {"input": {"id": ids["template"]}},
        "postTemplates": {"input": {"organizationId": org}, "first": 25},
        "posts": {"input": {"organizationId": org}, "first": 25},
        "updatePostTemplate": {"input": {"id": ids["template"], "title": "Renamed"}},
    }[name]


@pytest.mark.parametrize(("name", "variant"), CASES, ids=[f"{n}-{v[8:11].lower()}" for n, v in CASES])
def test_cli_document_executes_without_errors(gql: GraphQLClient, name: str, variant: str) -> None:
    entry = DOCUMENTS[name]
    ids = world_ids(gql)
    data = gql.data(entry[variant], variables_for(name, ids))
    assert data[name] is not None
    success_types = entry["successTypes"]
    if success_types:
        assert data[name]["__typename"] in success_types, data[name]


def test_every_cli_command_is_covered() -> None:
    assert len(CASES) == 38
