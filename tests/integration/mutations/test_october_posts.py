"""2026-10 post and thread changes: thread-item metadata, postTypes, Author.urn (docs/fidelity.md, 2026-10 §2, §6)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.mutations.support import BLUESKY, CREATE_POST, MAIN, THREADS, TWITTER, MutationClient

IMAGE = {"image": {"url": "https://cdn.example.test/a.png", "metadata": {"altText": "A"}}}
THREAD_FIELDS = """
  thread { text linkAttachment { url }
    metadata { bluesky { linkAttachment { url title } } threads { linkAttachment { url title } } } }
"""
CREATE = f"""mutation($input: CreatePostInput!) {{
  createPost(input: $input) {{
    __typename
    ... on PostActionSuccess {{ post {{ id author {{ urn }}
      metadata {{ ... on ThreadsPostMetadata {{ {THREAD_FIELDS} }} ... on BlueskyPostMetadata {{ {THREAD_FIELDS} }} }}
    }} }}
    ... on MutationError {{ message }}
  }}
}}"""
POSTS = """query($org: OrganizationId!, $types: [PostType!]) {
  posts(first: 100, input: {organizationId: $org, filter: {postTypes: $types}}) {
    edges { node { id metadata { ... on CommonPostMetadata { type } } } }
  }
}"""


def create(api: MutationClient, channel_id: str, service: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    values = {
        "channelId": channel_id,
        "text": items[0]["text"],
        "schedulingType": "automatic",
        "mode": "addToQueue",
        "metadata": {service: {"thread": items}},
    }
    return api.data(CREATE, {"input": values})["createPost"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("channel_id", "service"), [(THREADS, "threads"), (BLUESKY, "bluesky")])
def test_thread_item_link_attachment_is_stored_under_the_channels_network(
    api: MutationClient, channel_id: str, service: str
) -> None:
    link = {"url": "https://buffer.example/a", "title": "A"}
    result = create(
        api,
        channel_id,
        service,
        [{"text": "root"}, {"text": "reply", "metadata": {service: {"linkAttachment": link}}}],
    )
    assert result["__typename"] == "PostActionSuccess", result
    thread = result["post"]["metadata"]["thread"]
    other = "bluesky" if service == "threads" else "threads"
    assert thread[1]["metadata"] == {
        service: {"linkAttachment": {"url": link["url"], "title": "A"}},
        other: None,
    }
    assert thread[1]["linkAttachment"] == {"url": link["url"]}  # the deprecated field reads the same link
    assert "metadata" not in thread[0] or thread[0]["metadata"] is None


def test_thread_item_metadata_of_another_network_is_refused(api: MutationClient) -> None:
    item = {"text": "reply", "metadata": {"bluesky": {"linkAttachment": {"url": "https://buffer.example"}}}}
    result = create(api, THREADS, "threads", [{"text": "root"}, item])
    assert result == {
        "__typename": "InvalidInputError",
        "message": "Thread item 2: metadata.bluesky cannot be used on a threads channel",
    }


def test_thread_item_link_attachment_cannot_be_combined_with_assets(api: MutationClient) -> None:
    item = {
        "text": "root",
        "assets": [IMAGE],
        "metadata": {"bluesky": {"linkAttachment": {"url": "https://buffer.example"}}},
    }
    result = create(api, BLUESKY, "bluesky", [item])
    assert result == {
        "__typename": "InvalidInputError",
        "message": "Thread item 1: a link attachment cannot be combined with assets",
    }


def test_thread_item_metadata_does_not_exist_in_the_reference_version(api: MutationClient) -> None:
    item = {"text": "root", "metadata": {"threads": {"linkAttachment": {"url": "https://buffer.example"}}}}
    values = {
        "channelId": THREADS,
        "text": "root",
        "schedulingType": "automatic",
        "mode": "addToQueue",
        "metadata": {"threads": {"thread": [item]}},
    }
    response = api.client.post(
        CREATE_POST, {"input": values}, **{"x-buffer-mock-schema-version": "2026-08-13"}
    )
    assert response.status_code == 400
    assert (
        'Field "metadata" is not defined by type "ThreadedPostInput"'
        in response.json()["errors"][0]["message"]
    )


def types_of(api: MutationClient, types: list[str]) -> set[str | None]:
    edges = api.data(POSTS, {"org": MAIN, "types": types})["posts"]["edges"]
    return {(e["node"]["metadata"] or {}).get("type") for e in edges}


def test_post_types_post_is_the_catch_all_bucket(api: MutationClient) -> None:
    everything = {
        (e["node"]["metadata"] or {}).get("type")
        for e in api.data(POSTS, {"org": MAIN, "types": None})["posts"]["edges"]
    }
    specific = {"event", "ghost_post", "offer", "reel", "short", "story", "whats_new"}
    assert types_of(api, ["post"]) == everything - specific


def test_post_types_specific_types_match_only_themselves(api: MutationClient) -> None:
    story = {"instagram": {"type": "story", "shouldShareToFeed": False}}
    values = {"schedulingType": "automatic", "mode": "addToQueue"}
    api.data(
        CREATE,
        {"input": {**values, "channelId": "dddd00000000000000000003", "assets": [IMAGE], "metadata": story}},
    )
    assert types_of(api, ["story"]) == {"story"}
    assert "story" in types_of(api, ["story", "post"])


@pytest.mark.parametrize("refused", ["carousel", "thread"])
def test_post_types_refuses_carousel_and_thread(api: MutationClient, refused: str) -> None:
    body = api.raw(POSTS, {"org": MAIN, "types": ["post", refused]})
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert (
        body["errors"][0]["message"]
        == f"postTypes cannot filter by {refused}: such posts are matched by post"
    )


def test_author_urn_is_null_when_no_network_gives_one(api: MutationClient) -> None:
    values = {"channelId": TWITTER, "text": "hi", "schedulingType": "automatic", "mode": "addToQueue"}
    assert api.data(CREATE, {"input": values})["createPost"]["post"]["author"] == {"urn": None}


def test_deprecated_post_filters_are_still_accepted_in_october(api: MutationClient) -> None:
    query = """query($org: OrganizationId!) { posts(input: {organizationId: $org,
      filter: {startDate: "2020-01-01T00:00:00Z", endDate: "2030-01-01T00:00:00Z", tagIds: []}}) { edges { node { id } } } }"""
    assert "posts" in api.data(query, {"org": MAIN})
