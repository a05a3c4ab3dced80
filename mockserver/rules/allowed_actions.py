"""What an actor may do with a post or a channel, derived from state (never stored)."""

from __future__ import annotations

# Observed for sent, draft and scheduled posts (docs/fidelity.md, Reads, "Post.allowedActions");
# the other statuses are ours.
POST_ACTIONS_BY_STATUS: dict[str, tuple[str, ...]] = {
    "sent": (
        "viewPost",
        "sharePostLink",
        "copyPostLink",
        "updatePostTags",
        "addPostNote",
        "duplicatePost",
        "updateShopGridLink",
    ),
    "draft": (
        "addPostToQueue",
        "publishPostNow",
        "updatePost",
        "publishPostNext",
        "updatePostSchedule",
        "updatePostTags",
        "addPostNote",
        "duplicatePost",
        "deletePost",
        "updateShopGridLink",
    ),
    "scheduled": (
        "publishPostNow",
        "updatePost",
        "movePostToDraft",
        "publishPostNext",
        "updatePostSchedule",
        "removePostScheduledTime",
        "updatePostTags",
        "addPostNote",
        "duplicatePost",
        "deletePost",
        "updateShopGridLink",
    ),
    "needs_approval": (
        "approvePost",
        "rejectPost",
        "revertPostApprovalRequest",
        "updatePost",
        "updatePostTags",
        "addPostNote",
        "duplicatePost",
        "deletePost",
    ),
    "error": (
        "addPostToQueue",
        "publishPostNow",
        "updatePost",
        "updatePostSchedule",
        "updatePostTags",
        "addPostNote",
        "duplicatePost",
        "deletePost",
    ),
    "sending": ("viewPost", "copyPostLink", "addPostNote"),
}


def post_allowed_actions(status: str) -> list[str]:
    return list(POST_ACTIONS_BY_STATUS.get(status, ()))


def post_is_deletable(status: str) -> bool:
    return "deletePost" in POST_ACTIONS_BY_STATUS.get(status, ())


def post_is_editable(status: str) -> bool:
    return "updatePost" in POST_ACTIONS_BY_STATUS.get(status, ())


_SERVICE_LABEL = {
    "twitter": "Twitter",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "pinterest": "Pinterest",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "googlebusiness": "Google Business",
    "mastodon": "Mastodon",
    "threads": "Threads",
    "bluesky": "Bluesky",
    "startPage": "Start Page",
}
_TYPE_LABEL = {
    "profile": "Profile",
    "page": "Page",
    "business": "Business",
    "group": "Group",
    "account": "Account",
    "channel": "Channel",
}
# Observed wording that differs from "<Service> <Type>".
_DESCRIPTOR_OVERRIDES = {("instagram", "business"): "Instagram Professional Account"}


def channel_descriptor(service: str, channel_type: str) -> str:
    """'Twitter Profile', 'Facebook Page', 'Instagram Professional Account', ..."""
    override = _DESCRIPTOR_OVERRIDES.get((service, channel_type))
    if override:
        return override
    return f"{_SERVICE_LABEL.get(service, service)} {_TYPE_LABEL.get(channel_type, channel_type.title())}"


def channel_actions_for(stored: list[str], personal_key: bool, personal_key_mode: str) -> list[str]:
    """``Channel.allowedActions`` as served: ``[]`` to personal keys in "observed" mode (one live
    capture, facts §4), the stored actions otherwise (OAuth tokens, or "role" mode)."""
    if personal_key and personal_key_mode == "observed":
        return []
    return list(stored)
