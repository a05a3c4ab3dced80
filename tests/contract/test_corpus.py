"""The corpus loader: read-only named queries with JSON default variables in the header."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from graphql import parse, validate

from mockserver.contract.corpus import (
    CorpusError,
    UnresolvedPlaceholder,
    default_corpus_dir,
    load_corpus,
    parse_operation,
    resolve_variables,
)
from mockserver.graphql_schema import build_schema

SCHEDULED = """# Scheduled posts.
# variables: {"input": {"organizationId": "$org",
#             "filter": {"channelIds": ["$channel"]}}, "first": 5}
query Scheduled($input: PostsInput!, $first: Int) { posts(input: $input, first: $first) { edges { node { id } } } }
"""


def test_header_variables_may_span_several_comment_lines() -> None:
    operation = parse_operation(SCHEDULED, "scheduled.graphql")
    assert operation.name == "Scheduled"
    assert operation.variables == {
        "input": {"organizationId": "$org", "filter": {"channelIds": ["$channel"]}},
        "first": 5,
    }
    assert operation.placeholders == {"$org", "$channel"}


def test_a_file_without_variables_header_has_no_variables() -> None:
    assert parse_operation("query Me { account { id } }", "me.graphql").variables == {}


@pytest.mark.parametrize("kind", ["mutation", "subscription"])
def test_mutations_and_subscriptions_are_refused(kind: str) -> None:
    with pytest.raises(CorpusError, match=rf"delete\.graphql: {kind} operations are refused.*read-only"):
        parse_operation(
            f'{kind} DeleteIt {{ deletePost(input: {{id: "x"}}) {{ __typename }} }}', "delete.graphql"
        )


def test_bad_header_json_is_reported_with_the_file_name() -> None:
    text = '# variables: {"input": {"organizationId": "$org"\nquery Q { account { id } }'
    with pytest.raises(
        CorpusError, match=r"^broken\.graphql: the variables in the header are not valid JSON"
    ):
        parse_operation(text, "broken.graphql")


def test_header_variables_must_be_an_object() -> None:
    with pytest.raises(CorpusError, match=r"list\.graphql: .* must be a JSON object"):
        parse_operation("# variables: [1]\nquery Q { account { id } }", "list.graphql")


def test_unknown_placeholders_are_refused_naming_the_valid_ones() -> None:
    text = '# variables: {"id": "$idea"}\nquery Q { account { id } }'
    with pytest.raises(CorpusError, match=r"unknown placeholder\(s\) \['\$idea'\]; valid placeholders"):
        parse_operation(text, "q.graphql")


def test_anonymous_and_multiple_operations_are_refused() -> None:
    with pytest.raises(CorpusError, match="needs a name"):
        parse_operation("{ account { id } }", "anon.graphql")
    with pytest.raises(CorpusError, match="exactly one operation, found 2"):
        parse_operation("query A { account { id } } query B { account { id } }", "two.graphql")


def test_load_corpus_refuses_a_mutation_file_in_the_directory(tmp_path: Path) -> None:
    (tmp_path / "a.graphql").write_text("query A { account { id } }")
    (tmp_path / "b.graphql").write_text("mutation B { createIdea(input: {}) { __typename } }")
    with pytest.raises(CorpusError, match=r"^b\.graphql: mutation operations are refused"):
        load_corpus(tmp_path)


def test_load_corpus_refuses_duplicate_names(tmp_path: Path) -> None:
    (tmp_path / "a.graphql").write_text("query Same { account { id } }")
    (tmp_path / "b.graphql").write_text("query Same { account { email } }")
    with pytest.raises(CorpusError, match=r"b\.graphql: operation Same is also defined in a\.graphql"):
        load_corpus(tmp_path)


def test_resolve_variables_replaces_placeholders_and_names_a_missing_one() -> None:
    operation = parse_operation(SCHEDULED, "scheduled.graphql")
    resolved = resolve_variables(operation.variables, {"$org": "o1", "$channel": "c1"})
    assert resolved["input"] == {"organizationId": "o1", "filter": {"channelIds": ["c1"]}}
    with pytest.raises(UnresolvedPlaceholder, match=r"no id discovered for \$channel"):
        resolve_variables(operation.variables, {"$org": "o1"})


def test_the_shipped_corpus_is_read_only_and_valid_against_the_schema() -> None:
    operations = load_corpus(default_corpus_dir())
    covered = {name for op in operations for name in _root_fields(op.document)}
    assert covered >= {
        "account",
        "channels",
        "channel",
        "posts",
        "post",
        "dailyPostingLimits",
        "ideas",
        "ideaGroups",
        "postTemplates",
        "aggregatedPostMetrics",
    }
    august, october = build_schema("2026-08-13"), build_schema("2026-10")
    for operation in operations:
        assert validate(october, parse(operation.document)) == [], operation.source
        errors = validate(august, parse(operation.document))
        if operation.schema_version == "2026-08-13":
            assert errors == [], operation.source
        else:  # an operation on October roots says so in its header
            assert errors, f"{operation.source} runs on 2026-08-13 and needs no schema: header"


def test_the_corpus_is_package_data_readable_from_any_directory(tmp_path: Path) -> None:
    code = "from mockserver.contract.corpus import load_corpus; print(len(load_corpus()))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert int(result.stdout) == len(load_corpus())


def _root_fields(document: str) -> set[str]:
    definition = parse(document).definitions[0]
    return {selection.name.value for selection in definition.selection_set.selections}  # type: ignore[attr-defined]
