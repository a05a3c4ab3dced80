"""Namespaces: isolated copies of the world, selected per request by a header.

Each namespace (a :class:`~mockserver.store.namespace.Namespace`) is created on first use from
the loaded fixtures and has its own World, clock, request log and gateway state (rate-limit
counters, faults), so parallel CI jobs or pytest-xdist workers never see each other's writes.
The registry is generic in the gateway state's type, which the gateway layer defines and the app
passes in as ``gateway_factory``.

Creating one costs indexes and a copy of every entity but the posts (shared, see
:class:`SharedBase`), so callers authenticate first (against
:attr:`Namespaces.credentials` when the namespace does not exist yet: the fixtures' tokens
and accounts) and only then call :meth:`Namespaces.get`. At most ``settings.max_namespaces``
exist at once; :meth:`get` beyond that raises :class:`NamespaceLimitReached` and creates nothing.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic

from mockserver.clock import DAY_MS, MockClock
from mockserver.store.namespace import DEFAULT_NAMESPACE, GatewayT, Namespace
from mockserver.store.rows import fast_copy, paused_gc
from mockserver.store.timeline import normalize_loaded_posts
from mockserver.store.world import World
from mockserver.store.world_data import WorldData

if TYPE_CHECKING:
    from mockserver.metrics.capabilities import NetworkCapabilities
    from mockserver.settings import Settings

NAMESPACE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
MSG_BAD_NAMESPACE = "Namespace names are 1-64 characters of letters, digits, '.', '_' or '-'"
MSG_NAMESPACE_LIMIT = (
    "This server already holds its maximum of {limit} namespaces (serve --max-namespaces); "
    "reuse an existing namespace"
)


class NamespaceLimitReached(Exception):
    """A new namespace was asked for while ``settings.max_namespaces`` exist."""

    def __init__(self, limit: int) -> None:
        super().__init__(MSG_NAMESPACE_LIMIT.format(limit=limit))
        self.limit = limit


@dataclasses.dataclass(frozen=True, slots=True)
class Credentials:
    """The tokens and accounts requests authenticate against before their namespace exists."""

    tokens: dict[str, Any]
    accounts: dict[str, Any]

    @classmethod
    def of(cls, data: WorldData) -> Credentials:
        return cls({t.token: t for t in data.tokens}, {a.id: a for a in data.accounts})


def shift_world_times(data: WorldData, delta_ms: int) -> WorldData:
    """A copy of ``data`` with every entity timestamp (``*_at`` fields) moved by ``delta_ms``."""
    shifted = fast_copy(data)
    shift_in_place(shifted, delta_ms)
    return shifted


def shift_in_place(shifted: WorldData, delta_ms: int) -> None:
    """Move every entity timestamp of ``shifted`` (which nobody else holds) by ``delta_ms``."""
    if delta_ms == 0:
        return
    groups: list[list[Any]] = [
        shifted.accounts,
        shifted.organizations,
        shifted.channels,
        shifted.posts,
        shifted.ideas,
        shifted.templates,
        shifted.october.content_items,
    ]
    for group in groups:
        for entity in group:
            _shift_entity(entity, delta_ms)
    for item in shifted.october.content_items:
        if item.target_date is not None:
            item.target_date += delta_ms
    for post in shifted.posts:
        for note in post.notes:
            _shift_entity(note, delta_ms)
        _shift_nested(post.metadata, delta_ms)
    for channel in shifted.channels:
        _shift_nested(channel.posting_goal, delta_ms)
        _shift_nested(channel.metadata, delta_ms)
    for account in shifted.accounts:
        _shift_nested(account.connected_apps, delta_ms)
    for idea in shifted.ideas:
        _shift_nested(idea.content, delta_ms)
    if shifted.anchor is not None:
        shifted.anchor += delta_ms


# Keys of nested GraphQL-shaped dicts that hold DateTime values as epoch milliseconds.
_NESTED_TIME_KEYS = frozenset(
    {"createdAt", "periodStart", "periodEnd", "startDate", "endDate", "date", "lastSubscribedAt"}
)


def _shift_nested(value: Any, delta_ms: int) -> None:
    """Shift the DateTime values (epoch ms under :data:`_NESTED_TIME_KEYS`) nested in ``value``.

    A loop over a stack rather than recursion, testing exact types: it walks the metadata of
    every post of a world, a million dicts at 100,000 posts.
    """
    stack = [value]
    while stack:
        current = stack.pop()
        if type(current) is dict:
            for key, item in current.items():
                kind = type(item)
                if kind is int:
                    if key in _NESTED_TIME_KEYS:
                        current[key] = item + delta_ms
                elif kind is dict or kind is list:
                    stack.append(item)
        elif type(current) is list:
            stack.extend(item for item in current if type(item) is dict or type(item) is list)


@functools.cache
def _time_fields(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls) if field.name.endswith("_at"))


def _shift_entity(entity: Any, delta_ms: int) -> None:
    kind: type = entity.__class__
    for name in _time_fields(kind):
        value = getattr(entity, name)
        if isinstance(value, int) and not isinstance(value, bool):
            setattr(entity, name, value + delta_ms)


@dataclasses.dataclass(frozen=True, slots=True)
class SharedBase:
    """The fixtures as every namespace built at one time shift starts: times shifted, metrics
    normalized (:func:`~mockserver.store.timeline.normalize_loaded_posts`).

    Its posts, by far the largest part of a world, are shared by the Worlds of those namespaces:
    a stored post is never changed in place (a write or an ingestion run stores a new object),
    so a namespace costs its indexes, not a copy of every post. Every other entity is copied
    for each namespace (:meth:`world_data`).
    """

    anchor: int | None  # the shifted anchor this base was built for
    data: WorldData

    def world_data(self) -> WorldData:
        """A namespace's own copy of everything but the posts, which it shares."""
        own = fast_copy(dataclasses.replace(self.data, posts=[]))
        return dataclasses.replace(own, posts=self.data.posts)


