"""Concurrent writers against a real server: no lost writes, no duplicated ids or queue slots.

8 client threads x 250 ``createPost`` (three drafts for every post added to a queue) against
``buffer-mock serve`` in a subprocess; the world starts with no posts.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.live_server import (
    LiveServer,
    all_posts,
    create_post_input,
    roomy_client,
    roomy_server,
    run_in_threads,
    send_create_post,
)

THREADS = 8
POSTS_PER_THREAD = 250
QUEUED_EVERY = 4  # every 4th post goes to the queue, the rest are drafts
JOIN_SECONDS = 180


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[LiveServer, list[str]]]:
    live, channels = roomy_server(tmp_path, channels=4)
    try:
        yield live.start(), channels
    finally:
        live.kill()


def write_posts(
    url: str, channels: list[str], thread: int, results: list[dict[str, Any]], failures: list[str]
) -> None:
    with roomy_client(url) as client:
        for number in range(POSTS_PER_THREAD):
            channel = channels[(thread + number) % len(channels)]
            values = create_post_input(
                channel, f"thread {thread} post {number}", queued=number % QUEUED_EVERY == 0
            )
            response = send_create_post(client, values)
            payload = response.json().get("data") if response.status_code == 200 else None
            if not payload or payload["createPost"]["__typename"] != "PostActionSuccess":
                failures.append(f"{response.status_code} {response.text}")
                return
            results.append(payload["createPost"]["post"])


def test_parallel_writers_lose_nothing_and_duplicate_nothing(server: tuple[LiveServer, list[str]]) -> None:
    live, channels = server
    results: list[dict[str, Any]] = []
    failures: list[str] = []
    run_in_threads(
        [
            functools.partial(write_posts, live.url, channels, index, results, failures)
            for index in range(THREADS)
        ],
        JOIN_SECONDS,
    )
    assert failures == []

    expected = THREADS * POSTS_PER_THREAD
    ids = [post["id"] for post in results]
    assert len(ids) == expected and len(set(ids)) == expected

    queued = [post for post in results if post["status"] == "scheduled"]
    assert len(queued) == THREADS * len(range(0, POSTS_PER_THREAD, QUEUED_EVERY))
    slots = Counter((post["channelId"], post["dueAt"]) for post in queued)
    assert all(post["dueAt"] for post in queued)
    assert [slot for slot, uses in slots.items() if uses > 1] == []
    assert Counter(post["status"] for post in results)["draft"] == expected - len(queued)

    with roomy_client(live.url) as client:
        stored = all_posts(client)
    assert sorted(post["id"] for post in stored) == sorted(ids)
    assert {(p["channelId"], p["dueAt"]) for p in stored if p["status"] == "scheduled"} == set(slots)
