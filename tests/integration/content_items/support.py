"""Documents and a client for the content-item tests (2026-10 schema, the mutation world)."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient

ITEM_FIELDS = """
  id accountId allowedActions title targetDate createdAt organizationId
  author { id email }
  tags { id name }
  body {
    __typename
    ... on DraftContent { id text aiAssisted assets { __typename source } }
    ... on PostContent { posts { id status channelId text dueAt contentItemId tags { id } } }
  }
"""
VARIANT = "channelId message"
FAILURE_ERRORS = f"""
  message
  errors {{
    __typename
    ... on MutationError {{ message }}
    ... on CreateContentItemVariantInvalidInputError {{ {VARIANT} }}
    ... on CreateContentItemVariantLimitReachedError {{ {VARIANT} }}
    ... on CreateContentItemVariantNotFoundError {{ {VARIANT} }}
  }}
"""
CREATE = f"""mutation Create($input: CreateContentItemInput!) {{
  createContentItem(input: $input) {{
    __typename
    ... on CreateContentItemSuccess {{ content {{ {ITEM_FIELDS} }} }}
    ... on CreateContentItemFailure {{ {FAILURE_ERRORS} }}
  }}
}}"""
CREATE_DRAFT = f"""mutation CreateDraft($input: CreateContentItemDraftInput!) {{
  createContentItemDraft(input: $input) {{
    __typename
    ... on CreateContentItemDraftSuccess {{ contentItem {{ {ITEM_FIELDS} }} }}
    ... on CreateContentItemDraftFailure {{ message errors {{ __typename message }} }}
  }}
}}"""
UPDATE_DRAFT = f"""mutation UpdateDraft($input: UpdateContentItemDraftInput!) {{
  updateContentItemDraft(input: $input) {{
    __typename
    ... on UpdateContentItemDraftSuccess {{ contentItem {{ {ITEM_FIELDS} }} }}
    ... on UpdateContentItemDraftFailure {{ message errors {{ __typename ... on MutationError {{ message }} }} }}
  }}
}}"""
UPDATE = f"""mutation Update($input: UpdateContentItemInput!) {{
  updateContentItem(input: $input) {{
    __typename
    ... on UpdateContentItemSuccess {{ contentItem {{ {ITEM_FIELDS} }} }}
    ... on UpdateContentItemFailure {{ message errors {{ __typename message }} }}
  }}
}}"""
DELETE = """mutation Delete($input: DeleteContentItemInput!) {
  deleteContentItem(input: $input) {
    __typename
    ... on EmptySuccess { _empty }
    ... on DeleteContentItemFailure { message errors { __typename channelId message } }
  }
}"""
PROMOTE = f"""mutation Promote($input: PromoteContentItemDraftToPostsInput!) {{
  promoteContentItemDraftToPosts(input: $input) {{
    __typename
    ... on PromoteContentItemDraftToPostsSuccess {{ contentItem {{ {ITEM_FIELDS} }} }}
    ... on PromoteContentItemDraftToPostsFailure {{
      message
      errors {{
        __typename
        ... on MutationError {{ message }}
        ... on PostChannelNotFoundError {{ {VARIANT} }}
        ... on PostInvalidInputError {{ {VARIANT} }}
        ... on PostLimitReachedError {{ {VARIANT} }}
      }}
    }}
  }}
}}"""
ADD_POST = f"""mutation Add($input: AddPostToContentItemInput!) {{
  addPostToContentItem(input: $input) {{
    __typename
    ... on AddPostToContentItemSuccess {{ contentItem {{ {ITEM_FIELDS} }} post {{ id contentItemId }} }}
    ... on VoidMutationError {{ message }}
  }}
}}"""
REMOVE_POST = f"""mutation Remove($input: RemovePostFromContentItemInput!) {{
  removePostFromContentItem(input: $input) {{
    __typename
    ... on RemovePostFromContentItemSuccess {{ contentItem {{ {ITEM_FIELDS} }} post {{ id contentItemId }} }}
    ... on VoidMutationError {{ message }}
  }}
}}"""
READ_ITEM = f"query Item($id: ContentItemId!) {{ contentItem(input: {{id: $id}}) {{ {ITEM_FIELDS} }} }}"
LIST_ITEMS = """query Items($input: ContentItemsInput!, $first: Int, $after: String) {
  contentItems(input: $input, first: $first, after: $after) {
    totalCount
    edges { cursor node { id title targetDate createdAt body { __typename } tags { id } } }
    pageInfo { hasNextPage endCursor startCursor hasPreviousPage }
  }
}"""
READ_POST_ITEM = "query P($id: PostId!) { post(input: {id: $id}) { id status contentItemId } }"


def post_input(channel_id: str, **fields: Any) -> dict[str, Any]:
    return {"channelId": channel_id, "schedulingType": "automatic", "mode": "addToQueue", **fields}


class ContentClient:
    """Shortcuts over the content-item roots; ``raw`` keeps errors[] for the error tests."""

    def __init__(self, client: GraphQLClient) -> None:
        self.client = client

    def as_token(self, token: str) -> ContentClient:
        return ContentClient(self.client.as_token(token))

    def raw(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.client.post(query, variables)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.client.data(query, variables)

    def create(self, org: str, posts: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
        values = {"organizationId": org, "posts": posts, **fields}
        return self.data(CREATE, {"input": values})["createContentItem"]  # type: ignore[no-any-return]

    def create_ok(self, org: str, posts: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
        result = self.create(org, posts, **fields)
        assert result["__typename"] == "CreateContentItemSuccess", result
        return result["content"]  # type: ignore[no-any-return]

    def draft(self, org: str, text: str = "A draft", **fields: Any) -> dict[str, Any]:
        draft = {"text": text, **fields.pop("draft", {})}
        values = {"organizationId": org, "draft": draft, **fields}
        return self.data(CREATE_DRAFT, {"input": values})["createContentItemDraft"]  # type: ignore[no-any-return]

    def draft_ok(self, org: str, text: str = "A draft", **fields: Any) -> dict[str, Any]:
        result = self.draft(org, text, **fields)
        assert result["__typename"] == "CreateContentItemDraftSuccess", result
        return result["contentItem"]  # type: ignore[no-any-return]

    def mutate(self, document: str, root: str, **values: Any) -> dict[str, Any]:
        return self.data(document, {"input": values})[root]  # type: ignore[no-any-return]

    def item(self, id: str) -> dict[str, Any]:
        return self.data(READ_ITEM, {"id": id})["contentItem"]  # type: ignore[no-any-return]

    def items(self, org: str, first: int | None = None, after: str | None = None, **input: Any) -> Any:
        variables = {"input": {"organizationId": org, **input}, "first": first, "after": after}
        return self.data(LIST_ITEMS, variables)["contentItems"]

    def post_item(self, post_id: str) -> str | None:
        return self.data(READ_POST_ITEM, {"id": post_id})["post"]["contentItemId"]  # type: ignore[no-any-return]
