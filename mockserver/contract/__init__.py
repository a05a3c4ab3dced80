"""The contract kit: schema model and diff, the corpus (``load_corpus()``), findings, the run."""

from __future__ import annotations

from mockserver.contract.corpus import CorpusOperation, load_corpus
from mockserver.contract.findings import BREAKING, DANGEROUS, SAFE, Finding, SchemaChange, count_by_severity
from mockserver.contract.introspection import (
    BASIC_INTROSPECTION_QUERY,
    INTROSPECTION_QUERY,
    introspect,
    model_from_introspection,
    model_from_schema,
)
from mockserver.contract.reference_doc import (
    REFERENCE_DIFF_OPTIONS,
    ReferenceFormatError,
    compare_to_reference,
    load_reference,
    parse_reference,
)
from mockserver.contract.schema_diff import DiffOptions, diff_schemas
from mockserver.contract.schema_model import SchemaModel

__all__ = [
    "BASIC_INTROSPECTION_QUERY",
    "BREAKING",
    "DANGEROUS",
    "INTROSPECTION_QUERY",
    "REFERENCE_DIFF_OPTIONS",
    "SAFE",
    "CorpusOperation",
    "DiffOptions",
    "Finding",
    "ReferenceFormatError",
    "SchemaChange",
    "SchemaModel",
    "compare_to_reference",
    "count_by_severity",
    "diff_schemas",
    "introspect",
    "load_corpus",
    "load_reference",
    "model_from_introspection",
    "model_from_schema",
    "parse_reference",
]
