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
import sys
import typing
from collections.abc import Callable, Iterator
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
def _hints(cls: type) -> dict[str, Any]:
    # the class's own module first (WorldData names types of other store modules), then the entities
    namespace = {**vars(entities), **vars(sys.modules[cls.__module__])}
    return typing.get_type_hints(cls, namespace)


def _is_entity(hint: Any) -> bool:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


@functools.cache
def _nested_fields(cls: type) -> dict[int, tuple[str, type]]:
    """Field index -> ("list" | "one", entity class) for fields holding entities."""
    nested: dict[int, tuple[str, type]] = {}
    for index, field in enumerate(dataclasses.fields(cls)):  # type: ignore[arg-type]
        hint = _hints(cls)[field.name]
        args = typing.get_args(hint)
        if typing.get_origin(hint) is list and args and _is_entity(args[0]):
            nested[index] = ("list", args[0])
        elif _is_entity(hint):
            nested[index] = ("one", hint)
        elif any(_is_entity(arg) for arg in args):
            raise TypeError(f"{cls.__name__}.{field.name}: {hint} has no row form")
    return nested


@functools.cache
def _getter(cls: type) -> Callable[[Any], list[Any]]:
    names = [field.name for field in dataclasses.fields(cls)]  # type: ignore[arg-type]
    if len(names) == 1:
        return lambda item: [getattr(item, names[0])]
    many = operator.attrgetter(*names)
    return lambda item: list(many(item))


def _row(item: Any) -> list[Any]:
    kind: type = item.__class__
    values = _getter(kind)(item)
    for index, (shape, _inner) in _nested_fields(kind).items():
        value = values[index]
        values[index] = [_row(inner) for inner in value] if shape == "list" else _row(value)
    return values


def _entity(cls: type, row: list[Any]) -> Any:
    for index, (shape, inner) in _nested_fields(cls).items():
        value = row[index]
        row[index] = [_entity(inner, item) for item in value] if shape == "list" else _entity(inner, value)
    return cls(*row)


def to_rows(container: Any) -> list[Any]:
    """A dataclass of entities (``WorldData``) as nested lists of builtins (one row per entity)."""
    return _row(container)


def from_rows(cls: type[T], payload: list[Any]) -> T:
    """The inverse of :func:`to_rows` (``ValueError``/``TypeError``/``IndexError`` on a foreign payload)."""
    if not isinstance(payload, list):
        raise ValueError("not a row")
    result: T = _entity(cls, payload)
    return result


def fast_copy(container: T) -> T:
    """A deep copy of a dataclass of entity lists, through rows and ``marshal``."""
    with paused_gc():
        try:
            blob = marshal.dumps(to_rows(container))
        except (TypeError, ValueError):
            return copy.deepcopy(container)
        return from_rows(type(container), marshal.loads(blob))


__all__ = ["fast_copy", "from_rows", "paused_gc", "to_rows"]
