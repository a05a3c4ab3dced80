"""The 2026-10 content-item elements are exactly digest §8's: every type, field, argument and member.

The expectations are the digest's signatures written out (interface facts, not our SDL text); the
2026-08-13 schema must have none of them.
"""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType, GraphQLUnionType, print_ast

from mockserver.graphql_schema import build_schema

OBJECTS = {
    "ContentItem": {
        "id": "ContentItemId!",
        "accountId": "AccountId!",
        "allowedActions": "[ContentItemAction!]!",
        "author": "Author",
        "body": "ContentItemBody!",
        "organizationId": "OrganizationId!",
        "tags": "[Tag!]!",
        "targetDate": "DateTime",
        "title": "String",
        "createdAt": "DateTime!",
    },
    "DraftContent": {
        "id": "DraftContentId!",
        "aiAssisted": "Boolean!",
        "assets": "[Asset!]!",
        "text": "String!",
    },
    "PostContent": {"posts": "[Post!]!"},
    "ContentItemsConnection": {
        "edges": "[ContentItemEdge!]!",
        "pageInfo": "PaginationPageInfo!",
        "totalCount": "Int!",
    },
    "ContentItemEdge": {"cursor": "String!", "node": "ContentItem!"},
    "CreateContentItemSuccess": {"content": "ContentItem!"},
    "CreateContentItemFailure": {"errors": "[CreateContentItemError!]!", "message": "String!"},
    "CreateContentItemVariantInvalidInputError": {"channelId": "ChannelId!", "message": "String!"},
    "CreateContentItemVariantLimitReachedError": {"channelId": "ChannelId!", "message": "String!"},
    "CreateContentItemVariantNotFoundError": {"channelId": "ChannelId!", "message": "String!"},
    "CreateContentItemDraftSuccess": {"contentItem": "ContentItem!"},
    "CreateContentItemDraftFailure": {"errors": "[InvalidInputError!]!", "message": "String!"},
    "UpdateContentItemSuccess": {"contentItem": "ContentItem!"},
    "UpdateContentItemFailure": {"errors": "[InvalidInputError!]!", "message": "String!"},
    "UpdateContentItemDraftSuccess": {"contentItem": "ContentItem!"},
    "UpdateContentItemDraftFailure": {"errors": "[UpdateContentItemDraftError!]!", "message": "String!"},
    "DeleteContentItemFailure": {"errors": "[PostNotDeletableError!]!", "message": "String!"},
    "PostNotDeletableError": {"channelId": "ChannelId!", "message": "String!"},
    "PromoteContentItemDraftToPostsSuccess": {"contentItem": "ContentItem!"},
    "PromoteContentItemDraftToPostsFailure": {
        "errors": "[PromoteContentItemDraftToPostsError!]!",
        "message": "String!",
    },
    "PostChannelNotFoundError": {"channelId": "ChannelId!", "message": "String!"},
    "PostInvalidInputError": {"channelId": "ChannelId!", "message": "String!"},
    "PostLimitReachedError": {"channelId": "ChannelId!", "message": "String!"},
    "ContentItemStateError": {"message": "String!"},
    "AddPostToContentItemSuccess": {"contentItem": "ContentItem!", "post": "Post!"},
    "RemovePostFromContentItemSuccess": {"contentItem": "ContentItem!", "post": "Post!"},
}
MUTATION_ERRORS = {
    "CreateContentItemFailure",
    "CreateContentItemVariantInvalidInputError",
    "CreateContentItemVariantLimitReachedError",
    "CreateContentItemVariantNotFoundError",
    "CreateContentItemDraftFailure",
    "UpdateContentItemFailure",
    "UpdateContentItemDraftFailure",
    "DeleteContentItemFailure",
    "PostNotDeletableError",
    "PromoteContentItemDraftToPostsFailure",
    "ContentItemStateError",
    "PostChannelNotFoundError",
    "PostInvalidInputError",
    "PostLimitReachedError",
}
INPUTS = {
    "ContentItemInput": {"id": "ContentItemId!"},
    "ContentItemsInput": {
        "filter": "ContentItemsFilter",
        "organizationId": "OrganizationId!",
        "sort": "[ContentItemsSortInput!]",
    },
    "ContentItemsFilter": {
        "contentStatus": "ContentItemStatus",
        "tags": "TagComparator",
        "targetDate": "ContentItemsTargetDateFilter",
    },
    "ContentItemsTargetDateFilter": {"presence": "DateTimePresence", "range": "DateTimeComparator"},
    "ContentItemsSortInput": {"direction": "SortDirection!", "field": "ContentItemSortableKey!"},
    "CreateContentItemInput": {
        "organizationId": "OrganizationId!",
        "posts": "[CreatePostInput!]!",
        "tagIds": "[TagId!]",
        "targetDate": "DateTime",
        "title": "String",
    },
    "DraftContentInput": {"aiAssisted": "Boolean!", "assets": "[AssetInput!]!", "text": "String!"},
    "CreateContentItemDraftInput": {
        "correlationId": "Uuid",
        "draft": "DraftContentInput!",
        "organizationId": "OrganizationId!",
        "tagIds": "[TagId!]",
        "targetDate": "DateTime",
        "title": "String",
    },
    "UpdateContentItemInput": {"id": "ContentItemId!", "targetDate": "DateTime", "title": "String"},
    "UpdateContentItemDraftInput": {
        "id": "ContentItemId!",
        "draft": "DraftContentInput!",
        "tagIds": "[TagId!]",
        "targetDate": "DateTime",
    },
    "DeleteContentItemInput": {"id": "ContentItemId!"},
    "PromoteContentItemDraftToPostsInput": {
        "id": "ContentItemId!",
        "posts": "[CreatePostInput!]!",
        "tagIds": "[TagId!]",
    },
    "AddPostToContentItemInput": {"id": "ContentItemId!", "postId": "PostId!"},
    "RemovePostFromContentItemInput": {"id": "ContentItemId!", "postId": "PostId!"},
}
ENUMS = {
    "ContentItemAction": ["deleteContentItem", "updateContentItem"],
    "ContentItemStatus": ["draftContent", "postContent"],
    "ContentItemSortableKey": ["targetDate", "createdAt"],
}
UNIONS = {
    "ContentItemBody": ["DraftContent", "PostContent"],
    "CreateContentItemError": [
        "InvalidInputError",
        "NotFoundError",
        "LimitReachedError",
        "CreateContentItemVariantInvalidInputError",
        "CreateContentItemVariantLimitReachedError",
        "CreateContentItemVariantNotFoundError",
    ],
    "CreateContentItemPayload": ["CreateContentItemSuccess", "CreateContentItemFailure"],
    "CreateContentItemDraftPayload": ["CreateContentItemDraftSuccess", "CreateContentItemDraftFailure"],
    "UpdateContentItemPayload": ["UpdateContentItemSuccess", "UpdateContentItemFailure"],
    "UpdateContentItemDraftPayload": ["UpdateContentItemDraftSuccess", "UpdateContentItemDraftFailure"],
    "UpdateContentItemDraftError": ["InvalidInputError", "ContentItemStateError"],
    "DeleteContentItemPayload": ["EmptySuccess", "DeleteContentItemFailure"],
    "PromoteContentItemDraftToPostsPayload": [
        "PromoteContentItemDraftToPostsSuccess",
        "PromoteContentItemDraftToPostsFailure",
    ],
    "PromoteContentItemDraftToPostsError": [
        "ContentItemStateError",
        "InvalidInputError",
        "PostChannelNotFoundError",
        "PostInvalidInputError",
        "PostLimitReachedError",
    ],
    "AddPostToContentItemPayload": ["AddPostToContentItemSuccess", "VoidMutationError"],
    "RemovePostFromContentItemPayload": ["RemovePostFromContentItemSuccess", "VoidMutationError"],
}
QUERIES = {
    "contentItem": ({"input": "ContentItemInput!"}, "ContentItem!"),
    "contentItems": (
        {"after": "String", "first": "Int", "input": "ContentItemsInput!"},
        "ContentItemsConnection!",
    ),
}
MUTATIONS = {
    name: ({"input": f"{name[0].upper()}{name[1:]}Input!"}, f"{name[0].upper()}{name[1:]}Payload!")
    for name in (
        "addPostToContentItem",
        "removePostFromContentItem",
        "createContentItem",
        "createContentItemDraft",
        "updateContentItem",
        "updateContentItemDraft",
        "deleteContentItem",
        "promoteContentItemDraftToPosts",
    )
}
SCALARS = ("ContentItemId", "DraftContentId")

