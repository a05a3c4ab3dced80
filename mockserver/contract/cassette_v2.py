"""Cassettes, version 2: a transport-level recording of everything the kit asked a target.

Every request the run sends (discovery, introspection, operations, the invariants' own reads) is
stored under a key of its anonymised document and variables, with the anonymised answer. The
Authorization header is never part of a request entry and every key given is redacted from the
file besides. Keys are sorted, entries sorted by operation then key, so a cassette diffs well.

Record modes (vcrpy's): ``once`` replays an existing file and records only when there is none;
``new_episodes`` replays what is there and records what is missing; ``all`` records everything
again. Version-1 cassettes migrate on read: their interactions answer by operation name.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockserver.contract.anonymize import Anonymizer
from mockserver.contract.cassette import CassetteError, cassette_from_json, read_cassette_file, redact
from mockserver.contract.endpoint import Endpoint, Exchange, discover_ids

VERSION = 2
NOT_RECORDED = 599  # an answer the cassette lacks (never a real HTTP status)


def _operation_name(document: str) -> str:
    for word_before, word in zip(document.split(), document.split()[1:], strict=False):
        if word_before in ("query", "mutation"):
            return word.split("(")[0].split("{")[0]
    return "anonymous"


def request_key(document: str, variables: Mapping[str, Any] | None) -> str:
    canonical = json.dumps(
        {"query": " ".join(document.split()), "variables": dict(variables or {})}, sort_keys=True
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:20]


@dataclass(slots=True)
class CassetteV2:
    target: str
    recorded_at: str
    salt: str = field(default_factory=lambda: secrets.token_hex(8))
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_operation: dict[str, dict[str, Any]] = field(default_factory=dict)  # migrated v1 answers

    def to_json(self) -> dict[str, Any]:
        ordered = sorted(self.entries.items(), key=lambda item: (item[1]["operation"], item[0]))
        return {
            "version": VERSION,
            "recordedAt": self.recorded_at,
            "target": self.target,
            "salt": self.salt,
            "entries": [{"key": key, **entry} for key, entry in ordered],
            **({"byOperation": self.by_operation} if self.by_operation else {}),
        }


def cassette_v2_from_json(data: Any, source: str = "cassette") -> CassetteV2:
    if isinstance(data, Mapping) and data.get("version") == 1:
        old = cassette_from_json(data, source)
        migrated = CassetteV2(target=old.target, recorded_at=old.recorded_at, salt="v1")
        for interaction in old.interactions:
            migrated.by_operation[interaction.operation] = {
                "operation": interaction.operation,
                "document": interaction.document,
                "status": interaction.status,
                "body": interaction.body,
            }
        return migrated
    if not isinstance(data, Mapping) or data.get("version") != VERSION:
        version = data.get("version") if isinstance(data, Mapping) else None
        raise CassetteError(f"{source}: unsupported cassette version {version!r}; supported versions: 1, 2")
    for key, kind in (("recordedAt", str), ("target", str), ("salt", str), ("entries", list)):
        if not isinstance(data.get(key), kind):
            raise CassetteError(f"{source}: '{key}' must be a {kind.__name__}")
    cassette = CassetteV2(target=data["target"], recorded_at=data["recordedAt"], salt=data["salt"])
    for index, raw in enumerate(data["entries"]):
        if not isinstance(raw, Mapping) or not {"key", "operation", "status", "body"} <= raw.keys():
            raise CassetteError(f"{source}: entries[{index}] needs key, operation, status and body")
        cassette.entries[raw["key"]] = {k: v for k, v in raw.items() if k != "key"}
    cassette.by_operation = dict(data.get("byOperation") or {})
    return cassette


def load_cassette_v2(path: Path) -> CassetteV2:
    return cassette_v2_from_json(read_cassette_file(path), str(path))


def save_cassette_v2(path: Path, cassette: CassetteV2, secrets_: tuple[str, ...] = ()) -> None:
    data = redact(cassette.to_json(), tuple(s for s in secrets_ if s))
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


class CassetteEndpoint(Endpoint):
    """Answers from a cassette; with ``live`` it records what is missing (or everything)."""

    def __init__(
        self, cassette: CassetteV2, live: Endpoint | None = None, *, record_all: bool = False
    ) -> None:
        super().__init__(cassette.target, None, client=None)
        self.cassette = cassette
        self.live = live
        self.record_all = record_all
        self.anonymizer = Anonymizer(cassette.salt)
        self.real_ids: dict[str, str] = {}  # fake -> live, so requests built from fake ids reach the live API
        self.warmed = False

    @property
    def label(self) -> str:
        if self.live is not None:
            return self.live.label
        return f"cassette of {self.cassette.target} ({self.cassette.recorded_at})"

    def answers_by_name(self, operation: str) -> bool:
        return operation in self.cassette.by_operation

    @property
    def migrated_v1(self) -> bool:
        """A version-1 cassette: answers by operation name only, no discovery, no schema."""
        return bool(self.cassette.by_operation) and not self.cassette.entries

    def close(self) -> None:
        super().close()
        if self.live is not None:
            self.live.close()

    def _learn(self, real: Any, fake: Any) -> None:
        """Remember fake -> real for every mapped string (ids, cursors)."""
        if isinstance(real, str) and isinstance(fake, str) and real != fake:
            self.real_ids[fake] = real
        elif isinstance(real, Mapping) and isinstance(fake, Mapping):
            for key in real:
                self._learn(real[key], fake.get(key))
        elif isinstance(real, list) and isinstance(fake, list):
            for r, f in zip(real, fake, strict=False):
                self._learn(r, f)

    def _to_real(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.real_ids.get(value, value)
        if isinstance(value, Mapping):
            return {k: self._to_real(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._to_real(v) for v in value]
        return value

    def warm(self) -> None:
        """new_episodes: before the first live request, learn fake -> live ids by running the
        discovery live (answers replayed from the file carry fake ids only)."""
        self.warmed = True
        if self.live is not None:
            discover_ids(_Learner(self))

    def learn_live(self, document: str, variables: Mapping[str, Any] | None) -> Exchange:
        exchange = self.live.execute(document, self._to_real(dict(variables or {})))  # type: ignore[union-attr]
        fake = self.anonymizer.value(exchange.body)
        self._learn(exchange.body, fake)
        return Exchange(exchange.status, fake)

    def execute(self, document: str, variables: Mapping[str, Any] | None = None) -> Exchange:
        key = request_key(document, variables)
        entry = None if self.record_all else self.cassette.entries.get(key)
        if entry is None and self.live is None:
            entry = self.cassette.by_operation.get(_operation_name(document))
        if entry is not None:
            return Exchange(int(entry["status"]), entry["body"])
        if self.live is None:
            message = f"no recorded answer for {_operation_name(document)} with these variables"
            return Exchange(
                NOT_RECORDED, {"errors": [{"message": message, "extensions": {"code": "NOT_RECORDED"}}]}
            )
        if not self.record_all and not self.warmed:
            self.warm()
        real_variables = self._to_real(dict(variables or {}))
        exchange = self.live.execute(document, real_variables)
        introspection = "__schema" in document
        body = exchange.body if introspection else self.anonymizer.value(exchange.body)
        if not introspection:
            self._learn(exchange.body, body)
        self.cassette.entries[key] = {
            "operation": _operation_name(document),
            "document": " ".join(document.split()),
            "variables": dict(variables or {}),
            "status": exchange.status,
            "body": body,
        }
        return Exchange(exchange.status, body)


class _Learner(Endpoint):
    """Runs requests live for a :class:`CassetteEndpoint` only to learn its id mapping."""

    def __init__(self, owner: CassetteEndpoint) -> None:
        super().__init__(owner.url, None)
        self.owner = owner

    def execute(self, document: str, variables: Mapping[str, Any] | None = None) -> Exchange:
        return self.owner.learn_live(document, variables)
