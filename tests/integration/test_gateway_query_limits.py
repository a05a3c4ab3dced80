"""Through HTTP: Buffer's document limits at the limit (accepted) and one over (refused)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from graphql import parse

from mockserver import errors
from mockserver.gateway.query_limits import measure_document
from mockserver.graphql_schema import build_schema
from mockserver.settings import QueryLimits
from tests.reference import cli_documents
from tests.unit.gateway.small_world import CHANNEL_ID, ORG_ID, Gateway, gateway_settings


@pytest.fixture(scope="module")
def gateway() -> Iterator[Gateway]:
    gateway = Gateway(gateway_settings(rate_limit_mode="off"))
    yield gateway
    gateway.close()


def of_type_chain(levels: int, leaves: str = "name") -> str:
    """``{ __type(name: "Post") { ofType { ... { <leaves> } } } }``: depth is ``levels + 2``."""
    return '{ __type(name: "Post") ' + "{ ofType " * levels + "{ " + leaves + " }" + " }" * levels + " }"


def limit_error(response: Any) -> str:
    """The message of a query-limit refusal, checking its shape: 400, plain error, no code."""
    assert response.status_code == 400, response.text
    (error,) = response.json()["errors"]
    assert set(error) == {"message"}
    return str(error["message"])


def accepted(response: Any) -> bool:
    return response.status_code == 200 and "errors" not in response.json()


def test_depth_25_passes_and_26_is_refused(gateway: Gateway) -> None:
    assert accepted(gateway.post(of_type_chain(23)))
    message = limit_error(gateway.post(of_type_chain(24)))
    assert message == "Query depth 26 exceeds the maximum allowed depth of 25."


def test_30_aliases_pass_and_31_are_refused(gateway: Gateway) -> None:
    assert accepted(gateway.post("{ " + " ".join(f"a{i}: __typename" for i in range(30)) + " }"))
    message = limit_error(gateway.post("{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }"))
    assert message == "Query uses 31 aliases, more than the maximum of 30 allowed."


def test_50_directives_pass_and_51_are_refused(gateway: Gateway) -> None:
    assert accepted(gateway.post("{ " + " __typename @include(if: true)" * 50 + " }"))
    message = limit_error(gateway.post("{ " + " __typename @include(if: true)" * 51 + " }"))
    assert message == "Query uses 51 directives, more than the maximum of 50 allowed."


def test_over_complex_query_gets_buffers_verbatim_message_without_code(gateway: Gateway) -> None:
    query = of_type_chain(23, "name kind description specifiedByURL isOneOf __typename a: name")
    (cost,) = [m.cost for m in measure_document(build_schema(), parse(query)).values()]
    assert cost > 175_000
    assert limit_error(gateway.post(query)) == errors.MSG_COMPLEXITY


def test_complexity_exactly_at_the_limit_passes_and_one_point_less_refuses() -> None:
    query = of_type_chain(10, "name kind")
    (cost,) = [m.cost for m in measure_document(build_schema(), parse(query)).values()]
    at_limit = Gateway(gateway_settings(query_limits=QueryLimits(max_complexity=int(cost) + 1)))
    assert accepted(at_limit.post(query))
    over = Gateway(gateway_settings(query_limits=QueryLimits(max_complexity=int(cost) - 1)))
    assert limit_error(over.post(query)) == errors.MSG_COMPLEXITY


def test_every_cli_document_is_well_inside_every_limit() -> None:
    documents = cli_documents()
    limits = QueryLimits()
    schema = build_schema()
    for command in documents.values():
        for variant in ("documentDefaultFields", "documentAllFields"):
            for measure in measure_document(schema, parse(command[variant])).values():
                assert measure.cost < limits.max_complexity / 10
                assert measure.depth < limits.max_depth
                assert measure.aliases <= limits.max_aliases


def big_list_document(token_count: int) -> str:
    """A valid document of exactly ``token_count`` tokens (a long channel-id list)."""
    head = "query Limits($ids: [ChannelId!]! = ["
    tail = "]) { dailyPostingLimits(input: {channelIds: $ids}) { channelId } }"
    fixed = len(
        [
            "query",
            "Limits",
            "(",
            "$",
            "ids",
            ":",
            "[",
            "ChannelId",
            "!",
            "]",
            "!",
            "=",
            "[",
            "]",
            ")",
            "{",
            "dailyPostingLimits",
            "(",
            "input",
            ":",
            "{",
            "channelIds",
            ":",
            "$",
            "ids",
            "}",
            ")",
            "{",
            "channelId",
            "}",
            "}",
        ]
    )
    return head + " ".join(f'"{CHANNEL_ID}"' for _ in range(token_count - fixed)) + tail


def test_15000_tokens_pass_and_15001_are_refused(gateway: Gateway) -> None:
    at_limit = gateway.post(big_list_document(15_000))
    assert at_limit.status_code == 200, at_limit.text[:300]
    message = limit_error(gateway.post(big_list_document(15_001)))
    assert message == "Query exceeds the maximum allowed number of tokens (15000)."


def test_page_size_over_100_is_refused_with_the_observed_message(gateway: Gateway) -> None:
    query = (
        "query P($org: OrganizationId!, $n: Int) "
        "{ posts(first: $n, input: {organizationId: $org}) { edges { cursor } } }"
    )
    assert accepted(gateway.post(query, variables={"org": ORG_ID, "n": 100}))
    response = gateway.post(query, variables={"org": ORG_ID, "n": 101})
    assert response.json()["errors"][0]["message"] == errors.MSG_PAGINATION_LIMIT


def test_limit_refusals_are_cached_with_the_document(gateway: Gateway) -> None:
    query = of_type_chain(30)
    first = gateway.post(query)
    misses = gateway.app.state.endpoint.documents.misses
    second = gateway.post(query)
    assert first.json() == second.json()
    assert gateway.app.state.endpoint.documents.misses == misses
