"""The small test world and store-level writes for the snapshot and state-file tests."""

from __future__ import annotations

from pathlib import Path

from mockserver.app import build_namespaces
from mockserver.fixtures.loader import WorldData
from mockserver.settings import Settings
from mockserver.store.entities import Post
from mockserver.store.world import World

SMALL_WORLD = Path(__file__).parents[2] / "fixtures" / "worlds" / "small"
ANCHOR = "2026-06-01T00:00:00Z"
TWITTER = "0000000000000000000000d1"
THREADS_PAUSED = "0000000000000000000000d2"
LAUNCH_TAG = "0000000000000000000000c1"
HOUR_MS = 3_600_000


def settings(**overrides: object) -> Settings:
    return Settings(**{"clock_start": ANCHOR, "clock_frozen": True, **overrides})  # type: ignore[arg-type]


def fresh_world(data: WorldData, config: Settings | None = None) -> World:
    return build_namespaces(config or settings(), data).get("default").world


def add_post(
    world: World, channel_id: str, status: str, *, due_at: int | None = None, tag_ids: tuple[str, ...] = ()
) -> Post:
    """A post written the way the mutations write one: a new id, then ``put_post``."""
    now = world.now()
    post = Post(
        id=world.new_id(),
        organization_id=world.channels[channel_id].organization_id,
        channel_id=channel_id,
        status=status,
        text=f"{status} post",
        created_at=now,
        updated_at=now,
        due_at=due_at,
        tag_ids=list(tag_ids),
    )
    world.put_post(post)
    return post
