"""The post writes behind ``createPost``, ``editPost``, ``deletePost`` and ``movePostInQueue``.

Each takes the request context and the mutation's input values, applies the rules, writes through
the store and returns the stored post; a refusal raises a typed :class:`MutationRejected` (the
resolver's :func:`answers_typed_errors` turns it into the payload's error member). Unknown or
foreign targets of ``createPost``/``editPost`` are ``NotFoundError``/``UnauthorizedError``;
those of ``deletePost``/``movePostInQueue`` (whose unions only have ``VoidMutationError``) are
NOT_FOUND/FORBIDDEN in ``errors[]``, and their rule refusals ``VoidMutationError``.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from typing import Any

from mockserver.backend.context import RequestContext
from mockserver.backend.scheduling import (
    Placement,
    apply_placement,
    check_channel_accepts_scheduling,
    check_plan_limits,
    commit,
    is_queued,
    place,
    queue_slots,
    queue_state,
)
from mockserver.errors import (
    NotFoundError,
    UnauthorizedError,
    VoidMutationError,
    invalid_input,
    limit_reached,
)
from mockserver.rules import post_messages as msg
from mockserver.rules.allowed_actions import post_allowed_actions, post_is_deletable, post_is_editable
from mockserver.rules.post_assets import convert_assets
from mockserver.rules.post_input import ChannelFacts, attach_link, build_metadata
from mockserver.rules.post_validation import PostContent, text_limit, validate_post_content
from mockserver.rules.queue import bottom_slot, insert_at_front
from mockserver.scalars import datetime_to_ms
from mockserver.store.entities import Channel, Organization, Post

# Buffer was observed answering via "buffer" for a post created through the API (facts §4.4);
# the mock follows the observation so clients filtering on `via` behave as they will live.
CREATED_VIA = "buffer"
# editPost fields that may accompany a tag change on a post that is no longer editable, as long as
# they are null or restate the post's current value (the CLI 1.2.0 always sends mode/schedulingType).
_RESTATED_ON_TAG_EDITS = {"mode": "share_mode", "schedulingType": "scheduling_type"}


# --- lookups ---------------------------------------------------------------------------------------


def channel_for_write(ctx: RequestContext, channel_id: str) -> Channel:
    channel = ctx.world.channels.get(channel_id)
    if channel is None:
        raise NotFoundError(msg.CHANNEL_NOT_FOUND.format(id=channel_id))
    if not ctx.world.is_member(ctx.actor.account.id, channel.organization_id):
        raise UnauthorizedError(msg.NOT_YOUR_ORGANIZATION.format(thing="channel"))
    return channel


def post_for_edit(ctx: RequestContext, post_id: str) -> Post:
    post = ctx.world.posts.get(post_id)
    if post is None:
        raise NotFoundError(msg.POST_NOT_FOUND.format(id=post_id))
    if not ctx.world.is_member(ctx.actor.account.id, post.organization_id):
        raise UnauthorizedError(msg.NOT_YOUR_ORGANIZATION.format(thing="post"))
    return post


def resolve_tag_ids(
    ctx: RequestContext, organization: Organization, tag_ids: list[str], already: list[str]
) -> list[str]:
    """Tags of the post's organization, deduplicated in order; locked tags cannot be newly added."""
    result: list[str] = []
    for tag_id in tag_ids:
        if tag_id in result:
            continue
        tag = ctx.world.tags.get(tag_id)
        if tag is None or tag.organization_id != organization.id:
            raise NotFoundError(msg.TAG_NOT_FOUND.format(id=tag_id))
        if tag.is_locked and tag_id not in already:
            raise limit_reached(msg.TAG_LOCKED.format(name=tag.name))
        result.append(tag_id)
    return result


def check_idea(ctx: RequestContext, organization: Organization, idea_id: str | None) -> None:
    if idea_id is None:
        return
    idea = ctx.world.ideas.get(idea_id)
    if idea is None or idea.organization_id != organization.id:
        raise NotFoundError(msg.IDEA_NOT_FOUND.format(id=idea_id))


def content_of(channel: Channel, post: Post) -> PostContent:
    return PostContent(
        service=channel.service,
        text=post.text,
        assets=post.assets,
        metadata=post.metadata,
        text_limit=text_limit(channel.service, channel.metadata),
    )


def facts_of(channel: Channel) -> ChannelFacts:
    return ChannelFacts(service=channel.service, metadata=channel.metadata)


def due_at_ms(raw: Mapping[str, Any]) -> int | None:
    return None if raw.get("dueAt") is None else datetime_to_ms(raw["dueAt"])


# --- createPost ------------------------------------------------------------------------------------


