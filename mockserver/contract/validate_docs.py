"""``contract validate DOCS...``: which of MY operations break on the target?

DOCS are files or globs: ``.graphql``/``.gql`` files (one document each) and ``gql``-tagged
templates inside ``.ts``/``.tsx``/``.js``/``.jsx``/``.py`` sources. Each document is validated
against both sides' schemas; a document valid on the mock and invalid on the target breaks, and
the report names the schema change that breaks it (and quotes graphql's message).
"""

from __future__ import annotations

import glob
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import GraphQLError, GraphQLSchema, OperationDefinitionNode, build_client_schema, parse, validate

from mockserver.contract.coordinates import responsible_changes, used_coordinates
from mockserver.contract.findings import BREAKING, Finding
from mockserver.contract.introspection import model_from_introspection
from mockserver.contract.schema_diff import diff_schemas

DOCUMENT_SUFFIXES = (".graphql", ".gql")
SOURCE_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".py")
_JS_TEMPLATE = re.compile(r"\bgql\s*`(?P<body>[^`]*)`", re.DOTALL)
_PY_CALL = re.compile(r"\bgql\(\s*(?:[rR])?(?P<q>\"\"\"|'''|\"|')(?P<body>.*?)(?P=q)\s*[,)]", re.DOTALL)
_INTERPOLATION = re.compile(r"\$\{[^}]*\}")


@dataclass(frozen=True, slots=True)
class Document:
    source: str  # file:line
    text: str

    @property
    def name(self) -> str:
        try:
            parsed = parse(self.text)
        except GraphQLError:
            return "(unparsable)"
        names = [
            d.name.value for d in parsed.definitions if isinstance(d, OperationDefinitionNode) and d.name
        ]
        return ", ".join(names) or "(anonymous)"


@dataclass(slots=True)
class DocumentResult:
    document: Document
    verdict: str  # ok | breaks | invalid | unparsable
    errors: list[str] = field(default_factory=list)
    causes: list[Finding] = field(default_factory=list)


class DocumentsError(ValueError):
    """A DOCS argument that names nothing readable."""


def expand(patterns: Iterable[str]) -> list[Path]:
    paths: list[Path] = []
    for pattern in patterns:
        matched = (
            sorted(glob.glob(pattern, recursive=True)) if any(c in pattern for c in "*?[") else [pattern]
        )
        files = [Path(m) for m in matched if Path(m).is_file()]
        if not files:
            raise DocumentsError(f"{pattern}: no such file (or the glob matches none)")
        paths += files
    return paths


def extract(path: Path) -> list[Document]:
    text = path.read_text(encoding="utf-8")
    if path.suffix in DOCUMENT_SUFFIXES:
        return [Document(f"{path}:1", text)] if text.strip() else []
    if path.suffix not in SOURCE_SUFFIXES:
        raise DocumentsError(f"{path}: not a .graphql/.gql file or a .ts/.js/.py source")
    pattern = _PY_CALL if path.suffix == ".py" else _JS_TEMPLATE
    found = []
    for match in pattern.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found.append(Document(f"{path}:{line}", _INTERPOLATION.sub("", match.group("body"))))
    return found


def _schema(introspection: Mapping[str, Any]) -> GraphQLSchema:
    return build_client_schema({"__schema": introspection})  # type: ignore[arg-type,typeddict-item]


def check_documents(
    documents: Iterable[Document],
    mock_introspection: Mapping[str, Any],
    target_introspection: Mapping[str, Any],
) -> list[DocumentResult]:
    mock_schema, target_schema = _schema(mock_introspection), _schema(target_introspection)
    changes = diff_schemas(
        model_from_introspection(mock_introspection), model_from_introspection(target_introspection)
    )
    results = []
    for document in documents:
        try:
            parsed = parse(document.text)
        except GraphQLError as error:
            results.append(DocumentResult(document, "unparsable", [error.message]))
            continue
        on_mock = [e.message for e in validate(mock_schema, parsed)]
        on_target = [e.message for e in validate(target_schema, parsed)]
        if not on_target:
            results.append(DocumentResult(document, "ok"))
        elif on_mock:
            results.append(DocumentResult(document, "invalid", on_target))
        else:
            causes = [
                c.located(check="validate")
                for c in responsible_changes(changes, used_coordinates(mock_schema, parsed))
            ]
            results.append(
                DocumentResult(
                    document, "breaks", on_target, [c for c in causes if c.severity == BREAKING] or causes
                )
            )
    return results


def format_results(results: list[DocumentResult]) -> list[str]:
    lines = []
    for result in results:
        doc = result.document
        if result.verdict == "ok":
            lines.append(f"ok      {doc.source} {doc.name}")
            continue
        lines.append(f"{result.verdict.upper():7} {doc.source} {doc.name}")
        for cause in result.causes:
            lines.append(f"  caused by {cause.kind} {cause.path}: {cause.message}")
        if result.verdict == "breaks" and not result.causes:
            lines.append("  caused by no schema change the differ reports")
        for error in result.errors:
            lines.append(f"  graphql: {error}")
    breaks = sum(1 for r in results if r.verdict == "breaks")
    invalid = sum(1 for r in results if r.verdict in ("invalid", "unparsable"))
    lines.append(f"{len(results)} document(s): {breaks} break on the target, {invalid} invalid on both sides")
    return lines


def results_json(results: list[DocumentResult]) -> list[dict[str, Any]]:
    return [
        {
            "source": r.document.source,
            "operations": r.document.name,
            "verdict": r.verdict,
            "errors": r.errors,
            "causes": [c.as_dict() for c in r.causes],
        }
        for r in results
    ]