class Namespaces(Generic[GatewayT]):
    """Lazily created, independently resettable Namespaces."""

    def __init__(
        self,
        data: WorldData,
        *,
        settings: Settings,
        capabilities_for: Callable[[WorldData], NetworkCapabilities],
        clock_factory: Callable[[], MockClock],
        gateway_factory: Callable[[Settings], GatewayT],
        data_is_private: bool = False,
    ) -> None:
        self._data = data
        # True when nobody else holds ``data`` (the app loaded it): the first base is built in
        # it, without a copy; otherwise ``data`` is never changed
        self._data_is_private = data_is_private
        self._base: SharedBase | None = None
        self._settings = settings
        self._capabilities_for = capabilities_for
        self._clock_factory = clock_factory
        self._gateway_factory = gateway_factory
        self._namespaces: dict[str, Namespace[GatewayT]] = {}
        self._lock = threading.Lock()
        self.on_create: list[Callable[[Namespace[GatewayT]], None]] = []
        self.credentials = Credentials.of(data)

    @property
    def fixtures(self) -> WorldData:
        return self._data

    def capabilities_for(self, data: WorldData) -> NetworkCapabilities:
        """The metric capabilities a world built from ``data`` uses (networks.yaml + overrides)."""
        return self._capabilities_for(data)

    def names(self) -> list[str]:
        with self._lock:
            return sorted(self._namespaces)

    def find(self, name: str = DEFAULT_NAMESPACE) -> Namespace[GatewayT] | None:
        """The namespace if it exists; never creates one."""
        return self._namespaces.get(name)

    def get(self, name: str = DEFAULT_NAMESPACE) -> Namespace[GatewayT]:
        """The namespace, created on first use; NamespaceLimitReached beyond the cap."""
        namespace = self._namespaces.get(name)
        if namespace is not None:
            return namespace
        with self._lock:
            namespace = self._namespaces.get(name)
            if namespace is None:
                limit = self._settings.max_namespaces
                if len(self._namespaces) >= limit and name != DEFAULT_NAMESPACE:
                    raise NamespaceLimitReached(limit)
                namespace = self._build(name, self._clock_factory())
                self._namespaces[name] = namespace
            return namespace

    def reset(self, name: str = DEFAULT_NAMESPACE, *, keep_clock: bool = True) -> Namespace[GatewayT]:
        """Throw a namespace's state away and rebuild it from the fixtures."""
        with self._lock:
            old = self._namespaces.get(name)
            if (
                old is None
                and name != DEFAULT_NAMESPACE
                and len(self._namespaces) >= self._settings.max_namespaces
            ):
                raise NamespaceLimitReached(self._settings.max_namespaces)
            clock = old.clock if (old is not None and keep_clock) else self._clock_factory()
            namespace = self._build(name, clock)
            self._namespaces[name] = namespace
            return namespace

    def load(self, data: WorldData, *, data_is_private: bool = False) -> None:
        """Replace the fixtures every namespace is built from; existing namespaces are dropped."""
        with self._lock:
            self._data = data
            self._data_is_private = data_is_private
            self._base = None
            self.credentials = Credentials.of(data)
            self._namespaces.clear()

    def adopt(self, name: str, world: World, *, schema_version: str | None = None) -> Namespace[GatewayT]:
        """Install an already-built world (e.g. restored from a state file) as namespace ``name``,
        with a fresh gateway state and request log; the ``on_create`` hooks see it first."""
        namespace = self._namespace(name, world, schema_version=schema_version)
        with self._lock:
            self._namespaces[name] = namespace
        return namespace

    def _namespace(
        self,
        name: str,
        world: World,
        *,
        fixture_schema_version: str | None = None,
        schema_version: str | None = None,
    ) -> Namespace[GatewayT]:
        namespace = Namespace(
            name,
            world,
            gateway=self._gateway_factory(self._settings),
            settings=self._settings,
            fixture_schema_version=fixture_schema_version,
            schema_version=schema_version,
        )
        for hook in self.on_create:
            hook(namespace)
        return namespace

    def _build(self, name: str, clock: MockClock) -> Namespace[GatewayT]:
        data = self._data
        delta = 0
        if self._settings.time_shift == "anchor" and data.anchor is not None:
            delta = (clock.now() // DAY_MS - data.anchor // DAY_MS) * DAY_MS
        with paused_gc():
            base = self._base_for(delta)
            world = World(
                base.world_data(),
                settings=self._settings,
                clock=clock,
                capabilities=self._capabilities_for(data),
                name=name,
            )
        return self._namespace(name, world, fixture_schema_version=data.schema_version)

    def _base_for(self, delta: int) -> SharedBase:
        """The shared base at ``delta`` from the fixtures (the last one, when the delta is its)."""
        data = self._data
        anchor = None if data.anchor is None else data.anchor + delta
        base = self._base
        if base is not None and base.anchor == anchor:
            return base
        if self._data_is_private:  # built in the fixtures themselves: nobody else holds them
            shift_in_place(data, delta)
            self._data_is_private = False  # from now on its posts are shared: never shift it again
            prepared = data
        else:
            prepared = shift_world_times(data, delta)
        capabilities = self._capabilities_for(data)
        services = {channel.id: channel.service for channel in prepared.channels}
        normalize_loaded_posts(prepared.posts, services, capabilities)
        self._base = SharedBase(anchor, prepared)
        return self._base
