"""The state file's journal: writes cost the change, torn tails are dropped, damage is refused."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from pathlib import Path

import orjson
import pytest

from mockserver.app import build_namespaces
from mockserver.fixtures.loader import WorldData
from mockserver.gateway.state import ServedNamespace
from mockserver.store import journal, snapshot
from mockserver.store.persistence import StateFile, StateFileError, read_state
from tests.unit.store.worlds import TWITTER, add_post, settings


def opened(path: Path, data: WorldData) -> tuple[StateFile, ServedNamespace]:
    namespaces = build_namespaces(settings(), data)
    state_file = StateFile(path, namespaces, settings())
    state_file.open()
    return state_file, namespaces.get("default")


def committed(state_file: StateFile, namespace: ServedNamespace) -> None:
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # a loop of its own (see test_state_file)
        pool.submit(asyncio.run, state_file.after_request(namespace)).result()


def saved_post_ids(path: Path) -> set[str]:
    posts = read_state(path)["namespaces"]["default"]["posts"]
    return {post["id"] for post in snapshot.table_items("posts", posts)}


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def test_a_write_appends_only_the_changed_post_and_leaves_the_snapshot_alone(
    tmp_path: Path, small_data: WorldData
) -> None:
    path = tmp_path / "state.json"
    state_file, namespace = opened(path, small_data)
    world = namespace.world
    first = add_post(world, TWITTER, "draft")
    committed(state_file, namespace)  # the namespace's first write: appended whole
    snapshot_before, journal_before = path.read_bytes(), journal_of(path).stat().st_size
    second = add_post(world, TWITTER, "draft")
    committed(state_file, namespace)
    assert path.read_bytes() == snapshot_before
    record = journal.read_journal(journal_of(path).read_bytes()).records[-1]
    change = record["namespaces"]["default"]
    assert [row[0] for row in change["tables"]["posts"]["rows"]] == [second.id]
    assert journal_of(path).stat().st_size - journal_before < 4096
    assert {first.id, second.id} <= saved_post_ids(path)


def test_a_deletion_is_journaled_and_replayed(tmp_path: Path, small_data: WorldData) -> None:
    path = tmp_path / "state.json"
    state_file, namespace = opened(path, small_data)
    world = namespace.world
    kept, dropped = add_post(world, TWITTER, "draft"), add_post(world, TWITTER, "draft")
    committed(state_file, namespace)
    world.remove_post(dropped.id)
    committed(state_file, namespace)
    ids = saved_post_ids(path)
    assert kept.id in ids and dropped.id not in ids


def test_restart_replays_the_journal_to_the_world_as_it_was(tmp_path: Path, small_data: WorldData) -> None:
    path = tmp_path / "state.json"
    state_file, namespace = opened(path, small_data)
    world = namespace.world
    for _ in range(3):
        add_post(world, TWITTER, "draft")
        committed(state_file, namespace)
    world.update_post(next(iter(world.posts)), text="edited")
    committed(state_file, namespace)
    expected = snapshot.snapshot_namespace(namespace)
    state_file.close()
    restarted, restored = opened(path, small_data)
    assert snapshot.snapshot_namespace(restored) == expected
    assert journal.read_journal(journal_of(path).read_bytes()).records == []  # compacted at start
    next_id = restored.world.new_id()
    assert next_id == world.new_id()  # the id generator continues exactly where it stood
    restarted.close()


def test_the_journal_is_compacted_into_the_snapshot_once_it_outgrows_it(
    tmp_path: Path, small_data: WorldData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mockserver.store.persistence.COMPACT_MIN_BYTES", 0)
    path = tmp_path / "state.json"
    state_file, namespace = opened(path, small_data)
    world = namespace.world
    compactions = state_file.compactions
    posts = []
    while state_file.compactions == compactions:
        posts.append(add_post(world, TWITTER, "draft"))
        committed(state_file, namespace)
    document = orjson.loads(path.read_bytes())
    in_snapshot = {p["id"] for p in snapshot.table_items("posts", document["namespaces"]["default"]["posts"])}
    assert {post.id for post in posts} <= in_snapshot
    assert journal.read_journal(journal_of(path).read_bytes()).records == []


def test_a_torn_last_record_is_dropped_and_the_acknowledged_writes_restored(
    tmp_path: Path, small_data: WorldData
) -> None:
    path = tmp_path / "state.json"
    state_file, namespace = opened(path, small_data)
    world = namespace.world
    acknowledged = [add_post(world, TWITTER, "draft").id for _ in range(2)]
    committed(state_file, namespace)
    state_file.close()
    with journal_of(path).open("ab") as handle:  # a crash mid-append: a frame promising more bytes
        handle.write(journal.FRAME.pack(5000, 0) + b'{"namespaces": {"default": {"head')
    _, restored = opened(path, small_data)
    assert set(acknowledged) <= set(restored.world.posts)
    assert journal.read_journal(journal_of(path).read_bytes()).torn_bytes == 0  # rewritten clean


@pytest.mark.parametrize(
    "tail",
    [b"\x00\x00\x00", b"\x00" * 64, "checksum"],
    ids=["cut-frame", "zero-filled", "bad-checksum-last"],
)
def test_every_kind_of_torn_tail_is_dropped(tmp_path: Path, small_data: WorldData, tail: bytes | str) -> None:
    path = tmp_path / "state.json"
    state_file, namespace = opened(path, small_data)
    world = namespace.world
    post = add_post(world, TWITTER, "draft")
    committed(state_file, namespace)
    state_file.close()
    payload = b'{"namespaces": {}}'
    damaged = journal.FRAME.pack(len(payload), 12345) + payload if tail == "checksum" else tail
    with journal_of(path).open("ab") as handle:
        handle.write(damaged)  # type: ignore[arg-type]
    assert post.id in saved_post_ids(path)


def test_a_damaged_record_before_the_end_is_refused_and_both_files_left_alone(
    tmp_path: Path, small_data: WorldData
) -> None:
    path = tmp_path / "state.json"
    state_file, namespace = opened(path, small_data)
    world = namespace.world
    for _ in range(2):
        add_post(world, TWITTER, "draft")
        committed(state_file, namespace)
    state_file.close()
    raw = bytearray(journal_of(path).read_bytes())
    first_record = len(journal.header_record("x" * 16))  # the first change record starts here
    raw[first_record + journal.FRAME.size + 5] ^= 0xFF  # flip a byte inside it
    journal_of(path).write_bytes(bytes(raw))
    before = path.read_bytes()
    with pytest.raises(StateFileError) as caught:
        opened(path, small_data)
    message = str(caught.value)
    assert (
        str(journal_of(path)) in message and "checksum mismatch" in message and "refusing to start" in message
    )
    assert path.read_bytes() == before and journal_of(path).read_bytes() == bytes(raw)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"hello, I am a text file\n", "not a buffer-mock journal"),
        (journal.MAGIC + journal.frame(b'{"format": "other"}'), "not a buffer-mock journal header"),
        (
            journal.MAGIC
            + journal.frame(b'{"format": "buffer-mock-journal", "version": 9, "generation": "g"}'),
            "journal format version 9 is not supported",
        ),
        (journal.MAGIC, "header record is missing"),
    ],
)
def test_a_foreign_journal_is_refused_and_left_alone(
    tmp_path: Path, small_data: WorldData, content: bytes, reason: str
) -> None:
    path = tmp_path / "state.json"
    state_file, namespace = opened(path, small_data)
    world = namespace.world
    world.touch()
    committed(state_file, namespace)
    state_file.close()
    journal_of(path).write_bytes(content)
    with pytest.raises(StateFileError, match=reason):
        opened(path, small_data)
    assert journal_of(path).read_bytes() == content


def test_a_journal_of_an_earlier_snapshot_is_ignored(tmp_path: Path, small_data: WorldData) -> None:
    """A crash between writing a compacted snapshot and its fresh journal leaves the old journal."""
    path = tmp_path / "state.json"
    state_file, namespace = opened(path, small_data)
    world = namespace.world
    post = add_post(world, TWITTER, "draft")
    committed(state_file, namespace)
    old_journal = journal_of(path).read_bytes()
    state_file.save()  # compaction: the post is in the snapshot now
    state_file.close()
    journal_of(path).write_bytes(old_journal)
    _, restored = opened(path, small_data)
    assert post.id in restored.world.posts


def test_a_failed_append_is_rolled_back_and_written_whole_next_time(
    tmp_path: Path, small_data: WorldData, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    state_file, namespace = opened(path, small_data)
    world = namespace.world
    add_post(world, TWITTER, "draft")
    committed(state_file, namespace)
    size = journal_of(path).stat().st_size
    lost = add_post(world, TWITTER, "draft")

    def full_disk(fd: int, data: bytes) -> None:
        os.write(fd, data[:7])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("mockserver.store.persistence.append_durably", full_disk)
    with pytest.raises(OSError, match="No space"):
        state_file.commit()
    assert journal_of(path).stat().st_size == size  # the half record is gone
    monkeypatch.undo()
    committed(state_file, namespace)
    assert lost.id in saved_post_ids(path)
