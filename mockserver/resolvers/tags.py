"""2026-10 tag roots: ``tag``, ``tagsV2``, ``createTag``, ``updateTag``, ``deleteTag``.

Organizations the caller cannot see answer NOT_FOUND / FORBIDDEN in ``errors[]`` as every root
does; a tag id that is unknown (or of another organization) is ``NotFoundError`` in the payload
of the mutations and ``null`` plus NOT_FOUND for ``tag``. The writes: :mod:`mockserver.backend.tags`.
"""

from __future__ import annotations

from typing import Any

from ariadne import MutationType, QueryType
from graphql import GraphQLResolveInfo

from mockserver import errors
from mockserver.backend import tags
from mockserver.backend.tags import tags_of_organization, visible_tag
from mockserver.errors import answers_typed_errors
from mockserver.resolvers.connections import page_size
from mockserver.resolvers.context import ctx_of
from mockserver.rules.pagination import connection
from mockserver.rules.tag_rules import MSG_TAG_NOT_FOUND, tag_matches, tag_order_key
from mockserver.store.entities import Tag

query = QueryType()
mutation = MutationType()


@query.field("tag")
def resolve_tag(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> Tag:
    tag = visible_tag(ctx_of(info), input["id"])
    if tag is None:
        raise errors.not_found(MSG_TAG_NOT_FOUND)
    return tag


@query.field("tagsV2")
def resolve_tags_v2(
    _: None,
    info: GraphQLResolveInfo,
    input: dict[str, Any],
    first: int | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    ctx = ctx_of(info)
    size = page_size(ctx, first)
    organization = ctx.organization(input["organizationId"])
    is_locked = (input.get("filter") or {}).get("isLocked")
    matching = [t for t in tags_of_organization(ctx, organization.id) if tag_matches(t, is_locked)]
    return connection(
        matching, kind="tags", order_key=tag_order_key, first=size, after=after, total_count=True
    )


@mutation.field("createTag")
@answers_typed_errors
def resolve_create_tag(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    given = input["tag"]
    tag = tags.create_tag(ctx_of(info), input["organizationId"], given["name"], given["color"])
    return {"__typename": "TagActionSuccess", "tag": tag}


@mutation.field("updateTag")
@answers_typed_errors
def resolve_update_tag(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    given = input["tag"]
    tag = tags.update_tag(ctx_of(info), input["id"], given["name"], given["color"])
    return {"__typename": "TagActionSuccess", "tag": tag}


@mutation.field("deleteTag")
@answers_typed_errors
def resolve_delete_tag(_: None, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:
    tag = tags.delete_tag(ctx_of(info), input["id"])
    return {"__typename": "DeleteTagActionSuccess", "id": tag.id}


BINDABLES: list[object] = [query, mutation]
