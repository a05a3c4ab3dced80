"""Post resolvers: ``posts``, ``post`` and the derived Post fields."""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType, QueryType
from graphql import GraphQLResolveInfo

from mockserver.resolvers.connections import page_size
from mockserver.resolvers.context import RequestContext, ctx_of
from mockserver.rules.allowed_actions import post_allowed_actions
from mockserver.rules.pagination import connection
from mockserver.rules.post_query import normalize_sort, parse_posts_filter, post_order_key
from mockserver.rules.tag_colors import tag_color_name
from mockserver.scalars import datetime_to_ms
from mockserver.store.entities import Channel, Note, Post, Tag

query = QueryType()
post_type = ObjectType("Post")
note_type = ObjectType("Note")
tag_type = ObjectType("Tag")

POSTS_CURSOR_KIND = "posts"


@query.field("posts")
def resolve_posts(
    _: None,
    info: GraphQLResolveInfo,
    input: dict[str, Any],
    first: int | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    ctx = ctx_of(info)
    size = page_size(ctx, first)
    org = ctx.organization(input["organizationId"])
    posts_filter = parse_posts_filter(input.get("filter"), datetime_to_ms)
    sort = normalize_sort(input.get("sort"))
    # Sort is part of the cursor kind: a cursor from one order cannot resume another.
    kind = POSTS_CURSOR_KIND + ":" + ",".join(f"{f}.{d}" for f, d in sort)
    found = ctx.world.find_posts(org.id, posts_filter)
    if not ctx.sees_every_service():
        found = [post for post in found if ctx.sees_post(post)]
    return connection(found, kind=kind, order_key=post_order_key(sort), first=size, after=after)


@query.field("post")
def resolve_post(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> Post:
    ctx = ctx_of(info)
    return ctx.post(input["id"])


@post_type.field("channel")
def resolve_post_channel(post: Post, info: GraphQLResolveInfo) -> Channel:
    return ctx_of(info).world.channels[post.channel_id]


@post_type.field("channelService")
def resolve_channel_service(post: Post, info: GraphQLResolveInfo) -> str:
    return ctx_of(info).world.channels[post.channel_id].service


@post_type.field("tags")
def resolve_post_tags(post: Post, info: GraphQLResolveInfo) -> list[Tag]:
    return ctx_of(info).world.tags_of(post)


@post_type.field("allowedActions")
def resolve_post_allowed_actions(post: Post, _: GraphQLResolveInfo) -> list[str]:
    return post_allowed_actions(post.status)


def author_of(ctx: RequestContext, account_id: str | None) -> dict[str, Any] | None:
    if account_id is None:
        return None
    account = ctx.world.accounts.get(account_id)
    if account is None:
        return {"id": account_id, "avatar": "", "email": "", "isDeleted": True, "name": None}
    return {
        "id": account.id,
        "avatar": account.avatar,
        "email": account.email,
        "isDeleted": False,
        "name": account.name,
    }


@post_type.field("author")
def resolve_post_author(post: Post, info: GraphQLResolveInfo) -> dict[str, Any] | None:
    return author_of(ctx_of(info), post.author_id)


@note_type.field("author")
def resolve_note_author(note: Note, info: GraphQLResolveInfo) -> dict[str, Any] | None:
    return author_of(ctx_of(info), note.author_id)


@note_type.field("allowedActions")
def resolve_note_actions(note: Note, info: GraphQLResolveInfo) -> list[str]:
    ctx = ctx_of(info)
    if note.type == "userGenerated" and note.author_id == ctx.actor.account.id:
        return ["deleteNote", "updateNote"]
    return []


@tag_type.field("colorName")
def resolve_tag_color_name(tag: Tag, _: GraphQLResolveInfo) -> str | None:
    """Derived from the hex color: Buffer's palette name, null for custom colors."""
    return tag_color_name(tag.color)


BINDABLES = [query, post_type, note_type, tag_type]
