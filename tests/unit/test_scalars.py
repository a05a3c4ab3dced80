from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from ariadne import QueryType, make_executable_schema
from graphql import GraphQLError, GraphQLSchema, graphql_sync
from hypothesis import given
from hypothesis import strategies as st

from mockserver.scalars import (
    OBJECT_ID_SCALARS,
    SCALARS,
    datetime_to_ms,
    format_datetime_ms,
    is_object_id,
    normalize_email,
    normalize_uuid,
    parse_datetime,
    serialize_datetime,
)

VALID_ID = "68426341d6d25b49a128217b"


def _echo_schema() -> GraphQLSchema:
    """One echo field per scalar: takes the scalar, returns what the resolver received."""
    names = [*OBJECT_ID_SCALARS, "DateTime", "Uuid", "Email"]
    sdl = "\n".join(f"scalar {name}" for name in names)
    fields = "\n".join(f"  echo{name}(value: {name}!): String\n  out{name}: {name}" for name in names)
    query = QueryType()
    for name in names:
        query.set_field(f"echo{name}", lambda _obj, _info, value: repr(value))
    return make_executable_schema(f"{sdl}\ntype Query {{\n{fields}\n}}", query, *SCALARS)


SCHEMA = _echo_schema()


def run(document: str, variables: dict[str, Any] | None = None, root: Any = None) -> tuple[Any, list[str]]:
    result = graphql_sync(SCHEMA, document, variable_values=variables, root_value=root)
    return result.data, [e.message for e in result.errors or ()]


def echo_literal(scalar: str, literal: str) -> tuple[Any, list[str]]:
    data, errors = run(f"{{ echo{scalar}(value: {literal}) }}")
    return (data or {}).get(f"echo{scalar}"), errors


def echo_variable(scalar: str, value: Any) -> tuple[Any, list[str]]:
    data, errors = run(f"query($v: {scalar}!) {{ echo{scalar}(value: $v) }}", {"v": value})
    return (data or {}).get(f"echo{scalar}"), errors


def test_every_scalar_of_the_reference_has_a_bindable() -> None:
    assert sorted(s.name for s in SCALARS) == sorted([*OBJECT_ID_SCALARS, "DateTime", "Uuid", "Email"])
    assert len(OBJECT_ID_SCALARS) == 11


@pytest.mark.parametrize("scalar", OBJECT_ID_SCALARS)
def test_object_ids_accept_24_lowercase_hex_as_literal_and_variable(scalar: str) -> None:
    assert echo_literal(scalar, f'"{VALID_ID}"') == (repr(VALID_ID), [])
    assert echo_variable(scalar, VALID_ID) == (repr(VALID_ID), [])


@pytest.mark.parametrize("scalar", OBJECT_ID_SCALARS)
@pytest.mark.parametrize(
    "bad",
    ["abc", VALID_ID.upper(), VALID_ID[:-1], VALID_ID + "0", "g" * 24, f" {VALID_ID[1:]}", ""],
)
def test_object_ids_reject_anything_else_naming_the_scalar(scalar: str, bad: str) -> None:
    expected = f'{scalar} cannot represent "{bad}": expected a 24-character lowercase hexadecimal ObjectId'
    _, literal_errors = echo_literal(scalar, f'"{bad}"')
    assert literal_errors == [expected]
    _, variable_errors = echo_variable(scalar, bad)
    assert variable_errors == [f"Variable '$v' has invalid value: {expected}"]


def test_object_id_rejects_non_string_literal_and_variable() -> None:
    _, errors = echo_literal("ChannelId", "12")
    assert errors == ["ChannelId cannot represent 12: expected a 24-character lowercase hexadecimal ObjectId"]
    _, errors = echo_variable("PostId", 12)
    assert errors == [
        "Variable '$v' has invalid value: PostId cannot represent 12: "
        "expected a 24-character lowercase hexadecimal ObjectId"
    ]


def test_object_id_serializes_strings_and_refuses_other_values() -> None:
    data, errors = run("{ outChannelId }", root={"outChannelId": VALID_ID})
    assert (data, errors) == ({"outChannelId": VALID_ID}, [])
    data, errors = run("{ outChannelId }", root={"outChannelId": 42})
    assert data == {"outChannelId": None}
    assert errors == ["ChannelId cannot serialize 42: expected a string"]


def test_is_object_id() -> None:
    assert is_object_id(VALID_ID)
    assert not is_object_id(VALID_ID.upper())
    assert not is_object_id(VALID_ID[:23])


# --- DateTime ------------------------------------------------------------------------------


