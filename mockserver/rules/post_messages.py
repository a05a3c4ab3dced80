"""Messages of the write path (posts, queue, ideas, templates, limits).

Two texts are Buffer's, verbatim: ``Text is required`` (documented) and the Instagram pair
(observed live, joined as ``Invalid post: <a>, <b>``). Every other text is ours, written in
the same voice: say what is wrong and how to fix it. Tests assert them through these names.
"""

from __future__ import annotations

from collections.abc import Iterable

from mockserver.errors import MSG_TEXT_REQUIRED

# --- verbatim Buffer texts -------------------------------------------------------------------
TEXT_REQUIRED = MSG_TEXT_REQUIRED  # "Text is required"
INVALID_POST_PREFIX = "Invalid post: "
INSTAGRAM_MEDIA_REQUIRED = "Instagram posts require at least one image or video."
INSTAGRAM_TYPE_REQUIRED = "Instagram posts require a type (post, story, or reel)."


def invalid_post(problems: Iterable[str]) -> str:
    """Buffer's aggregate shape: ``Invalid post: a., b.`` (each problem ends with a period)."""
    return INVALID_POST_PREFIX + ", ".join(problems)


# --- per-network content requirements (ours, in the observed style) -------------------------
# The rules fill these templates from the network profile table (networks.yaml); the texts the
# templates produce for each network are pinned below and in the tests.
MEDIA_REQUIRED_ANY = "{network} posts require at least one {kinds}."
MEDIA_REQUIRED_ONE = "{network} posts require a {kind}."
TYPE_REQUIRED = "{network} posts require a type ({types})."
TYPE_UNSUPPORTED = "{network} posts support the types {types} (got {type})."
METADATA_REQUIRED = "{network} posts require {noun} ({path})."
DOCUMENTS_ONLY_ON = "Documents can only be attached to {networks} posts."
MEDIA_KIND_UNSUPPORTED = "{network} posts cannot carry a {kind}."
MEDIA_TOO_MANY = "{network} posts can carry at most {limit} {kind}(s) (this one has {count})."
MEDIA_FORMAT = "{network} {kind}s must be one of {formats} (assets[{index}] is {format})."
MEDIA_TOO_LARGE = "{network} {kind}s are limited to {limit} MB (assets[{index}] has {size} MB)."
VIDEO_TOO_LONG = "{network} videos are limited to {limit} seconds (assets[{index}] runs {seconds} s)."


def join_and(words: Iterable[str]) -> str:
    """``a, b and c``."""
    items = list(words)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def media_required(network: str, kinds: Iterable[str]) -> str:
    """``Instagram posts require at least one image or video.`` / ``YouTube posts require a video.``"""
    items = list(kinds)
    if len(items) == 1:
        return MEDIA_REQUIRED_ONE.format(network=network, kind=items[0])
    return MEDIA_REQUIRED_ANY.format(network=network, kinds=" or ".join(items))


INSTAGRAM_TYPE_UNSUPPORTED = "Instagram posts support the types post, story, reel and carousel (got {type})."
TIKTOK_MEDIA_REQUIRED = "TikTok posts require at least one image or video."
PINTEREST_MEDIA_REQUIRED = "Pinterest posts require at least one image or video."
PINTEREST_BOARD_REQUIRED = "Pinterest posts require a board (metadata.pinterest.boardServiceId)."
YOUTUBE_VIDEO_REQUIRED = "YouTube posts require a video."
YOUTUBE_TITLE_REQUIRED = "YouTube posts require a title (metadata.youtube.title)."
YOUTUBE_CATEGORY_REQUIRED = "YouTube posts require a category (metadata.youtube.categoryId)."
GOOGLE_TYPE_REQUIRED = "Google Business Profile posts require a type (whats_new, offer, or event)."
GOOGLE_DETAILS_REQUIRED = (
    "Google Business Profile {kind} posts require {field} with a title, a start date and an end date."
)
GOOGLE_DATES_ORDER = "Google Business Profile {kind} posts must end after they start."
DOCUMENTS_LINKEDIN_ONLY = "Documents can only be attached to LinkedIn posts."
THREAD_TEXT_MISMATCH = "The post text must match the text of the first thread item."
THREAD_ITEM_EMPTY = "Thread item {position} needs text or media."
TEXT_TOO_LONG = "{network} posts are limited to {limit} characters (this one has {length})."
THREAD_ITEM_TOO_LONG = "{network} thread item {position} is limited to {limit} characters (it has {length})."

