"""Parsing and validating GraphQL documents, cached by document text.

Validation dominates the cost of a small query, and clients (the CLI first of all) send
the same few documents over and over, so each distinct document is parsed and validated
once per schema version and rule set: the cache key is ``(version, document text)``, since the
same text can be valid in one version and invalid in another.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, specified_rules, validate
from graphql.validation import ASTValidationRule

from mockserver.http.js_messages import js16_validation_error


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    document: DocumentNode | None
    parse_errors: tuple[GraphQLError, ...] = ()
    validation_errors: tuple[GraphQLError, ...] = ()


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
    ) -> None:
        self._schema_for: Callable[[str], GraphQLSchema] = (
            (lambda _version: schemas) if isinstance(schemas, GraphQLSchema) else schemas
        )
        self._rules = [*specified_rules, *extra_rules]
        self._max_tokens = max_tokens
        self._capacity = capacity
        self._entries: OrderedDict[tuple[str, str], PreparedDocument] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def prepare(self, query: str, version: str = "") -> PreparedDocument:
        key = (version, query)
        with self._lock:
            cached = self._entries.get(key)
            if cached is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return cached
        prepared = self._prepare(query, self._schema_for(version))
        with self._lock:
            self.misses += 1
            self._entries[key] = prepared
            if len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
        return prepared

    def _prepare(self, query: str, schema: GraphQLSchema) -> PreparedDocument:
        try:
            document = parse(query, max_tokens=self._max_tokens)
        except GraphQLError as error:
            return PreparedDocument(document=None, parse_errors=(error,))
        errors = validate(schema, document, self._rules)
        worded = tuple(js16_validation_error(e, schema) for e in errors)  # graphql-js 16 wording
        return PreparedDocument(document=document, validation_errors=worded)
