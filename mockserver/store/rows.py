"""Entities as rows of builtins: a fast deep copy of a world, and the fixture cache's format.

A world of 100,000 posts is about ten million Python objects; ``copy.deepcopy`` walks them
one by one with a memo (tens of seconds). Written as rows (the field values of each entity,
nested entities as rows too) the same data goes through ``marshal`` in about a second, and
back into entities with one constructor call each. Any value ``marshal`` cannot hold makes
:func:`fast_copy` fall back to ``copy.deepcopy``.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import gc
import marshal
import operator
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from mockserver.store import entities

T = TypeVar("T")


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a world is built: that allocates millions of objects
    and none of them is garbage, so collections only cost time (half of it, or more)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@functools.cache
def _nested_fields(cls: type) -> dict[int, type]:
    """Field index -> entity class, for fields holding a list of entities (``Post.notes``)."""
    hints = typing.get_type_hints(cls, vars(entities))
    nested: dict[int, type] = {}
    for index, field in enumerate(dataclasses.fields(cls)):
        hint = hints[field.name]
        args = typing.get_args(hint)
        if typing.get_origin(hint) is list and args and dataclasses.is_dataclass(args[0]):
            nested[index] = args[0]  # type: ignore[assignment]
        elif dataclasses.is_dataclass(hint):
            raise TypeError(f"{cls.__name__}.{field.name}: a single nested entity has no row form")
    return nested


@functools.cache
def _getter(cls: type) -> operator.attrgetter[Any]:
    return operator.attrgetter(*(field.name for field in dataclasses.fields(cls)))


def _row(item: Any) -> list[Any]:
    kind: type = item.__class__
    values = list(_getter(kind)(item))
    for index in _nested_fields(kind):
        values[index] = [_row(inner) for inner in values[index]]
    return values


def _entity(cls: type, row: list[Any]) -> Any:
    for index, inner in _nested_fields(cls).items():
        row[index] = [_entity(inner, value) for value in row[index]]
    return cls(*row)


def to_rows(container: Any) -> dict[str, tuple[str, Any]]:
    """A dataclass of entity lists (``WorldData``) -> field name -> (entity class name or "", value)."""
    payload: dict[str, tuple[str, Any]] = {}
    for field in dataclasses.fields(container):
        value = getattr(container, field.name)
        if isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
            payload[field.name] = (type(value[0]).__name__, [_row(item) for item in value])
        else:
            payload[field.name] = ("", value)
    return payload


def from_rows(cls: type[T], payload: dict[str, tuple[str, Any]]) -> T:
    """The inverse of :func:`to_rows` (``ValueError``/``TypeError``/``KeyError`` on a foreign payload)."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        kind, value = payload[field.name]
        if kind:
            entity = getattr(entities, kind, None)
            if not isinstance(entity, type) or not dataclasses.is_dataclass(entity):
                raise ValueError(f"not an entity: {kind!r}")
            nested = _nested_fields(entity)
            value = [_entity(entity, row) for row in value] if nested else [entity(*row) for row in value]
        values[field.name] = value
    return cls(**values)


def fast_copy(container: T) -> T:
    """A deep copy of a dataclass of entity lists, through rows and ``marshal``."""
    with paused_gc():
        try:
            blob = marshal.dumps(to_rows(container))
        except (TypeError, ValueError):
            return copy.deepcopy(container)
        return from_rows(type(container), marshal.loads(blob))


__all__ = ["fast_copy", "from_rows", "paused_gc", "to_rows"]
