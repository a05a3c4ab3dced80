"""The state file: atomic writes, save-after-write, restore, and refusing files it cannot trust."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from pathlib import Path
from typing import Any

import orjson
import pytest

from mockserver.app import build_namespaces
from mockserver.fixtures.loader import WorldData
from mockserver.gateway.state import ServedNamespace, ServedNamespaces
from mockserver.store import snapshot
from mockserver.store.persistence import (
    STATE_FORMAT,
    STATE_VERSION,
    StateFile,
    StateFileError,
    read_state,
    write_atomically,
)
from mockserver.store.world import World
from tests.unit.store.worlds import TWITTER, add_post, settings


def namespaces_over(data: WorldData) -> ServedNamespaces:
    return build_namespaces(settings(), data)


def opened(path: Path, data: WorldData) -> tuple[StateFile, ServedNamespaces]:
    namespaces = namespaces_over(data)
    state_file = StateFile(path, namespaces, settings())
    state_file.open()
    return state_file, namespaces


def after_request(state_file: StateFile, namespace: ServedNamespace) -> None:
    # in a thread of its own: a browser test's sync driver may have left a loop running on this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, state_file.after_request(namespace)).result()


def saved_post_ids(saved_world: dict[str, Any]) -> set[str]:
    return {post["id"] for post in snapshot.table_items("posts", saved_world["posts"])}


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# --- atomic writes ---------------------------------------------------------------------------------


def test_atomic_write_replaces_the_content_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert leftovers(tmp_path) == []


def test_failed_atomic_write_keeps_the_old_content_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")

    def broken_replace(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


# --- start: create or restore ----------------------------------------------------------------------


def test_missing_state_file_is_created_at_start(tmp_path: Path, small_data: WorldData) -> None:
    path = tmp_path / "state.json"
    state_file, _ = opened(path, small_data)
    document = orjson.loads(path.read_bytes())
    assert (document["format"], document["version"]) == (STATE_FORMAT, STATE_VERSION)
    assert document["namespaces"] == {}
    assert state_file.saves == 1


def test_state_file_in_a_missing_directory_fails_at_start(tmp_path: Path, small_data: WorldData) -> None:
    with pytest.raises(StateFileError, match="cannot create"):
        opened(tmp_path / "nowhere" / "state.json", small_data)


def test_restart_restores_every_namespace_as_saved(tmp_path: Path, small_data: WorldData) -> None:
    path = tmp_path / "state.json"
    state_file, namespaces = opened(path, small_data)
    for name in ("default", "ci-1"):
        namespace = namespaces.get(name)
        add_post(namespace.world, TWITTER, "draft")
        after_request(state_file, namespace)
    _, again = opened(path, small_data)
    assert again.names() == ["ci-1", "default"]
    for name in ("default", "ci-1"):
        assert snapshot.snapshot_namespace(again.get(name)) == snapshot.snapshot_namespace(
            namespaces.get(name)
        )


def test_restored_worlds_go_through_namespace_creation_hooks(tmp_path: Path, small_data: WorldData) -> None:
    path = tmp_path / "state.json"
    state_file, namespaces = opened(path, small_data)
    hooked = namespaces.get("hooked")
    hooked.world.touch()  # an untouched namespace would not be persisted at all
    after_request(state_file, hooked)
    seen: list[str] = []
    again = namespaces_over(small_data)
    again.on_create.append(lambda namespace: seen.append(namespace.name))
    StateFile(path, again, settings()).open()
    assert seen == ["hooked"]


def test_stale_temporaries_from_a_killed_server_are_removed_at_start(
    tmp_path: Path, small_data: WorldData
) -> None:
    path = tmp_path / "state.json"
    (tmp_path / ".state.json.abc123.tmp").write_bytes(b'{"half": ')
    opened(path, small_data)
    assert leftovers(tmp_path) == []


# --- saving after writes -----------------------------------------------------------------------------


def test_request_that_changed_nothing_does_not_rewrite(tmp_path: Path, small_data: WorldData) -> None:
    state_file, namespaces = opened(tmp_path / "state.json", small_data)
    namespace = namespaces.get("default")
    after_request(state_file, namespace)  # new, untouched namespace: not written at all
    saves = state_file.saves
    after_request(state_file, namespace)
    assert state_file.saves == saves


def test_request_that_wrote_is_on_disk_before_after_request_returns(
    tmp_path: Path, small_data: WorldData
) -> None:
    path = tmp_path / "state.json"
    state_file, namespaces = opened(path, small_data)
    namespace = namespaces.get("default")
    post = add_post(namespace.world, TWITTER, "draft")
    after_request(state_file, namespace)
    saved = read_state(path)["namespaces"]["default"]
    assert post.id in saved_post_ids(saved)
    assert saved["revision"] == namespace.revision


def test_write_to_one_namespace_does_not_reencode_the_others(
    tmp_path: Path, small_data: WorldData, monkeypatch: pytest.MonkeyPatch
) -> None:
    state_file, namespaces = opened(tmp_path / "state.json", small_data)
    busy, idle = namespaces.get("busy"), namespaces.get("idle")
    busy.world.touch()
    idle.world.touch()  # both changed once, so both are in the file
    state_file.save()
    encoded: list[World] = []
    original = snapshot.encode_body
    monkeypatch.setattr(snapshot, "encode_body", lambda world: encoded.append(world) or original(world))
    add_post(busy.world, TWITTER, "draft")
    after_request(state_file, busy)
    assert encoded == []  # the change is journaled: no namespace is re-encoded, the others least of all
    assert idle.name in read_state(state_file.path)["namespaces"]


def test_reset_namespace_is_written_fresh(tmp_path: Path, small_data: WorldData) -> None:
    path = tmp_path / "state.json"
    state_file, namespaces = opened(path, small_data)
    namespace = namespaces.get("default")
    post = add_post(namespace.world, TWITTER, "draft")
    after_request(state_file, namespace)
    namespaces.reset("default")
    state_file.save()
    saved = read_state(path)["namespaces"]["default"]
    assert post.id not in saved_post_ids(saved)


# --- refusing files it cannot trust ------------------------------------------------------------------


def valid_document(tmp_path: Path, small_data: WorldData) -> dict[str, object]:
    state_file, namespaces = opened(tmp_path / "valid.json", small_data)
    namespace = namespaces.get("default")
    namespace.world.touch()
    after_request(state_file, namespace)
    return read_state(state_file.path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not valid JSON"),
        (b'{"format": "buffer-mock-state", "version": 1, "namespa', "not valid JSON"),
        (b"[1, 2, 3]", "not a buffer-mock state file"),
        (b'{"format": "something-else", "version": 1, "namespaces": {}}', "not a buffer-mock state file"),
        (b'{"format": "buffer-mock-state", "version": 99, "namespaces": {}}', "version 99 is not supported"),
        (
            b'{"format": "buffer-mock-state", "version": 1, "namespaces": []}',
            '"namespaces" must be an object',
        ),
        (
            b'{"format": "buffer-mock-state", "version": 1, "fixtures": null, "namespaces": {"bad name!": {}}}',
            "namespaces.bad name!",
        ),
    ],
)
def test_untrustworthy_state_file_is_refused_and_left_untouched(
    tmp_path: Path, small_data: WorldData, content: bytes, reason: str
) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(content)
    with pytest.raises(StateFileError) as caught:
        opened(path, small_data)
    message = str(caught.value)
    assert str(path) in message and reason in message and "refusing to start" in message
    assert path.read_bytes() == content


def test_state_file_with_a_damaged_world_is_refused_naming_the_field(
    tmp_path: Path, small_data: WorldData
) -> None:
    document = valid_document(tmp_path, small_data)
    posts = document["namespaces"]["default"]["posts"]  # type: ignore[index]
    posts["rows"][0][posts["fields"].index("status")] = 42
    path = tmp_path / "state.json"
    path.write_bytes(orjson.dumps(document))
    with pytest.raises(StateFileError, match=r"namespaces\.default\.posts\.0\.status"):
        opened(path, small_data)


def test_unreadable_state_file_is_refused(tmp_path: Path, small_data: WorldData) -> None:
    path = tmp_path / "state.json"
    path.mkdir()
    with pytest.raises(StateFileError, match="cannot read it"):
        opened(path, small_data)


def test_state_over_fixtures_that_no_longer_load_is_refused(tmp_path: Path, small_data: WorldData) -> None:
    document = valid_document(tmp_path, small_data)
    document["fixtures"] = str(tmp_path / "gone")
    path = tmp_path / "state.json"
    path.write_bytes(orjson.dumps(document))
    with pytest.raises(StateFileError, match="no longer load"):
        opened(path, small_data)


def test_concurrent_writers_share_saves_and_each_is_on_disk_when_answered(
    tmp_path: Path, small_data: WorldData
) -> None:
    state_file, namespaces = opened(tmp_path / "state.json", small_data)
    namespace = namespaces.get("default")
    state_file.save()
    saves_before = state_file.saves
    on_disk_when_answered: list[bool] = []

    async def write_then_wait() -> None:
        with namespace.lock:
            post = add_post(namespace.world, TWITTER, "draft")
        await state_file.after_request(namespace)
        saved = read_state(state_file.path)["namespaces"]["default"]
        on_disk_when_answered.append(post.id in saved_post_ids(saved))

    async def writers() -> None:
        await asyncio.gather(*(write_then_wait() for _ in range(8)))

    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # see after_request
        pool.submit(asyncio.run, writers()).result()
    assert on_disk_when_answered == [True] * 8
    assert state_file.saves - saves_before < 8
