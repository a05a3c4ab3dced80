"""Content items (2026-10 only): the two queries, the eight mutations, and the derived fields.

Thin: each resolver hands its input to :mod:`mockserver.backend.content_items` and turns
the outcome into its payload member. Bound only to the 2026-10 schema (``OCTOBER_BINDABLE_MODULES``).
"""

from __future__ import annotations

from typing import Any

from ariadne import MutationType, ObjectType, QueryType
from graphql import GraphQLResolveInfo

from mockserver.backend import content_items as backend
from mockserver.errors import answers_typed_errors
from mockserver.resolvers.context import ctx_of
from mockserver.resolvers.posts import author_of
from mockserver.rules import content_items as rules
from mockserver.scalars import OCTOBER_SCALARS
from mockserver.store.entities import ContentItem, Post, Tag

query = QueryType()
mutation = MutationType()
content_item_type = ObjectType("ContentItem")
october_post_type = ObjectType("Post")

Json = dict[str, Any]


# --- queries ------------------------------------------------------------------------------------


@query.field("contentItem")
def resolve_content_item(_: None, info: GraphQLResolveInfo, input: Json) -> ContentItem:
    return backend.item_for(ctx_of(info), input["id"])


@query.field("contentItems")
def resolve_content_items(
    _: None, info: GraphQLResolveInfo, input: Json, first: int | None = None, after: str | None = None
) -> Json:
    return backend.list_content_items(ctx_of(info), input, first, after)


# --- fields -------------------------------------------------------------------------------------


@content_item_type.field("allowedActions")
def resolve_allowed_actions(item: ContentItem, info: GraphQLResolveInfo) -> list[str]:
    return rules.allowed_actions(p.status for p in backend.posts_of(ctx_of(info), item))


@content_item_type.field("author")
def resolve_author(item: ContentItem, info: GraphQLResolveInfo) -> Json | None:
    return author_of(ctx_of(info), item.account_id)


@content_item_type.field("body")
def resolve_body(item: ContentItem, info: GraphQLResolveInfo) -> Json:
    if item.draft is not None:
        return item.draft
    return {"__typename": "PostContent", "posts": backend.posts_of(ctx_of(info), item)}


@content_item_type.field("tags")
def resolve_tags(item: ContentItem, info: GraphQLResolveInfo) -> list[Tag]:
    world = ctx_of(info).world
    tags = [world.tags[t] for t in item.tag_ids if t in world.tags]
    return sorted(tags, key=lambda t: (t.name.lower(), t.name, t.id))


@october_post_type.field("contentItemId")
def resolve_post_content_item_id(post: Post, info: GraphQLResolveInfo) -> str | None:
    return ctx_of(info).world.content_item_of_post.get(post.id)


# --- mutations ----------------------------------------------------------------------------------


@mutation.field("createContentItem")
@answers_typed_errors
def resolve_create(_: None, info: GraphQLResolveInfo, input: Json) -> Json:
    return {
        "__typename": "CreateContentItemSuccess",
        "content": backend.create_content_item(ctx_of(info), input),
    }


@mutation.field("createContentItemDraft")
@answers_typed_errors
def resolve_create_draft(_: None, info: GraphQLResolveInfo, input: Json) -> Json:
    return {
        "__typename": "CreateContentItemDraftSuccess",
        "contentItem": backend.create_draft(ctx_of(info), input),
    }


@mutation.field("updateContentItemDraft")
@answers_typed_errors
def resolve_update_draft(_: None, info: GraphQLResolveInfo, input: Json) -> Json:
    return {
        "__typename": "UpdateContentItemDraftSuccess",
        "contentItem": backend.update_draft(ctx_of(info), input),
    }


@mutation.field("updateContentItem")
@answers_typed_errors
def resolve_update(_: None, info: GraphQLResolveInfo, input: Json) -> Json:
    return {"__typename": "UpdateContentItemSuccess", "contentItem": backend.update_item(ctx_of(info), input)}


@mutation.field("deleteContentItem")
@answers_typed_errors
def resolve_delete(_: None, info: GraphQLResolveInfo, input: Json) -> Json:
    backend.delete_item(ctx_of(info), input)
    return {"__typename": "EmptySuccess", "_empty": ""}


@mutation.field("promoteContentItemDraftToPosts")
@answers_typed_errors
def resolve_promote(_: None, info: GraphQLResolveInfo, input: Json) -> Json:
    item = backend.promote(ctx_of(info), input)
    return {"__typename": "PromoteContentItemDraftToPostsSuccess", "contentItem": item}


@mutation.field("addPostToContentItem")
@answers_typed_errors
def resolve_add_post(_: None, info: GraphQLResolveInfo, input: Json) -> Json:
    item, post = backend.add_post(ctx_of(info), input)
    return {"__typename": "AddPostToContentItemSuccess", "contentItem": item, "post": post}


@mutation.field("removePostFromContentItem")
@answers_typed_errors
def resolve_remove_post(_: None, info: GraphQLResolveInfo, input: Json) -> Json:
    item, post = backend.remove_post(ctx_of(info), input)
    return {"__typename": "RemovePostFromContentItemSuccess", "contentItem": item, "post": post}


BINDABLES: list[object] = [*OCTOBER_SCALARS, query, mutation, content_item_type, october_post_type]
