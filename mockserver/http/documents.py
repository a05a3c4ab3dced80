"""Parsing and validating GraphQL documents, cached by document text.

Validation dominates the cost of a small query, and clients (the CLI first of all) send
the same few documents over and over, so each distinct document is parsed and validated
once per schema and rule set.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, specified_rules, validate
from graphql.validation import ASTValidationRule


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    document: DocumentNode | None
    parse_errors: tuple[GraphQLError, ...] = ()
    validation_errors: tuple[GraphQLError, ...] = ()


class DocumentCache:
    """An LRU of prepared documents for one schema and one list of extra validation rules."""

    def __init__(
        self,
        schema: GraphQLSchema,
        extra_rules: Sequence[type[ASTValidationRule]] = (),
        *,
        max_tokens: int | None = None,
        capacity: int = 512,
    ) -> None:
        self._schema = schema
        self._rules = [*specified_rules, *extra_rules]
        self._max_tokens = max_tokens
        self._capacity = capacity
        self._entries: OrderedDict[str, PreparedDocument] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def prepare(self, query: str) -> PreparedDocument:
        with self._lock:
            cached = self._entries.get(query)
            if cached is not None:
                self._entries.move_to_end(query)
                self.hits += 1
                return cached
        prepared = self._prepare(query)
        with self._lock:
            self.misses += 1
            self._entries[query] = prepared
            if len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
        return prepared

    def _prepare(self, query: str) -> PreparedDocument:
        try:
            document = parse(query, max_tokens=self._max_tokens)
        except GraphQLError as error:
            return PreparedDocument(document=None, parse_errors=(error,))
        errors = validate(self._schema, document, self._rules)
        return PreparedDocument(document=document, validation_errors=tuple(errors))
