"""2026-10 tag roots: tag, tagsV2, createTag, updateTag, deleteTag (docs/fidelity.md, 2026-10 §7)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.mutations.support import (
    ADMIN,
    MAIN,
    MEMBER,
    OTHER,
    TAG_AUTUMN,
    TAG_FOREIGN,
    TAG_LAUNCH,
    TWITTER,
    MutationClient,
    post_id,
)

TAG = "query Tag($id: TagId!) { tag(input: {id: $id}) { id name color colorName isLocked } }"
TAGS = """query Tags($org: OrganizationId!, $locked: Boolean, $first: Int, $after: String) {
  tagsV2(first: $first, after: $after, input: {organizationId: $org, filter: {isLocked: $locked}}) {
    totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor }
  }
}"""
SAVED = (
    "__typename ... on TagActionSuccess { tag { id name color colorName } } ... on MutationError { message }"
)
CREATE = f"mutation C($input: CreateTagInput!) {{ createTag(input: $input) {{ {SAVED} }} }}"
UPDATE = f"mutation U($input: UpdateTagInput!) {{ updateTag(input: $input) {{ {SAVED} }} }}"
DELETE = """mutation D($input: DeleteTagInput!) {
  deleteTag(input: $input) { __typename ... on DeleteTagActionSuccess { id } ... on MutationError { message } }
}"""


def create(api: MutationClient, name: str, color: str = "#1F8AC0", org: str = MAIN) -> dict[str, Any]:
    return api.data(CREATE, {"input": {"organizationId": org, "tag": {"name": name, "color": color}}})[
        "createTag"
    ]


def names(api: MutationClient, **variables: Any) -> list[str]:
    result = api.data(TAGS, {"org": MAIN, **variables})["tagsV2"]
    return [edge["node"]["name"] for edge in result["edges"]]


def test_tag_reads_one_tag_of_the_callers_organization(api: MutationClient) -> None:
    assert api.data(TAG, {"id": TAG_LAUNCH})["tag"] == {
        "id": TAG_LAUNCH,
        "name": "Launch",
        "color": "#2C4BFF",
        "colorName": api.data(TAG, {"id": TAG_LAUNCH})["tag"]["colorName"],
        "isLocked": False,
    }


@pytest.mark.parametrize("tag_id", [TAG_FOREIGN, "cccc00000000000000000099"])
def test_tag_of_another_organization_or_unknown_is_null_with_not_found(
    api: MutationClient, tag_id: str
) -> None:
    body = api.raw(TAG, {"id": tag_id})
    assert body["data"] == {"tag": None}
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["path"] == ["tag"]


def test_tags_v2_lists_by_name_with_a_total_count(api: MutationClient) -> None:
    result = api.data(TAGS, {"org": MAIN})["tagsV2"]
    assert [e["node"]["name"] for e in result["edges"]] == ["Archive", "Autumn", "Launch"]
    assert result["totalCount"] == 3


def test_tags_v2_filters_on_is_locked(api: MutationClient) -> None:
    assert names(api, locked=True) == ["Archive"]
    assert names(api, locked=False) == ["Autumn", "Launch"]


def test_tags_v2_pages_resume_after_the_cursor_and_count_every_page(api: MutationClient) -> None:
    first = api.data(TAGS, {"org": MAIN, "first": 2})["tagsV2"]
    assert [e["node"]["name"] for e in first["edges"]] == ["Archive", "Autumn"]
    assert first["pageInfo"]["hasNextPage"] is True and first["totalCount"] == 3
    rest = api.data(TAGS, {"org": MAIN, "first": 2, "after": first["pageInfo"]["endCursor"]})["tagsV2"]
    assert [e["node"]["name"] for e in rest["edges"]] == ["Launch"]


def test_tags_v2_refuses_more_than_100_a_page(api: MutationClient) -> None:
    body = api.raw(TAGS, {"org": MAIN, "first": 101})
    assert body["data"] is None
    assert body["errors"][0]["message"] == "Pagination limit exceeded. Maximum 100 items per request."


def test_tags_v2_of_a_foreign_organization_is_forbidden(api: MutationClient) -> None:
    body = api.raw(TAGS, {"org": OTHER})
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] in ("FORBIDDEN", "NOT_FOUND")


def test_create_tag_stores_it_and_lists_it_by_name(api: MutationClient) -> None:
    result = create(api, "Beta", "#1f8ac0")
    assert result["__typename"] == "TagActionSuccess"
    assert result["tag"]["name"] == "Beta" and result["tag"]["color"] == "#1f8ac0"
    assert names(api) == ["Archive", "Autumn", "Beta", "Launch"]
    assert api.data(TAG, {"id": result["tag"]["id"]})["tag"]["name"] == "Beta"


@pytest.mark.parametrize("color", ["#FFF", "1F8AC0", "#1F8AC0FF", "#GGGGGG", "red", ""])
def test_create_tag_refuses_a_colour_that_is_not_rrggbb(api: MutationClient, color: str) -> None:
    result = create(api, "Beta", color)
    assert result["__typename"] == "InvalidInputError"
    assert "#RRGGBB" in result["message"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_create_tag_refuses_names_outside_1_to_100_characters(api: MutationClient, name: str) -> None:
    result = create(api, name)
    assert result["__typename"] == "InvalidInputError"
    assert "between 1 and 100 characters" in result["message"]


def test_create_tag_accepts_a_100_character_name(api: MutationClient) -> None:
    assert create(api, "x" * 100)["__typename"] == "TagActionSuccess"


def test_tag_names_are_unique_per_organization_case_sensitively(api: MutationClient) -> None:
    duplicate = create(api, "Launch")
    assert duplicate == {
        "__typename": "DuplicateError",
        "message": 'A tag named "Launch" already exists in this organization',
    }
    assert create(api, "launch")["__typename"] == "TagActionSuccess"
    assert create(api, "Foreign")["__typename"] == "TagActionSuccess"  # the other organization's name


def test_only_owners_and_admins_manage_tags(api: MutationClient) -> None:
    member = api.as_token(MEMBER)
    assert create(member, "Beta")["__typename"] == "UnauthorizedError"
    assert create(api.as_token(ADMIN), "Beta")["__typename"] == "TagActionSuccess"
    update = {"id": TAG_LAUNCH, "tag": {"name": "New", "color": "#000000"}}
    assert member.data(UPDATE, {"input": update})["updateTag"]["__typename"] == "UnauthorizedError"
    assert (
        member.data(DELETE, {"input": {"id": TAG_LAUNCH}})["deleteTag"]["__typename"] == "UnauthorizedError"
    )
    assert names(api) == ["Archive", "Autumn", "Beta", "Launch"]


def test_update_tag_replaces_name_and_colour_and_refreshes_posts(api: MutationClient) -> None:
    update = {"id": TAG_LAUNCH, "tag": {"name": "Go live", "color": "#000000"}}
    result = api.data(UPDATE, {"input": update})["updateTag"]
    assert result["tag"] == {"id": TAG_LAUNCH, "name": "Go live", "color": "#000000", "colorName": None}
    assert api.post(post_id(1))["tags"] == [{"id": TAG_LAUNCH, "name": "Go live", "color": "#000000"}]


def test_update_tag_may_keep_its_own_name_but_not_take_another(api: MutationClient) -> None:
    same = {"id": TAG_LAUNCH, "tag": {"name": "Launch", "color": "#000000"}}
    assert api.data(UPDATE, {"input": same})["updateTag"]["__typename"] == "TagActionSuccess"
    taken = {"id": TAG_LAUNCH, "tag": {"name": "Autumn", "color": "#000000"}}
    assert api.data(UPDATE, {"input": taken})["updateTag"]["__typename"] == "DuplicateError"


@pytest.mark.parametrize("mutation", [UPDATE, DELETE])
def test_update_and_delete_of_a_foreign_or_unknown_tag_are_not_found(
    api: MutationClient, mutation: str
) -> None:
    for tag_id in (TAG_FOREIGN, "cccc00000000000000000099"):
        given: dict[str, Any] = {"id": tag_id}
        if mutation == UPDATE:
            given["tag"] = {"name": "X", "color": "#000000"}
        result = next(iter(api.data(mutation, {"input": given}).values()))
        assert result == {"__typename": "NotFoundError", "message": "Tag not found"}


def test_delete_tag_keeps_posts_and_ideas_without_the_tag(api: MutationClient) -> None:
    tagged = api.create_ok(channelId=TWITTER, text="Tagged", tagIds=[TAG_LAUNCH, TAG_AUTUMN])
    result = api.data(DELETE, {"input": {"id": TAG_LAUNCH}})["deleteTag"]
    assert result == {"__typename": "DeleteTagActionSuccess", "id": TAG_LAUNCH}
    assert [t["id"] for t in api.post(tagged["id"])["tags"]] == [TAG_AUTUMN]
    assert api.post(post_id(1))["tags"] == []
    assert names(api) == ["Archive", "Autumn"]
    assert api.raw(TAG, {"id": TAG_LAUNCH})["data"] == {"tag": None}
    filtered = api.data(
        "query($org: OrganizationId!, $tag: TagId!) { posts(input: {organizationId: $org, "
        "filter: {tags: {in: [$tag]}}}) { edges { node { id } } } }",
        {"org": MAIN, "tag": TAG_LAUNCH},
    )
    assert filtered["posts"]["edges"] == []


IDEA_TAGS = """query($org: OrganizationId!) {
  ideas(input: {organizationId: $org}) { edges { node { id content { tags { id name } } } } }
}"""
CREATE_IDEA = """mutation($input: CreateIdeaInput!) {
  createIdea(input: $input) { __typename ... on Idea { id } }
}"""


def idea_tags(api: MutationClient, idea_id: str) -> list[dict[str, str]]:
    edges = api.data(IDEA_TAGS, {"org": MAIN})["ideas"]["edges"]
    return next(e["node"]["content"]["tags"] for e in edges if e["node"]["id"] == idea_id)


def test_update_and_delete_tag_keep_ideas_consistent(api: MutationClient) -> None:
    tags = [
        {"id": TAG_LAUNCH, "name": "Launch", "color": "#2C4BFF"},
        {"id": TAG_AUTUMN, "name": "Autumn", "color": "#FF7A00"},
    ]
    content = {"text": "Tagged idea", "tags": tags}
    idea = api.data(CREATE_IDEA, {"input": {"organizationId": MAIN, "content": content}})["createIdea"]
    assert [t["id"] for t in idea_tags(api, idea["id"])] == [TAG_LAUNCH, TAG_AUTUMN]
    api.data(UPDATE, {"input": {"id": TAG_AUTUMN, "tag": {"name": "Fall", "color": "#FF7A00"}}})
    assert {"id": TAG_AUTUMN, "name": "Fall"} in idea_tags(api, idea["id"])
    api.data(DELETE, {"input": {"id": TAG_LAUNCH}})
    assert idea_tags(api, idea["id"]) == [{"id": TAG_AUTUMN, "name": "Fall"}]


def test_tag_roots_do_not_exist_in_the_reference_version(api: MutationClient) -> None:
    response = api.client.post(TAG, {"id": TAG_LAUNCH}, **{"x-buffer-mock-schema-version": "2026-08-13"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == 'Cannot query field "tag" on type "Query".'
