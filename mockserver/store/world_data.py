"""What a World is built from: a complete set of entities (a loaded fixture set, a snapshot)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockserver.store.entities import (
    Account,
    ApiToken,
    Channel,
    Idea,
    IdeaGroup,
    OctoberData,
    Organization,
    Post,
    PostTemplate,
    Tag,
)
from mockserver.store.instagram_audio import InstagramAudioTrack


@dataclass
class WorldData:
    """A loaded fixture set, every item converted to a store entity."""

    name: str
    anchor: int | None
    seed: int
    networks_override: dict[str, Any]
    schema_version: str | None = None  # world.schemaVersion; None = the server's choice
    accounts: list[Account] = field(default_factory=list)
    tokens: list[ApiToken] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    idea_groups: list[IdeaGroup] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    templates: list[PostTemplate] = field(default_factory=list)
    instagram_audio: list[InstagramAudioTrack] = field(default_factory=list)  # 2026-10 catalog
    october: OctoberData = field(default_factory=OctoberData)  # 2026-10 domains (snippets...)
