"""A World: one namespace's data (entities, indexes, metrics index, id generator).

The World owns every entity and every index over them; nothing else mutates entities. The
session around it (name, gateway state, request log, schema-version choice) is the
:class:`~mockserver.store.namespace.Namespace`'s; the World reads mock time from the clock it is
given (to stamp ids and apply the passing of time) and counts its writes (``revision``).
Reads go through the query methods here, writes through the ``put_*`` / ``update_*`` /
``remove_*`` methods, which keep the indexes and the metrics index in step. A stored post is
never changed in place (only the daily ingestion in :mod:`mockserver.store.timeline` refreshes
metric values, which no post index reads): a change is a new object (``update_post``, built on
``dataclasses.replace``) that replaces it, un-indexed under the old values and indexed under the
new ones, so no index can go stale.
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
import operator
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator

from mockserver.clock import MockClock
from mockserver.metrics.capabilities import NetworkCapabilities
from mockserver.metrics.engine import MetricsIndex
from mockserver.rules.post_query import PostsFilter, post_matches
from mockserver.settings import Settings
from mockserver.store import content_items, timeline
from mockserver.store.changes import ChangeSet
from mockserver.store.entities import (
    Account,
    ApiToken,
    Channel,
    ContentItem,
    Idea,
    IdeaGroup,
    Organization,
    Post,
    PostTemplate,
    Snippet,
    Tag,
)
from mockserver.store.ids import ObjectIdFactory
from mockserver.store.instagram_audio import InstagramAudioTrack
from mockserver.store.world_data import WorldData

_ID_CEILING = "z"  # sorts after every lowercase-hex id


def _date_slice(index: list[tuple[int, str]], start: int | None, end: int | None) -> list[tuple[int, str]]:
    low = 0 if start is None else bisect.bisect_left(index, (start, ""))
    high = len(index) if end is None else bisect.bisect_right(index, (end, _ID_CEILING))
    return index[low:high]


class World:
    """Entities plus indexes for one namespace. Guard multi-step changes with ``lock``.

    ``name`` is the namespace's name: it only seeds the id stream (see ``ids`` below).
    """

    def __init__(
        self,
        data: WorldData,
        *,
        settings: Settings,
        clock: MockClock,
        capabilities: NetworkCapabilities,
        name: str = "default",
    ) -> None:
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
        self.instagram_audio: dict[str, InstagramAudioTrack] = {a.id: a for a in data.instagram_audio}
        self.snippets: dict[str, Snippet] = {s.id: s for s in data.october.snippets}
        # content items and their indexes (written only through mockserver.store.content_items)
        self.content_items: dict[str, ContentItem] = {}
        self.content_item_of_post: dict[str, str] = {}
        self.content_item_by_correlation: dict[tuple[str, str], str] = {}

        self.channels_by_org: dict[str, list[str]] = defaultdict(list)
        # channel id -> status -> post id -> Post
        self.posts_by_channel: dict[str, dict[str, dict[str, Post]]] = defaultdict(lambda: defaultdict(dict))
        self.posts_by_tag: dict[str, set[str]] = defaultdict(set)
        # channel id -> sorted [(createdAt, post id)] / [(dueAt, post id)] for date-range filters
        self.posts_by_created: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.posts_by_due: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._due_heap: list[tuple[int, str]] = []

        self.epoch = object()  # this world's identity (a reset or load makes a new World): caches key on it
        self._metrics_index = MetricsIndex(capabilities, er_method=settings.engagement_rate_method)
        self._metrics_unloaded = False  # loaded posts not in the metrics index yet (see metrics_index)
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
            *self.snippets,
            *(p.id for p in data.posts),
            *(i.id for i in data.october.content_items),
            *(i.draft["id"] for i in data.october.content_items if i.draft is not None),
        ]
        # Each namespace mints from its own stream (seed and name), so ids never repeat across
        # namespaces; the default namespace keeps the world's seed (reproducible ids).
        self.ids = ObjectIdFactory(self.seed if name == "default" else f"{self.seed}:{name}", all_ids)
        self._index_loaded_posts(data.posts)
        content_items.index_content_items(self, data.october.content_items)
        # Time between the world's anchor and now has not happened to it yet: the first
        # sync_clock() publishes what fell due and runs the ingestion in between.
        now = clock.now()
        self.processed_until = min(now, data.anchor) if data.anchor is not None else now
        self.revision = 0  # bumped on every write; read through Namespace.revision
        self.changes = ChangeSet()  # what changed since the state file's last journal record
        self.time_revisions = 0  # revisions that only applied mock time (rebuilt from fixtures + clock)

    # --- time -----------------------------------------------------------------------------
    def now(self) -> int:
        return self.clock.now()

    def sync_clock(self) -> int:
        """Apply what the passing of mock time implies (publishing, ingestion) up to now."""
        now = self.clock.now()
        if now > self.processed_until:
            with self.lock:
                before = self.revision
                timeline.advance(self, self.processed_until, now)
                self.processed_until = now
                self.time_revisions += self.revision - before
        return now

    def next_event_at(self) -> int:
        """The mock instant at which the passing of time next changes this world by itself."""
        next_due = self._due_heap[0][0] if self._due_heap else None
        return timeline.next_event_at(next_due, self.processed_until, timeline.run_time_of_day_ms(self))

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
        """Posts of one organization matching the filter, read through the indexes only.

        Per channel, a createdAt or dueAt range narrows the candidates through the date indexes,
        otherwise the status buckets do; the tag index narrows further; every candidate is then
        checked against the whole filter.
        """
        f = posts_filter
        channel_ids = self.channels_by_org.get(organization_id, [])
        if f.channel_ids is not None:
            channel_ids = [c for c in channel_ids if c in f.channel_ids]
        tag_candidates: set[str] | None = None
        if f.tags is not None and not f.tags.include_untagged:
            tag_candidates = set().union(*(self.posts_by_tag.get(t, ()) for t in f.tags.ids))
        found: list[Post] = []
        for channel_id in channel_ids:
            for post in self._channel_candidates(channel_id, f):
                if tag_candidates is not None and post.id not in tag_candidates:
                    continue
                if post_matches(post, f):
                    found.append(post)
        return found

    def _channel_candidates(self, channel_id: str, f: PostsFilter) -> Iterator[Post]:
        if f.created_start is not None or f.created_end is not None:
            entries = _date_slice(self.posts_by_created.get(channel_id, []), f.created_start, f.created_end)
            yield from (self.posts[post_id] for _, post_id in entries)
            return
        if f.due_start is not None or f.due_end is not None:
            entries = _date_slice(self.posts_by_due.get(channel_id, []), f.due_start, f.due_end)
            yield from (self.posts[post_id] for _, post_id in entries)
            return
        by_status = self.posts_by_channel.get(channel_id)
        if not by_status:
            return
        statuses = f.statuses if f.statuses is not None else list(by_status)
        for status in statuses:
            yield from by_status.get(status, {}).values()

    def posts_of_channel(self, channel_id: str, statuses: Iterable[str]) -> list[Post]:
        by_status = self.posts_by_channel.get(channel_id, {})
        return [p for s in statuses for p in by_status.get(s, {}).values()]

    def ideas_of(self, organization_id: str) -> list[Idea]:
        return [i for i in self.ideas.values() if i.organization_id == organization_id]

    def idea_groups_of(self, organization_id: str) -> list[IdeaGroup]:
        return [g for g in self.idea_groups.values() if g.organization_id == organization_id]

    # --- writes ---------------------------------------------------------------------------
    def touch(self, table: str | None = None, key: str | None = None) -> None:
        """Count a write; ``table`` and ``key`` name the one entity it put or removed (without
        them the state file's next commit writes the whole namespace)."""
        self.revision += 1
        if self.changes.tracking:
            self.changes.mark(table, key, table is None or key in getattr(self, table))

    def put_channel(self, channel: Channel) -> None:
        if channel.id not in self.channels:
            self.channels_by_org[channel.organization_id].append(channel.id)
        self.channels[channel.id] = channel
        self.metrics_index.register_channel(channel.id, channel.service)

    def put_post(self, post: Post) -> None:
        """Insert a new post, or replace the stored one by ``post``, re-indexed (status, tags, dates,
        metrics).

        A replacement is a new object (:meth:`update_post`, or ``dataclasses.replace``): the stored
        post is never changed in place, so un-indexing it from its own values is always exact.
        """
        if self.posts.get(post.id) is post:
            raise ValueError(f"post {post.id} is the stored object: change it through World.update_post")
        self.index_post(post)
        timeline.sync_metrics_record(self, post)
        self.touch("posts", post.id)

    def update_post(self, post_id: str, **changes: object) -> Post:
        """Replace a stored post by a copy with ``changes`` applied, re-indexed; returns the copy."""
        post = dataclasses.replace(self.posts[post_id], **changes)  # type: ignore[arg-type]
        self.put_post(post)
        return post

    def remove_post(self, post_id: str) -> Post | None:
        post = self.posts.pop(post_id, None)
        if post is not None:
            content_items.detach_post(self, post_id, self.clock.now())
            self._unindex_post(post)
            timeline.drop_metrics_record(self, post)
            self.touch("posts", post_id)
        return post

    def index_post(self, post: Post) -> None:
        """Put a post in the entity map and every post index (not the metrics index), in place of
        the stored post with its id, if any."""
        stored = self.posts.get(post.id)
        if stored is not None:
            self._unindex_post(stored)
        self.posts[post.id] = post
        self.posts_by_channel[post.channel_id][post.status][post.id] = post
        for tag_id in post.tag_ids:
            self.posts_by_tag[tag_id].add(post.id)
        bisect.insort(self.posts_by_created[post.channel_id], (post.created_at, post.id))
        if post.due_at is not None:
            bisect.insort(self.posts_by_due[post.channel_id], (post.due_at, post.id))
        self.schedule_due(post)

    def _index_loaded_posts(self, posts: list[Post]) -> None:
        """:meth:`index_post` for every post of a new World, sorting each date index once.

        The posts come as the fixture set holds them, metrics already normalized (see
        :func:`mockserver.store.timeline.normalize_loaded_posts`); they may be shared with other
        namespaces' Worlds, which is safe because a stored post is never changed in place.
        """
        for post in posts:
            self.posts[post.id] = post  # fixture ids are unique (checked when the set was loaded)
            self.posts_by_channel[post.channel_id][post.status][post.id] = post
            for tag_id in post.tag_ids:
                self.posts_by_tag[tag_id].add(post.id)
            self.posts_by_created[post.channel_id].append((post.created_at, post.id))
            if post.due_at is not None:
                self.posts_by_due[post.channel_id].append((post.due_at, post.id))
            if post.status == "scheduled" and post.due_at is not None:
                self._due_heap.append((post.due_at, post.id))
        for index in (*self.posts_by_created.values(), *self.posts_by_due.values()):
            index.sort()
        heapq.heapify(self._due_heap)
        # the metrics index is loaded on first use: a world served from an older anchor is first
        # brought to now, and that ingestion run reloads the whole index anyway
        self._metrics_unloaded = True

    @property
    def metrics_index(self) -> MetricsIndex:
        """The columnar index of sent posts' metrics (aggregatedPostMetrics reads it)."""
        if self._metrics_unloaded:
            self._metrics_unloaded = False
            self._metrics_index.bulk_load(timeline.sent_records(self.posts.values()))
        return self._metrics_index

    def reload_metrics(self) -> None:
        """Load every sent post into the metrics index anew (after an ingestion run)."""
        self._metrics_unloaded = False
        self._metrics_index.reload(timeline.sent_records(self.posts.values()))

    def refresh_metrics(
        self, post: Post, metrics: dict[str, float], updated_at: int, target: dict[str, float]
    ) -> Post:
        """Store a copy of ``post`` with fresh metric values (an ingestion run's), in place of it.

        Only the entity map and the status bucket hold post objects, so only they change; the
        caller loads the metrics index. Not a counted write: the run counts once.
        """
        fresh = copy_post(post)
        fresh.metrics, fresh.metrics_updated_at, fresh.metrics_target = metrics, updated_at, target
        self.posts[post.id] = fresh
        self.posts_by_channel[post.channel_id][post.status][post.id] = fresh
        return fresh

    def _unindex_post(self, post: Post) -> None:
        """Remove a post from every post index, under the values it was indexed with (its own)."""
        self.posts_by_channel[post.channel_id][post.status].pop(post.id, None)
        for tag_id in post.tag_ids:
            self.posts_by_tag[tag_id].discard(post.id)
        _remove_sorted(self.posts_by_created[post.channel_id], (post.created_at, post.id))
        if post.due_at is not None:
            _remove_sorted(self.posts_by_due[post.channel_id], (post.due_at, post.id))

    def put_idea(self, idea: Idea) -> None:
        self.ideas[idea.id] = idea
        self.touch("ideas", idea.id)

    def put_template(self, template: PostTemplate) -> None:
        self.templates[template.id] = template
        self.touch("templates", template.id)

    def update_template(self, template_id: str, **changes: object) -> PostTemplate:
        """Replace a stored template by a copy with ``changes`` applied; returns the copy."""
        template = dataclasses.replace(self.templates[template_id], **changes)  # type: ignore[arg-type]
        self.put_template(template)
        return template

    def remove_template(self, template_id: str) -> PostTemplate | None:
        template = self.templates.pop(template_id, None)
        if template is not None:
            self.touch("templates", template_id)
        return template

    def new_id(self) -> str:
        return self.ids.new(self.clock.now())


_POST_FIELDS = operator.attrgetter(*(field.name for field in dataclasses.fields(Post)))


def copy_post(post: Post) -> Post:
    """A shallow copy of a post (four times faster than ``dataclasses.replace``)."""
    return Post(*_POST_FIELDS(post))


def _remove_sorted(entries: list[tuple[int, str]], entry: tuple[int, str]) -> None:
    position = bisect.bisect_left(entries, entry)
    if position < len(entries) and entries[position] == entry:
        del entries[position]
