"""Organization-level content of generated worlds: tokens, tags, idea groups, ideas, templates."""

from __future__ import annotations

import random
from typing import Any

from mockserver.clock import DAY_MS, HOUR_MS, MINUTE_MS
from mockserver.worldgen.content import IdFactory, iso
from mockserver.worldgen.pool import TextSource

Json = dict[str, Any]

MAIN_PERSONAL_KEY = "buf_mock_default_personal_key"
MAIN_OAUTH_TOKEN = "buf_mock_default_oauth_read_token"
REVOKED_TOKEN = "buf_mock_default_revoked_token"
TEAMMATE_PERSONAL_KEY = "buf_mock_teammate_personal_key"
OUTSIDER_PERSONAL_KEY = "buf_mock_outsider_personal_key"
OAUTH_CLIENT_ID = "mock-analytics-dashboard"


def tokens(people: Json) -> list[Json]:
    main, teammate = people["main"]["id"], people["teammate"]["id"]
    found = [
        {"token": MAIN_PERSONAL_KEY, "accountId": main, "kind": "personal", "name": "Default personal key"},
        {
            "token": MAIN_OAUTH_TOKEN,
            "accountId": main,
            "kind": "oauth",
            "clientId": OAUTH_CLIENT_ID,
            "scopes": ["account:read", "posts:read", "ideas:read"],
            "name": "Analytics dashboard (read only)",
        },
        {
            "token": REVOKED_TOKEN,
            "accountId": main,
            "kind": "oauth",
            "clientId": "mock-retired-integration",
            "scopes": ["account:read", "posts:read", "posts:write"],
            "revoked": True,
            "name": "Retired integration",
        },
        {"token": TEAMMATE_PERSONAL_KEY, "accountId": teammate, "kind": "personal", "name": "Teammate key"},
    ]
    if people["outsider"] is not None:
        outsider = people["outsider"]["id"]
        found.append(
            {
                "token": OUTSIDER_PERSONAL_KEY,
                "accountId": outsider,
                "kind": "personal",
                "name": "Outsider key",
            }
        )
    return found


def tags(ids: IdFactory, org_id: str, created: int) -> list[Json]:
    palette = (
        ("Product", "#2C4BFF"),
        ("Launch", "#9C2BFF"),
        ("Events", "#FF7A00"),
        ("Hiring", "#00B86B"),
        ("Community", "#F523F1"),
        ("Tips", "#00A5B5"),
        ("Behind the scenes", "#F5B700"),
        ("Promotions", "#F0384A"),
        ("Customer stories", "#A6B4FF"),
        ("Seasonal", "#1F7A5C"),
    )
    return [
        {"id": ids.new(created + i * MINUTE_MS), "organizationId": org_id, "name": name, "color": color}
        for i, (name, color) in enumerate(palette)
    ]


def idea_groups(ids: IdFactory, org_id: str, anchor: int) -> list[Json]:
    names = (("Product launches", False), ("Evergreen content", False), ("Holiday campaign 2025", True))
    return [
        {
            "id": ids.new(anchor - (300 - 20 * i) * DAY_MS),
            "organizationId": org_id,
            "name": name,
            **({"isLocked": True} if locked else {}),
        }
        for i, (name, locked) in enumerate(names)
    ]


def ideas(
    ids: IdFactory,
    rng: random.Random,
    fake: TextSource,
    org_id: str,
    groups: list[Json],
    tags: list[Json],
    services: list[str],
    anchor: int,
    scale: int = 1,
) -> list[Json]:
    """25 ideas in three groups and none (``scale`` times as many), some with media, tags, dates."""
    layout = ([groups[0]["id"]] * 7 + [groups[1]["id"]] * 7 + [groups[2]["id"]] * 4 + [None] * 7) * scale
    positions: dict[str | None, float] = {}
    found = []
    for group_id in layout:
        created = anchor - rng.randint(5, 240) * DAY_MS - rng.randint(0, DAY_MS - 1)
        content: Json = {"title": fake.catch_phrase(), "text": fake.paragraph(nb_sentences=3)}
        if rng.random() < 0.3:
            key = f"{rng.getrandbits(48):012x}"
            content["media"] = [
                {
                    "id": key,
                    "url": f"https://images.unsplash.example/photo-{key}.jpg",
                    "type": "image",
                    "alt": fake.sentence(nb_words=6).rstrip("."),
                    "thumbnailUrl": f"https://images.unsplash.example/photo-{key}-thumb.jpg",
                    "size": rng.randint(200_000, 3_000_000),
                    "source": {
                        "name": "Unsplash",
                        "author": fake.name(),
                        "authorUrl": f"https://unsplash.example/@{fake.user_name()}",
                    },
                }
            ]
        if rng.random() < 0.45:
            content["tags"] = [tag["id"] for tag in rng.sample(tags, min(len(tags), rng.randint(1, 2)))]
        content["services"] = sorted(rng.sample(services, min(len(services), rng.randint(0, 3))))
        if rng.random() < 0.3:
            content["date"] = iso(anchor + rng.randint(3, 60) * DAY_MS + 15 * HOUR_MS)
        if rng.random() < 0.15:
            content["aiAssisted"] = True
        idea: Json = {"id": ids.new(created), "organizationId": org_id}
        if group_id is not None:
            idea["groupId"] = group_id
        positions[group_id] = positions.get(group_id, 0.0) + 1024.0
        idea.update(
            {
                "position": positions[group_id],
                "createdAt": iso(created),
                "updatedAt": iso(created + rng.randint(0, 20) * DAY_MS),
                "content": content,
            }
        )
        found.append(idea)
    return found


