"""The Namespace: a World plus its session (clock, gateway state, request log, schema version)."""

from __future__ import annotations

from mockserver.app import build_namespaces
from mockserver.clock import DAY_MS
from mockserver.fixtures.loader import WorldData
from mockserver.gateway.state import GatewayState
from mockserver.store.namespace import Namespace
from tests.unit.store.worlds import TWITTER, add_post, settings


def test_get_creates_a_namespace_with_its_own_world_clock_and_gateway_state(small_data: WorldData) -> None:
    namespaces = build_namespaces(settings(), small_data)
    first, second = namespaces.get("a"), namespaces.get("b")
    assert isinstance(first, Namespace) and first.name == "a"
    assert isinstance(first.gateway, GatewayState)
    assert first.world is not second.world
    assert first.clock is first.world.clock and first.clock is not second.clock
    assert first.gateway is not second.gateway
    assert namespaces.find("a") is first and namespaces.find("never") is None


def test_the_revision_is_the_worlds_write_counter(small_data: WorldData) -> None:
    namespace = build_namespaces(settings(), small_data).get()
    before = namespace.revision
    add_post(namespace.world, TWITTER, "draft")
    assert namespace.revision == namespace.world.revision > before
    assert namespace.touched


def test_mock_time_alone_leaves_a_namespace_untouched_until_it_is_pinned(small_data: WorldData) -> None:
    namespace = build_namespaces(settings(), small_data).get()
    namespace.clock.advance(3 * DAY_MS)
    namespace.sync_clock()
    assert not namespace.touched
    namespace.pinned = True
    assert namespace.touched


def test_reset_gives_a_fresh_gateway_state_request_log_and_schema_version(small_data: WorldData) -> None:
    namespaces = build_namespaces(settings(), small_data)
    old = namespaces.get("ci")
    old.gateway.configure(mode="buffer")
    old.log_request(operation_name="GetAccount")
    old.schema_version = "2026-08-13"
    new = namespaces.reset("ci")
    assert new is not old and namespaces.get("ci") is new
    assert new.gateway.mode == settings().rate_limit_mode
    assert len(new.request_log) == 0 and new.schema_version is None
    assert new.clock is old.clock  # keep_clock is the default


def test_the_log_stamps_entries_with_the_namespaces_mock_time(small_data: WorldData) -> None:
    namespace = build_namespaces(settings(), small_data).get()
    namespace.log_request(operation_name="GetAccount")
    [entry] = list(namespace.request_log)
    assert (entry["at"], entry["operation_name"]) == (namespace.now(), "GetAccount")
