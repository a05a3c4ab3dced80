"""createPostTemplate / updatePostTemplate / deletePostTemplate through HTTP."""

from __future__ import annotations

from typing import Any

from mockserver.rules import post_messages as msg
from mockserver.rules.template_rules import DEFAULT_EMOJI
from tests.integration.mutations.support import (
    ADMIN,
    MAIN,
    MEMBER,
    NOW,
    OTHER,
    OUTSIDER,
    TINY,
    MutationClient,
)

OLIVIA_PRIVATE, MAX_INTERNAL, BUFFER_PUBLIC, MAX_PRIVATE = (
    f"7e7e0000000000000000000{n}" for n in range(1, 5)
)
TEMPLATE_FIELDS = "id title body description emoji visibility organizationId createdAt updatedAt"
CREATE = f"""mutation Create($input: CreatePostTemplateInput!) {{
  createPostTemplate(input: $input) {{
    __typename ... on CreatePostTemplateSuccess {{ postTemplate {{ {TEMPLATE_FIELDS} }} }}
    ... on VoidMutationError {{ message }} }}
}}"""
UPDATE = f"""mutation Update($input: UpdatePostTemplateInput!) {{
  updatePostTemplate(input: $input) {{
    __typename ... on UpdatePostTemplateSuccess {{ postTemplate {{ {TEMPLATE_FIELDS} }} }}
    ... on VoidMutationError {{ message }} }}
}}"""
DELETE = """mutation Delete($input: DeletePostTemplateInput!) {
  deletePostTemplate(input: $input) {
    __typename ... on EmptySuccess { _empty } ... on VoidMutationError { message }
  }
}"""
READ = f"query Get($id: PostTemplateId!) {{ postTemplate(input: {{id: $id}}) {{ {TEMPLATE_FIELDS} }} }}"


def create(api: MutationClient, **fields: Any) -> dict[str, Any]:
    values = {
        "organizationId": MAIN,
        "title": "Tip",
        "body": "Tip: {{tip}}",
        "description": "Weekly tip",
        **fields,
    }
    return api.raw(CREATE, {"input": values})


def test_create_defaults_to_private_and_reads_back(api: MutationClient) -> None:
    result = create(api)["data"]["createPostTemplate"]
    template = result["postTemplate"]
    assert result["__typename"] == "CreatePostTemplateSuccess"
    assert (template["visibility"], template["emoji"], template["createdAt"]) == (
        "private",
        DEFAULT_EMOJI,
        NOW,
    )
    assert api.data(READ, {"id": template["id"]})["postTemplate"] == template
    assert api.as_token(MEMBER).data(READ, {"id": template["id"]})["postTemplate"] is None


def test_internal_templates_are_visible_to_the_team(api: MutationClient) -> None:
    template = create(api, visibility="internal", emoji="🎉")["data"]["createPostTemplate"]["postTemplate"]
    assert api.as_token(MEMBER).data(READ, {"id": template["id"]})["postTemplate"]["emoji"] == "🎉"


def test_public_visibility_is_refused(api: MutationClient) -> None:
    assert create(api, visibility="public")["data"]["createPostTemplate"] == {
        "__typename": "VoidMutationError",
        "message": msg.TEMPLATE_PUBLIC_REFUSED,
    }


def test_description_is_required_in_practice(api: MutationClient) -> None:
    for description in (None, ""):
        assert create(api, description=description)["data"]["createPostTemplate"] == {
            "__typename": "VoidMutationError",
            "message": msg.TEMPLATE_FIELD_REQUIRED.format(field="description"),
        }


def test_the_caller_must_belong_to_the_organization(api: MutationClient) -> None:
    result = create(api, organizationId=OTHER)
    assert result["data"] is None and result["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_templates_limit_of_the_organization(api: MutationClient) -> None:
    assert create(api, organizationId=TINY)["data"]["createPostTemplate"] == {
        "__typename": "VoidMutationError",
        "message": msg.TEMPLATES_LIMIT.format(limit=1),
    }


def test_update_changes_given_fields_only(api: MutationClient) -> None:
    result = api.raw(UPDATE, {"input": {"id": OLIVIA_PRIVATE, "title": "Renamed", "body": None}})
    template = result["data"]["updatePostTemplate"]["postTemplate"]
    assert (template["title"], template["body"], template["updatedAt"]) == ("Renamed", "Hi {{name}}", NOW)
    refused = api.raw(UPDATE, {"input": {"id": OLIVIA_PRIVATE, "description": " "}})
    assert refused["data"]["updatePostTemplate"] == {
        "__typename": "VoidMutationError",
        "message": msg.TEMPLATE_FIELD_REQUIRED.format(field="description"),
    }
    public = api.raw(UPDATE, {"input": {"id": OLIVIA_PRIVATE, "visibility": "public"}})
    assert public["data"]["updatePostTemplate"]["message"] == msg.TEMPLATE_PUBLIC_REFUSED


def test_owners_and_admins_manage_internal_templates_members_do_not(api: MutationClient) -> None:
    admin = api.as_token(ADMIN).raw(UPDATE, {"input": {"id": MAX_INTERNAL, "title": "By Ada"}})
    assert admin["data"]["updatePostTemplate"]["postTemplate"]["title"] == "By Ada"
    olivia_internal = create(api, visibility="internal")["data"]["createPostTemplate"]["postTemplate"]
    member = api.as_token(MEMBER).raw(UPDATE, {"input": {"id": olivia_internal["id"], "title": "By Max"}})
    assert member["data"]["updatePostTemplate"] == {
        "__typename": "VoidMutationError",
        "message": msg.TEMPLATE_NOT_MANAGEABLE,
    }


def test_buffers_public_templates_cannot_be_changed(api: MutationClient) -> None:
    assert api.raw(DELETE, {"input": {"id": BUFFER_PUBLIC}})["data"]["deletePostTemplate"] == {
        "__typename": "VoidMutationError",
        "message": msg.TEMPLATE_NOT_MANAGEABLE,
    }


def test_others_private_templates_are_not_found(api: MutationClient) -> None:
    result = api.raw(UPDATE, {"input": {"id": MAX_PRIVATE, "title": "Peek"}})
    assert result["data"] is None and result["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (
        api.as_token(OUTSIDER).raw(DELETE, {"input": {"id": OLIVIA_PRIVATE}})["errors"][0]["extensions"][
            "code"
        ]
        == "NOT_FOUND"
    )


def test_delete_answers_empty_success_and_the_template_is_gone(api: MutationClient) -> None:
    assert api.raw(DELETE, {"input": {"id": OLIVIA_PRIVATE}})["data"]["deletePostTemplate"] == {
        "__typename": "EmptySuccess",
        "_empty": "",
    }
    assert api.data(READ, {"id": OLIVIA_PRIVATE})["postTemplate"] is None
    assert (
        api.raw(DELETE, {"input": {"id": OLIVIA_PRIVATE}})["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    )
