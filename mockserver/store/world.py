"""A World: one namespace's complete state (entities, indexes, clock, metrics index).

The World owns every entity and every index over them; nothing else mutates entities.
Reads go through the query methods here, writes through the ``put_*`` / ``remove_*``
methods, which keep the indexes and the metrics index in step.
"""

from __future__ import annotations

import copy
import heapq
import random
import threading
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from mockserver.clock import MockClock
from mockserver.rules.post_query import PostsFilter, post_matches
from mockserver.store import timeline
from mockserver.store.entities import (
    Account,
    ApiToken,
    Channel,
    Idea,
    IdeaGroup,
    Organization,
    Post,
    PostTemplate,
    Tag,
)

if TYPE_CHECKING:
    from mockserver.fixtures.loader import WorldData
    from mockserver.metrics.capabilities import NetworkCapabilities
    from mockserver.settings import Settings


class ObjectIdFactory:
    """Mongo-like ObjectIds: 4 bytes of mock-clock seconds, 8 bytes from a seeded generator."""

    def __init__(self, seed: int, taken: Iterable[str] = ()) -> None:
        self._random = random.Random(seed)
        self._taken = set(taken)

    def state(self) -> tuple[object, set[str]]:
        """The generator state and every id handed out or reserved (for snapshots)."""
        return self._random.getstate(), set(self._taken)

    def restore_random_state(self, state: tuple[object, ...]) -> None:
        self._random.setstate(state)

    def new(self, now_ms: int) -> str:
        while True:
            candidate = f"{(now_ms // 1000) & 0xFFFFFFFF:08x}{self._random.getrandbits(64):016x}"
            if candidate not in self._taken:
                self._taken.add(candidate)
                return candidate


