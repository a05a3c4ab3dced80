"""Recorded target interactions (a "cassette"), so a contract run can be repeated without the target.

Format, version 1::

    {"version": 1, "recordedAt": "2026-11-27T10:00:00Z", "target": "https://api.buffer.com/",
     "interactions": [{"operation": "Account", "document": "query Account { ... }",
                       "variableTemplate": {...}, "variables": {...}, "status": 200, "body": {...}}]}

``target`` never carries credentials (user info and query string are dropped) and the key
used for recording is replaced by ``<redacted>`` wherever it appears in a body.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

CASSETTE_VERSION = 1
SUPPORTED_VERSIONS = (1,)
REDACTED = "<redacted>"
_INTERACTION_KEYS = ("operation", "variables", "status", "body")


class CassetteError(ValueError):
    """A cassette that cannot be read; the message says what would be valid."""


@dataclass(frozen=True, slots=True)
class Interaction:
    operation: str
    variables: dict[str, Any]
    status: int
    body: Any
    document: str | None = None
    variable_template: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"operation": self.operation}
        if self.document is not None:
            data["document"] = self.document
        if self.variable_template is not None:
            data["variableTemplate"] = self.variable_template
        data.update(variables=self.variables, status=self.status, body=self.body)
        return data


@dataclass(slots=True)
class Cassette:
    recorded_at: str
    target: str
    interactions: list[Interaction] = field(default_factory=list)
    version: int = CASSETTE_VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "recordedAt": self.recorded_at,
            "target": self.target,
            "interactions": [i.to_json() for i in self.interactions],
        }

    def find(self, operation: str) -> Interaction | None:
        return next((i for i in self.interactions if i.operation == operation), None)


def url_without_credentials(url: str) -> str:
    """Drop user info, query string and fragment: ``https://u:p@h/x?key=k`` -> ``https://h/x``."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def redact(value: Any, secrets: tuple[str, ...]) -> Any:
    """Replace every occurrence of a secret inside strings (keys and values) by ``<redacted>``."""
    secrets = tuple(s for s in secrets if s)
    if not secrets:
        return value
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, REDACTED)
        return value
    if isinstance(value, Mapping):
        return {redact(key, secrets): redact(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item, secrets) for item in value]
    return value


def save_cassette(path: Path, cassette: Cassette, secrets: tuple[str, ...] = ()) -> None:
    data = redact(cassette.to_json(), secrets)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def cassette_from_json(data: Any, source: str = "cassette") -> Cassette:
    """Validate a decoded cassette; every error names the valid choices."""
    if not isinstance(data, Mapping):
        raise CassetteError(
            f"{source}: a cassette is a JSON object with version, recordedAt, target, interactions"
        )
    version = data.get("version")
    supported = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
    if version is None:
        raise CassetteError(f"{source}: missing 'version'; supported versions: {supported}")
    if isinstance(version, bool) or version not in SUPPORTED_VERSIONS:
        raise CassetteError(
            f"{source}: unsupported cassette version {version!r}; supported versions: {supported}"
        )
    for key, kind in (("recordedAt", str), ("target", str), ("interactions", list)):
        if not isinstance(data.get(key), kind):
            raise CassetteError(f"{source}: '{key}' must be a {'string' if kind is str else 'list'}")
    interactions: list[Interaction] = []
    for index, raw in enumerate(data["interactions"]):
        where = f"{source}: interactions[{index}]"
        if not isinstance(raw, Mapping):
            raise CassetteError(f"{where} must be an object with keys {', '.join(_INTERACTION_KEYS)}")
        missing = [key for key in _INTERACTION_KEYS if key not in raw]
        if missing:
            raise CassetteError(
                f"{where} lacks {', '.join(missing)}; an interaction has keys {', '.join(_INTERACTION_KEYS)}"
            )
        if not isinstance(raw["operation"], str):
            raise CassetteError(f"{where}.operation must be a string")
        if isinstance(raw["status"], bool) or not isinstance(raw["status"], int):
            raise CassetteError(f"{where}.status must be an HTTP status code (integer)")
        if not isinstance(raw["variables"], Mapping):
            raise CassetteError(f"{where}.variables must be an object")
        template = raw.get("variableTemplate")
        interactions.append(
            Interaction(
                operation=raw["operation"],
                variables=dict(raw["variables"]),
                status=raw["status"],
                body=raw["body"],
                document=raw.get("document") if isinstance(raw.get("document"), str) else None,
                variable_template=dict(template) if isinstance(template, Mapping) else None,
            )
        )
    return Cassette(
        recorded_at=data["recordedAt"], target=data["target"], interactions=interactions, version=version
    )


def read_cassette_file(path: Path) -> Any:
    """The parsed JSON of a cassette file (any version), or a CassetteError naming the file."""
    if not path.is_file():
        raise CassetteError(f"{path}: cassette not found")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CassetteError(f"{path}: not JSON ({error.msg} at line {error.lineno})") from None


def load_cassette(path: Path) -> Cassette:
    return cassette_from_json(read_cassette_file(path), str(path))
