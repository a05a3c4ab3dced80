"""A Namespace: one isolated session of the mock, its World plus what a session adds.

The :class:`~mockserver.store.world.World` is data and indexes (entities, the metrics index, the
id generator, how far mock time has been applied, its write counter). A Namespace holds that World
and the session around it:

* ``name``: the namespace's name (the namespace header picks it);
* ``clock``: the namespace's mock clock (the World reads time from it; the control API moves it);
* ``gateway``: the gateway's state of this namespace (rate-limit mode, quotas and counters, armed
  faults). Its type belongs to the gateway layer, above the store, so the store holds it in a
  generic slot: ``Namespace[GatewayState]`` is the type the gateway, http and control layers use
  (``mockserver.gateway.state.ServedNamespace``);
* ``request_log``: the bounded log of this namespace's GraphQL requests;
* ``revision``: the World's write counter, read here by persistence and caches (the store bumps it
  on every write);
* ``pinned``: changed through the control API (clock, reset), so worth persisting;
* ``fixture_schema_version`` / ``schema_version``: the fixtures' schema-version choice and the one
  set through the control API (``mockserver.gateway.schema_versions`` decides per request).

Resetting a namespace builds a new Namespace, so its counters, faults and log go with it.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

from mockserver.clock import MockClock
from mockserver.settings import Settings
from mockserver.store.request_log import RequestLog
from mockserver.store.world import World

GatewayT = TypeVar("GatewayT")
DEFAULT_NAMESPACE = "default"


class Namespace(Generic[GatewayT]):
    """One namespace: its World, clock, gateway state, request log and schema-version choice."""

    def __init__(
        self,
        name: str,
        world: World,
        *,
        gateway: GatewayT,
        settings: Settings,
        fixture_schema_version: str | None = None,
        schema_version: str | None = None,
    ) -> None:
        self.name = name
        self.world = world
        self.clock: MockClock = world.clock  # one clock: the World reads it, the control API moves it
        self.gateway = gateway
        self.request_log = RequestLog(
            settings.log_capacity, settings.log_max_bytes, settings.log_variables_max_bytes
        )
        self.pinned = False  # changed through the control API (clock, reset): worth persisting
        self.fixture_schema_version = fixture_schema_version  # the fixtures' world.schemaVersion
        self.schema_version = schema_version  # set through the control API; wins over serve's

    @property
    def lock(self) -> threading.RLock:
        """The World's lock: hold it for a multi-step change or a consistent read."""
        return self.world.lock

    @property
    def revision(self) -> int:
        """Bumped by the store on every write; persistence and caches key on it."""
        return self.world.revision

    @property
    def touched(self) -> bool:
        """Written to by a client, or changed through the control API; an untouched namespace (at
        most mock time applied to the fixtures, which a restart redoes) is never persisted."""
        return self.world.revision > self.world.time_revisions or self.pinned

    def now(self) -> int:
        return self.clock.now()

    def sync_clock(self) -> int:
        """Apply what the passing of mock time implies (publishing, ingestion) up to now."""
        return self.world.sync_clock()

    def log_request(self, **entry: object) -> None:
        self.request_log.append({"at": self.clock.now(), **entry})  # bounded: see RequestLog
