"""The custom scalars of Buffer's schema, as ariadne bindables, plus the pure helpers behind them.

* ObjectId family (``ChannelId``, ``PostId``, ...): exactly 24 lowercase hexadecimal
  characters on input; strings pass through on output.
* ``DateTime``: ISO 8601 input with ``Z`` or an offset (a bare ``YYYY-MM-DD`` means midnight
  UTC; a time without a zone is rejected), parsed to an aware UTC ``datetime``. Output is UTC
  with exactly three fractional digits and ``Z``; resolvers may hand over a ``datetime``, an
  ``int`` of epoch milliseconds (the store's unit) or an ISO string.
* ``Uuid``: RFC 4122 version 4, any case in, lowercase out.
* ``Email``: trimmed and lowercased, then checked against a sane address pattern.

Bad input raises :class:`GraphQLError` naming the scalar, which graphql-core turns into a
validation error (literals) or a variable coercion error (variables).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from ariadne import ScalarType
from graphql import GraphQLError, StringValueNode, ValueNode, print_ast

from mockserver.time_range import MSG_OUT_OF_RANGE, InstantOutOfRange, in_range

OBJECT_ID_SCALARS: tuple[str, ...] = (
    "OrganizationId",
    "ChannelId",
    "PostId",
    "TagId",
    "IdeaId",
    "DraftId",
    "NoteId",
    "AccountId",
    "PostTemplateId",
    "PostGroupId",
    "InvitationId",
)

# ObjectId scalars that exist only in the 2026-10 schema (bound only to that version).
OCTOBER_OBJECT_ID_SCALARS: tuple[str, ...] = (
    "ContentItemId",
    "DraftContentId",
)

_OBJECT_ID = re.compile(r"[0-9a-f]{24}")
_UUID_V4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
_EMAIL = re.compile(
    r"(?P<local>[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    r"@(?P<domain>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)"
)
_ISO_DATETIME = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[Tt](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"(?P<zone>[Zz]|[+-]\d{2}:?\d{2})?)?"
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MS = timedelta(milliseconds=1)

OBJECT_ID_EXPECTATION = "expected a 24-character lowercase hexadecimal ObjectId"
DATETIME_EXPECTATION = "expected an ISO 8601 date-time with Z or a UTC offset, e.g. 2026-03-10T15:00:00.000Z"
UUID_EXPECTATION = "expected an RFC 4122 version 4 UUID, e.g. 550e8400-e29b-41d4-a716-446655440000"
EMAIL_EXPECTATION = "expected an email address"


def _show(value: Any) -> str:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def scalar_error(scalar: str, value: Any, expectation: str) -> GraphQLError:
    """``ChannelId cannot represent "abc": expected ...``."""
    return GraphQLError(f"{scalar} cannot represent {_show(value)}: {expectation}")


# --- pure helpers -------------------------------------------------------------------------


def is_object_id(value: str) -> bool:
    """True for exactly 24 lowercase hexadecimal characters."""
    return isinstance(value, str) and _OBJECT_ID.fullmatch(value) is not None


def parse_datetime(value: str) -> datetime:
    """An ISO 8601 date-time (``Z`` or offset required) or a bare date (midnight UTC) -> aware UTC.

    Raises :class:`ValueError` for anything else, naive times included, and
    :class:`InstantOutOfRange` (a ValueError) outside the accepted range (:mod:`mockserver.time_range`).
    """
    if not isinstance(value, str):
        raise ValueError(f"not a string: {value!r}")
    match = _ISO_DATETIME.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"not an ISO 8601 date-time: {value!r}")
    parts = match.groupdict()
    if parts["hour"] is not None and parts["zone"] is None:
        raise ValueError(f"date-time without a timezone: {value!r}")
    zone = UTC
    if parts["zone"] and parts["zone"] not in ("Z", "z"):
        sign = -1 if parts["zone"][0] == "-" else 1
        digits = parts["zone"][1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            raise ValueError(f"invalid UTC offset: {value!r}")
        zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    fraction = (parts["fraction"] or "0")[:6].ljust(6, "0")
    try:
        parsed = datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            int(fraction),
            tzinfo=zone,
        )
        utc = parsed.astimezone(UTC)
    except OverflowError:
        raise InstantOutOfRange(f"{MSG_OUT_OF_RANGE}: {value!r}") from None
    if not in_range(datetime_to_ms(utc)):
        raise InstantOutOfRange(f"{MSG_OUT_OF_RANGE}: {value!r}")
    return utc


def datetime_to_ms(dt: datetime) -> int:
    """Epoch milliseconds of ``dt`` (a naive value is taken as UTC), sub-millisecond part dropped."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return (dt - _EPOCH) // _ONE_MS


