"""The people of a world: the main account, a teammate, an outsider, and their two organizations."""

from __future__ import annotations

from typing import Any

from mockserver.clock import DAY_MS
from mockserver.worldgen.content import AVATAR_HOST, IdFactory, iso
from mockserver.worldgen.pool import TextSource

Json = dict[str, Any]


def build_people(ids: IdFactory, fake: TextSource, anchor: int) -> Json:
    """Accounts (main, teammate, outsider) and the two organizations."""
    brand = fake.last_name()
    domain = f"{brand.lower()}-coffee.example"

    def person(days_ago: int, person_domain: str, timezone: str) -> Json:
        first, last = fake.first_name(), fake.last_name()
        created = anchor - days_ago * DAY_MS
        account_id = ids.new(created)
        return {
            "id": account_id,
            "email": f"{first}.{last}@{person_domain}".lower(),
            "name": f"{first} {last}",
            "avatar": f"{AVATAR_HOST}/accounts/{account_id}.png",
            "timezone": timezone,
            "createdAt": iso(created),
        }

    main = person(1100, domain, "America/New_York")
    main["backupEmail"] = f"{main['name'].split()[0].lower()}@mail.example"
    main["preferences"] = {"timeFormat": "12h", "startOfWeek": "sunday", "defaultScheduleOption": "Queue"}
    main["connectedApps"] = [
        {
            "clientId": "mock-analytics-dashboard",
            "name": "Analytics Dashboard",
            "description": "Read-only reporting on published posts.",
            "website": "https://dashboard.example",
            "scopes": ["account:read", "posts:read", "ideas:read"],
            "createdAt": iso(anchor - 60 * DAY_MS),
        },
        {
            "clientId": "mock-desktop-assistant",
            "name": "Desktop Assistant",
            "description": "An MCP client that drafts posts.",
            "website": "https://assistant.example",
            "scopes": ["account:read", "posts:read", "posts:write", "ideas:read"],
            "category": "mcp",
            "createdAt": iso(anchor - 20 * DAY_MS),
        },
    ]
    teammate = person(500, domain, "Europe/London")
    teammate["preferences"] = {
        "timeFormat": "24h",
        "startOfWeek": "monday",
        "defaultScheduleOption": "FixedTime",
    }
    outsider = person(700, "outsider-studio.example", "Asia/Tokyo")

    main_org = {
        "id": ids.new(anchor - 1090 * DAY_MS),
        "name": f"{brand} Coffee Roasters",
        "ownerEmail": main["email"],
        "plan": "team",
        "members": [
            {"accountId": main["id"], "role": "owner"},
            {"accountId": teammate["id"], "role": "member"},
        ],
        "createdAt": iso(anchor - 1090 * DAY_MS),
    }
    outsider_org = {
        "id": ids.new(anchor - 690 * DAY_MS),
        "name": "Outsider Studio",
        "ownerEmail": outsider["email"],
        "plan": "free",
        "members": [{"accountId": outsider["id"], "role": "owner"}],
        "createdAt": iso(anchor - 690 * DAY_MS),
    }
    return {
        "main": main,
        "teammate": teammate,
        "outsider": outsider,
        "accounts": [main, teammate, outsider],
        "main_org": main_org,
        "outsider_org": outsider_org,
        "brand": brand,
        "domain": domain,
    }
