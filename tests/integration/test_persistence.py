"""``buffer-mock serve --state-file``: acknowledged writes survive a crash; bad files are refused.

Every test runs a real server in a subprocess on 127.0.0.1 and kills it in teardown.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest

from mockserver.store import journal, snapshot
from mockserver.store.persistence import read_state
from tests.integration.live_server import (
    CREATE_POST,
    LiveServer,
    all_posts,
    create_post_input,
    graphql,
    roomy_client,
    roomy_server,
    send_create_post,
    write_roomy_world,
)

KILL_AFTER_ACKNOWLEDGED = 150
DEADLINE_SECONDS = 60


@pytest.fixture
def state_server(tmp_path: Path) -> Iterator[tuple[LiveServer, list[str]]]:
    """A server over a roomy world with ``--state-file tmp_path/state.json`` (not started yet)."""
    server, channels = roomy_server(
        tmp_path, "--state-file", str(tmp_path / "state.json"), "--load-root", str(tmp_path)
    )
    try:
        yield server, channels
    finally:
        server.kill()


class Writer(threading.Thread):
    """Creates posts until told to stop or until the server goes away; keeps what was acknowledged."""

    def __init__(self, url: str, channel_id: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.channel_id = channel_id
        self.stop = stop
        self.acknowledged: list[str] = []
        self.cut_off = False  # the server vanished while this writer was still writing
        self.unexpected: list[str] = []

    def run(self) -> None:
        with roomy_client(self.url, timeout=10.0) as client:
            count = 0
            while not self.stop.is_set():
                values = create_post_input(self.channel_id, f"write {count}", queued=count % 4 == 0)
                try:
                    response = send_create_post(client, values)
                except httpx.HTTPError:
                    self.cut_off = True
                    return
                payload = response.json()["data"]["createPost"] if response.status_code == 200 else None
                if payload is None or payload["__typename"] != "PostActionSuccess":
                    self.unexpected.append(response.text)
                    return
                self.acknowledged.append(payload["post"]["id"])
                count += 1


def test_every_acknowledged_write_survives_sigkill_mid_run(
    tmp_path: Path, state_server: tuple[LiveServer, list[str]]
) -> None:
    server, channels = state_server
    state = tmp_path / "state.json"
    server.start()
    stop = threading.Event()
    writers = [Writer(server.url, channel, stop) for channel in channels[:2]]
    for writer in writers:
        writer.start()
    deadline = time.monotonic() + DEADLINE_SECONDS
    while sum(len(w.acknowledged) for w in writers) < KILL_AFTER_ACKNOWLEDGED and time.monotonic() < deadline:
        time.sleep(0.01)
    server.kill()  # SIGKILL while both writers are mid-stream
    stop.set()
    for writer in writers:
        writer.join(15)
    acknowledged = [post_id for writer in writers for post_id in writer.acknowledged]
    assert not any(w.unexpected for w in writers), [w.unexpected for w in writers]
    assert len(acknowledged) >= KILL_AFTER_ACKNOWLEDGED
    assert any(w.cut_off for w in writers), "the kill should land while a client is still writing"

    assert isinstance(orjson.loads(state.read_bytes()), dict)  # whole, valid JSON: never half-written
    document = read_state(state)  # the snapshot with its journal's changes
    saved_posts = snapshot.table_items("posts", document["namespaces"]["default"]["posts"])
    saved_ids = {post["id"] for post in saved_posts}
    assert set(acknowledged) <= saved_ids

    server.start()
    with httpx.Client(base_url=server.url, timeout=10.0) as client:
        restored = {post["id"] for post in all_posts(client)}
        assert set(acknowledged) <= restored
        assert restored == saved_ids
        fresh = graphql(
            client, CREATE_POST, {"input": create_post_input(channels[0], "after restart", queued=False)}
        )
    assert fresh["createPost"]["post"]["id"] not in restored
    assert not list(tmp_path.glob(".state.json.*.tmp"))


def test_clean_restart_keeps_namespaces_clock_and_loaded_fixtures(
    tmp_path: Path, state_server: tuple[LiveServer, list[str]]
) -> None:
    server, channels = state_server
    other = tmp_path / "other"
    write_roomy_world(other, channels=2, name="other world")
    server.start()
    with httpx.Client(base_url=server.url, timeout=10.0) as client:
        assert client.post("/_mock/load", json={"path": str(other)}).status_code == 200
        post = graphql(
            client, CREATE_POST, {"input": create_post_input(channels[0], "ci", queued=True)}, namespace="ci"
        )["createPost"]["post"]
        clock = client.post("/_mock/clock/advance?namespace=ci", json={"duration": "2h"}).json()
    server.stop()
    assert server.wait_exit() is not None

    server.start()
    with httpx.Client(base_url=server.url, timeout=10.0) as client:
        health = client.get("/_mock/health").json()
        assert health["world"] == "other world"
        assert "ci" in health["namespaces"]
        assert client.get("/_mock/clock?namespace=ci").json() == clock
        assert [p["id"] for p in all_posts(client, namespace="ci")] == [post["id"]]
        assert all_posts(client) == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"format": "buffer-mock-state", "version": 1, "namespaces": {"default": {"na', "not valid JSON"),
        (b'{"format": "buffer-mock-state", "version": 7, "namespaces": {}}', "version 7 is not supported"),
        (b'{"hello": "world"}', "not a buffer-mock state file"),
    ],
)
def test_bad_state_file_is_refused_with_exit_code_2_and_left_alone(
    tmp_path: Path, state_server: tuple[LiveServer, list[str]], content: bytes, reason: str
) -> None:
    server, _ = state_server
    state = tmp_path / "state.json"
    state.write_bytes(content)
    server.start(wait=False)
    assert server.wait_exit(30) == 2
    message = server.stderr()
    assert f"state file: {state}" in message and reason in message and "refusing to start" in message
    assert "Traceback" not in message
    assert state.read_bytes() == content


def test_a_torn_journal_tail_after_sigkill_is_dropped_and_every_acknowledged_write_restored(
    tmp_path: Path, state_server: tuple[LiveServer, list[str]]
) -> None:
    server, channels = state_server
    state = tmp_path / "state.json"
    server.start()
    stop = threading.Event()
    writer = Writer(server.url, channels[0], stop)
    writer.start()
    deadline = time.monotonic() + DEADLINE_SECONDS
    while len(writer.acknowledged) < KILL_AFTER_ACKNOWLEDGED // 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    server.kill()
    stop.set()
    writer.join(15)
    assert not writer.unexpected and len(writer.acknowledged) >= KILL_AFTER_ACKNOWLEDGED // 3
    # what a crash in the middle of an append leaves: a frame promising more than the disk got
    with state.with_name("state.json.journal").open("ab") as handle:
        handle.write(journal.FRAME.pack(4096, 0) + b'{"namespaces": {"default": {"header": {"na')

    server.start()
    with httpx.Client(base_url=server.url, timeout=10.0) as client:
        restored = {post["id"] for post in all_posts(client)}
    assert set(writer.acknowledged) <= restored
    assert journal.read_journal(state.with_name("state.json.journal").read_bytes()).torn_bytes == 0