@dataclasses.dataclass(slots=True)
class PreparedPost:
    """A post that passed every createPost rule, and where it goes: nothing is stored yet."""

    post: Post
    placement: Placement | None


def create_post(ctx: RequestContext, raw: Mapping[str, Any]) -> Post:
    prepared = prepare_post(ctx, raw)
    return commit(ctx, prepared.post, prepared.placement)


def prepare_post(ctx: RequestContext, raw: Mapping[str, Any]) -> PreparedPost:
    """Every createPost rule applied to ``raw`` without writing (callers commit, or not)."""
    world, now = ctx.world, ctx.now
    channel = channel_for_write(ctx, raw["channelId"])
    organization = world.organizations[channel.organization_id]
    if channel.is_locked:
        raise limit_reached(msg.CHANNEL_LOCKED)
    mode = raw["mode"]
    needs_approval = bool(raw.get("needsApproval"))
    save_to_draft = raw.get("saveToDraft")
    if needs_approval and save_to_draft is False:
        raise invalid_input(msg.NEEDS_APPROVAL_WITH_SAVE_TO_DRAFT_FALSE)
    if needs_approval and not channel.requires_approval:
        raise invalid_input(msg.APPROVAL_NOT_REQUIRED)
    is_draft = needs_approval or bool(save_to_draft)

    assets = convert_assets(raw.get("assets"))
    facts = facts_of(channel)
    metadata = build_metadata(facts, raw.get("metadata"), None, now_ms=now, creating=True)
    metadata = attach_link(facts, metadata, assets.link, raw.get("metadata"))
    post = Post(
        id=world.new_id(),
        organization_id=organization.id,
        channel_id=channel.id,
        status="needs_approval" if needs_approval else "draft",
        text=raw.get("text") or "",
        created_at=now,
        updated_at=now,
        assets=assets.media,
        metadata=metadata,
        author_id=ctx.actor.account.id,
        via=CREATED_VIA,
        share_mode=mode,
        scheduling_type=raw["schedulingType"],
        is_custom_scheduled=mode == "customScheduled",
        idea_id=raw.get("ideaId"),
        draft_id=raw.get("draftId"),
        ai_assisted=bool(raw.get("aiAssisted")),
        source=raw.get("source"),
    )
    validate_post_content(content_of(channel, post))
    post.tag_ids = resolve_tag_ids(ctx, organization, list(raw.get("tagIds") or ()), already=[])
    check_idea(ctx, organization, post.idea_id)
    placement: Placement | None = None
    if not is_draft:
        check_channel_accepts_scheduling(ctx, channel)
        placement = place(ctx, channel, post.id, mode, due_at_ms(raw))
        apply_placement(post, placement)
        if not placement.publish_now:
            check_plan_limits(ctx, channel, post, None)
    return PreparedPost(post, placement)


# --- editPost --------------------------------------------------------------------------------------


def edit_post(ctx: RequestContext, raw: Mapping[str, Any]) -> Post:
    world, now = ctx.world, ctx.now
    post = post_for_edit(ctx, raw["id"])
    channel = world.channels[post.channel_id]
    organization = world.organizations[post.organization_id]
    candidate = dataclasses.replace(
        post,
        tag_ids=list(post.tag_ids),
        assets=copy.deepcopy(post.assets),
        metadata=copy.deepcopy(post.metadata),
        notes=list(post.notes),
    )
    if raw.get("tagIds") is not None:
        candidate.tag_ids = resolve_tag_ids(ctx, organization, list(raw["tagIds"]), already=post.tag_ids)
    if not post_is_editable(post.status):
        if is_tag_only_edit(raw, post) and "updatePostTags" in post_allowed_actions(post.status):
            candidate.updated_at = now
            return commit(ctx, candidate, None)
        raise invalid_input(msg.POST_NOT_EDITABLE.format(status=post.status))

    apply_content_changes(ctx, channel, candidate, raw)
    validate_post_content(content_of(channel, candidate))
    check_idea(ctx, organization, candidate.idea_id if raw.get("ideaId") is not None else None)
    placement = apply_status_changes(ctx, channel, post, candidate, raw)
    candidate.updated_at = now
    return commit(ctx, candidate, placement)


def is_tag_only_edit(raw: Mapping[str, Any], post: Post) -> bool:
    """Only ``tagIds`` changes: every other field is absent, null, or restates the current value."""
    for key, value in raw.items():
        if key == "text":  # null clears the text: a change unless there is none
            if (value or "") != post.text:
                return False
            continue
        if key in ("id", "tagIds") or value is None:
            continue
        attribute = _RESTATED_ON_TAG_EDITS.get(key)
        if attribute is None or getattr(post, attribute) != value:
            return False
    return raw.get("tagIds") is not None