class World:
    """Entities plus indexes for one namespace. Guard multi-step changes with ``lock``."""

    def __init__(
        self,
        data: WorldData,
        *,
        settings: Settings,
        clock: MockClock,
        capabilities: NetworkCapabilities,
        name: str = "default",
    ) -> None:
        from mockserver.metrics.engine import MetricsIndex

        self.name = name
        self.settings = settings
        self.clock = clock
        self.capabilities = capabilities
        self.lock = threading.RLock()
        self.world_name = data.name
        self.anchor = data.anchor
        self.seed = data.seed

        self.accounts: dict[str, Account] = {a.id: a for a in data.accounts}
        self.tokens: dict[str, ApiToken] = {t.token: t for t in data.tokens}
        self.organizations: dict[str, Organization] = {o.id: o for o in data.organizations}
        self.tags: dict[str, Tag] = {t.id: t for t in data.tags}
        self.channels: dict[str, Channel] = {}
        self.posts: dict[str, Post] = {}
        self.idea_groups: dict[str, IdeaGroup] = {g.id: g for g in data.idea_groups}
        self.ideas: dict[str, Idea] = {i.id: i for i in data.ideas}
        self.templates: dict[str, PostTemplate] = {t.id: t for t in data.templates}

        self.channels_by_org: dict[str, list[str]] = defaultdict(list)
        # channel id -> status -> post id -> Post
        self.posts_by_channel: dict[str, dict[str, dict[str, Post]]] = defaultdict(lambda: defaultdict(dict))
        self.posts_by_tag: dict[str, set[str]] = defaultdict(set)
        self._due_heap: list[tuple[int, str]] = []

        self.metrics_index = MetricsIndex(capabilities, er_method=settings.engagement_rate_method)
        for channel in data.channels:
            self.put_channel(channel)
        all_ids = [
            *self.accounts,
            *self.organizations,
            *self.tags,
            *self.channels,
            *self.idea_groups,
            *self.ideas,
            *self.templates,
            *(p.id for p in data.posts),
        ]
        self.ids = ObjectIdFactory(self.seed, all_ids)
        timeline.prepare_loaded_posts(self, data.posts)
        # Time between the world's anchor and now has not happened to it yet: the first
        # sync_clock() publishes what fell due and runs the ingestion in between.
        now = clock.now()
        self.processed_until = min(now, data.anchor) if data.anchor is not None else now
        self.revision = 0  # bumped on every write; persistence and caches key on it
        self.request_log: deque[dict[str, object]] = deque(maxlen=settings.log_capacity)
        self.runtime: dict[str, object] = {}  # per-namespace gateway state (rate limits, faults)

    def log_request(self, **entry: object) -> None:
        self.request_log.append({"at": self.clock.now(), **entry})

    # --- construction ---------------------------------------------------------------------
    @classmethod
    def from_data(cls, data: WorldData, **kwargs: object) -> World:
        """A World over a private deep copy of ``data`` (namespaces never share entities)."""
        return cls(copy.deepcopy(data), **kwargs)  # type: ignore[arg-type]

    # --- time -----------------------------------------------------------------------------
    def now(self) -> int:
        return self.clock.now()

    def sync_clock(self) -> int:
        """Apply what the passing of mock time implies (publishing, ingestion) up to now."""
        now = self.clock.now()
        if now > self.processed_until:
            with self.lock:
                timeline.advance(self, self.processed_until, now)
                self.processed_until = now
        return now

    def schedule_due(self, post: Post) -> None:
        if post.status == "scheduled" and post.due_at is not None:
            heapq.heappush(self._due_heap, (post.due_at, post.id))

    def pop_due(self, until: int) -> Iterator[Post]:
        """Scheduled posts whose dueAt has come, in dueAt order (stale heap entries skipped)."""
        while self._due_heap and self._due_heap[0][0] <= until:
            due_at, post_id = heapq.heappop(self._due_heap)
            post = self.posts.get(post_id)
            if post is not None and post.status == "scheduled" and post.due_at == due_at:
                yield post

    # --- reads ----------------------------------------------------------------------------
    def organizations_of(self, account_id: str) -> list[Organization]:
        return [o for o in self.organizations.values() if account_id in o.members]

    def is_member(self, account_id: str, organization_id: str) -> bool:
        org = self.organizations.get(organization_id)
        return org is not None and account_id in org.members

    def channels_of(self, organization_id: str) -> list[Channel]:
        return [self.channels[c] for c in self.channels_by_org.get(organization_id, ())]

    def tags_of(self, post: Post) -> list[Tag]:
        tags = [self.tags[t] for t in post.tag_ids if t in self.tags]
        return sorted(tags, key=lambda t: (t.name.lower(), t.name, t.id))

    def find_posts(self, organization_id: str, posts_filter: PostsFilter) -> list[Post]:
        """Posts of one organization matching the filter, read through the indexes only."""
        channel_ids = self.channels_by_org.get(organization_id, [])
        if posts_filter.channel_ids is not None:
            channel_ids = [c for c in channel_ids if c in posts_filter.channel_ids]
        tag_candidates: set[str] | None = None
        tags = posts_filter.tags
        if tags is not None and not tags.include_untagged:
            tag_candidates = set().union(*(self.posts_by_tag.get(t, ()) for t in tags.ids))
        found: list[Post] = []
        for channel_id in channel_ids:
            by_status = self.posts_by_channel.get(channel_id)
            if not by_status:
                continue
            statuses = posts_filter.statuses if posts_filter.statuses is not None else by_status.keys()
            for status in statuses:
                bucket = by_status.get(status)
                if not bucket:
                    continue
                for post in bucket.values():
                    if tag_candidates is not None and post.id not in tag_candidates:
                        continue
                    if post_matches(post, posts_filter):
                        found.append(post)
        return found

    def posts_of_channel(self, channel_id: str, statuses: Iterable[str]) -> list[Post]:
        by_status = self.posts_by_channel.get(channel_id, {})
        return [p for s in statuses for p in by_status.get(s, {}).values()]

    def ideas_of(self, organization_id: str) -> list[Idea]:
        return [i for i in self.ideas.values() if i.organization_id == organization_id]

    def idea_groups_of(self, organization_id: str) -> list[IdeaGroup]:
        return [g for g in self.idea_groups.values() if g.organization_id == organization_id]

    # --- writes ---------------------------------------------------------------------------
    def touch(self) -> None:
        self.revision += 1

    def put_channel(self, channel: Channel) -> None:
        if channel.id not in self.channels:
            self.channels_by_org[channel.organization_id].append(channel.id)
        self.channels[channel.id] = channel
        self.metrics_index.register_channel(channel.id, channel.service)

    def put_post(self, post: Post) -> None:
        """Insert or re-index a post after any change (status, tags, dates, metrics)."""
        previous = self.posts.get(post.id)
        if previous is not None:
            self._unindex_post(previous)
        self.posts[post.id] = post
        self.posts_by_channel[post.channel_id][post.status][post.id] = post
        for tag_id in post.tag_ids:
            self.posts_by_tag[tag_id].add(post.id)
        self.schedule_due(post)
        timeline.sync_metrics_record(self, post)
        self.touch()

    def remove_post(self, post_id: str) -> Post | None:
        post = self.posts.pop(post_id, None)
        if post is not None:
            self._unindex_post(post)
            timeline.drop_metrics_record(self, post)
            self.touch()
        return post

    def _unindex_post(self, post: Post) -> None:
        by_status = self.posts_by_channel.get(post.channel_id)
        if by_status is not None:
            for bucket in by_status.values():
                bucket.pop(post.id, None)
        for tag_id in post.tag_ids:
            self.posts_by_tag.get(tag_id, set()).discard(post.id)

    def put_idea(self, idea: Idea) -> None:
        self.ideas[idea.id] = idea
        self.touch()

    def put_template(self, template: PostTemplate) -> None:
        self.templates[template.id] = template
        self.touch()

    def remove_template(self, template_id: str) -> PostTemplate | None:
        template = self.templates.pop(template_id, None)
        if template is not None:
            self.touch()
        return template

    def new_id(self) -> str:
        return self.ids.new(self.clock.now())