def templates(
    ids: IdFactory, fake: TextSource, people: Json, main_org: str, outsider_org: str | None, anchor: int
) -> list[Json]:
    curated_org = ids.new(anchor - 900 * DAY_MS)  # Buffer's own organization: not part of the world
    main, teammate = people["main"]["id"], people["teammate"]["id"]
    specs: list[tuple[str, str, str | None, str, str, str]] = [
        (
            "public",
            curated_org,
            None,
            "Product announcement",
            "🚀",
            "Big news: {{product}} is here! {{benefit}}. Try it today: {{link}}",
        ),
        (
            "public",
            curated_org,
            None,
            "Behind the scenes",
            "🎬",
            "A peek behind the curtain at {{team}}: {{story}}",
        ),
        (
            "public",
            curated_org,
            None,
            "Customer spotlight",
            "🌟",
            "Meet {{customer}}, who {{achievement}}. Thank you for being part of our community!",
        ),
        ("public", curated_org, None, "Weekly tip", "💡", "Tip of the week: {{tip}} #tips"),
        (
            "internal",
            main_org,
            main,
            "Event reminder",
            "📅",
            "Join us on {{date}} at {{place}} for {{event}}. Save your seat: {{link}}",
        ),
        (
            "internal",
            main_org,
            teammate,
            "New arrival",
            "☕",
            "Fresh from the roaster: {{coffee}}. Tasting notes: {{notes}}.",
        ),
        (
            "internal",
            main_org,
            main,
            "Hiring post",
            "🤝",
            "We're hiring a {{role}} in {{city}}. Apply: {{link}}",
        ),
        (
            "private",
            main_org,
            main,
            "My launch checklist",
            "✅",
            "Launch day for {{product}}: 1) announce 2) pin 3) thank the team",
        ),
        ("private", main_org, main, "Quote of the day", "💬", '"{{quote}}" - {{author}}'),
        (
            "private",
            main_org,
            teammate,
            "Teammate draft formula",
            "📝",
            "{{hook}} / {{value}} / {{call_to_action}}",
        ),
    ]
    if outsider_org is not None:
        outsider = people["outsider"]["id"]
        specs.append(
            (
                "internal",
                outsider_org,
                outsider,
                "Outsider promo",
                "🏷️",
                "Sale: {{discount}} off until {{date}}",
            )
        )
    templates = []
    for i, (visibility, org, owner, title, emoji, body) in enumerate(specs):
        created = anchor - (400 - 25 * i) * DAY_MS
        template: Json = {"id": ids.new(created), "organizationId": org}
        if owner is not None:
            template["ownerAccountId"] = owner
        template.update(
            {
                "title": title,
                "body": body,
                "description": fake.sentence(nb_words=10),
                "emoji": emoji,
                "visibility": visibility,
                "createdAt": iso(created),
                "updatedAt": iso(created + 3 * DAY_MS),
            }
        )
        templates.append(template)
    return templates


def link_drafts_to_ideas(posts: list[Json], ideas: list[Json], main_channels: set[str]) -> None:
    """A few drafts of the main organization were made from ideas (``ideaId``)."""
    drafts = [p for p in posts if p["status"] == "draft" and p["channelId"] in main_channels]
    for post, idea in zip(drafts[:3], ideas[:3], strict=False):
        post["ideaId"] = idea["id"]
