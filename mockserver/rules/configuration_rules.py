"""What ``configuration`` (2026-10) reports, derived from the network profile table.

The same table drives :mod:`mockserver.rules.post_validation` and
:mod:`mockserver.rules.media_rules`, and the text limit comes from the same
:func:`~mockserver.rules.post_validation.text_limit`, so what a channel's configuration says and
what ``createPost`` enforces cannot disagree (``tests/integration/october/test_configuration_agreement.py``
walks every rule reported and proves it is enforced).

Rule semantics (ours where the docs are silent; docs/fidelity.md):
* ``RequiresRule {property, requires}``: ``property`` is required unless one of ``requires``
  is present (``requires: []``: always required);
* ``CountRule {property, max}``: at most ``max`` assets of that kind;
* ``ExclusiveRule {property, conflictsWith}``: never together with any of ``conflictsWith``;
* ``LengthRule``, ``FileSizeRule``, ``DurationRule``, ``FormatRule``: per text / per asset.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.networks import NetworkProfile
from mockserver.rules.post_validation import text_limit

Json = dict[str, Any]

FEATURES: tuple[str, ...] = ("comment", "engagementReaction", "insights", "mention", "posting")
# Polling networks: how often Buffer polls, and how often a user may force a refresh (ours).
POLL_INTERVAL_SECONDS = 900
FORCED_SYNC_ATTEMPTS = 3
FORCED_SYNC_PERIOD_SECONDS = 3600
RESTING_ICON = "like"
ICONS = frozenset({"celebrate", "funny", "insightful", "like", "love", "support"})

MSG_RECONNECT = "Reconnect the channel to use this feature."
MSG_LOCKED = "The channel is locked by your plan's channel limit."
MSG_NOT_ON_NETWORK = "{network} channels do not offer this feature through Buffer."


def supported_properties(profile: NetworkProfile) -> list[str]:
    media = profile.media
    properties = ["text"]
    if "image" in media.kinds:
        properties.append("image")
        properties.append("imageAltText")
        if "gif" in media.image_formats:
            properties.append("gif")
    properties.extend(kind for kind in ("video", "document") if kind in media.kinds)
    if profile.link_attachment:
        properties.append("linkAttachment")
    if profile.threads:
        properties.append("thread")
    if profile.first_comment:
        properties.append("firstComment")
    if profile.retweet:
        properties.append("retweetAttachment")
    properties.extend(f.property for f in profile.required_metadata if f.property)
    return sorted(set(properties))


def _rule(typename: str, prop: str, **fields: Any) -> Json:
    return {"__typename": typename, "property": prop, **fields}


def content_rules(
    profile: NetworkProfile, channel_metadata: Mapping[str, Any] | None, service: str
) -> list[Json]:
    """Every validation rule createPost enforces that configuration can express."""
    media = profile.media
    rules: list[Json] = []
    limit = text_limit(service, channel_metadata)
    if limit is not None:
        rules.append(_rule("LengthRule", "text", maxLength=limit))
    if profile.text.required_without_media:
        rules.append(_rule("RequiresRule", "text", requires=list(media.kinds)))
    if media.required:
        rules.append(_rule("RequiresRule", media.required[0], requires=list(media.required[1:])))
    for required in profile.required_metadata:
        if required.property:
            rules.append(_rule("RequiresRule", required.property, requires=[]))
    for kind in media.kinds:
        rules.append(_rule("CountRule", kind, max=media.max_count(kind), min=None))
    if profile.link_attachment:
        rules.append(_rule("ExclusiveRule", "linkAttachment", conflictsWith=list(media.kinds)))
    for kind in ("image", "video"):
        if kind not in media.kinds:
            continue
        rules.append(_rule("FormatRule", kind, allowedFormats=list(media.formats(kind))))
        megabytes = media.max_image_megabytes if kind == "image" else media.max_video_megabytes
        rules.append(_rule("FileSizeRule", kind, maxMegabytes=megabytes))
    if "video" in media.kinds:
        rules.append(_rule("DurationRule", "video", maxDurationSeconds=media.max_video_seconds))
    return rules


def content_configuration(
    profile: NetworkProfile, channel_metadata: Mapping[str, Any] | None, service: str
) -> list[Json]:
    return [
        {
            "configurationContentTypes": list(profile.post_types.allowed),
            "rules": content_rules(profile, channel_metadata, service),
            "supportedProperties": supported_properties(profile),
        }
    ]


def engagement_configuration(profile: NetworkProfile) -> list[Json]:
    engagement = profile.engagement
    polling = engagement.sync == "polling"
    return [
        {
            "engagementType": engagement_type,
            "media": {"supportsMedia": False, "additionalInformation": None, "disclaimer": None},
            "metadata": None,
            "reactions": {
                "requiresAuthorization": False,
                "restingIcon": RESTING_ICON,
                "supportedReactions": [
                    {"reactionType": r, "visual": {"__typename": "IconVisual", "icon": r}}
                    for r in engagement.reactions
                    if r in ICONS
                ],
            },
            "replying": {"prefixReplyWithMention": engagement.reply_with_mention, "supportsReplying": True},
            "supportedAiFeatures": [],
            "syncData": {
                "syncDataMechanism": engagement.sync,
                "forcedSyncConfiguration": {
                    "pollInterval": POLL_INTERVAL_SECONDS,
                    "forcedSyncRateLimit": {
                        "allowedAttempts": FORCED_SYNC_ATTEMPTS,
                        "period": FORCED_SYNC_PERIOD_SECONDS,
                    },
                }
                if polling
                else None,
            },
        }
        for engagement_type in engagement.types
    ]


def _feature_offered(profile: NetworkProfile, feature: str) -> bool:
    if feature == "posting":
        return True
    if feature == "insights":
        return profile.supports_product("analyze")
    if feature == "engagementReaction":
        return bool(profile.engagement.reactions)
    return feature in profile.engagement.types


def authorization_status(profile: NetworkProfile, *, disconnected: bool, locked: bool) -> list[Json]:
    """Per feature: ok, or why not (the network lacks it, the channel needs reconnecting or is locked)."""
    statuses: list[Json] = []
    for feature in FEATURES:
        if not _feature_offered(profile, feature):
            status, reason = "notEnoughRights", MSG_NOT_ON_NETWORK.format(network=profile.label)
        elif disconnected:
            status, reason = "needsRefresh", MSG_RECONNECT
        elif locked:
            status, reason = "needsUpgrade", MSG_LOCKED
        else:
            status, reason = "ok", None
        statuses.append({"feature": feature, "status": status, "reason": reason})
    return statuses
