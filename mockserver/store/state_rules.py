"""The fixture rules, applied to a world restored from a state file.

A state file is read back through pydantic (:mod:`mockserver.store.snapshot`), which checks
types; these rules check values the same way the fixture loader does, so a hand-edited or
damaged file cannot bring in what a fixture could not: ids that are not 24-character
lowercase hexadecimal, unknown IANA time zones, unknown post statuses, instants outside the
accepted range (:mod:`mockserver.time_range`). Each problem names its place, e.g.
``posts.3.status``; :func:`world_problems` lists them all (empty when the world is sound).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mockserver.fixtures.field_types import PostStatus
from mockserver.scalars import is_object_id
from mockserver.time_range import MSG_OUT_OF_RANGE, in_range

POST_STATUSES: frozenset[str] = frozenset(get_args(PostStatus))
# *_id fields that hold another system's identifiers, not ObjectIds.
FOREIGN_ID_FIELDS = frozenset({"service_id", "client_id", "correlation_id"})
# tables whose own ids are another system's (Instagram audio ids are digits)
FOREIGN_ID_TABLES = frozenset({"instagram_audio"})


@cache
def is_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def field_problem(name: str, value: Any) -> str | None:
    """What is wrong with one entity field's value (None when it is fine)."""
    if value is None or isinstance(value, bool):
        return None
    is_id = (name == "id" or name.endswith("_id")) and name not in FOREIGN_ID_FIELDS
    if is_id and isinstance(value, str) and not is_object_id(value):
        return f"not a 24-character lowercase hexadecimal id: {value[:40]!r}"
    if name.endswith("_at") and isinstance(value, int) and not in_range(value):
        return MSG_OUT_OF_RANGE
    if name == "timezone" and isinstance(value, str) and not is_time_zone(value):
        return f"unknown IANA time zone {value[:64]!r}"
    return None


def entity_problems(table: str, index: int, entity: Any) -> list[str]:
    problems = []
    for item in dataclasses.fields(entity):
        if table in FOREIGN_ID_TABLES and item.name == "id":
            continue
        reason = field_problem(item.name, getattr(entity, item.name))
        if reason is not None:
            problems.append(f"{table}.{index}.{item.name}: {reason}")
    if table == "posts" and entity.status not in POST_STATUSES:
        known = ", ".join(sorted(POST_STATUSES))
        problems.append(f"{table}.{index}.status: unknown status {entity.status[:40]!r} (known: {known})")
    return problems


def instant_problem(where: str, value: int | None) -> list[str]:
    if value is None or in_range(value):
        return []
    return [f"{where}: {MSG_OUT_OF_RANGE}"]


def world_problems(tables: dict[str, list[Any]], instants: dict[str, int | None]) -> list[str]:
    """Every rule a restored world breaks: ``tables`` maps a table name to its entities,
    ``instants`` a place (``clock.at``) to an epoch-millisecond value."""
    problems: list[str] = []
    for where, value in instants.items():
        problems += instant_problem(where, value)
    for table, entities in tables.items():
        for index, entity in enumerate(entities):
            problems += entity_problems(table, index, entity)
    return problems