def test_format_datetime_ms_gives_utc_with_three_fraction_digits() -> None:
    assert format_datetime_ms(0) == "1970-01-01T00:00:00.000Z"
    assert format_datetime_ms(1761774503270) == "2025-10-29T21:48:23.270Z"
    assert format_datetime_ms(-1) == "1969-12-31T23:59:59.999Z"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-10T15:00:00.000Z", datetime(2026, 3, 10, 15, 0, tzinfo=UTC)),
        ("2026-03-10T15:00:00Z", datetime(2026, 3, 10, 15, 0, tzinfo=UTC)),
        ("2026-03-10T10:00:00-05:00", datetime(2026, 3, 10, 15, 0, tzinfo=UTC)),
        ("2026-03-10T16:30+0130", datetime(2026, 3, 10, 15, 0, tzinfo=UTC)),
        ("2026-03-10T15:00:00.123456789Z", datetime(2026, 3, 10, 15, 0, 0, 123456, tzinfo=UTC)),
        ("2026-05-05", datetime(2026, 5, 5, tzinfo=UTC)),
    ],
)
def test_parse_datetime_returns_aware_utc(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.tzinfo == UTC


@pytest.mark.parametrize(
    "bad",
    [
        "2026-03-10T15:00:00",  # no zone: never assume UTC
        "2026-03-10 15:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-02-30",
        "2026-03-10T25:00:00Z",
        "2026-03-10T15:00:00+24:00",
        "10/03/2026",
        "tomorrow",
        "",
    ],
)
def test_parse_datetime_rejects_naive_or_malformed_input(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_datetime(bad)


def test_datetime_input_through_graphql() -> None:
    assert echo_literal("DateTime", '"2026-03-10T10:00:00-05:00"') == (
        repr(datetime(2026, 3, 10, 15, 0, tzinfo=UTC)),
        [],
    )
    _, errors = echo_variable("DateTime", "2026-03-10T10:00:00")
    assert errors == [
        "Variable '$v' has invalid value: DateTime cannot represent \"2026-03-10T10:00:00\": "
        "expected an ISO 8601 date-time with Z or a UTC offset, e.g. 2026-03-10T15:00:00.000Z"
    ]
    _, errors = echo_literal("DateTime", "1700000000")
    assert errors and errors[0].startswith("DateTime cannot represent 1700000000")


def test_serialize_datetime_accepts_datetimes_epoch_ms_and_iso_strings() -> None:
    aware = datetime(2025, 10, 29, 16, 48, 23, 270999, tzinfo=timezone(timedelta(hours=-5)))
    assert serialize_datetime(aware) == "2025-10-29T21:48:23.270Z"
    assert serialize_datetime(datetime(2025, 10, 29, 21, 48, 23, 270000)) == "2025-10-29T21:48:23.270Z"
    assert serialize_datetime(1761774503270) == "2025-10-29T21:48:23.270Z"
    assert serialize_datetime("2025-10-29T22:48:23.27+01:00") == "2025-10-29T21:48:23.270Z"
    for bad in (True, 1.5, "yesterday", None):
        with pytest.raises(GraphQLError, match="DateTime cannot serialize"):
            serialize_datetime(bad)


def test_datetime_output_through_graphql() -> None:
    data, errors = run("{ outDateTime }", root={"outDateTime": 1761774503270})
    assert (data, errors) == ({"outDateTime": "2025-10-29T21:48:23.270Z"}, [])


@given(st.integers(min_value=0, max_value=4_133_980_799_999))  # the accepted range, 1970..2100
def test_epoch_ms_round_trips_through_text(ms: int) -> None:
    assert datetime_to_ms(parse_datetime(format_datetime_ms(ms))) == ms


def test_datetime_to_ms_drops_sub_millisecond_part_and_takes_naive_as_utc() -> None:
    assert datetime_to_ms(datetime(1970, 1, 1, 0, 0, 0, 1999, tzinfo=UTC)) == 1
    assert datetime_to_ms(datetime(1970, 1, 1, 0, 0, 1)) == 1000


# --- Uuid and Email ------------------------------------------------------------------------


def test_uuid_accepts_v4_in_any_case_and_returns_lowercase() -> None:
    value = "550E8400-E29B-41D4-A716-446655440000"
    assert normalize_uuid(value) == value.lower()
    assert echo_variable("Uuid", value) == (repr(value.lower()), [])
    data, _ = run("{ outUuid }", root={"outUuid": value})
    assert data == {"outUuid": value.lower()}


@pytest.mark.parametrize(
    "bad",
    [
        "550e8400-e29b-11d4-a716-446655440000",  # version 1
        "550e8400-e29b-41d4-c716-446655440000",  # wrong variant
        "550e8400e29b41d4a716446655440000",
        "not-a-uuid",
    ],
)
def test_uuid_rejects_other_strings(bad: str) -> None:
    _, errors = echo_literal("Uuid", f'"{bad}"')
    assert errors == [
        f'Uuid cannot represent "{bad}": expected an RFC 4122 version 4 UUID, '
        "e.g. 550e8400-e29b-41d4-a716-446655440000"
    ]


def test_email_is_trimmed_and_lowercased_before_validation() -> None:
    assert normalize_email("  Jane.Doe+news@Example.COM ") == "jane.doe+news@example.com"
    assert echo_literal("Email", '" Ops@Buffer.com"') == (repr("ops@buffer.com"), [])


@pytest.mark.parametrize(
    "bad", ["plainaddress", "a@b", "a@@b.com", ".a@b.com", "a..b@c.com", "a@b..com", "a b@c.com", "@b.com"]
)
def test_email_rejects_malformed_addresses(bad: str) -> None:
    with pytest.raises(ValueError):
        normalize_email(bad)
    _, errors = echo_variable("Email", bad)
    assert errors == [
        f"Variable '$v' has invalid value: Email cannot represent \"{bad}\": expected an email address"
    ]
