"""A World as a JSON document and back: what the state file holds for each namespace.

A snapshot keeps everything a restored World needs to answer exactly as the original would:
every entity (all fields, including metrics, metric targets and queue positions), the clock
(a frozen instant, or the offset a ticking clock keeps from real time), how far mock time has
been applied (``processed_until``), the write ``revision``, and the id generator (its seeded
random state plus ids it handed out that no entity holds any more).

Not kept, on purpose: the request log and the gateway's per-namespace runtime state (rate-limit
counters, injected faults): they describe a test session, not the world, and start empty.

Each entity collection is a table (``{"fields": [...], "rows": [[...], ...]}``) written from the
dataclasses' attributes by orjson, and read back through pydantic, so a file whose shape does
not match today's entities is refused with the path of the first mismatch instead of producing
a half-working world. A field added to an entity later (with a default) still reads old files.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mockserver.clock import MockClock, system_time_ms
from mockserver.store import content_items, timeline
from mockserver.store.entities import (
    Account,
    ApiToken,
    Channel,
    ContentItem,
    Idea,
    IdeaGroup,
    OctoberData,
    Organization,
    Post,
    PostTemplate,
    Snippet,
    Tag,
)
from mockserver.store.ids import ObjectIdFactory
from mockserver.store.instagram_audio import InstagramAudioTrack
from mockserver.store.namespace import DEFAULT_NAMESPACE, Namespace
from mockserver.store.state_rules import world_problems
from mockserver.store.world import World
from mockserver.store.world_data import WorldData

if TYPE_CHECKING:
    from mockserver.metrics.capabilities import NetworkCapabilities
    from mockserver.settings import Settings

# The entity collections of a World (each a World attribute of the same name: a dict keyed by id or
# token) and their entity classes. Each is stored as a table: {"fields": [names], "rows": [[values]]}.
ENTITY_TABLES: dict[str, type[Any]] = {
    "accounts": Account,
    "tokens": ApiToken,
    "organizations": Organization,
    "tags": Tag,
    "channels": Channel,
    "posts": Post,
    "idea_groups": IdeaGroup,
    "ideas": Idea,
    "templates": PostTemplate,
    "instagram_audio": InstagramAudioTrack,
    "snippets": Snippet,
    "content_items": ContentItem,
}
#: Tables added after the first state files: a file without them restores them empty.
OPTIONAL_TABLES = frozenset({"instagram_audio", "snippets", "content_items"})
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    key: tuple(field.name for field in dataclasses.fields(cls)) for key, cls in ENTITY_TABLES.items()
}
_ROW_OF = {key: operator.attrgetter(*names) for key, names in FIELD_NAMES.items()}


class SnapshotError(ValueError):
    """A snapshot that cannot become a World (wrong shape, inconsistent references)."""


# --- the shape of a snapshot, for reading it back ------------------------------------------


class _StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClockSnapshot(_StrictModel):
    frozen: bool
    at: int | None = None  # the frozen instant (frozen clocks)
    offset: int | None = None  # mock time minus real time (ticking clocks)


class IdGeneratorSnapshot(_StrictModel):
    random_state: tuple[int, tuple[int, ...], float | None]
    retired: list[str] = Field(default_factory=list)  # handed out, held by no entity now


class WorldSnapshot(_StrictModel):
    name: str
    world_name: str
    anchor: int | None
    seed: int
    revision: int
    processed_until: int
    clock: ClockSnapshot
    ids: IdGeneratorSnapshot
    accounts: list[Account]
    tokens: list[ApiToken]
    organizations: list[Organization]
    tags: list[Tag]
    channels: list[Channel]
    posts: list[Post]
    idea_groups: list[IdeaGroup]
    ideas: list[Idea]
    templates: list[PostTemplate]
    instagram_audio: list[InstagramAudioTrack] = Field(default_factory=list)
    snippets: list[Snippet] = Field(default_factory=list)
    schema_version: str | None = None  # set through the control API
    content_items: list[ContentItem] = Field(default_factory=list)


# --- World -> JSON --------------------------------------------------------------------------


def _encode_extra(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"cannot store a {type(value).__name__} in a snapshot")


def dumps(value: Any) -> bytes:
    """orjson with the one extension snapshots need (sets, e.g. token scopes, as sorted lists)."""
    return orjson.dumps(value, default=_encode_extra)


def clock_state(clock: MockClock) -> dict[str, Any]:
    if clock.frozen:
        return {"frozen": True, "at": clock.now()}
    return {"frozen": False, "offset": clock.now() - system_time_ms()}


def entity_ids(world: World) -> set[str]:
    """Every id an entity of the world holds (the id generator must never hand these out)."""
    ids: set[str] = set()
    for key in ENTITY_TABLES:
        if key != "tokens":
            ids.update(getattr(world, key))
    for post in world.posts.values():
        if post.notes:
            ids.update(note.id for note in post.notes)
    ids.update(item.draft["id"] for item in world.content_items.values() if item.draft is not None)
    return ids


def id_generator_state(world: World) -> dict[str, Any]:
    random_state, taken = world.ids.state()
    version, internal, gauss = random_state
    return {"random_state": [version, list(internal), gauss], "retired": sorted(taken - entity_ids(world))}


def encode_body(world: World) -> bytes:
    """The id generator and the entity tables as JSON object members (no braces): the part of a
    snapshot that changes with the world's revision, so callers may cache it per revision.

    Tables hold rows of attribute tuples rather than one object per entity: three times faster to
    encode (orjson's slotted-dataclass path is slow) and less than half the size.
    """
    members: dict[str, Any] = {"ids": id_generator_state(world)}
    for key in ENTITY_TABLES:
        rows = list(map(_ROW_OF[key], getattr(world, key).values()))
        members[key] = {"fields": FIELD_NAMES[key], "rows": rows}
    return dumps(members)[1:-1]


def world_header(
    world: World, *, name: str = DEFAULT_NAMESPACE, schema_version: str | None = None
) -> dict[str, Any]:
    """The snapshot members that are not tables (small: the journal writes them with every change),
    with the namespace's ``name`` and ``schema_version`` choice."""
    return {
        "name": name,
        "world_name": world.world_name,
        "anchor": world.anchor,
        "seed": world.seed,
        "revision": world.revision,
        "processed_until": world.processed_until,
        "clock": clock_state(world.clock),
        "schema_version": schema_version,
    }


def encode_rows(world: World, table: str, keys: dict[str, bool]) -> tuple[list[Any], list[str]]:
    """The rows of the entities ``keys`` of one table as stored now (in the given order), and the
    keys to delete first: every key removed at some point (``True``), whether it is back or not."""
    stored, row_of = getattr(world, table), _ROW_OF[table]
    rows = [row_of(stored[key]) for key in keys if key in stored]
    return rows, [key for key, removed in keys.items() if removed]


def encode_world(
    world: World,
    body: bytes | None = None,
    *,
    name: str = DEFAULT_NAMESPACE,
    schema_version: str | None = None,
) -> bytes:
    """A World as one JSON object, with the namespace's ``name`` and ``schema_version`` choice.
    Call it holding ``world.lock`` for a consistent picture.

    ``body`` is a cached :func:`encode_body` result for the world's current revision.
    """
    header = world_header(world, name=name, schema_version=schema_version)
    return dumps(header)[:-1] + b"," + (body if body is not None else encode_body(world)) + b"}"


def namespace_header(namespace: Namespace[Any]) -> dict[str, Any]:
    """:func:`world_header` of a namespace: its World with its name and schema-version choice."""
    return world_header(namespace.world, name=namespace.name, schema_version=namespace.schema_version)


def encode_namespace(namespace: Namespace[Any], body: bytes | None = None) -> bytes:
    """A namespace's snapshot: its World with the namespace's name and schema-version choice."""
    return encode_world(namespace.world, body, name=namespace.name, schema_version=namespace.schema_version)


def snapshot_world(world: World, *, name: str = DEFAULT_NAMESPACE) -> dict[str, Any]:
    """A World as a JSON-able dict (what :func:`encode_world` writes, decoded)."""
    with world.lock:
        return orjson.loads(encode_world(world, name=name))  # type: ignore[no-any-return]


def snapshot_namespace(namespace: Namespace[Any]) -> dict[str, Any]:
    """A namespace as a JSON-able dict (what :func:`encode_namespace` writes, decoded)."""
    with namespace.lock:
        return orjson.loads(encode_namespace(namespace))  # type: ignore[no-any-return]


# --- JSON -> World --------------------------------------------------------------------------


def table_items(key: str, table: Any) -> list[dict[str, Any]]:
    """The entities of one stored table as field -> value dicts; SnapshotError when malformed."""
    if not isinstance(table, dict) or set(table) != {"fields", "rows"}:
        raise SnapshotError(f'{key}: expected a table {{"fields": [...], "rows": [...]}}')
    fields, rows = table["fields"], table["rows"]
    if (
        not isinstance(fields, list)
        or not all(isinstance(name, str) for name in fields)
        or len(set(fields)) != len(fields)
    ):
        raise SnapshotError(f"{key}.fields: expected a list of distinct field names")
    unknown = [name for name in fields if name not in FIELD_NAMES[key]]
    if unknown:
        raise SnapshotError(f"{key}.fields: unknown field(s) {', '.join(unknown)}")
    if not isinstance(rows, list):
        raise SnapshotError(f"{key}.rows: expected a list of rows")
    items = []
    for index, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(fields):
            raise SnapshotError(f"{key}.rows.{index}: expected a list of {len(fields)} values")
        items.append(dict(zip(fields, row, strict=True)))
    return items


def parse_world(raw: Any) -> WorldSnapshot:
    """Check a decoded snapshot's shape; raises :class:`SnapshotError` naming the first mismatch."""
    if not isinstance(raw, dict):
        raise SnapshotError("(root): expected an object")
    missing = [key for key in ENTITY_TABLES if key not in raw and key not in OPTIONAL_TABLES]
    if missing:
        raise SnapshotError(f"{missing[0]}: missing")
    unpacked = {**raw, **{key: table_items(key, raw[key]) for key in ENTITY_TABLES if key in raw}}
    try:
        return WorldSnapshot.model_validate(unpacked)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(root)"
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        raise SnapshotError(f"{where}: {first['msg']}{more}") from None


def restore_clock(state: ClockSnapshot) -> MockClock:
    if state.frozen:
        if state.at is None:
            raise SnapshotError("clock: a frozen clock needs 'at'")
        return MockClock(start=state.at, frozen=True)
    if state.offset is None:
        raise SnapshotError("clock: a ticking clock needs 'offset'")
    return MockClock(start=system_time_ms() + state.offset)


def check_world_rules(state: WorldSnapshot) -> None:
    """The fixture rules on a snapshot's values (:mod:`mockserver.store.state_rules`)."""
    clock = state.clock
    ticking_now = system_time_ms() + clock.offset if clock.offset is not None else None
    problems = world_problems(
        {key: getattr(state, key) for key in ENTITY_TABLES},
        {
            "clock.at": clock.at,
            "clock.offset": None if clock.frozen else ticking_now,
            "anchor": state.anchor,
            "processed_until": state.processed_until,
        },
    )
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SnapshotError(f"{problems[0]}{more}")


@dataclasses.dataclass(frozen=True, slots=True)
class RestoredNamespace:
    """What a snapshot restores: the namespace's name, its World and its schema-version choice."""

    name: str
    world: World
    schema_version: str | None


def restore_world(raw: Any, *, settings: Settings, capabilities: NetworkCapabilities) -> World:
    """The World a snapshot describes; raises :class:`SnapshotError` when it cannot be rebuilt."""
    return restore_namespace(raw, settings=settings, capabilities=capabilities).world


def restore_namespace(
    raw: Any, *, settings: Settings, capabilities: NetworkCapabilities
) -> RestoredNamespace:
    """The namespace a snapshot describes; raises :class:`SnapshotError` when it cannot be rebuilt."""
    state = parse_world(raw)
    check_world_rules(state)
    data = WorldData(
        name=state.world_name,
        anchor=state.anchor,
        seed=state.seed,
        networks_override={},
        accounts=state.accounts,
        tokens=state.tokens,
        organizations=state.organizations,
        tags=state.tags,
        channels=state.channels,
        posts=[],
        idea_groups=state.idea_groups,
        ideas=state.ideas,
        templates=state.templates,
        instagram_audio=state.instagram_audio,
        october=OctoberData(snippets=state.snippets),
    )
    _check_references(state)
    world = World(
        data, settings=settings, clock=restore_clock(state.clock), capabilities=capabilities, name=state.name
    )
    index_restored_posts(world, state.posts)
    try:
        content_items.index_content_items(world, state.content_items)
    except content_items.ContentItemConflict as conflict:
        raise SnapshotError(f"content_items: {conflict}") from None
    world.processed_until = state.processed_until
    world.revision = state.revision
    world.ids = _restore_id_generator(world, state.ids)
    return RestoredNamespace(state.name, world, state.schema_version)


def _check_references(state: WorldSnapshot) -> None:
    channel_ids = {c.id for c in state.channels}
    organization_ids = {o.id for o in state.organizations}
    for index, post in enumerate(state.posts):
        if post.channel_id not in channel_ids:
            raise SnapshotError(f"posts.{index}.channel_id: unknown channel {post.channel_id!r}")
    for index, channel in enumerate(state.channels):
        if channel.organization_id not in organization_ids:
            raise SnapshotError(f"channels.{index}.organization_id: unknown organization")


def index_restored_posts(world: World, posts: Iterable[Post]) -> None:
    """Index posts exactly as saved: unlike fixture loading, no metrics are normalized or reset."""
    timeline.index_posts(world, posts)


def _restore_id_generator(world: World, state: IdGeneratorSnapshot) -> ObjectIdFactory:
    generator = ObjectIdFactory(world.seed, [*entity_ids(world), *state.retired])
    version, internal, gauss = state.random_state
    try:
        generator.restore_random_state((version, tuple(internal), gauss))
    except (ValueError, TypeError) as error:
        raise SnapshotError(f"ids.random_state: not a random generator state ({error})") from None
    return generator