OCTOBER = build_schema("2026-10")


def test_object_types_have_exactly_the_digest_fields() -> None:
    for name, fields in OBJECTS.items():
        graphql_type = OCTOBER.type_map[name]
        assert isinstance(graphql_type, GraphQLObjectType), name
        assert {f: str(d.type) for f, d in graphql_type.fields.items()} == fields, name
        interfaces = {i.name for i in graphql_type.interfaces}
        assert interfaces == ({"MutationError"} if name in MUTATION_ERRORS else set()), name


def test_input_types_have_exactly_the_digest_fields_and_draft_defaults() -> None:
    for name, fields in INPUTS.items():
        graphql_type = OCTOBER.type_map[name]
        assert isinstance(graphql_type, GraphQLInputObjectType), name
        assert {f: str(d.type) for f, d in graphql_type.fields.items()} == fields, name
    draft = OCTOBER.type_map["DraftContentInput"]
    assert isinstance(draft, GraphQLInputObjectType)
    defaults = {name: field.default for name, field in draft.fields.items()}
    printed = {name: print_ast(d.literal) for name, d in defaults.items() if d is not None and d.literal}
    assert printed == {"aiAssisted": "false", "assets": "[]"}


def test_enums_unions_and_scalars() -> None:
    for name, values in ENUMS.items():
        graphql_type = OCTOBER.type_map[name]
        assert isinstance(graphql_type, GraphQLEnumType) and list(graphql_type.values) == values, name
    for name, members in UNIONS.items():
        graphql_type = OCTOBER.type_map[name]
        assert isinstance(graphql_type, GraphQLUnionType), name
        assert [m.name for m in graphql_type.types] == members, name
    for name in SCALARS:
        assert OCTOBER.type_map[name].__class__.__name__ == "GraphQLScalarType"


def test_roots_and_post_content_item_id() -> None:
    assert OCTOBER.mutation_type is not None
    for root, expected in ((OCTOBER.query_type, QUERIES), (OCTOBER.mutation_type, MUTATIONS)):
        for name, (arguments, returns) in expected.items():
            field = root.fields[name]
            assert {a: str(d.type) for a, d in field.args.items()} == arguments, name
            assert str(field.type) == returns, name
    post = OCTOBER.type_map["Post"]
    assert isinstance(post, GraphQLObjectType) and str(post.fields["contentItemId"].type) == "ContentItemId"


def test_the_reference_version_has_none_of_it() -> None:
    reference = build_schema("2026-08-13")
    names = [*OBJECTS, *INPUTS, *ENUMS, *UNIONS, *SCALARS]
    assert [name for name in names if name in reference.type_map] == []
    assert "contentItems" not in reference.query_type.fields
    post = reference.type_map["Post"]
    assert isinstance(post, GraphQLObjectType) and "contentItemId" not in post.fields
