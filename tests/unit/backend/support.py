"""A request context over the small test world, for calling the backend without HTTP."""

from __future__ import annotations

from mockserver.actor import Actor
from mockserver.backend.context import RequestContext
from mockserver.store.entities import ApiToken
from mockserver.store.world import World

OWNER = "0000000000000000000000a1"
MEMBER = "0000000000000000000000a2"
ORGANIZATION = "0000000000000000000000b1"
TWITTER = "0000000000000000000000d1"  # queue: Mondays 09:00 and 10:30, Europe/Paris (UTC+2 in June)
LAUNCH_TAG = "0000000000000000000000c1"
LOCKED_TAG = "0000000000000000000000c2"
SENT_POST = "0000000000000000000000e1"
PRIVATE_TEMPLATE = "0000000000000000000000ab"  # the owner's
# The small world's clock stands at Monday 2026-06-01 00:00Z; the queue's first slots that day.
FIRST_SLOT = 1_780_297_200_000  # 2026-06-01T07:00:00Z (09:00 in Paris)
SECOND_SLOT = 1_780_302_600_000  # 2026-06-01T08:30:00Z (10:30 in Paris)


def context_of(world: World, account_id: str = OWNER) -> RequestContext:
    """The context a request with a personal key of ``account_id`` gets, at the world's now."""
    actor = Actor(account=world.accounts[account_id], token=ApiToken(token="unit-key", account_id=account_id))
    return RequestContext(world=world, actor=actor, settings=world.settings, now=world.sync_clock())
