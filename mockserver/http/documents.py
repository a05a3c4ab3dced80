"""Parsing and validating GraphQL documents, cached by document text.

Validation dominates the cost of a small query, and clients (the CLI first of all) send
the same few documents over and over, so each distinct document is parsed and validated
once per schema version and rule set: the cache key is ``(version, document text)``, since the
same text can be valid in one version and invalid in another.

The cache is bounded by bytes, not only by count: an entry weighs an estimate of its memory
(a parsed document costs 200 to 600 bytes per token, measured with tracemalloc, so
:data:`BYTES_PER_TOKEN` per token counted generously, plus its errors' text), the total stays
under ``max_bytes``, and an entry heavier than an eighth of it is prepared but not cached,
so no stream of unique or huge documents can grow it. Cached errors keep their message,
positions and extensions but not the AST nodes (which would keep every token alive).

:meth:`DocumentCache.prepare_async` prepares a cache miss in a worker thread, one at a time,
so a costly document (thousands of repeated fields) never stalls the event loop, and with
it the requests of every other namespace.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import anyio
import anyio.to_thread
from graphql import (
    DocumentNode,
    FloatValueNode,
    GraphQLError,
    GraphQLSchema,
    IntValueNode,
    Visitor,
    parse,
    specified_rules,
    validate,
    visit,
)
from graphql.validation import ASTValidationRule

from mockserver.http.fast_executor import CompiledOperation
from mockserver.http.js_messages import js16_validation_error

OFF_LOOP_MIN_CHARS = 1024  # shorter documents are prepared in place (a thread hop costs more)
ERROR_OVERHEAD = 256
BYTES_PER_TOKEN = 400
ENTRY_OVERHEAD = 1024
# Variable sets already coerced without error against a document, remembered on its entry so a
# repeated request (a test loop's) skips coercion: at most this many, each at most this long.
KNOWN_VARIABLES_MAX = 16
KNOWN_VARIABLES_KEY_MAX_CHARS = 256
MAX_NUMBER_LITERAL_CHARS = 64  # longer than any Int or Float a schema can take, far below int()'s limit
_TOKEN = re.compile(r"[_A-Za-z][_0-9A-Za-z]*|[-0-9][0-9.eE+-]*|[!$&():=@\[\]{|}]|\.\.\.")


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    document: DocumentNode | None
    parse_errors: tuple[GraphQLError, ...] = ()
    validation_errors: tuple[GraphQLError, ...] = ()
    # (operation name, variables as canonical JSON) that coerced cleanly: coercion depends on the
    # schema, the document and the values only, so the same set needs no second coercion
    known_variables: dict[tuple[str | None, str], None] = field(default_factory=dict, compare=False)
    # operation name -> its compiled form (None: not compilable), made on first execution
    compiled: dict[str | None, CompiledOperation | None] = field(default_factory=dict, compare=False)

    def knows_variables(self, key: tuple[str | None, str] | None) -> bool:
        return key is not None and key in self.known_variables

    def remember_variables(self, key: tuple[str | None, str] | None) -> None:
        if key is not None and len(self.known_variables) < KNOWN_VARIABLES_MAX:
            self.known_variables[key] = None


def estimated_bytes(query: str, prepared: PreparedDocument) -> int:
    """A generous estimate of what caching ``prepared`` costs in memory."""
    weight = ENTRY_OVERHEAD + len(query) + KNOWN_VARIABLES_MAX * (KNOWN_VARIABLES_KEY_MAX_CHARS + 100)
    if prepared.document is not None and not prepared.validation_errors:
        weight += BYTES_PER_TOKEN * len(_TOKEN.findall(query))
    for error in (*prepared.parse_errors, *prepared.validation_errors):
        weight += len(error.message) + ERROR_OVERHEAD
    return weight


def detached(error: GraphQLError) -> GraphQLError:
    """``error`` (fresh from this preparation) without its AST nodes; locations were computed
    when it was made, so its answer is unchanged."""
    error.nodes = None
    error.original_error = None
    return error


class DocumentCache:
    """An LRU of prepared documents per schema version, for one list of extra validation rules.

    ``schemas`` is one schema (every version key gets it) or a function from version to schema.
    """

    def __init__(
        self,
        schemas: GraphQLSchema | Callable[[str], GraphQLSchema],
        extra_rules: Sequence[type[ASTValidationRule]] = (),
        *,
        max_tokens: int | None = None,
        capacity: int = 512,
        max_bytes: int = 16_000_000,
    ) -> None:
        self._schema_for: Callable[[str], GraphQLSchema] = (
            (lambda _version: schemas) if isinstance(schemas, GraphQLSchema) else schemas
        )
        self._rules = [*specified_rules, *extra_rules]
        self._max_tokens = max_tokens
        self._capacity = capacity
        self._max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, str], tuple[PreparedDocument, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._worker = anyio.CapacityLimiter(1)
        self.hits = 0
        self.misses = 0

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def cached(self, query: str, version: str = "") -> PreparedDocument | None:
        key = (version, query)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[0]

    def prepare(self, query: str, version: str = "") -> PreparedDocument:
        cached = self.cached(query, version)
        if cached is not None:
            return cached
        return self._remember(query, version, self._prepare(query, self._schema_for(version)))

    async def prepare_async(self, query: str, version: str = "") -> PreparedDocument:
        """Like :meth:`prepare`, with a cache miss prepared off the event loop (one at a time)."""
        cached = self.cached(query, version)
        if cached is not None:
            return cached
        schema = self._schema_for(version)
        if len(query) < OFF_LOOP_MIN_CHARS:
            return self._remember(query, version, self._prepare(query, schema))
        prepared = await anyio.to_thread.run_sync(self._prepare, query, schema, limiter=self._worker)
        return self._remember(query, version, prepared)

    def _remember(self, query: str, version: str, prepared: PreparedDocument) -> PreparedDocument:
        if prepared.parse_errors or prepared.validation_errors:  # an answer: no AST needed any more
            prepared = PreparedDocument(
                document=None if prepared.validation_errors else prepared.document,
                parse_errors=tuple(detached(e) for e in prepared.parse_errors),
                validation_errors=tuple(detached(e) for e in prepared.validation_errors),
            )
        weight = estimated_bytes(query, prepared)
        key = (version, query)
        with self._lock:
            self.misses += 1
            if weight * 8 > self._max_bytes or key in self._entries:
                return prepared
            self._entries[key] = (prepared, weight)
            self._bytes += weight
            while len(self._entries) > self._capacity or self._bytes > self._max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped
        return prepared

    def _prepare(self, query: str, schema: GraphQLSchema) -> PreparedDocument:
        try:
            document = parse(query, max_tokens=self._max_tokens)
        except GraphQLError as error:
            return PreparedDocument(document=None, parse_errors=(error,))
        oversized = oversized_number_literals(document)
        if oversized:
            return PreparedDocument(document=document, validation_errors=tuple(oversized))
        errors = validate(schema, document, self._rules)
        worded = tuple(js16_validation_error(e, schema) for e in errors)  # graphql-js 16 wording
        return PreparedDocument(document=document, validation_errors=worded)


class _NumberLiteralBound(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.errors: list[GraphQLError] = []

    def enter_int_value(self, node: IntValueNode, *_: object) -> None:
        self.check(node, "Int cannot represent non 32-bit signed integer value")

    def enter_float_value(self, node: FloatValueNode, *_: object) -> None:
        self.check(node, "Float cannot represent non numeric value")

    def check(self, node: IntValueNode | FloatValueNode, message: str) -> None:
        if len(node.value) > MAX_NUMBER_LITERAL_CHARS:
            shown = f"{node.value[:20]}… ({len(node.value)} characters)"
            self.errors.append(GraphQLError(f"{message}: {shown}", node))


def oversized_number_literals(document: DocumentNode) -> list[GraphQLError]:
    """Number literals too long to convert safely (a 5,000-digit Int would hit int()'s limit)."""
    bound = _NumberLiteralBound()
    visit(document, bound)
    return bound.errors
