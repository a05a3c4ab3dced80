"""Hostile input to the content-item roots: always a Buffer-shaped answer, never a 500 or a half write."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.content_items.support import (
    CREATE,
    CREATE_DRAFT,
    LIST_ITEMS,
    PROMOTE,
    ContentClient,
    post_input,
)
from tests.integration.mutations.support import FACEBOOK, INSTAGRAM, MAIN, TWITTER

HOSTILE_CREATES: list[dict[str, Any]] = [
    {"organizationId": MAIN, "posts": [post_input(TWITTER, text="\u0000control")]},
    {"organizationId": MAIN, "posts": [post_input(INSTAGRAM, text="No media for Instagram")]},
    {
        "organizationId": MAIN,
        "posts": [post_input(TWITTER, text="x", assets=[{"image": {"url": "not a url"}}])],
    },
    {
        "organizationId": MAIN,
        "posts": [post_input(FACEBOOK, mode="customScheduled", text="past", dueAt="2001-01-01T00:00:00Z")],
    },
    {
        "organizationId": MAIN,
        "posts": [post_input(TWITTER, text="far", mode="customScheduled", dueAt="9999-12-31T23:59:59Z")],
        "targetDate": "9999-12-31T23:59:59Z",
    },
    {"organizationId": MAIN, "posts": [post_input(TWITTER, text="x")] * 50},
    {"organizationId": MAIN, "posts": [post_input(TWITTER, text="x", tagIds=["ffff00000000000000000000"])]},
    {"organizationId": MAIN, "posts": [post_input(TWITTER, text="x")], "title": "t" * 10_000},
]


@pytest.mark.parametrize("values", HOSTILE_CREATES)
def test_hostile_creates_answer_in_shape_and_write_nothing_when_refused(
    api: ContentClient, values: dict[str, Any]
) -> None:
    response = api.client.post(CREATE, {"input": values})
    assert response.status_code in (200, 400), response.text
    body = response.json()
    if response.status_code == 200 and body.get("data"):
        payload = body["data"]["createContentItem"]
        if payload["__typename"] == "CreateContentItemFailure":
            assert payload["errors"] and all(e["message"] for e in payload["errors"])
            assert api.items(MAIN)["totalCount"] == 0
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    "variables",
    [
        {
            "input": {
                "organizationId": MAIN,
                "draft": {"text": "x", "assets": [{"video": {"url": "https://v.example.test/a.mp4"}}]},
            }
        },
        {
            "input": {
                "organizationId": MAIN,
                "draft": {"text": "x", "assets": [{"image": {"url": "x"}, "video": {"url": "y"}}]},
            }
        },
        {"input": {"organizationId": MAIN, "draft": {"text": None}}},
        {"input": {"organizationId": MAIN, "draft": {"text": "x"}, "correlationId": "not-a-uuid"}},
        {"input": {"organizationId": MAIN, "draft": {"text": "x"}, "targetDate": "tomorrow"}},
    ],
)
def test_hostile_drafts_answer_in_shape(api: ContentClient, variables: dict[str, Any]) -> None:
    response = api.client.post(CREATE_DRAFT, variables)
    assert response.status_code in (200, 400), response.text
    assert "errors" in response.json() or response.json()["data"]["createContentItemDraft"]["__typename"]


def test_hostile_list_and_promote_inputs(api: ContentClient) -> None:
    for variables in (
        {"input": {"organizationId": MAIN}, "first": -1},
        {"input": {"organizationId": MAIN}, "first": 2**31},
        {"input": {"organizationId": MAIN}, "after": "W10"},
        {"input": {"organizationId": MAIN, "sort": [{"field": "title", "direction": "asc"}]}},
    ):
        response = api.client.post(LIST_ITEMS, variables)
        assert response.status_code in (200, 400), response.text
        assert response.json()["errors"], variables
    draft = api.draft_ok(MAIN, "Draft")
    response = api.client.post(
        PROMOTE, {"input": {"id": draft["id"], "posts": [post_input(TWITTER, text="\u0007")]}}
    )
    assert response.status_code == 200
    assert (
        response.json()["data"]["promoteContentItemDraftToPosts"]["__typename"]
        == "PromoteContentItemDraftToPostsFailure"
    )
    assert api.item(draft["id"])["body"]["__typename"] == "DraftContent"
