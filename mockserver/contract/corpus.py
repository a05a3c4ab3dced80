"""The operations corpus: read-only GraphQL documents replayed against the mock and a target.

Each ``*.graphql`` file holds exactly one named query. Its header (the ``#`` comment lines
before the document) may give default variables as JSON after ``variables:``; the JSON may
run over several comment lines::

    # Posts of the first organization, scheduled ones only.
    # variables: {"input": {"organizationId": "$org", "filter": {"status": ["scheduled"]}},
    #             "first": 5}
    query ScheduledPosts($input: PostsInput!, $first: Int) { ... }

A string value that is exactly ``$org``, ``$channel`` or ``$post`` is replaced by an id
discovered on each side at run time (:func:`resolve_variables`). Mutations and
subscriptions are refused: the kit never writes to an account.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse

#: Placeholders a variable value may use, and what they stand for.
PLACEHOLDERS: dict[str, str] = {
    "$org": "the first organization of the account",
    "$channel": "a channel of that organization",
    "$post": "a post of that organization",
}

_VARIABLES_MARKER = "variables:"


class CorpusError(ValueError):
    """A corpus file that cannot be used; the message names the file."""


class UnresolvedPlaceholder(LookupError):
    """A variable uses a placeholder for which no id was discovered."""

    def __init__(self, placeholder: str) -> None:
        super().__init__(f"no id discovered for {placeholder} ({PLACEHOLDERS.get(placeholder, 'unknown')})")
        self.placeholder = placeholder


@dataclass(frozen=True, slots=True)
class CorpusOperation:
    name: str
    document: str
    source: str
    variables: dict[str, Any] = field(default_factory=dict)

    @property
    def placeholders(self) -> set[str]:
        return _placeholders_in(self.variables)


def _header_lines(text: str) -> list[str]:
    header: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        header.append(stripped.lstrip("#").strip())
    return header


def parse_header_variables(text: str, source: str) -> dict[str, Any]:
    """The JSON after ``variables:`` in the header comment (``{}`` when there is none)."""
    header = _header_lines(text)
    for index, line in enumerate(header):
        if line.startswith(_VARIABLES_MARKER):
            raw = " ".join([line[len(_VARIABLES_MARKER) :], *header[index + 1 :]]).strip()
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as error:
                # The JSON may stop before further prose lines: retry on the longest valid prefix.
                decoder = json.JSONDecoder()
                try:
                    value, _end = decoder.raw_decode(raw)
                except json.JSONDecodeError:
                    raise CorpusError(
                        f"{source}: the variables in the header are not valid JSON ({error.msg} at "
                        f"column {error.colno})"
                    ) from None
            if not isinstance(value, dict):
                raise CorpusError(
                    f"{source}: the header variables must be a JSON object, not {type(value).__name__}"
                )
            return value
    return {}


def parse_operation(text: str, source: str) -> CorpusOperation:
    """One corpus file's text -> its operation; raises :class:`CorpusError` naming ``source``."""
    variables = parse_header_variables(text, source)
    try:
        document = parse(text)
    except GraphQLError as error:
        raise CorpusError(f"{source}: not a valid GraphQL document: {error.message}") from None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1:
        raise CorpusError(f"{source}: expected exactly one operation, found {len(operations)}")
    operation = operations[0]
    if operation.operation is not OperationType.QUERY:
        kind = operation.operation.value
        raise CorpusError(
            f"{source}: {kind} operations are refused: the corpus holds read-only queries only "
            "(the contract kit never writes to an account)"
        )
    if operation.name is None:
        raise CorpusError(f"{source}: the query needs a name (query Name {{ ... }})")
    unknown = _placeholders_in(variables, all_dollar=True) - PLACEHOLDERS.keys()
    if unknown:
        raise CorpusError(
            f"{source}: unknown placeholder(s) {sorted(unknown)}; valid placeholders: {sorted(PLACEHOLDERS)}"
        )
    return CorpusOperation(name=operation.name.value, document=text, source=source, variables=variables)


def load_corpus(directory: Path) -> list[CorpusOperation]:
    """Every ``*.graphql`` file of ``directory``, sorted by file name; names must be unique."""
    if not directory.is_dir():
        raise CorpusError(f"{directory}: corpus directory not found")
    operations: list[CorpusOperation] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.graphql")):
        operation = parse_operation(path.read_text(encoding="utf-8"), path.name)
        if operation.name in seen:
            raise CorpusError(
                f"{path.name}: operation {operation.name} is also defined in {seen[operation.name]}"
            )
        seen[operation.name] = path.name
        operations.append(operation)
    if not operations:
        raise CorpusError(f"{directory}: no *.graphql operations found")
    return operations


def default_corpus_dir() -> Path:
    """``contracts/corpus`` of the source tree."""
    return Path(__file__).resolve().parents[2] / "contracts" / "corpus"


def _placeholders_in(value: Any, *, all_dollar: bool = False) -> set[str]:
    if isinstance(value, str):
        if value in PLACEHOLDERS or (all_dollar and value.startswith("$")):
            return {value}
        return set()
    if isinstance(value, Mapping):
        return set().union(*(_placeholders_in(v, all_dollar=all_dollar) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_placeholders_in(v, all_dollar=all_dollar) for v in value))
    return set()


def resolve_variables(value: Any, ids: Mapping[str, str]) -> Any:
    """Replace placeholder strings by discovered ids (``ids`` keyed ``"$org"``, ...)."""
    if isinstance(value, str) and value in PLACEHOLDERS:
        if value not in ids:
            raise UnresolvedPlaceholder(value)
        return ids[value]
    if isinstance(value, Mapping):
        return {key: resolve_variables(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve_variables(item, ids) for item in value]
    return value
