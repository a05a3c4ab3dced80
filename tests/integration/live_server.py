"""A real ``buffer-mock serve`` in a subprocess on 127.0.0.1, and a roomy world to write into.

Used by the persistence, namespace and concurrency tests and by ``bench/bench_writes.py``:
the server is started on a free port, waited for through ``/_mock/health``, and always
killed by :meth:`LiveServer.stop` (tests call it in teardown).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

HOST = "127.0.0.1"
ROOMY_KEY = "buf_mock_roomy_personal_key"
ROOMY_ANCHOR = "2026-06-01T00:00:00Z"
ROOMY_ORGANIZATION = "5f0000000000000000000b01"

CREATE_POST = """
mutation CreatePost($input: CreatePostInput!) {
  createPost(input: $input) {
    __typename
    ... on PostActionSuccess { post { id status dueAt channelId } }
    ... on MutationError { message }
  }
}
"""

READ_POST = "query ReadPost($id: PostId!) { post(input: {id: $id}) { id status dueAt } }"

LIST_POSTS = """
query ListPosts($organizationId: OrganizationId!, $after: String) {
  posts(first: 100, after: $after, input: {organizationId: $organizationId}) {
    edges { node { id status dueAt channelId } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def run_in_threads(jobs: Iterable[Callable[[], None]], timeout: float) -> None:
    """Run every job in its own thread at once; fails if any is still running after ``timeout``."""
    threads = [threading.Thread(target=job, daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = sum(thread.is_alive() for thread in threads)
    assert stuck == 0, f"{stuck} thread(s) still running after {timeout}s"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def serve_command() -> list[str]:
    """``buffer-mock serve`` from the running interpreter's environment."""
    script = Path(sys.executable).with_name("buffer-mock")
    return [str(script), "serve"] if script.exists() else [sys.executable, "-m", "mockserver", "serve"]


@dataclass
class LiveServer:
    """One ``buffer-mock serve`` subprocess; ``stop()`` (or ``kill()``) always ends it."""

    args: list[str]
    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def stderr_path(self) -> Path:
        return self.workdir / f"server-{self.starts}.stderr"

    def start(self, *, wait: bool = True, timeout: float = 30.0) -> LiveServer:
        self.starts += 1
        command = [*serve_command(), "--host", HOST, "--port", str(self.port), *self.args]
        stdout_path = self.workdir / f"server-{self.starts}.stdout"
        with stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.process = subprocess.Popen(
                command,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        if wait:
            self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exit_code() is not None:
                raise RuntimeError(f"server exited with {self.exit_code()}: {self.stderr()}")
            try:
                if httpx.get(f"{self.url}/_mock/health", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server not ready after {timeout}s: {self.stderr()}")

    def wait_exit(self, timeout: float = 30.0) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, exactly like a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def roomy_client(url: str, timeout: float = 30.0) -> httpx.Client:
    """An HTTP client for the server at ``url`` that authenticates with the roomy world's key."""
    return httpx.Client(base_url=url, timeout=timeout, headers={"authorization": f"Bearer {ROOMY_KEY}"})


def send_create_post(client: httpx.Client, values: dict[str, Any]) -> httpx.Response:
    return client.post("/graphql", json={"query": CREATE_POST, "variables": {"input": values}})


def graphql(
    client: httpx.Client,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str = ROOMY_KEY,
    namespace: str | None = None,
) -> dict[str, Any]:
    """POST one operation; insists on a 200 without errors and returns ``data``."""
    headers = {"authorization": f"Bearer {token}"}
    if namespace is not None:
        headers["x-buffer-mock-namespace"] = namespace
    response = client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]  # type: ignore[no-any-return]


def all_posts(
    client: httpx.Client, *, namespace: str | None = None, organization_id: str = ROOMY_ORGANIZATION
) -> list[dict[str, Any]]:
    """Every post of the organization, read page by page through the public API."""
    posts: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        page = graphql(
            client, LIST_POSTS, {"organizationId": organization_id, "after": after}, namespace=namespace
        )["posts"]
        posts.extend(edge["node"] for edge in page["edges"] or [])
        if not page["pageInfo"]["hasNextPage"]:
            return posts
        after = page["pageInfo"]["endCursor"]


def create_post_input(channel_id: str, text: str, *, queued: bool) -> dict[str, Any]:
    """A draft (``saveToDraft``) or a post added to the channel's queue (``mode: addToQueue``)."""
    values: dict[str, Any] = {
        "channelId": channel_id,
        "text": text,
        "mode": "addToQueue",
        "schedulingType": "automatic",
    }
    if not queued:
        values["saveToDraft"] = True
    return values


# --- the roomy world: room for thousands of queued posts ------------------------------------------


def roomy_channel_ids(count: int) -> list[str]:
    return [f"5f0000000000000000000d{index:02x}" for index in range(1, count + 1)]


def write_roomy_world(
    directory: Path, *, channels: int = 4, slots_per_day: int = 96, name: str = "roomy"
) -> list[str]:
    """A one-organization world whose channels have ``slots_per_day`` queue slots every day and no
    posting limits; returns the channel ids."""
    directory.mkdir(parents=True, exist_ok=True)
    step = 24 * 60 // slots_per_day
    times = [f"{minute // 60:02d}:{minute % 60:02d}" for minute in range(0, 24 * 60, step)][:slots_per_day]
    account = "5f0000000000000000000a01"
    ids = roomy_channel_ids(channels)
    document = {
        "version": 1,
        "world": {"name": name, "anchor": ROOMY_ANCHOR, "seed": 11},
        "accounts": [
            {
                "id": account,
                "email": "writer@example.test",
                "name": "Writer",
                "avatar": "https://avatars.example.test/writer.png",
                "timezone": "UTC",
                "createdAt": "2025-01-01T00:00:00Z",
            }
        ],
        "tokens": [{"token": ROOMY_KEY, "accountId": account, "kind": "personal"}],
        "organizations": [
            {
                "id": ROOMY_ORGANIZATION,
                "name": "Roomy",
                "ownerEmail": "writer@example.test",
                "plan": "team",
                "limits": {"scheduledPosts": 1_000_000},
                "members": [{"accountId": account, "role": "owner"}],
            }
        ],
        "channels": [
            {
                "id": channel_id,
                "organizationId": ROOMY_ORGANIZATION,
                "service": "mastodon",
                "type": "profile",
                "name": f"roomy{index}",
                "avatar": "https://avatars.example.test/ch.png",
                "serviceId": f"{1000 + index}",
                "timezone": "UTC",
                "isLocked": False,
                "isDisconnected": False,
                "isQueuePaused": False,
                "postingSchedule": [
                    {"day": day, "times": times} for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
                ],
                "createdAt": "2025-01-02T00:00:00Z",
                "updatedAt": "2025-01-02T00:00:00Z",
            }
            for index, channel_id in enumerate(ids)
        ],
    }
    (directory / "world.yaml").write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return ids


def roomy_server(workdir: Path, *arguments: str, channels: int = 4) -> tuple[LiveServer, list[str]]:
    """A (not yet started) server over a fresh roomy world, its clock frozen at the world's anchor."""
    ids = write_roomy_world(workdir / "roomy", channels=channels)
    command = ["--fixtures", str(workdir / "roomy"), "--clock", ROOMY_ANCHOR, "--freeze-clock", *arguments]
    return LiveServer(command, workdir), ids
