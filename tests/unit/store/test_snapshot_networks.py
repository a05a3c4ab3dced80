"""State files keep the audio catalog and how channels were connected; older files still load."""

from __future__ import annotations

from mockserver.fixtures.loader import load_fixture_dir
from mockserver.fixtures.paths import default_world_dir
from mockserver.store import snapshot
from tests.unit.store.worlds import fresh_world


def test_the_audio_catalog_and_connections_survive_a_snapshot() -> None:
    world = fresh_world(load_fixture_dir(default_world_dir()))
    saved = snapshot.snapshot_world(world)
    back = snapshot.restore_world(saved, settings=world.settings, capabilities=world.capabilities)
    assert back.instagram_audio == world.instagram_audio and len(back.instagram_audio) == 10
    connections = {c.id: c.connected_via for c in back.channels.values() if c.service == "instagram"}
    assert connections == {c.id: c.connected_via for c in world.channels.values() if c.service == "instagram"}
    assert "instagramLogin" in connections.values() and "facebookLogin" in connections.values()


def test_a_state_file_without_the_audio_table_restores_an_empty_catalog() -> None:
    world = fresh_world(load_fixture_dir(default_world_dir()))
    saved = snapshot.snapshot_world(world)
    del saved["instagram_audio"]
    back = snapshot.restore_world(saved, settings=world.settings, capabilities=world.capabilities)
    assert back.instagram_audio == {} and len(back.channels) == len(world.channels)
