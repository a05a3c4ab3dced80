"""--allow-writes: drafts on the write channel only, every created post deleted, even on Ctrl-C."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockserver.contract.corpus import load_corpus, load_write_corpus, parse_operation
from mockserver.contract.endpoint import ContractRunError, Endpoint, discover_ids
from mockserver.contract.runner import ContractRun
from mockserver.contract.writes import draft_writes

COUNT = (
    "query Count($input: PostsInput!) { posts(input: $input, first: 100) { edges { node { id status } } } }"
)
WRITES = load_write_corpus()


def drafts(endpoint: Endpoint, org: str) -> set[str]:
    body = endpoint.execute(COUNT, {"input": {"organizationId": org, "filter": {"status": ["draft"]}}}).body
    return {e["node"]["id"] for e in body["data"]["posts"]["edges"]}


def test_write_operations_create_drafts_compare_them_and_delete_every_one(
    endpoint_for: Callable[..., Endpoint],
) -> None:
    mock, target = endpoint_for(name="mock"), endpoint_for(name="target")
    ids = discover_ids(target)
    before = drafts(target, ids["$org"])
    with (
        draft_writes(target, ids["$channel"]) as on_target,
        draft_writes(mock, discover_ids(mock)["$channel"]) as on_mock,
    ):
        report = ContractRun(
            mock,
            target,
            [*load_corpus()[:1], *WRITES],
            write_channel=ids["$channel"],
            write_guards={"target": on_target, "mock": on_mock},
        ).run()
        assert len(on_target.created) == len(WRITES)
        assert drafts(target, ids["$org"]) > before
    assert drafts(target, ids["$org"]) == before
    assert on_target.cleanup_failures == []
    assert report.findings() == []


def test_without_allow_writes_a_write_operation_is_skipped_with_the_reason(
    endpoint_for: Callable[..., Endpoint],
) -> None:
    report = ContractRun(endpoint_for(name="mock"), endpoint_for(name="target"), list(WRITES)).run()
    assert {o.skipped for o in report.outcomes} == {
        "a write operation: runs only with --allow-writes --write-channel ID"
    }


def test_created_drafts_are_deleted_on_ctrl_c(endpoint_for: Callable[..., Endpoint]) -> None:
    target = endpoint_for(name="target")
    ids = discover_ids(target)
    before = drafts(target, ids["$org"])
    variables = {
        "input": {
            "channelId": ids["$channel"],
            "text": "x",
            "schedulingType": "automatic",
            "mode": "addToQueue",
            "saveToDraft": True,
        }
    }
    with pytest.raises(KeyboardInterrupt), draft_writes(target, ids["$channel"]) as guard:
        guard.execute(WRITES[0], variables)
        assert len(guard.created) == 1
        raise KeyboardInterrupt
    assert drafts(target, ids["$org"]) == before


@pytest.mark.parametrize(
    "change", [{"saveToDraft": False}, {"channelId": "another-channel"}], ids=["not-a-draft", "other-channel"]
)
def test_anything_but_a_draft_on_the_write_channel_is_refused_before_sending(
    change: dict[str, object], endpoint_for: Callable[..., Endpoint]
) -> None:
    target = endpoint_for(name="target")
    channel = discover_ids(target)["$channel"]
    variables = {
        "input": {
            "channelId": channel,
            "text": "x",
            "schedulingType": "automatic",
            "mode": "addToQueue",
            "saveToDraft": True,
            **change,
        }
    }
    with (
        draft_writes(target, channel) as guard,
        pytest.raises(ContractRunError, match="refused: a write must create a draft"),
    ):
        guard.execute(WRITES[0], variables)
    assert guard.created == []


def test_a_mutation_outside_writes_is_refused_by_the_loader() -> None:
    text = (
        "# writes: draft\nmutation M($input: DeletePostInput!) { deletePost(input: $input) { __typename } }"
    )
    with pytest.raises(ValueError, match="mutation operations are refused"):
        parse_operation(text, "delete.graphql")
