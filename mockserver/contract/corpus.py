"""The operations corpus: named GraphQL documents replayed against the mock and a target.

The shipped corpus is package data (``mockserver/contract/operations/*.graphql``, read with
:mod:`importlib.resources`, so it works from any directory after a plain ``pip install``); a
team adds its own with ``--ops DIR``. Each file holds exactly one named operation. Its header
(the ``#`` comment lines before the document) says what it exercises (first line) and may give::

    # Posts of the first organization, scheduled ones only.
    # schema: 2026-10          (the schema version whose roots it needs; default 2026-08-13)
    # paginate: posts          (walk the connection to the end through first/after)
    # writes: draft            (a mutation that creates drafts; only under --allow-writes)
    # variables: {"input": {"organizationId": "$org", "filter": {"status": ["scheduled"]}},
    #             "first": 5}  (the JSON may run over several comment lines)

A string value that is a placeholder (:data:`PLACEHOLDERS`) is replaced by what each side's
discovery found (:func:`resolve_variables`), so the same operation runs on worlds with other ids.
Mutations are refused unless the header says ``writes: draft`` and they live under ``writes/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse

BASE_SCHEMA_VERSION = "2026-08-13"
SCHEMA_VERSIONS = ("2026-08-13", "2026-10")

#: Placeholder patterns a variable value may use, and what they stand for.
PLACEHOLDERS: dict[str, str] = {
    "$org": "the first organization of the account that has channels",
    "$channel": "a channel of that organization",
    "$channels": "every channel id of that organization (a list)",
    "$channel:<service>": "a channel of that service (e.g. $channel:linkedin)",
    "$post": "a post of that organization",
    "$post:<status>": "a post with that status (e.g. $post:draft)",
    "$tag": "a tag some post carries",
    "$ideaGroup": "an idea group of the organization",
    "$postTemplate": "a post template visible to the organization",
    "$until": "the end of the day of the latest sent post (UTC)",
    "$from:<N>d": "N days before $until, at 00:00 UTC (e.g. $from:30d)",
    "$writeChannel": "the channel given with --write-channel (writes only)",
}
_PLACEHOLDER = re.compile(
    r"^\$(?:org|channel|channels|post|tag|ideaGroup|postTemplate|until|writeChannel"
    r"|channel:[a-z]+|post:[a-z_]+|from:\d{1,3}d)$"
)
_HEADER_KEYS = ("variables:", "schema:", "paginate:", "writes:")
PAGINATED_ROOTS = ("posts", "ideas", "postTemplates", "tagsV2")


class CorpusError(ValueError):
    """A corpus file that cannot be used; the message names the file."""


class UnresolvedPlaceholder(LookupError):
    """A variable uses a placeholder for which no id was discovered."""

    def __init__(self, placeholder: str) -> None:
        pattern = placeholder
        if ":" in placeholder and not placeholder.startswith("$from"):
            pattern = placeholder.split(":")[0] + (":<service>" if "channel" in placeholder else ":<status>")
        super().__init__(f"no id discovered for {placeholder} ({PLACEHOLDERS.get(pattern, 'unknown')})")
        self.placeholder = placeholder


@dataclass(frozen=True, slots=True)
class CorpusOperation:
    """One operation of the corpus; ``load_corpus()`` returns these (the explorer lists them)."""

    name: str
    document: str
    source: str
    variables: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    schema_version: str = BASE_SCHEMA_VERSION
    paginate: str | None = None
    writes: bool = False
    root_fields: tuple[str, ...] = ()

    @property
    def placeholders(self) -> set[str]:
        return placeholders_in(self.variables)

    @property
    def kind(self) -> str:
        return "mutation" if self.writes else "query"


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


def _header_value(header: list[str], key: str) -> str | None:
    for line in header:
        if line.startswith(key):
            return line[len(key) :].strip()
    return None


def parse_header_variables(text: str, source: str) -> dict[str, Any]:
    """The JSON after ``variables:`` in the header comment (``{}`` when there is none)."""
    header = _header_lines(text)
    for index, line in enumerate(header):
        if line.startswith("variables:"):
            tail = [h for h in header[index + 1 :] if not h.startswith(_HEADER_KEYS)]
            raw = " ".join([line[len("variables:") :], *tail]).strip()
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as error:
                # The JSON may stop before further prose lines: retry on the longest valid prefix.
                try:
                    value, _end = json.JSONDecoder().raw_decode(raw)
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


def parse_operation(text: str, source: str, *, allow_writes: bool = False) -> CorpusOperation:
    """One corpus file's text -> its operation; raises :class:`CorpusError` naming ``source``."""
    header = _header_lines(text)
    variables = parse_header_variables(text, source)
    try:
        document = parse(text)
    except GraphQLError as error:
        raise CorpusError(f"{source}: not a valid GraphQL document: {error.message}") from None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1:
        raise CorpusError(f"{source}: expected exactly one operation, found {len(operations)}")
    operation = operations[0]
    writes = _header_value(header, "writes:") == "draft"
    if operation.operation is OperationType.SUBSCRIPTION or (
        operation.operation is OperationType.MUTATION and not (writes and allow_writes)
    ):
        kind = operation.operation.value
        raise CorpusError(
            f"{source}: {kind} operations are refused: the corpus holds read-only queries only "
            "(the contract kit never writes to an account, except drafts under --allow-writes)"
        )
    if operation.name is None:
        raise CorpusError(f"{source}: the query needs a name (query Name {{ ... }})")
    unknown = sorted(p for p in placeholders_in(variables, all_dollar=True) if not _PLACEHOLDER.match(p))
    if unknown:
        raise CorpusError(
            f"{source}: unknown placeholder(s) {unknown}; valid placeholders: {sorted(PLACEHOLDERS)}"
        )
    version = _header_value(header, "schema:") or BASE_SCHEMA_VERSION
    if version not in SCHEMA_VERSIONS:
        raise CorpusError(
            f"{source}: unknown schema version {version!r}; expected one of {list(SCHEMA_VERSIONS)}"
        )
    paginate = _header_value(header, "paginate:")
    roots = tuple(s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode))
    if paginate is not None and paginate not in roots:
        raise CorpusError(
            f"{source}: paginate: {paginate} is not a root field of the operation ({list(roots)})"
        )
    first_line = header[0] if header and not header[0].startswith(_HEADER_KEYS) else ""
    return CorpusOperation(
        name=operation.name.value,
        document=text,
        source=source,
        variables=variables,
        description=first_line,
        schema_version=version,
        paginate=paginate,
        writes=writes,
        root_fields=roots,
    )


