"""Consistent anonymisation for cassettes: live ids become fake ids and personal data (emails,
names, avatars, texts, links) becomes seeded fakes, the same input always giving the same fake
within a cassette (so ids still join up, a thread's first text still equals the post's text)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from faker import Faker

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
EMAIL_KEYS = frozenset({"email", "backupEmail", "ownerEmail"})
URL_KEYS = frozenset(
    {
        "avatar",
        "thumbnail",
        "thumbnailUrl",
        "animatedThumbnail",
        "url",
        "link",
        "externalLink",
        "expandedUrl",
        "mapsLink",
        "website",
        "source",
        "authorUrl",
        "supportUrl",
        "serverUrl",
    }
)
TEXT_KEYS = frozenset(
    {
        "text",
        "title",
        "body",
        "firstComment",
        "spoilerText",
        "alt",
        "altText",
        "content",
        "description",
        "rawError",
        "location",
        "locationName",
        "comment",
        "terms",
        "code",
    }
)
PERSON_KEYS = frozenset({"displayName", "username", "handle", "author"})
CURSOR_KEYS = frozenset({"cursor", "startCursor", "endCursor", "after"})


class Anonymizer:
    def __init__(self, salt: str) -> None:
        self.salt = salt
        self.faker = Faker()
        self.mapped: dict[str, str] = {}

    def _digest(self, kind: str, value: str) -> str:
        return hashlib.sha256(f"{self.salt}:{kind}:{value}".encode()).hexdigest()

    def fake_id(self, value: str) -> str:
        if OBJECT_ID.match(value):
            return self._digest("id", value)[:24]
        return "fake-" + self._digest("id", value)[:16]

    def _seeded(self, kind: str, value: str) -> Faker:
        self.faker.seed_instance(int(self._digest(kind, value)[:12], 16))
        return self.faker

    def fake(self, key: str, value: str, owner: Mapping[str, Any]) -> str:
        if not value:
            return value
        if key in CURSOR_KEYS:
            return "cursor-" + self._digest("cursor", value)[:20]
        if key == "id" or key.endswith(("Id", "Ids")) or OBJECT_ID.match(value):
            return self.fake_id(value)
        if key in EMAIL_KEYS:
            return self._seeded("email", value).email()
        if key in URL_KEYS:
            return self._seeded("url", value).url() + self._digest("u", value)[:8]
        if key in PERSON_KEYS or (
            key == "name" and ({"email", "username", "isDeleted", "service", "ownerEmail"} & owner.keys())
        ):
            return self._seeded("name", value).name()
        if key in TEXT_KEYS:
            words = max(1, len(value.split()))
            return " ".join(self._seeded("text", value).words(nb=min(words, 60)))
        return value

    def value(self, value: Any, key: str = "", owner: Mapping[str, Any] | None = None) -> Any:
        if isinstance(value, str):
            if owner is not None and "unit" in owner:  # a metric entry: labels are Buffer's, not personal
                return value
            return self.fake(key, value, owner or {})
        if isinstance(value, Mapping):
            return {k: self.value(v, k, value) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(item, key, owner) for item in value]
        return value
