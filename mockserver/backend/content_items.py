"""The content-item operations behind the thin resolvers: rules applied, then store writes.

Called by :mod:`mockserver.resolvers.content_items`. Posts of a content item are made by the
createPost backend (:func:`prepare_post` then :func:`commit`), never by a copy of its rules.
Every operation runs under the namespace lock (the endpoint holds it), and creating or promoting
validates every post before writing any, so a refusal leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mockserver import errors
from mockserver.backend.context import RequestContext
from mockserver.backend.posts import PreparedPost, prepare_post, resolve_tag_ids
from mockserver.backend.scheduling import commit, scheduled_in_organization
from mockserver.errors import MutationRejected, VoidMutationError, invalid_input
from mockserver.rules import content_item_values as values
from mockserver.rules import content_items as rules
from mockserver.rules import org_limits
from mockserver.rules.pagination import check_page_size, paginate
from mockserver.scalars import datetime_to_ms
from mockserver.store import content_items as store
from mockserver.store.entities import ContentItem, Organization, Post

Json = dict[str, Any]

# createPost refusal -> per-channel error member, for createContentItem and for promotion.
CREATE_VARIANTS = {
    "InvalidInputError": "CreateContentItemVariantInvalidInputError",
    "LimitReachedError": "CreateContentItemVariantLimitReachedError",
    "NotFoundError": "CreateContentItemVariantNotFoundError",
    "UnauthorizedError": "CreateContentItemVariantNotFoundError",
    "channel": "CreateContentItemVariantNotFoundError",
}
PROMOTE_VARIANTS = {
    "InvalidInputError": "PostInvalidInputError",
    "LimitReachedError": "PostLimitReachedError",
    "NotFoundError": "PostInvalidInputError",  # a tag or idea of the post: the union has no better member
    "UnauthorizedError": "PostInvalidInputError",
    "channel": "PostChannelNotFoundError",
}


class OperationFailed(MutationRejected):
    """A refusal that becomes the payload's Failure member (``errors`` plus a summary); like every
    typed refusal it is answered by :func:`mockserver.errors.answers_typed_errors`."""

    def __init__(self, typename: str, message: str, members: list[Json]) -> None:
        super().__init__(message)
        self._payload = {"__typename": typename, "message": message, "errors": members}

    @property
    def payload(self) -> Json:
        return self._payload


@dataclass(slots=True)
class VariantProblem:
    kind: str  # a createPost error typename, or "channel" (unknown / foreign channel)
    channel_id: str
    message: str


def member(typename: str, message: str, **fields: Any) -> Json:
    return {"__typename": typename, "message": message, **fields}


def to_ms(value: Any) -> int:
    return datetime_to_ms(value)


# --- lookups ------------------------------------------------------------------------------------


def item_for(ctx: RequestContext, item_id: str) -> ContentItem:
    """The item, if the caller belongs to its organization (NOT_FOUND / FORBIDDEN in errors[])."""
    item = ctx.world.content_items.get(item_id)
    if item is None:
        raise errors.not_found(rules.CONTENT_ITEM_NOT_FOUND)
    ctx.organization_access(item.organization_id)
    return item


def posts_of(ctx: RequestContext, item: ContentItem) -> list[Post]:
    return [ctx.world.posts[post_id] for post_id in item.post_ids if post_id in ctx.world.posts]


def item_tags(
    ctx: RequestContext, organization: Organization, tag_ids: Sequence[str], already: list[str]
) -> list[str]:
    """Tags of the organization, deduplicated; locked ones cannot be newly added (MutationRejected)."""
    return resolve_tag_ids(ctx, organization, list(tag_ids), already=already)


def check_title(title: str | None) -> None:
    if not values.title_ok(title):
        raise invalid_input(values.TITLE_TOO_LONG.format(limit=values.TITLE_MAX_LENGTH))


# --- queries ------------------------------------------------------------------------------------


def list_content_items(
    ctx: RequestContext, raw: Mapping[str, Any], first: int | None, after: str | None
) -> Json:
    limits = ctx.settings.query_limits
    size = check_page_size(first, ctx.settings.default_page_size, limits.max_page_size)
    organization = ctx.organization(raw["organizationId"])
    item_filter = rules.parse_filter(raw.get("filter"), to_ms)
    sort = rules.normalize_sort(raw.get("sort"))
    rules.check_cursor_sort(after, sort)
    found = [i for i in store.content_items_of(ctx.world, organization.id) if rules.matches(i, item_filter)]
    page = paginate(
        found, kind=rules.cursor_kind_of_sort(sort), order_key=rules.order_key(sort), first=size, after=after
    )
    return {**page.connection(), "totalCount": len(found)}


# --- posts made for an item ---------------------------------------------------------------------


def prepare_posts(
    ctx: RequestContext, organization: Organization, posts_raw: Sequence[Mapping[str, Any]]
) -> tuple[list[PreparedPost], list[VariantProblem]]:
    """Every post through the createPost rules, plus the rules across them (one per channel, and the
    organization's scheduled-posts limit counted over the whole set). Nothing is written."""
    world = ctx.world
    repeated = set(rules.repeated_channels([raw["channelId"] for raw in posts_raw]))
    limit = org_limits.limit_of(organization.limits, "scheduledPosts")
    scheduled = scheduled_in_organization(world, organization.id, exclude="")
    accepted: list[PreparedPost] = []
    problems: list[VariantProblem] = []
    for index, raw in enumerate(posts_raw):
        channel_id = raw["channelId"]
        if index in repeated:
            problems.append(
                VariantProblem("InvalidInputError", channel_id, rules.CHANNEL_REPEATED.format(id=channel_id))
            )
            continue
        channel = world.channels.get(channel_id)
        if channel is None or channel.organization_id != organization.id:
            message = rules.CHANNEL_OTHER_ORGANIZATION.format(id=channel_id)
            problems.append(VariantProblem("channel", channel_id, message))
            continue
        try:
            prepared = prepare_post(ctx, raw)
            placement = prepared.placement
            if placement is not None and not placement.publish_now:
                org_limits.check_scheduled_posts(limit, scheduled)
                scheduled += 1
        except MutationRejected as rejected:
            typename, message = rejected.payload["__typename"], rejected.payload["message"]
            problems.append(VariantProblem(typename, channel_id, message))
            continue
        accepted.append(prepared)
    return accepted, problems


def commit_posts(ctx: RequestContext, prepared: list[PreparedPost]) -> list[str]:
    return [commit(ctx, p.post, p.placement).id for p in prepared]


def variant_members(problems: list[VariantProblem], variants: Mapping[str, str]) -> list[Json]:
    return [member(variants[p.kind], p.message, channelId=p.channel_id) for p in problems]


# --- mutations ----------------------------------------------------------------------------------


def create_content_item(ctx: RequestContext, raw: Mapping[str, Any]) -> ContentItem:
    organization = ctx.organization(raw["organizationId"])
    top: list[Json] = []
    tag_ids: list[str] = []
    try:
        check_title(raw.get("title"))
        tag_ids = item_tags(ctx, organization, raw.get("tagIds") or (), already=[])
    except MutationRejected as rejected:
        top.append(rejected.payload)
    posts_raw = raw["posts"]
    if not posts_raw:
        top.append(member("InvalidInputError", rules.NO_POSTS))
    accepted, problems = prepare_posts(ctx, organization, posts_raw)
    found = top + variant_members(problems, CREATE_VARIANTS)
    if found:
        message = rules.CREATE_FAILED.format(count=len(found))
        raise OperationFailed("CreateContentItemFailure", message, found)
    item = new_item(ctx, organization.id, raw, tag_ids)
    item.post_ids = commit_posts(ctx, accepted)
    store.put_content_item(ctx.world, item)
    return item


def new_item(
    ctx: RequestContext, organization_id: str, raw: Mapping[str, Any], tag_ids: list[str], **extra: Any
) -> ContentItem:
    """A new content item of the actor, stamped now, with the title and target date of ``raw``."""
    return ContentItem(
        id=ctx.world.new_id(),
        organization_id=organization_id,
        account_id=ctx.actor.account.id,
        created_at=ctx.now,
        updated_at=ctx.now,
        title=raw.get("title"),
        target_date=None if raw.get("targetDate") is None else to_ms(raw["targetDate"]),
        tag_ids=tag_ids,
        **extra,
    )


def create_draft(ctx: RequestContext, raw: Mapping[str, Any]) -> ContentItem:
    """Idempotent by ``correlationId`` (per organization): a repeat returns the first item unchanged."""
    organization = ctx.organization(raw["organizationId"])
    correlation_id = raw.get("correlationId")
    if correlation_id is not None:
        existing = store.find_by_correlation(ctx.world, organization.id, correlation_id)
        if existing is not None:
            return existing
    try:
        check_title(raw.get("title"))
        tag_ids = item_tags(ctx, organization, raw.get("tagIds") or (), already=[])
        draft = rules.draft_body(raw["draft"], ctx.world.new_id())
    except MutationRejected as rejected:
        failure = member("InvalidInputError", rejected.payload["message"])
        raise OperationFailed("CreateContentItemDraftFailure", rules.DRAFT_CREATE_FAILED, [failure]) from None
    item = new_item(ctx, organization.id, raw, tag_ids, draft=draft, correlation_id=correlation_id)
    store.put_content_item(ctx.world, item)
    return item


def update_draft(ctx: RequestContext, raw: Mapping[str, Any]) -> ContentItem:
    item = item_for(ctx, raw["id"])
    if item.draft is None:
        state = member("ContentItemStateError", rules.NOT_A_DRAFT)
        raise OperationFailed("UpdateContentItemDraftFailure", rules.DRAFT_UPDATE_FAILED, [state])
    organization = ctx.world.organizations[item.organization_id]
    tag_ids = item.tag_ids
    try:
        draft = rules.draft_body(raw["draft"], item.draft["id"])
        new_tags = rules.tag_ids_after_draft_update(item.tag_ids, raw)
        if new_tags is not None:
            tag_ids = item_tags(ctx, organization, new_tags, already=item.tag_ids)
    except MutationRejected as rejected:
        failure = member("InvalidInputError", rejected.payload["message"])
        raise OperationFailed("UpdateContentItemDraftFailure", rules.DRAFT_UPDATE_FAILED, [failure]) from None
    changes = rules.updated_fields({k: v for k, v in raw.items() if k == "targetDate"}, to_ms)
    return store.update_content_item(
        ctx.world, item.id, draft=draft, tag_ids=tag_ids, updated_at=ctx.now, **changes
    )


def update_item(ctx: RequestContext, raw: Mapping[str, Any]) -> ContentItem:
    item = item_for(ctx, raw["id"])
    try:
        check_title(raw.get("title"))
    except MutationRejected as rejected:
        failure = member("InvalidInputError", rejected.payload["message"])
        raise OperationFailed("UpdateContentItemFailure", rules.UPDATE_FAILED, [failure]) from None
    changes = rules.updated_fields(raw, to_ms)
    return store.update_content_item(ctx.world, item.id, updated_at=ctx.now, **changes)


def delete_item(ctx: RequestContext, raw: Mapping[str, Any]) -> None:
    """All or nothing: a post being published or already published blocks the whole delete;
    otherwise the item goes with every one of its posts."""
    item = item_for(ctx, raw["id"])
    posts = posts_of(ctx, item)
    blockers = rules.delete_blockers((p.channel_id, p.status) for p in posts)
    if blockers:
        found = [member("PostNotDeletableError", text, channelId=channel) for channel, text in blockers]
        message = rules.DELETE_BLOCKED.format(count=len(found))
        raise OperationFailed("DeleteContentItemFailure", message, found)
    for post in posts:
        ctx.world.remove_post(post.id)
    store.remove_content_item(ctx.world, item.id)


def promote(ctx: RequestContext, raw: Mapping[str, Any]) -> ContentItem:
    item = item_for(ctx, raw["id"])
    if item.draft is None:
        state = member("ContentItemStateError", rules.NOT_A_DRAFT)
        message = rules.PROMOTE_FAILED.format(count=1)
        raise OperationFailed("PromoteContentItemDraftToPostsFailure", message, [state])
    organization = ctx.world.organizations[item.organization_id]
    top: list[Json] = []
    tag_ids = item.tag_ids
    if raw.get("tagIds") is not None:
        try:
            tag_ids = item_tags(ctx, organization, raw["tagIds"], already=item.tag_ids)
        except MutationRejected as rejected:
            top.append(member("InvalidInputError", rejected.payload["message"]))
    if not raw["posts"]:
        top.append(member("InvalidInputError", rules.NO_POSTS))
    accepted, problems = prepare_posts(ctx, organization, raw["posts"])
    found = top + variant_members(problems, PROMOTE_VARIANTS)
    if found:
        message = rules.PROMOTE_FAILED.format(count=len(found))
        raise OperationFailed("PromoteContentItemDraftToPostsFailure", message, found)
    post_ids = commit_posts(ctx, accepted)
    return store.update_content_item(
        ctx.world, item.id, draft=None, post_ids=post_ids, tag_ids=tag_ids, updated_at=ctx.now
    )


def add_post(ctx: RequestContext, raw: Mapping[str, Any]) -> tuple[ContentItem, Post]:
    item = item_for(ctx, raw["id"])
    post = ctx.post(raw["postId"])
    if post.organization_id != item.organization_id:
        raise invalid_void(rules.POST_OTHER_ORGANIZATION.format(post=post.id))
    if item.draft is not None:
        raise invalid_void(rules.IS_A_DRAFT)
    if post.id in item.post_ids:
        return item, post
    owner = store.content_item_of(ctx.world, post.id)
    if owner is not None:
        raise invalid_void(rules.POST_IN_OTHER_ITEM.format(post=post.id, item=owner))
    for other in posts_of(ctx, item):
        if other.channel_id == post.channel_id:
            raise invalid_void(rules.CHANNEL_ALREADY_IN_ITEM.format(channel=post.channel_id, post=other.id))
    return store.attach_post(ctx.world, item.id, post, ctx.now), post


def remove_post(ctx: RequestContext, raw: Mapping[str, Any]) -> tuple[ContentItem, Post]:
    """Removing a post that has no content item succeeds and changes nothing."""
    item = item_for(ctx, raw["id"])
    post = ctx.post(raw["postId"])
    owner = store.content_item_of(ctx.world, post.id)
    if owner is None:
        return item, post
    if owner != item.id:
        raise invalid_void(rules.POST_NOT_IN_ITEM.format(post=post.id, item=owner))
    left = store.detach_post(ctx.world, post.id, ctx.now)
    return left or item, post


def invalid_void(message: str) -> MutationRejected:
    return VoidMutationError(message)
