"""Live-safe writes: under ``--allow-writes --write-channel ID`` only draft-creating operations
run, only on that channel, and every post they create is deleted at the end (also on failure
and on Ctrl-C). Nothing else is ever written to the target."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from mockserver.contract.corpus import CorpusOperation
from mockserver.contract.endpoint import ContractRunError, Endpoint, Exchange

DELETE_POST = (
    "mutation ContractCleanupDeletePost($input: DeletePostInput!) "
    "{ deletePost(input: $input) { __typename ... on DeletePostSuccess { id } "
    "... on MutationError { message } } }"
)


def _created_ids(body: Any) -> list[str]:
    data = body.get("data") if isinstance(body, Mapping) else None
    ids = []
    for value in (data or {}).values():
        post = value.get("post") if isinstance(value, Mapping) else None
        if isinstance(post, Mapping) and isinstance(post.get("id"), str):
            ids.append(post["id"])
    return ids


class DraftGuard:
    """Sends write operations only when they are drafts on the allowed channel; records what
    they create so :meth:`cleanup` can delete it."""

    def __init__(self, endpoint: Endpoint, channel: str) -> None:
        self.endpoint = endpoint
        self.channel = channel
        self.created: list[str] = []
        self.cleanup_failures: list[str] = []

    def check(self, operation: CorpusOperation, variables: Mapping[str, Any]) -> None:
        raw = variables.get("input")
        value: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        if (
            not operation.writes
            or value.get("saveToDraft") is not True
            or value.get("channelId") != self.channel
        ):
            raise ContractRunError(
                f"{operation.source}: refused: a write must create a draft (saveToDraft: true) "
                "on the write channel"
            )

    def execute(self, operation: CorpusOperation, variables: Mapping[str, Any]) -> Exchange:
        self.check(operation, variables)
        exchange = self.endpoint.execute(operation.document, variables)
        self.created += _created_ids(exchange.body)
        return exchange

    def cleanup(self) -> None:
        while self.created:
            post_id = self.created.pop()
            try:
                exchange = self.endpoint.execute(DELETE_POST, {"input": {"id": post_id}})
            except ContractRunError as error:
                self.cleanup_failures.append(f"{post_id}: {error}")
                continue
            data = exchange.body.get("data") if isinstance(exchange.body, Mapping) else None
            if (
                not isinstance(data, Mapping)
                or (data.get("deletePost") or {}).get("__typename") != "DeletePostSuccess"
            ):
                self.cleanup_failures.append(f"{post_id}: HTTP {exchange.status} {str(exchange.body)[:200]}")


@contextmanager
def draft_writes(endpoint: Endpoint, channel: str) -> Iterator[DraftGuard]:
    """Every id created inside the block is deleted when it ends, however it ends (KeyboardInterrupt too)."""
    guard = DraftGuard(endpoint, channel)
    try:
        yield guard
    finally:
        guard.cleanup()
