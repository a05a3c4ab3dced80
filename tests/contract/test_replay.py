"""Replaying the corpus on the mock and a target: no drift between equals, classified drift otherwise."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mockserver.contract.cassette import Cassette, load_cassette, save_cassette
from mockserver.contract.corpus import default_corpus_dir, load_corpus
from mockserver.contract.endpoint import Endpoint
from mockserver.contract.findings import BREAKING, DANGEROUS, SAFE
from mockserver.contract.replay import discover_ids, replay_cassette, replay_live
from mockserver.contract.report import format_replay_report

# the first eleven operations: the single-step replay of the original corpus
CORPUS = [op for op in load_corpus(default_corpus_dir()) if op.source[:2] <= "11"]


def findings_of(report: Any, operation: str) -> list[tuple[str, str, str]]:
    result = next(r for r in report.results if r.operation == operation)
    return sorted((f.severity, f.kind, f.path) for f in result.findings)


def only(operation: str, change: Callable[[dict[str, Any]], None], status: int | None = None):  # type: ignore[no-untyped-def]
    """An alteration touching one corpus operation's answer."""

    def alter(name: str, code: int, body: Any) -> tuple[int, Any]:
        if name != operation:
            return code, body
        body = copy.deepcopy(body)
        change(body)
        return (status or code), body

    return alter


def test_discovery_finds_an_organization_a_channel_and_a_post(endpoint_for: Callable[..., Endpoint]) -> None:
    assert set(discover_ids(endpoint_for())) == {"$org", "$channel", "$post"}


def test_mock_against_itself_has_no_drift(endpoint_for: Callable[..., Endpoint]) -> None:
    report = replay_live(CORPUS, endpoint_for(name="mock"), endpoint_for(name="target"))
    assert [r.skipped for r in report.results] == [None] * len(CORPUS)
    assert report.findings == []
    assert report.exit_code == 0


def test_changed_values_only_are_safe(altered_target: Callable[..., Endpoint], endpoint_for) -> None:  # type: ignore[no-untyped-def]
    def rename(body: dict[str, Any]) -> None:
        body["data"]["post"]["text"] = "another text"

    report = replay_live(CORPUS, endpoint_for(), altered_target(only("ContractPost", rename)))
    assert findings_of(report, "ContractPost") == [(SAFE, "VALUES_DIFFER", "data")]
    assert {f.severity for f in report.findings} == {SAFE}
    assert report.exit_code == 0


def test_a_removed_key_and_a_changed_type_are_breaking(altered_target, endpoint_for) -> None:  # type: ignore[no-untyped-def]
    def drift(body: dict[str, Any]) -> None:
        del body["data"]["post"]["via"]
        body["data"]["post"]["isCustomScheduled"] = "no"

    report = replay_live(CORPUS, endpoint_for(), altered_target(only("ContractPost", drift)))
    assert findings_of(report, "ContractPost") == [
        (BREAKING, "KEY_REMOVED", "data.post.via"),
        (BREAKING, "TYPE_CHANGED", "data.post.isCustomScheduled"),
    ]
    assert report.exit_code == 1


def test_a_new_key_and_a_new_null_are_dangerous(altered_target, endpoint_for) -> None:  # type: ignore[no-untyped-def]
    def drift(body: dict[str, Any]) -> None:
        for edge in body["data"]["ideas"]["edges"]:
            edge["node"]["content"]["title"] = None
            edge["node"]["pinned"] = False

    report = replay_live(CORPUS, endpoint_for(), altered_target(only("ContractIdeas", drift)))
    assert findings_of(report, "ContractIdeas") == [
        (DANGEROUS, "KEY_ADDED", "data.ideas.edges[].node.pinned"),
        (DANGEROUS, "NULLABILITY_WIDENED", "data.ideas.edges[].node.content.title"),
    ]
    assert report.exit_code == 0


def test_another_status_class_and_error_code_are_breaking(altered_target, endpoint_for) -> None:  # type: ignore[no-untyped-def]
    def fail(body: dict[str, Any]) -> None:
        body.clear()
        body["errors"] = [{"message": "slow down", "extensions": {"code": "RATE_LIMIT_EXCEEDED"}}]

    report = replay_live(CORPUS, endpoint_for(), altered_target(only("ContractIdeaGroups", fail, status=429)))
    kinds = {kind for _, kind, _ in findings_of(report, "ContractIdeaGroups")}
    assert {"STATUS_CLASS_CHANGED", "ERROR_CODES_CHANGED"} <= kinds
    assert report.exit_code == 1


def test_an_enum_value_outside_both_schemas_is_flagged(altered_target, endpoint_for) -> None:  # type: ignore[no-untyped-def]
    def drift(body: dict[str, Any]) -> None:
        body["data"]["post"]["status"] = "archived"

    report = replay_live(CORPUS, endpoint_for(), altered_target(only("ContractPost", drift)))
    assert (BREAKING, "ENUM_VALUE_INVALID", "PostStatus.archived") in findings_of(report, "ContractPost")
    assert (DANGEROUS, "ENUM_VALUE_UNKNOWN", "PostStatus.archived") in findings_of(report, "ContractPost")


def test_a_side_without_posts_skips_the_operations_needing_one(altered_target, endpoint_for) -> None:  # type: ignore[no-untyped-def]
    def no_posts(body: dict[str, Any]) -> None:
        body["data"]["posts"]["edges"] = []

    report = replay_live(CORPUS, endpoint_for(), altered_target(only("ContractDiscoverPost", no_posts)))
    post = next(r for r in report.results if r.operation == "ContractPost")
    assert post.skipped == "target: no id discovered for $post (a post of that organization)"
    assert "ContractPost: skipped" in format_replay_report(report)


def test_a_recorded_cassette_replays_against_the_mock_with_the_same_findings(
    altered_target,
    endpoint_for,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    def drift(body: dict[str, Any]) -> None:
        del body["data"]["post"]["via"]

    recording = Cassette(recorded_at="2026-11-27T10:00:00Z", target="http://target/graphql")
    live = replay_live(CORPUS, endpoint_for(), altered_target(only("ContractPost", drift)), recording)
    path = tmp_path / "cassette.json"
    save_cassette(path, recording, secrets=("buf_mock_default_personal_key",))
    assert "buf_mock_default_personal_key" not in path.read_text()
    cassette = load_cassette(path)
    assert [i.operation for i in cassette.interactions] == [op.name for op in CORPUS]

    replayed = replay_cassette(cassette, endpoint_for(name="other-mock"))
    assert findings_of(replayed, "ContractPost") == findings_of(live, "ContractPost")
    assert replayed.exit_code == 1


@pytest.mark.parametrize("operation", [op.name for op in CORPUS])
def test_every_corpus_operation_answers_cleanly_on_the_mock(operation: str, endpoint_for) -> None:  # type: ignore[no-untyped-def]
    from mockserver.contract.corpus import resolve_variables

    mock = endpoint_for()
    ids = discover_ids(mock)
    op = next(o for o in CORPUS if o.name == operation)
    exchange = mock.execute(op.document, resolve_variables(op.variables, ids))
    assert exchange.status == 200
    assert "errors" not in exchange.body, exchange.body
