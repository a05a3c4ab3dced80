"""A catalog of broken fixture sets and state files, each built from a sound one by one change.

Used by ``tests/hardening/test_broken_files.py`` (each refused in-process: exit 2, ``file:line``
messages, no traceback) and by ``bench/broken_files.py`` (each in its own process, timed and
measured). A fixture case returns the directory to ``validate``; a state case returns the state
file to ``serve --fixtures <small world> --state-file``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

REPO = Path(__file__).resolve().parents[2]
SMALL_WORLD = REPO / "tests" / "fixtures" / "worlds" / "small"
POSTS_FILE = "20-posts.yaml"
ORG_FILE = "10-org.yaml"
WORLD_FILE = "00-world.yaml"


@dataclass(frozen=True)
class BrokenCase:
    name: str
    kind: str  # "fixtures" or "state"
    build: Callable[[Path], Path]


def small_copy(tmp: Path) -> Path:
    target = tmp / "world"
    shutil.copytree(SMALL_WORLD, target)
    return target


def replaced(file: str, old: str, new: str, count: int = 1) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        world = small_copy(tmp)
        path = world / file
        text = path.read_text()
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, count))
        return world

    return build


def extra_file(content: str | bytes, name: str = "90-extra.yaml") -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        world = small_copy(tmp)
        path = world / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        return world

    return build


def custom(make: Callable[[Path], None]) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        world = small_copy(tmp)
        make(world)
        return world

    return build


def billion_laughs() -> str:
    lines = ["version: 1", "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 12):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"lol{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def merge_bomb() -> str:
    lines = ["version: 1", "m0: &m0 {a: 1, b: 2}"]
    for level in range(1, 40):
        lines.append(f"m{level}: &m{level} {{<<: [*m{level - 1}, *m{level - 1}], k{level}: 1}}")
    return "\n".join(lines) + "\n"


def nested(depth: int) -> str:
    return "version: 1\ndeep: " + "[" * depth + "]" * depth + "\n"


def make_fifo(world: Path) -> None:
    os.mkfifo(world / "90-pipe.yaml")


def link_to_device(world: Path) -> None:
    (world / "90-zero.yaml").symlink_to("/dev/zero")


def too_large(world: Path) -> None:
    with (world / "90-large.yaml").open("w") as handle:
        handle.write("version: 1\n")
        line = "# " + "x" * 1022 + "\n"
        for _ in range(8 * 1024 + 1):
            handle.write(line)


def remove_all_yaml(world: Path) -> None:
    for path in world.glob("*.yaml"):
        path.unlink()


FIXTURE_CASES: list[BrokenCase] = [
    BrokenCase(name, "fixtures", build)
    for name, build in [
        ("billion-laughs-aliases", extra_file(billion_laughs())),
        ("merge-key-bomb", extra_file(merge_bomb())),
        ("nesting-100-deep", extra_file(nested(100))),
        ("nesting-5000-deep", extra_file(nested(5000))),
        ("integer-5000-digits", replaced(POSTS_FILE, "position: 1.5", "position: " + "9" * 5000)),
        ("integer-beyond-2-53", replaced(ORG_FILE, "tags: 5", "tags: 18446744073709551616")),
        ("hex-integer-5000-digits", replaced(ORG_FILE, "tags: 5", "tags: 0x" + "f" * 5000)),
        ("position-nan", replaced(POSTS_FILE, "position: 1.5", "position: .nan")),
        ("position-infinity", replaced(POSTS_FILE, "position: 1.5", "position: .inf")),
        (
            "created-at-year-2200",
            replaced(POSTS_FILE, "createdAt: 2026-05-01T08:00:00Z", "createdAt: 2200-05-01T08:00:00Z"),
        ),
        (
            "created-at-year-1900",
            replaced(POSTS_FILE, "createdAt: 2026-05-01T08:00:00Z", "createdAt: 1900-05-01T08:00:00Z"),
        ),
        (
            "due-at-year-9999",
            replaced(POSTS_FILE, "dueAt: 2026-05-01T09:00:00Z", "dueAt: 9999-12-31T23:59:59Z"),
        ),
        (
            "due-at-year-33658",
            replaced(POSTS_FILE, "dueAt: 2026-05-01T09:00:00Z", "dueAt: 33658-01-01T00:00:00Z"),
        ),
        (
            "anchor-year-2200",
            replaced(WORLD_FILE, "anchor: 2026-06-01T00:00:00Z", "anchor: 2200-06-01T00:00:00Z"),
        ),
        ("timezone-mars", replaced(ORG_FILE, "timezone: Europe/Paris", "timezone: Mars/Olympus")),
        ("unknown-post-status", replaced(POSTS_FILE, "status: draft", "status: pending")),
        ("malformed-post-id", replaced(POSTS_FILE, "id: 0000000000000000000000e2", "id: not-an-id")),
        (
            "uppercase-hex-id",
            replaced(POSTS_FILE, "id: 0000000000000000000000e2", "id: 0000000000000000000000E2"),
        ),
        (
            "duplicate-key",
            replaced(POSTS_FILE, "    status: draft\n", "    status: draft\n    status: sent\n"),
        ),
        (
            "unclosed-bracket",
            replaced(POSTS_FILE, "tagIds: [0000000000000000000000c1]", "tagIds: [0000000000000000000000c1"),
        ),
        ("tab-indentation", replaced(POSTS_FILE, "    status: draft\n", "\tstatus: draft\n")),
        ("python-object-tag", extra_file("version: 1\nposts: !!python/object/apply:os.system ['true']\n")),
        ("custom-tag", replaced(POSTS_FILE, "text: A draft", "text: !secret A draft")),
        ("non-utf8-bytes", extra_file(b"version: 1\nposts:\n  - text: \xff\xfe\n")),
        ("control-character", extra_file('version: 1\nposts:\n  - text: "a\x00b"\n')),
        ("empty-file", extra_file("")),
        ("top-level-list", extra_file("- version: 1\n")),
        ("missing-version", extra_file("posts: []\n")),
        ("version-99", extra_file("version: 99\n")),
        ("version-true", extra_file("version: true\n")),
        ("unknown-section", extra_file("version: 1\npostz: []\n")),
        ("section-not-a-list", extra_file("version: 1\nideas: {a: 1}\n")),
        ("world-twice", extra_file("version: 1\nworld:\n  name: again\n")),
        ("two-documents", extra_file("version: 1\n---\nversion: 1\n")),
        ("recursive-alias", extra_file("version: 1\nposts: &p [*p]\n")),
        (
            "unknown-item-key",
            replaced(POSTS_FILE, "    text: A draft\n", "    text: A draft\n    colour: red\n"),
        ),
        ("text-is-a-list", replaced(POSTS_FILE, "text: A draft", "text: [A, draft]")),
        ("name-is-a-bool", replaced(ORG_FILE, "name: Small Org", "name: true")),
        ("limit-is-a-float", replaced(ORG_FILE, "tags: 5", "tags: 1.5")),
        ("negative-metric", replaced(POSTS_FILE, "likes: 12", "likes: -1")),
        ("bad-hex-color", replaced(ORG_FILE, 'color: "#2C4BFF"', 'color: "blue"')),
        ("bad-schedule-time", replaced(ORG_FILE, "times: [10:30, 09:00]", "times: [25:30, 09:00]")),
        ("bad-email", replaced(ORG_FILE, "ownerEmail: owner@example.test", "ownerEmail: nobody")),
        ("unknown-service", replaced(ORG_FILE, "service: threads", "service: myspace")),
        (
            "post-on-unknown-channel",
            replaced(
                POSTS_FILE, "channelId: 0000000000000000000000d2", "channelId: 0000000000000000000000dd"
            ),
        ),
        (
            "channel-of-unknown-org",
            replaced(
                ORG_FILE,
                "organizationId: 0000000000000000000000b1\n    service: threads",
                "organizationId: 0000000000000000000000bb\n    service: threads",
            ),
        ),
        (
            "duplicate-post-id",
            replaced(POSTS_FILE, "id: 0000000000000000000000e2", "id: 0000000000000000000000e1"),
        ),
        ("fifo-as-fixture-file", custom(make_fifo)),
        ("symlink-to-dev-zero", custom(link_to_device)),
        ("file-over-8-mb", custom(too_large)),
        ("no-yaml-files", custom(remove_all_yaml)),
        ("directory-missing", lambda tmp: tmp / "does-not-exist"),
        ("path-is-a-file", lambda tmp: small_copy(tmp) / POSTS_FILE),
    ]
]


# --- state files -----------------------------------------------------------------------------------


def sound_state(tmp: Path) -> dict[str, Any]:
    """A valid state document over the small world (one namespace), built like the server does."""
    from mockserver.app import build_namespaces
    from mockserver.fixtures.loader import load_fixture_dir
    from mockserver.settings import Settings
    from mockserver.store.persistence import StateFile

    settings = Settings(clock_start="2026-06-01T00:00:00Z", clock_frozen=True)
    namespaces = build_namespaces(settings, load_fixture_dir(SMALL_WORLD))
    path = tmp / "sound-state.json"
    state_file = StateFile(path, namespaces, settings)
    state_file.open()
    namespaces.get("default").world.touch()  # an untouched namespace would not be written
    state_file.save()
    state_file.close()
    document = orjson.loads(path.read_bytes())
    path.unlink()
    assert isinstance(document, dict)
    return document


def table_cell(document: dict[str, Any], table: str, field: str, value: Any, row: int = 0) -> None:
    entry = document["namespaces"]["default"][table]
    entry["rows"][row][entry["fields"].index(field)] = value


def state_written(change: Callable[[dict[str, Any]], Any]) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        document = sound_state(tmp)
        result = change(document)
        path = tmp / "state.json"
        path.write_bytes(result if isinstance(result, bytes) else orjson.dumps(document))
        return path

    return build


def state_raw(content: bytes) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / "state.json"
        path.write_bytes(content)
        return path

    return build


def state_fifo(tmp: Path) -> Path:
    path = tmp / "state.json"
    os.mkfifo(path)
    return path


def state_directory(tmp: Path) -> Path:
    path = tmp / "state.json"
    path.mkdir()
    return path


def frozen_at(value: int) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document["namespaces"]["default"]["clock"] = {"frozen": True, "at": value}

    return change


STATE_CASES: list[BrokenCase] = [
    BrokenCase(name, "state", build)
    for name, build in [
        ("state-not-json", state_raw(b"not json at all")),
        ("state-truncated", state_written(lambda d: orjson.dumps(d)[:-40])),
        ("state-empty", state_raw(b"")),
        ("state-array", state_raw(b"[]")),
        ("state-wrong-format", state_raw(b'{"format": "other", "version": 1, "namespaces": {}}')),
        ("state-version-99", state_raw(b'{"format": "buffer-mock-state", "version": 99, "namespaces": {}}')),
        (
            "state-namespaces-array",
            state_raw(b'{"format": "buffer-mock-state", "version": 1, "namespaces": []}'),
        ),
        ("state-bad-namespace-name", state_written(lambda d: d["namespaces"].update({"../x": {}}))),
        ("state-clock-year-33658", state_written(frozen_at(1_000_000_000_000_000))),
        ("state-clock-before-1970", state_written(frozen_at(-1))),
        (
            "state-ticking-clock-beyond-2100",
            state_written(
                lambda d: d["namespaces"]["default"].update({"clock": {"frozen": False, "offset": 10**16}})
            ),
        ),
        (
            "state-timezone-mars",
            state_written(lambda d: table_cell(d, "channels", "timezone", "Mars/Olympus")),
        ),
        ("state-unknown-status", state_written(lambda d: table_cell(d, "posts", "status", "pending"))),
        ("state-status-not-a-string", state_written(lambda d: table_cell(d, "posts", "status", 42))),
        ("state-malformed-post-id", state_written(lambda d: table_cell(d, "posts", "id", "xyz"))),
        (
            "state-due-at-year-9999",
            state_written(lambda d: table_cell(d, "posts", "due_at", 253_402_300_799_999)),
        ),
        (
            "state-post-on-unknown-channel",
            state_written(lambda d: table_cell(d, "posts", "channel_id", "0000000000000000000000dd")),
        ),
        ("state-missing-table", state_written(lambda d: d["namespaces"]["default"].pop("posts"))),
        (
            "state-row-too-short",
            state_written(lambda d: d["namespaces"]["default"]["posts"]["rows"][0].pop()),
        ),
        (
            "state-integer-beyond-64-bit",
            state_written(
                lambda d: orjson.dumps(d).replace(b'"revision":', b'"revision":1' + b"0" * 30 + b',"x":')
            ),
        ),
        (
            "state-nan-literal",
            state_written(lambda d: orjson.dumps(d).replace(b'"revision":', b'"revision":NaN,"x":')),
        ),
        ("state-fixtures-gone", state_written(lambda d: d.update({"fixtures": "/nonexistent/fixtures"}))),
        ("state-fifo", state_fifo),
        ("state-directory", state_directory),
    ]
]

ALL_CASES: list[BrokenCase] = [*FIXTURE_CASES, *STATE_CASES]

# What each refusal must say (a fragment of one of its messages).
EXPECTED: dict[str, str] = {
    "billion-laughs-aliases": "YAML aliases expand to more than 100000 repeated values",
    "merge-key-bomb": "'<<' merges build a mapping of more than 10000 keys",
    "nesting-100-deep": "nested deeper than 64 levels",
    "nesting-5000-deep": "exceeded maximum nesting depth",
    "integer-5000-digits": "integer outside ±9007199254740991 (5000 characters)",
    "integer-beyond-2-53": "integer outside ±9007199254740991",
    "hex-integer-5000-digits": "integer outside ±9007199254740991 (5002 characters)",
    "position-nan": "'.nan' is not a finite number",
    "position-infinity": "'.inf' is not a finite number",
    "created-at-year-2200": "outside the accepted range 1970-01-01T00:00:00Z .. 2100-12-31T23:59:59.999Z",
    "created-at-year-1900": "outside the accepted range",
    "due-at-year-9999": "outside the accepted range",
    "due-at-year-33658": "posts[0].dueAt: expected an ISO 8601 date-time",
    "anchor-year-2200": "world.anchor: date-time outside the accepted range",
    "timezone-mars": "unknown IANA time zone 'Mars/Olympus'",
    "unknown-post-status": "posts[1].status: invalid value 'pending'",
    "malformed-post-id": "posts[1].id: must be a 24-character lowercase hexadecimal id",
    "uppercase-hex-id": "posts[1].id: must be a 24-character lowercase hexadecimal id",
    "duplicate-key": "duplicate key 'status'",
    "unclosed-bracket": "YAML syntax error",
    "tab-indentation": "found a tab character",
    "python-object-tag": "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    "custom-tag": "could not determine a constructor for the tag '!secret'",
    "non-utf8-bytes": "not UTF-8 text",
    "control-character": "control characters are not allowed",
    "empty-file": "empty file",
    "top-level-list": "expected a mapping of sections, got a list",
    "missing-version": "missing 'version'",
    "version-99": "unsupported fixture format version 99",
    "version-true": "unsupported fixture format version True",
    "unknown-section": "unknown section (did you mean 'posts'?)",
    "section-not-a-list": "ideas: expected a list, got a mapping",
    "world-twice": "'world' may appear only once",
    "two-documents": "expected a single document in the stream",
    "recursive-alias": "recursive YAML alias",
    "unknown-item-key": "posts[1].colour: unknown key",
    "text-is-a-list": "posts[1].text: expected a string, got a list",
    "name-is-a-bool": "expected a string, got a boolean",
    "limit-is-a-float": "expected an integer, got a number",
    "negative-metric": "posts[0].metrics.likes: must be at least 0",
    "bad-hex-color": "must be a #RRGGBB hex color",
    "bad-schedule-time": "must be a 24-hour HH:MM time, got '25:30'",
    "bad-email": "not an email address: 'nobody'",
    "unknown-service": "channels[1].service: invalid value 'myspace'",
    "post-on-unknown-channel": "unknown channel 0000000000000000000000dd",
    "channel-of-unknown-org": "unknown organization 0000000000000000000000bb",
    "duplicate-post-id": "duplicate post id 0000000000000000000000e1",
    "fifo-as-fixture-file": "not a regular file",
    "symlink-to-dev-zero": "not a regular file",
    "file-over-8-mb": "exceeds the 8388608-byte limit for a fixture file",
    "no-yaml-files": "no *.yaml files",
    "directory-missing": "fixture directory not found",
    "path-is-a-file": "not a directory",
    "state-not-json": "not valid JSON",
    "state-truncated": "not valid JSON (unexpected end of data)",
    "state-empty": "not valid JSON",
    "state-array": "not a buffer-mock state file",
    "state-wrong-format": "not a buffer-mock state file",
    "state-version-99": "state format version 99 is not supported",
    "state-namespaces-array": '"namespaces" must be an object',
    "state-bad-namespace-name": "namespaces.../x: not a valid namespace entry",
    "state-clock-year-33658": "namespaces.default.clock.at: date-time outside the accepted range",
    "state-clock-before-1970": "namespaces.default.clock.at: date-time outside the accepted range",
    "state-ticking-clock-beyond-2100": "namespaces.default.clock.offset: date-time outside the accepted range",
    "state-timezone-mars": "namespaces.default.channels.0.timezone: unknown IANA time zone 'Mars/Olympus'",
    "state-unknown-status": "namespaces.default.posts.0.status: unknown status 'pending'",
    "state-status-not-a-string": "namespaces.default.posts.0.status",
    "state-malformed-post-id": "namespaces.default.posts.0.id: not a 24-character lowercase hexadecimal id",
    "state-due-at-year-9999": "namespaces.default.posts.0.due_at: date-time outside the accepted range",
    "state-post-on-unknown-channel": "namespaces.default.posts.0.channel_id: unknown channel",
    "state-missing-table": "namespaces.default.posts: missing",
    "state-row-too-short": "namespaces.default.posts.rows.0: expected a list of",
    "state-integer-beyond-64-bit": "namespaces.default.revision",
    "state-nan-literal": "not valid JSON",
    "state-fixtures-gone": "which no longer load",
    "state-fifo": "not a regular file",
    "state-directory": "not a regular file",
}
