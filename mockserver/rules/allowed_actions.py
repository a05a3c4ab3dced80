"""What an actor may do with a post or a channel, derived from state (never stored)."""

from __future__ import annotations

from mockserver.networks import NETWORKS

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


_TYPE_LABEL = {
    "profile": "Profile",
    "page": "Page",
    "business": "Business",
    "group": "Group",
    "account": "Account",
    "channel": "Channel",
}


def channel_descriptor(service: str, channel_type: str) -> str:
    """'Twitter Profile', 'Facebook Page', 'Instagram Professional Account' (network profile table)."""
    type_label = _TYPE_LABEL.get(channel_type, channel_type.title())
    profile = NETWORKS.get(service)
    if profile is None:
        return f"{service} {type_label}"
    return profile.descriptor_for(channel_type, type_label)


def channel_actions_for(stored: list[str], personal_key: bool, personal_key_mode: str) -> list[str]:
    """``Channel.allowedActions`` as served: ``[]`` to personal keys in "observed" mode (one live
    capture, facts §4), the stored actions otherwise (OAuth tokens, or "role" mode)."""
    if personal_key and personal_key_mode == "observed":
        return []
    return list(stored)