# --- input shape ------------------------------------------------------------------------------
CONTROL_CHARACTERS = (
    "{field} contains control characters (U+0000 to U+001F other than tab, line feed and carriage return); "
    "remove them."
)
ASSET_ONE_VARIANT = "{path} must set exactly one of image, video, document or link (got {given})."
ASSET_URL_INVALID = "{path} must be an absolute http(s) URL."
VIDEO_THUMBNAIL_URL = (
    "{path}.thumbnailUrl is not supported: networks do not accept custom video thumbnails. "
    "Set {path}.metadata.thumbnailOffset to pick a frame instead."
)
USER_TAG_POSITION = (
    "{path} x and y are fractions of the image size between 0.0 and 1.0, not pixels (got x={x}, y={y})."
)
LINK_WITH_ASSETS = "A link attachment cannot be combined with media assets: remove the assets or the link."
LINK_TWICE = "Give the link once: either as a link asset or as metadata.{key}.linkAttachment."
LINK_ASSET_UNSUPPORTED = "{network} posts cannot carry a link attachment; put the URL in the text instead."
LINK_ASSET_SEVERAL = "A post can carry only one link asset."
PINTEREST_BOARD_UNKNOWN = (
    "Pinterest board {board} is not a board of this channel (see channel.metadata.boards[].serviceId)."
)
YOUTUBE_CATEGORY_UNKNOWN = "YouTube category {category} does not exist; use one of: {known}."
GOOGLE_DETAILS_MISMATCH = "metadata.google.{field} does not match the post type {type}."

# --- scheduling -------------------------------------------------------------------------------
DUE_AT_REQUIRED = "dueAt is required when mode is customScheduled."
DUE_AT_IN_PAST = "dueAt must be in the future (got {due_at}, now is {now})."
NEEDS_APPROVAL_WITH_SAVE_TO_DRAFT_FALSE = (
    "needsApproval always saves the post as a draft awaiting approval, so it cannot be combined with "
    "saveToDraft: false."
)
APPROVAL_NOT_REQUIRED = (
    "This channel's posting policy does not require approval; remove needsApproval/approvalChange."
)
APPROVAL_REQUIRED = (
    "This channel requires approval before posts are scheduled: send needsApproval: true "
    "(or saveToDraft: true) instead."
)
APPROVAL_CHANGE_NOT_DRAFT = "approvalChange applies to drafts only (this post is {status})."
APPROVAL_CHANGE_NOT_OWNER = "approvalChange applies to your own drafts only."
CHANNEL_LOCKED = "This channel is locked by your plan's channel limit: unlock it or upgrade to post to it."
CHANNEL_DISCONNECTED = "This channel is disconnected: reconnect it before scheduling or publishing posts."

# --- lookups (typed NotFoundError / UnauthorizedError members) -------------------------------
CHANNEL_NOT_FOUND = "Channel {id} not found."
POST_NOT_FOUND = "Post {id} not found."
TAG_NOT_FOUND = "Tag {id} not found in this organization."
TAG_LOCKED = "Tag {name} is locked by your plan's tag limit and cannot be added to posts."
IDEA_NOT_FOUND = "Idea {id} not found in this organization."
NOT_YOUR_ORGANIZATION = "You are not a member of the organization this {thing} belongs to."
NOT_ORGANIZATION_MEMBER = "You are not a member of organization {id}."

# --- post lifecycle ---------------------------------------------------------------------------
POST_NOT_EDITABLE = "A {status} post cannot be edited; only its tags can change."
POST_NOT_DELETABLE = "A {status} post cannot be deleted."
POST_NOT_QUEUED = (
    "Only queued posts can be moved (status scheduled, mode addToQueue or shareNext); this post is {what}."
)

# --- limits (LimitReachedError) ------------------------------------------------------------------
SCHEDULED_POSTS_LIMIT = (
    "You have reached your plan's limit of {limit} scheduled posts in this organization. "
    "Publish or delete scheduled posts, save this one as a draft, or upgrade your plan."
)
SCHEDULED_THREADS_LIMIT = (
    "This channel already has {limit} scheduled thread(s), the most your plan allows per channel."
)
SCHEDULED_STORIES_LIMIT = (
    "This channel already has {limit} scheduled stories, the most your plan allows per channel."
)
DAILY_POSTING_LIMIT = (
    "This channel has reached its daily posting limit of {limit} posts on {day} ({timezone}). "
    "Pick another day or save the post as a draft."
)
QUEUE_NO_SLOT = (
    "No queue slot has room in the next {days} days on this channel (daily posting limit {limit}); "
    "schedule the post at a custom time or save it as a draft."
)
IDEAS_LIMIT = "You have reached your plan's limit of {limit} ideas in this organization."
TEMPLATES_LIMIT = "You have reached your plan's limit of {limit} post templates in this organization."

# --- ideas --------------------------------------------------------------------------------------
IDEA_EMPTY = "An idea needs a title, some text or at least one media item."
IDEA_VIDEO_UNSUPPORTED = (
    "content.media[{index}]: video media cannot be added to ideas through the public API."
)
IDEA_GROUP_NOT_FOUND = "Idea group {id} not found in this organization."
IDEA_GROUP_LOCKED = "Idea group {name} is locked by your plan's idea group limit."
IDEA_PLACE_AFTER_NOT_FOUND = "placeAfterId {id} is not an idea of the target group."
TAG_COLOR_INVALID = "content.tags[{index}].color must be a #RRGGBB hex colour (got {color})."

# --- templates (VoidMutationError) ----------------------------------------------------------------
TEMPLATE_PUBLIC_REFUSED = "Visibility public is reserved for Buffer's own templates; use private or internal."
TEMPLATE_FIELD_REQUIRED = "{field} is required and cannot be empty."
TEMPLATE_NOT_MANAGEABLE = (
    "You can change only your own templates, or internal templates of your organization if you are "
    "its owner or an admin."
)
TEMPLATE_NOT_FOUND = "Post template {id} not found."