def apply_content_changes(
    ctx: RequestContext, channel: Channel, candidate: Post, raw: Mapping[str, Any]
) -> None:
    """Omit means keep: only the fields present (non-null, except text) change."""
    if "text" in raw:
        candidate.text = raw["text"] or ""
    facts = facts_of(channel)
    if raw.get("metadata") is not None:
        candidate.metadata = build_metadata(
            facts, raw["metadata"], candidate.metadata, now_ms=ctx.now, creating=False
        )
    if raw.get("assets") is not None:
        assets = convert_assets(raw["assets"])
        candidate.assets = assets.media
        candidate.metadata = attach_link(facts, candidate.metadata, assets.link, raw.get("metadata"))
    for key, attribute in (
        ("ideaId", "idea_id"),
        ("draftId", "draft_id"),
        ("source", "source"),
        ("schedulingType", "scheduling_type"),
    ):
        if raw.get(key) is not None:
            setattr(candidate, attribute, raw[key])
    if raw.get("aiAssisted") is not None:
        candidate.ai_assisted = bool(raw["aiAssisted"])


def apply_status_changes(
    ctx: RequestContext, channel: Channel, post: Post, candidate: Post, raw: Mapping[str, Any]
) -> Placement | None:
    """saveToDraft, approvalChange and mode, in that order of precedence."""
    mode = raw.get("mode")
    approval_change = raw.get("approvalChange")
    if raw.get("saveToDraft") is True or approval_change is not None:
        candidate.status, candidate.due_at = "draft", None
        candidate.is_custom_scheduled = (mode or candidate.share_mode) == "customScheduled"
        candidate.share_mode = mode or candidate.share_mode
        if approval_change is not None:
            apply_approval_change(
                ctx, channel, post, candidate, approval_change, raw.get("saveToDraft") is True
            )
        return None
    if mode is None:
        if candidate.status == "scheduled":
            check_plan_limits(ctx, channel, candidate, post)  # e.g. an edit turning the post into a thread
        return None
    check_channel_accepts_scheduling(ctx, channel)
    placement = place(ctx, channel, post.id, mode, due_at_ms(raw), current=post)
    apply_placement(candidate, placement)
    if not placement.publish_now:
        check_plan_limits(ctx, channel, candidate, post)
    return placement


def apply_approval_change(
    ctx: RequestContext, channel: Channel, post: Post, candidate: Post, change: str, moved_to_draft: bool
) -> None:
    if not channel.requires_approval:
        raise invalid_input(msg.APPROVAL_NOT_REQUIRED)
    if post.author_id != ctx.actor.account.id:
        raise UnauthorizedError(msg.APPROVAL_CHANGE_NOT_OWNER)
    if post.status not in ("draft", "needs_approval") and not moved_to_draft:
        raise invalid_input(msg.APPROVAL_CHANGE_NOT_DRAFT.format(status=post.status))
    candidate.status = "needs_approval" if change == "request" else "draft"


# --- deletePost / movePostInQueue ----------------------------------------------------------------


def delete_post(ctx: RequestContext, post_id: str) -> Post:
    """Remove a post that may still be deleted; the removed post is returned."""
    post = ctx.post(post_id)  # NOT_FOUND / FORBIDDEN in errors[]
    if not post_is_deletable(post.status):
        raise VoidMutationError(msg.POST_NOT_DELETABLE.format(status=post.status))
    ctx.world.remove_post(post.id)
    return post


def move_post_in_queue(ctx: RequestContext, post_id: str, position: str) -> Post:
    """Move a queued post to the top of its queue (pushing the others back) or to the bottom."""
    post = ctx.post(post_id)  # NOT_FOUND / FORBIDDEN in errors[]
    if post.status != "scheduled" or not is_queued(post):
        what = post.status if post.status != "scheduled" else f"scheduled with mode {post.share_mode}"
        raise VoidMutationError(msg.POST_NOT_QUEUED.format(what=what))
    channel = ctx.world.channels[post.channel_id]
    state = queue_state(ctx.world, channel, exclude=post.id)
    if position == "top":
        moves = insert_at_front(queue_slots(channel, ctx.now), state.queued, state.pinned, post.id)
    else:
        moves = {
            post.id: bottom_slot(
                channel.posting_schedule, channel.timezone, ctx.now, state.queued, state.occupied
            )
        }
    due = moves.pop(post.id, post.due_at)
    placement = Placement("scheduled", due, post.share_mode, False, moves=moves)
    candidate = dataclasses.replace(post, due_at=due, updated_at=ctx.now)
    return commit(ctx, candidate, placement)
