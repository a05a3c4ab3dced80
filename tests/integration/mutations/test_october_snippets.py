"""2026-10 snippets: the query and create/update/delete (docs/fidelity.md, 2026-10 §9, with the inferred parts)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.mutations.support import MAIN, MEMBER, OTHER, OUTSIDER, MutationClient

LAUNCH, AUTUMN, FOREIGN = "ffff00000000000000000001", "ffff00000000000000000002", "ffff00000000000000000003"
SNIPPETS = "query($org: OrganizationId!) { snippets(input: {organizationId: $org}) { id name text } }"
SAVED = "__typename ... on MutationError { message }"
CREATE = f"""mutation($input: CreateSnippetInput!) {{
  createSnippet(input: $input) {{ {SAVED} ... on CreateSnippetSuccess {{ snippet {{ id name text }} }} }}
}}"""
UPDATE = f"""mutation($input: UpdateSnippetInput!) {{
  updateSnippet(input: $input) {{ {SAVED} ... on UpdateSnippetSuccess {{ snippet {{ id name text }} }} }}
}}"""
DELETE = f"mutation($input: DeleteSnippetInput!) {{ deleteSnippet(input: $input) {{ {SAVED} }} }}"


def snippets(api: MutationClient, org: str = MAIN) -> list[dict[str, Any]]:
    return api.data(SNIPPETS, {"org": org})["snippets"]  # type: ignore[no-any-return]


def create(api: MutationClient, name: str, text: str, org: str = MAIN) -> dict[str, Any]:
    return api.data(CREATE, {"input": {"organizationId": org, "name": name, "text": text}})["createSnippet"]


def test_snippets_lists_the_organizations_snippets_by_name(api: MutationClient) -> None:
    assert snippets(api) == [
        {"id": AUTUMN, "name": "autumn", "text": "#autumn #fall"},
        {"id": LAUNCH, "name": "Launch tags", "text": "#launch #product"},
    ]


def test_snippets_of_a_foreign_organization_are_refused(api: MutationClient) -> None:
    body = api.raw(SNIPPETS, {"org": OTHER})
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] in ("FORBIDDEN", "NOT_FOUND")
    assert [s["id"] for s in snippets(api.as_token(OUTSIDER), OTHER)] == [FOREIGN]


def test_create_snippet_stores_it_for_every_member(api: MutationClient) -> None:
    result = create(api.as_token(MEMBER), "Brand", "#brand")
    assert result["__typename"] == "CreateSnippetSuccess"
    assert result["snippet"]["name"] == "Brand" and result["snippet"]["text"] == "#brand"
    assert [s["name"] for s in snippets(api)] == ["autumn", "Brand", "Launch tags"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("", "#x", "Snippet name cannot be empty"),
        ("   ", "#x", "Snippet name cannot be empty"),
        ("Name", "", "Snippet text cannot be empty"),
        ("x" * 101, "#x", "Snippet name is limited to 100 characters (it has 101)"),
        ("Name", "#" * 5001, "Snippet text is limited to 5000 characters (it has 5001)"),
    ],
)
def test_create_snippet_refuses_empty_or_too_long_name_or_text(
    api: MutationClient, name: str, text: str, message: str
) -> None:
    assert create(api, name, text) == {"__typename": "VoidMutationError", "message": message}
    assert len(snippets(api)) == 2


def test_update_snippet_replaces_name_and_text(api: MutationClient) -> None:
    given = {"id": LAUNCH, "organizationId": MAIN, "name": "Launch", "text": "#go"}
    result = api.data(UPDATE, {"input": given})["updateSnippet"]
    assert result == {
        "__typename": "UpdateSnippetSuccess",
        "snippet": {"id": LAUNCH, "name": "Launch", "text": "#go"},
    }
    assert {"id": LAUNCH, "name": "Launch", "text": "#go"} in snippets(api)


def test_update_snippet_refuses_bad_text_and_keeps_the_old_one(api: MutationClient) -> None:
    given = {"id": LAUNCH, "organizationId": MAIN, "name": "Launch", "text": " "}
    assert api.data(UPDATE, {"input": given})["updateSnippet"]["__typename"] == "VoidMutationError"
    assert {"id": LAUNCH, "name": "Launch tags", "text": "#launch #product"} in snippets(api)


@pytest.mark.parametrize("snippet_id", [FOREIGN, "ffff00000000000000000099"])
def test_update_and_delete_of_another_organizations_or_unknown_snippet_are_not_found(
    api: MutationClient, snippet_id: str
) -> None:
    update = {"id": snippet_id, "organizationId": MAIN, "name": "X", "text": "#x"}
    assert api.data(UPDATE, {"input": update})["updateSnippet"] == {
        "__typename": "VoidMutationError",
        "message": "Snippet not found",
    }
    deleted = api.data(DELETE, {"input": {"id": snippet_id, "organizationId": MAIN}})["deleteSnippet"]
    assert deleted == {"__typename": "VoidMutationError", "message": "Snippet not found"}


def test_delete_snippet_removes_it(api: MutationClient) -> None:
    result = api.data(DELETE, {"input": {"id": LAUNCH, "organizationId": MAIN}})["deleteSnippet"]
    assert result == {"__typename": "EmptySuccess"}
    assert [s["id"] for s in snippets(api)] == [AUTUMN]


def test_snippet_ids_must_be_object_ids(api: MutationClient) -> None:
    response = api.client.post(DELETE, {"input": {"id": "nope", "organizationId": MAIN}})
    assert response.status_code == 400
    assert "SnippetId cannot represent" in response.json()["errors"][0]["message"]
