"""createIdea through HTTP."""

from __future__ import annotations

from typing import Any

from mockserver.rules import post_messages as msg
from mockserver.scalars import datetime_to_ms, parse_datetime
from tests.integration.mutations.support import (
    MAIN,
    NOW,
    OTHER,
    TINY,
    MutationClient,
)

BACKLOG, FROZEN, THEIRS = "ffff00000000000000000001", "ffff00000000000000000002", "ffff00000000000000000003"
FIRST_IDEA = "9a9a00000000000000000001"
CREATE_IDEA = """mutation CreateIdea($input: CreateIdeaInput!) {
  createIdea(input: $input) {
    __typename
    ... on Idea { id organizationId groupId position createdAt updatedAt
      content { title text aiAssisted services date
        media { id url alt thumbnailUrl type size source { name author } }
        tags { id name color colorName } } }
    ... on MutationError { message }
  }
}"""
IDEAS = """query Ideas($org: OrganizationId!) {
  ideas(first: 100, input: {organizationId: $org}) {
    edges { node { id groupId position content { title } } }
  }
}"""


def create_idea(api: MutationClient, organization: str = MAIN, **fields: Any) -> dict[str, Any]:
    content = fields.pop("content", {"title": "An idea"})
    return api.data(CREATE_IDEA, {"input": {"organizationId": organization, "content": content, **fields}})[
        "createIdea"
    ]


def test_create_idea_answers_the_idea_member_with_its_content(api: MutationClient) -> None:
    idea = create_idea(
        api,
        content={
            "title": "Launch week",
            "text": "Ideas for the launch",
            "services": ["twitter", "instagram"],
            "date": "2026-12-01T09:00:00Z",
            "aiAssisted": True,
            "media": [
                {
                    "url": "https://cdn.example.test/a.jpg",
                    "type": "image",
                    "alt": "A",
                    "source": {"name": "Unsplash", "author": "Ann", "trigger": "search"},
                }
            ],
            "tags": [
                {"id": "tag-1", "name": "Launch", "color": "#2C4BFF"},
                {"id": "tag-2", "name": "Odd", "color": "#123456"},
            ],
        },
    )
    assert idea["__typename"] == "Idea" and idea["organizationId"] == MAIN and idea["groupId"] is None
    content = idea["content"]
    assert (content["title"], content["services"], content["date"], content["aiAssisted"]) == (
        "Launch week",
        ["twitter", "instagram"],
        "2026-12-01T09:00:00.000Z",
        True,
    )
    assert content["media"][0]["id"] and content["media"][0]["source"] == {
        "name": "Unsplash",
        "author": "Ann",
    }
    assert [(t["name"], t["colorName"]) for t in content["tags"]] == [("Launch", "blue"), ("Odd", None)]
    now_seconds = datetime_to_ms(parse_datetime(NOW)) // 1000
    assert idea["createdAt"] == idea["updatedAt"] == now_seconds  # Unix seconds of the frozen clock
    listed = api.data(IDEAS, {"org": MAIN})["ideas"]["edges"]
    assert idea["id"] in [edge["node"]["id"] for edge in listed]


def test_an_empty_idea_is_refused(api: MutationClient) -> None:
    assert create_idea(api, content={"title": "  ", "text": ""}) == {
        "__typename": "InvalidInputError",
        "message": msg.IDEA_EMPTY,
    }


def test_video_media_is_refused(api: MutationClient) -> None:
    result = create_idea(api, content={"media": [{"url": "https://cdn.example.test/v.mp4", "type": "video"}]})
    assert result == {
        "__typename": "InvalidInputError",
        "message": msg.IDEA_VIDEO_UNSUPPORTED.format(index=0),
    }


def test_foreign_and_unknown_organizations_are_unauthorized(api: MutationClient) -> None:
    for organization in (OTHER, "bbbb0000000000000000ffff"):
        assert create_idea(api, organization) == {
            "__typename": "UnauthorizedError",
            "message": msg.NOT_ORGANIZATION_MEMBER.format(id=organization),
        }


def test_group_placement_first_or_after_an_idea(api: MutationClient) -> None:
    top = create_idea(api, group={"groupId": BACKLOG, "placeAfterId": None})
    after = create_idea(api, group={"groupId": BACKLOG, "placeAfterId": FIRST_IDEA})
    assert (top["groupId"], top["position"]) == (BACKLOG, 0.0)
    assert (after["groupId"], after["position"]) == (BACKLOG, 1.5)


def test_group_must_exist_in_the_organization_and_be_unlocked(api: MutationClient) -> None:
    for group in (THEIRS, "ffff0000000000000000ffff"):
        assert create_idea(api, group={"groupId": group}) == {
            "__typename": "InvalidInputError",
            "message": msg.IDEA_GROUP_NOT_FOUND.format(id=group),
        }
    assert create_idea(api, group={"groupId": FROZEN}) == {
        "__typename": "LimitReachedError",
        "message": msg.IDEA_GROUP_LOCKED.format(name="Frozen"),
    }
    assert create_idea(api, group={"groupId": None, "placeAfterId": FIRST_IDEA}) == {
        "__typename": "InvalidInputError",
        "message": msg.IDEA_PLACE_AFTER_NOT_FOUND.format(id=FIRST_IDEA),
    }


def test_ideas_limit_of_the_organization(api: MutationClient) -> None:
    assert create_idea(api, TINY) == {
        "__typename": "LimitReachedError",
        "message": msg.IDEAS_LIMIT.format(limit=1),
    }
