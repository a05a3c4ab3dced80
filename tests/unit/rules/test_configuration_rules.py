"""configuration's rules, derived from the network table (the agreement test proves createPost enforces them)."""

from __future__ import annotations

from mockserver.networks import NETWORKS
from mockserver.rules.configuration_rules import authorization_status, content_rules, supported_properties


def test_mastodon_reads_the_channel_character_limit() -> None:
    rules = content_rules(NETWORKS.profile("mastodon"), {"maxCharacters": 11000}, "mastodon")
    assert rules[0] == {"__typename": "LengthRule", "property": "text", "maxLength": 11000}


def test_instagram_requires_an_image_or_a_video_and_allows_ten_of_each() -> None:
    rules = content_rules(NETWORKS.profile("instagram"), None, "instagram")
    assert {"__typename": "RequiresRule", "property": "image", "requires": ["video"]} in rules
    assert {"__typename": "CountRule", "property": "image", "max": 10, "min": None} in rules
    assert not any(r["__typename"] == "ExclusiveRule" for r in rules)


def test_pinterest_requires_a_board_and_youtube_a_video() -> None:
    pinterest = content_rules(NETWORKS.profile("pinterest"), None, "pinterest")
    assert {"__typename": "RequiresRule", "property": "board", "requires": []} in pinterest
    youtube = content_rules(NETWORKS.profile("youtube"), None, "youtube")
    assert {"__typename": "RequiresRule", "property": "video", "requires": []} in youtube


def test_link_cards_exclude_every_media_kind_of_the_network() -> None:
    rules = content_rules(NETWORKS.profile("linkedin"), None, "linkedin")
    assert {
        "__typename": "ExclusiveRule",
        "property": "linkAttachment",
        "conflictsWith": ["image", "video", "document"],
    } in rules
    assert supported_properties(NETWORKS.profile("linkedin")) == [
        "document",
        "firstComment",
        "gif",
        "image",
        "imageAltText",
        "linkAttachment",
        "text",
        "video",
    ]


def test_a_start_page_post_has_no_length_rule() -> None:
    assert not any(
        r["__typename"] == "LengthRule"
        for r in content_rules(NETWORKS.profile("startPage"), None, "startPage")
    )


def test_features_the_network_lacks_come_first_then_the_channel_state() -> None:
    statuses = authorization_status(NETWORKS.profile("mastodon"), disconnected=True, locked=False)
    assert [(s["feature"], s["status"]) for s in statuses] == [
        ("comment", "notEnoughRights"),
        ("engagementReaction", "notEnoughRights"),
        ("insights", "needsRefresh"),
        ("mention", "notEnoughRights"),
        ("posting", "needsRefresh"),
    ]
