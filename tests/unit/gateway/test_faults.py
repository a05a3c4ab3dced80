"""Fault selection: matching, counting down, seeded probability and latency, spec checks."""

from __future__ import annotations

import random

import pytest

from mockserver.gateway.faults import (
    FaultBoard,
    FaultSpec,
    LatencySpec,
    RequestShape,
    error_member,
    mutation_fields_with_member,
    payload_members,
)
from mockserver.graphql_schema import build_schema

ACCOUNT = RequestShape("Account", "query", ("account",))
CREATE_POST = RequestShape(
    "CreatePost",
    "mutation",
    ("createPost",),
    (frozenset({"PostActionSuccess", "LimitReachedError", "InvalidInputError"}),),
)
DELETE_POST = RequestShape(
    "DeletePost", "mutation", ("deletePost",), (frozenset({"DeletePostSuccess", "VoidMutationError"}),)
)


def armed(*specs: FaultSpec) -> FaultBoard:
    board = FaultBoard()
    for spec in specs:
        board.arm(spec)
    return board


def test_a_fault_matches_the_operation_name_or_a_root_field_name() -> None:
    by_operation = armed(FaultSpec("http_error", operation="Account", status=503))
    by_field = armed(FaultSpec("http_error", operation="account", status=503))
    assert by_operation.select(ACCOUNT).fault is not None
    assert by_field.select(ACCOUNT).fault is not None
    assert by_field.select(CREATE_POST).fault is None


def test_a_fault_without_operation_hits_every_request() -> None:
    board = armed(FaultSpec("graphql_error", code="UNEXPECTED"))
    assert board.select(ACCOUNT).fault is not None
    assert board.select(CREATE_POST).fault is not None


def test_times_counts_down_matching_calls_only_and_then_disarms() -> None:
    board = armed(FaultSpec("http_error", operation="createPost", status=500, times=2))
    assert board.select(ACCOUNT).is_empty  # does not match: not consumed
    assert board.select(CREATE_POST).fault is not None
    assert board.select(CREATE_POST).fault is not None
    assert board.select(CREATE_POST).fault is None
    assert not board


def test_without_times_a_fault_stays_armed_until_removed() -> None:
    board = armed(FaultSpec("drop_connection"))
    for _ in range(5):
        assert board.select(ACCOUNT).fault is not None
    (fault,) = board.armed()
    assert fault.hits == 5
    assert board.remove(fault.id)
    assert board.select(ACCOUNT).is_empty


def test_probability_draws_from_the_faults_own_seed_reproducibly() -> None:
    spec = FaultSpec("http_error", status=502, probability=0.3, seed=42)
    board_a, board_b = armed(spec), armed(spec)
    hits_a = [board_a.select(ACCOUNT).fault is not None for _ in range(200)]
    hits_b = [board_b.select(ACCOUNT).fault is not None for _ in range(200)]
    assert hits_a == hits_b
    assert 0 < sum(hits_a) < 200
    rng = random.Random(42)
    assert hits_a == [rng.random() < 0.3 for _ in range(200)]


def test_a_missed_probability_roll_does_not_use_up_a_counted_fault() -> None:
    board = armed(FaultSpec("http_error", status=502, probability=0.5, seed=1, times=3))
    hits = sum(board.select(ACCOUNT).fault is not None for _ in range(100))
    assert hits == 3


def test_typed_mutation_error_only_hits_mutations_whose_union_has_the_member() -> None:
    board = armed(FaultSpec("mutation_error", typename="LimitReachedError"))
    assert board.select(ACCOUNT).is_empty
    assert board.select(DELETE_POST).is_empty
    assert board.select(CREATE_POST).fault is not None


def test_one_answer_per_request_and_latencies_add_up() -> None:
    board = armed(
        FaultSpec("latency", latency=LatencySpec(ms=100)),
        FaultSpec("http_error", status=500),
        FaultSpec("graphql_error", code="FORBIDDEN", times=1),
        FaultSpec("latency", latency=LatencySpec(ms=25)),
    )
    injection = board.select(ACCOUNT)
    assert injection.latency_ms == 125
    assert injection.fault is not None and injection.fault.kind == "http_error"
    assert [entry["kind"] for entry in injection.applied] == ["latency", "http_error", "latency"]
    assert len(board.armed()) == 4  # the graphql_error was never rolled, so not consumed


def test_uniform_latency_is_seeded_and_within_bounds() -> None:
    spec = LatencySpec("uniform", min_ms=50, max_ms=80)
    samples = [spec.sample(random.Random(9)) for _ in range(3)]
    assert samples[0] == samples[1] == samples[2]
    rng = random.Random(3)
    assert all(50 <= spec.sample(rng) <= 80 for _ in range(500))


def test_exponential_latency_has_the_requested_mean_and_respects_a_cap() -> None:
    rng = random.Random(5)
    spec = LatencySpec("exponential", mean_ms=40)
    mean = sum(spec.sample(rng) for _ in range(5000)) / 5000
    assert 36 < mean < 44
    capped = LatencySpec("exponential", mean_ms=40, max_ms=10)
    assert max(capped.sample(rng) for _ in range(500)) == 10


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        (FaultSpec("graphql_error", code="TEAPOT"), "code must be one of"),
        (FaultSpec("http_error", status=418), "status must be one of"),
        (FaultSpec("mutation_error", typename="Post"), "typename must be one of"),
        (FaultSpec("latency"), "a latency fault needs a latency"),
        (FaultSpec("latency", latency=LatencySpec("uniform", min_ms=9, max_ms=1)), "must not exceed"),
        (FaultSpec("latency", latency=LatencySpec("exponential")), "mean_ms must be positive"),
        (FaultSpec("drop_connection", times=0), "times must be at least 1"),
        (FaultSpec("drop_connection", probability=0), "probability must be in"),
        (FaultSpec("boom"), "kind must be one of"),  # type: ignore[arg-type]
    ],
)
def test_bad_specs_are_refused_with_a_reason(spec: FaultSpec, problem: str) -> None:
    assert any(problem in p for p in spec.problems())
    with pytest.raises(ValueError, match=problem):
        FaultBoard().arm(spec)


def test_default_messages_exist_for_every_answer_kind() -> None:
    assert FaultSpec("graphql_error", code="NOT_FOUND").default_message()
    assert FaultSpec("http_error", status=503).default_message()
    custom = FaultSpec("mutation_error", typename="LimitReachedError", message="Queue full")
    assert custom.default_message() == "Queue full"


def test_error_member_is_a_typed_union_member() -> None:
    member = error_member(FaultSpec("mutation_error", typename="RestProxyError"))
    assert member["__typename"] == "RestProxyError"
    assert set(member) == {"__typename", "message", "code", "link"}


def test_payload_members_read_the_served_schema() -> None:
    schema = build_schema("2026-08-13")  # the reference version: its payload unions
    assert "LimitReachedError" in payload_members(schema, "mutation", "createPost")
    assert payload_members(schema, "mutation", "deletePost") == {"DeletePostSuccess", "VoidMutationError"}
    assert payload_members(schema, "query", "account") == frozenset()
    expected = ["createIdea", "createPost", "editPost"]
    assert mutation_fields_with_member(schema, "LimitReachedError") == expected
