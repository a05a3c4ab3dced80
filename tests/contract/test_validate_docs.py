"""``contract validate DOCS...``: names each document that breaks and the schema change behind it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from mockserver.cli import main
from mockserver.contract.introspection import introspect
from mockserver.contract.validate_docs import check_documents, expand, extract
from mockserver.graphql_schema import build_schema
from tests.conftest import DEFAULT_KEY


def drifted_introspection() -> tuple[dict[str, Any], dict[str, Any]]:
    mock = introspect(build_schema())
    target = copy.deepcopy(mock)
    types = {t["name"]: t for t in target["types"]}
    types["Post"]["fields"] = [f for f in types["Post"]["fields"] if f["name"] != "via"]
    types["PostStatus"]["enumValues"] = [
        v for v in types["PostStatus"]["enumValues"] if v["name"] != "sending"
    ]
    return mock, target


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    (tmp_path / "via.graphql").write_text('query PostVia { post(input: {id: "x"}) { id via } }\n')
    (tmp_path / "client.ts").write_text(
        "import { gql } from 'graphql-tag';\n"
        "export const ME = gql`\n  query Me { account { id email } }\n`;\n"
        "export const POSTS = gql`query Page($input: PostsInput!) { posts(input: $input) { edges { node { id ${'...'} } } } }`;\n"
    )
    (tmp_path / "report.py").write_text(
        'from gql import gql\n\nSENDING = gql("""\nquery Sending {\n  posts(input: {organizationId: "o", '
        'filter: {status: [sending]}}) { edges { node { id } } }\n}\n""")\n'
    )
    return tmp_path


def test_documents_are_found_in_graphql_files_and_gql_templates(docs: Path) -> None:
    found = [d for path in expand([str(docs / "*")]) for d in extract(path)]
    assert sorted(d.name for d in found) == ["Me", "Page", "PostVia", "Sending"]
    assert any(d.source.endswith("client.ts:2") for d in found)


def test_each_breaking_document_names_the_schema_change_responsible(docs: Path) -> None:
    mock, target = drifted_introspection()
    documents = [d for path in expand([str(docs / "*")]) for d in extract(path)]
    results = {r.document.name: r for r in check_documents(documents, mock, target)}
    assert {name: r.verdict for name, r in results.items()} == {
        "PostVia": "breaks",
        "Me": "ok",
        "Page": "ok",
        "Sending": "breaks",
    }
    assert [(c.kind, c.path) for c in results["PostVia"].causes] == [("FIELD_REMOVED", "Post.via")]
    assert [(c.kind, c.path) for c in results["Sending"].causes] == [
        ("ENUM_VALUE_REMOVED", "PostStatus.sending")
    ]
    assert results["PostVia"].errors[0].startswith("Cannot query field 'via' on type 'Post'.")


def test_validate_cli_exits_0_when_nothing_breaks_and_1_for_a_document_invalid_everywhere(
    docs: Path, live_mock_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUFFER_API_KEY", DEFAULT_KEY)
    sides = ["--mock", live_mock_url, "--target", live_mock_url]
    assert main(["contract", "validate", *sides, str(docs / "*.ts"), str(docs / "via.graphql")]) == 0
    assert "3 document(s): 0 break on the target, 0 invalid on both sides" in capsys.readouterr().out
    (docs / "bad.graphql").write_text("query Bad { nope }")
    assert main(["contract", "validate", *sides, str(docs / "bad.graphql")]) == 1
    assert "INVALID" in capsys.readouterr().out
    assert main(["contract", "validate", *sides, str(docs / "missing-*.graphql")]) == 2
