"""Who asks, in which world, at what mock time: the context of one request, and its access checks.

The backend takes it (world, actor, settings, now, served schema version) with plain values;
the resolvers get it from GraphQL (:func:`mockserver.resolvers.context.ctx_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mockserver import errors
from mockserver.actor import Actor
from mockserver.networks import NETWORKS
from mockserver.schema.versions import DEFAULT_VERSION
from mockserver.settings import Settings
from mockserver.store.entities import Channel, Organization, Post
from mockserver.store.world import World


@dataclass(slots=True)
class RequestContext:
    world: World
    actor: Actor
    settings: Settings
    now: int
    schema_version: str = DEFAULT_VERSION  # the version this request is served with

    # --- schema version: data of a service the served version lacks is invisible ----------
    def sees_service(self, service: str) -> bool:
        profile = NETWORKS.get(service)
        return profile is None or profile.in_version(self.schema_version)

    def sees_channel(self, channel: Channel) -> bool:
        return self.sees_service(channel.service)

    def sees_post(self, post: Post) -> bool:
        channel = self.world.channels.get(post.channel_id)
        return channel is None or self.sees_service(channel.service)

    def sees_every_service(self) -> bool:
        return NETWORKS.services_in(self.schema_version) == NETWORKS.services

    # --- organization-scoped lookups ------------------------------------------------------
    def organization(self, organization_id: str) -> Organization:
        """The organization, if the actor belongs to it (NOT_FOUND / FORBIDDEN otherwise)."""
        org = self.world.organizations.get(organization_id)
        if org is None:
            raise errors.not_found(errors.MSG_ORGANIZATION_NOT_FOUND)
        if self.actor.account.id not in org.members:
            raise errors.forbidden()
        return org

    def channel(self, channel_id: str) -> Channel:
        channel = self.world.channels.get(channel_id)
        if channel is None or not self.sees_channel(channel):
            raise errors.not_found(errors.MSG_CHANNEL_NOT_FOUND)
        self.organization_access(channel.organization_id)
        return channel

    def post(self, post_id: str) -> Post:
        post = self.world.posts.get(post_id)
        if post is None or not self.sees_post(post):
            raise errors.not_found(errors.MSG_POST_NOT_FOUND)
        self.organization_access(post.organization_id)
        return post

    def organization_access(self, organization_id: str) -> None:
        if not self.world.is_member(self.actor.account.id, organization_id):
            raise errors.forbidden()


_NOW_SLOT: Any = RequestContext.__dict__["now"]  # the slot behind RequestContext.now


class TimeWatchingContext(RequestContext):
    """A context that records whether a resolver read ``now``: such an answer depends on the exact
    instant, so the response cache keeps it only while the clock stands still."""

    __slots__ = ("read_now",)

    def __init__(
        self, world: World, actor: Actor, settings: Settings, now: int, schema_version: str = DEFAULT_VERSION
    ) -> None:
        self.read_now = False
        super().__init__(world=world, actor=actor, settings=settings, now=now, schema_version=schema_version)

    @property  # type: ignore[override]
    def now(self) -> int:
        self.read_now = True
        return _NOW_SLOT.__get__(self)  # type: ignore[no-any-return]

    @now.setter
    def now(self, value: int) -> None:
        _NOW_SLOT.__set__(self, value)
