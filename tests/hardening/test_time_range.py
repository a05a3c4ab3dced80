"""One accepted range of date-times (1970-01-01 .. 2100-12-31) wherever a time enters."""

from __future__ import annotations

import pytest

from mockserver import cli
from mockserver.clock import MockClock
from mockserver.scalars import datetime_to_ms, parse_datetime
from mockserver.settings import Settings
from mockserver.time_range import LATEST_MS, InstantOutOfRange, check_instant
from tests.conftest import GraphQLClient

ORG = "5f0000000000000000000001"


def test_the_range_ends_on_the_last_millisecond_of_2100() -> None:
    assert datetime_to_ms(parse_datetime("2100-12-31T23:59:59.999Z")) == LATEST_MS
    assert check_instant(0) == 0
    with pytest.raises(InstantOutOfRange):
        check_instant(LATEST_MS + 1)
    with pytest.raises(InstantOutOfRange):
        check_instant(-1)


@pytest.mark.parametrize(
    "text", ["2101-01-01T00:00:00Z", "2200-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z"]
)
def test_parse_datetime_refuses_instants_outside_the_range(text: str) -> None:
    with pytest.raises(InstantOutOfRange, match="outside the accepted range"):
        parse_datetime(text)


def test_clock_refuses_to_be_set_frozen_or_advanced_outside_the_range() -> None:
    clock = MockClock(start=LATEST_MS - 1000, frozen=True)
    with pytest.raises(InstantOutOfRange):
        clock.set(LATEST_MS + 1)
    with pytest.raises(InstantOutOfRange):
        clock.freeze(LATEST_MS + 1)
    with pytest.raises(InstantOutOfRange):
        clock.advance(1001)
    assert clock.now() == LATEST_MS - 1000  # unchanged by the refusals
    assert clock.advance(1000) == LATEST_MS
    with pytest.raises(InstantOutOfRange):
        MockClock(start=LATEST_MS + 1)


def test_serve_clock_beyond_2100_exits_2_without_serving(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--clock", "2200-01-01T00:00:00Z", "--port", "0"]) == cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert "invalid --clock" in err and "outside the accepted range" in err
    assert "Traceback" not in err


def test_settings_refuse_a_clock_start_outside_the_range() -> None:
    with pytest.raises(ValueError, match="outside the accepted range"):
        Settings(clock_start="9999-01-01T00:00:00Z")


def test_graphql_datetime_input_beyond_2100_is_a_bad_user_input_not_a_500(gql: GraphQLClient) -> None:
    query = (
        f'query($d: DateTime) {{ posts(input: {{organizationId: "{ORG}", filter: {{dueAt: {{start: $d}}}}}}) '
        "{ edges { cursor } } }"
    )
    response = gql.post(query, {"d": "2200-01-01T00:00:00Z"})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert (
        "DateTime cannot represent" in error["message"] and "outside the accepted range" in error["message"]
    )
    assert gql.data("{ account { id } }")["account"]["id"]  # the namespace still answers