def _read_directory(
    entries: Iterable[Traversable | Path], where: str, allow_writes: bool
) -> list[CorpusOperation]:
    operations: list[CorpusOperation] = []
    seen: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: e.name):
        if not entry.name.endswith(".graphql") or not entry.is_file():
            continue
        operation = parse_operation(entry.read_text(encoding="utf-8"), entry.name, allow_writes=allow_writes)
        if operation.name in seen:
            raise CorpusError(
                f"{entry.name}: operation {operation.name} is also defined in {seen[operation.name]}"
            )
        seen[operation.name] = entry.name
        operations.append(operation)
    if not operations:
        raise CorpusError(f"{where}: no *.graphql operations found")
    return operations


def corpus_resources() -> Traversable:
    """The shipped corpus inside the installed package."""
    return files("mockserver.contract").joinpath("operations")


def load_corpus(directory: Path | None = None) -> list[CorpusOperation]:
    """The read-only operations: the shipped corpus (``None``) or every ``*.graphql`` of ``directory``,
    sorted by file name; names must be unique. Stable API (the explorer lists these)."""
    if directory is None:
        return _read_directory(corpus_resources().iterdir(), "shipped corpus", allow_writes=False)
    if not directory.is_dir():
        raise CorpusError(f"{directory}: corpus directory not found")
    return _read_directory(directory.iterdir(), str(directory), allow_writes=False)


def load_write_corpus(directory: Path | None = None) -> list[CorpusOperation]:
    """The draft-creating operations (``writes/``), used only under ``--allow-writes``."""
    root = corpus_resources().joinpath("writes") if directory is None else directory
    return _read_directory(root.iterdir(), "writes corpus", allow_writes=True)


def load_operations(extra_dirs: Iterable[Path] = ()) -> list[CorpusOperation]:
    """The shipped corpus followed by each ``--ops DIR``; a name defined twice is refused."""
    operations = load_corpus()
    names = {op.name: op.source for op in operations}
    for directory in extra_dirs:
        for op in load_corpus(directory):
            if op.name in names:
                raise CorpusError(
                    f"{directory}/{op.source}: operation {op.name} is also defined in {names[op.name]}"
                )
            names[op.name] = op.source
            operations.append(op)
    return operations


def default_corpus_dir() -> Path:
    """The shipped corpus as a file-system path (package data of an installed wheel)."""
    return Path(str(corpus_resources()))


def placeholders_in(value: Any, *, all_dollar: bool = False) -> set[str]:
    if isinstance(value, str):
        if _PLACEHOLDER.match(value) or (all_dollar and value.startswith("$")):
            return {value}
        return set()
    if isinstance(value, Mapping):
        return set().union(*(placeholders_in(v, all_dollar=all_dollar) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(placeholders_in(v, all_dollar=all_dollar) for v in value))
    return set()


def resolve_variables(value: Any, ids: Mapping[str, Any]) -> Any:
    """Replace placeholder strings by discovered values (``ids`` keyed ``"$org"``, ...).

    A placeholder standing for a list (``$channels``) inside a list is spliced into it."""
    if isinstance(value, str) and _PLACEHOLDER.match(value):
        if value not in ids:
            raise UnresolvedPlaceholder(value)
        return ids[value]
    if isinstance(value, Mapping):
        return {key: resolve_variables(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        resolved: list[Any] = []
        for item in value:
            result = resolve_variables(item, ids)
            if isinstance(item, str) and isinstance(result, list):
                resolved.extend(result)
            else:
                resolved.append(result)
        return resolved
    return value