def ms_to_datetime(ms: int) -> datetime:
    return _EPOCH + timedelta(milliseconds=ms)


def format_datetime_ms(ms: int) -> str:
    """Epoch milliseconds -> ``2025-10-29T21:48:23.270Z``."""
    dt = ms_to_datetime(ms)
    return (
        f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
        f".{dt.microsecond // 1000:03d}Z"
    )


def normalize_email(value: str) -> str:
    """Trimmed, lowercased and validated; raises :class:`ValueError` when not an address."""
    if not isinstance(value, str):
        raise ValueError(f"not a string: {value!r}")
    email = value.strip().lower()
    match = _EMAIL.fullmatch(email)
    if match is None or len(email) > 254 or len(match["local"]) > 64:
        raise ValueError(f"not an email address: {value!r}")
    return email


def normalize_uuid(value: str) -> str:
    """Lowercased version 4 UUID; raises :class:`ValueError` otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"not a string: {value!r}")
    text = value.lower()
    if _UUID_V4.fullmatch(text) is None:
        raise ValueError(f"not a version 4 UUID: {value!r}")
    return text


# --- bindables ----------------------------------------------------------------------------


def _string_scalar(
    name: str, parse: Callable[[str], Any], expectation: str, serialize: Callable[[Any], Any]
) -> ScalarType:
    """A scalar whose input is a string checked by ``parse`` (which raises ValueError)."""

    def parse_value(value: Any) -> Any:
        if not isinstance(value, str):
            raise scalar_error(name, value, expectation)
        try:
            return parse(value)
        except InstantOutOfRange:
            raise scalar_error(name, value, MSG_OUT_OF_RANGE) from None
        except ValueError:
            raise scalar_error(name, value, expectation) from None

    def parse_literal(node: ValueNode, _variables: dict[str, Any] | None = None) -> Any:
        if not isinstance(node, StringValueNode):
            raise GraphQLError(f"{name} cannot represent {print_ast(node)}: {expectation}")
        return parse_value(node.value)

    return ScalarType(name, serializer=serialize, value_parser=parse_value, literal_parser=parse_literal)


def _serialize_str(name: str) -> Callable[[Any], str]:
    def serialize(value: Any) -> str:
        if not isinstance(value, str):
            raise GraphQLError(f"{name} cannot serialize {_show(value)}: expected a string")
        return value

    return serialize


def _check_object_id(value: str) -> str:
    if not is_object_id(value):
        raise ValueError(f"not an ObjectId: {value!r}")
    return value


def serialize_datetime(value: Any) -> str:
    """A ``datetime`` (naive = UTC), epoch milliseconds, or an ISO string -> ``...T..:..:..mmmZ``."""
    try:
        if isinstance(value, datetime):
            return format_datetime_ms(datetime_to_ms(value))
        if isinstance(value, int) and not isinstance(value, bool):
            return format_datetime_ms(value)
        if isinstance(value, str):
            return format_datetime_ms(datetime_to_ms(parse_datetime(value)))
    except (ValueError, OverflowError):
        pass
    raise GraphQLError(f"DateTime cannot serialize {_show(value)}: expected a datetime or epoch milliseconds")


def _serialize_uuid(value: Any) -> str:
    if isinstance(value, uuid.UUID):
        return str(value)
    try:
        return normalize_uuid(value)
    except ValueError:
        raise GraphQLError(f"Uuid cannot serialize {_show(value)}: {UUID_EXPECTATION}") from None


def _serialize_email(value: Any) -> str:
    try:
        return normalize_email(value)
    except ValueError:
        raise GraphQLError(f"Email cannot serialize {_show(value)}: {EMAIL_EXPECTATION}") from None


def object_id_scalar(name: str) -> ScalarType:
    """An id scalar holding a 24-character hex ObjectId (for version-specific id scalars)."""
    return _string_scalar(name, _check_object_id, OBJECT_ID_EXPECTATION, _serialize_str(name))


SCALARS: list[ScalarType] = [
    *(
        _string_scalar(name, _check_object_id, OBJECT_ID_EXPECTATION, _serialize_str(name))
        for name in OBJECT_ID_SCALARS
    ),
    _string_scalar("DateTime", parse_datetime, DATETIME_EXPECTATION, serialize_datetime),
    _string_scalar("Uuid", normalize_uuid, UUID_EXPECTATION, _serialize_uuid),
    _string_scalar("Email", normalize_email, EMAIL_EXPECTATION, _serialize_email),
]

OCTOBER_SCALARS: list[ScalarType] = [object_id_scalar(name) for name in OCTOBER_OBJECT_ID_SCALARS]
