"""The explorer's completion logic (``mockserver/http/static/completion.mjs``), run in Node
against the served schema's introspection: what it offers at a cursor, marked ``|`` below.

Node is required (CI installs it for the official CLI tests): a missing ``node`` fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graphql import introspection_from_schema

from mockserver.graphql_schema import build_schema

DRIVER = Path(__file__).with_name("completion_driver.mjs")


class CompletionDriver:
    """One Node process answering completion cases line by line (the schema is sent once)."""

    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            pytest.fail("node is required for the explorer's completion tests (install Node.js)")
        self.process = subprocess.Popen(
            [node, str(DRIVER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        schema = introspection_from_schema(build_schema())["__schema"]
        assert self.ask(schema) == {"ready": True}

    def ask(self, message: Any) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the completion driver exited"
        answer = json.loads(line)
        assert not (isinstance(answer, dict) and "error" in answer), answer.get("error")
        return answer

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(10)


_driver: list[CompletionDriver] = []


@pytest.fixture(scope="module", autouse=True)
def completion_driver() -> Iterator[CompletionDriver]:
    driver = CompletionDriver()
    _driver.append(driver)
    yield driver
    _driver.remove(driver)
    driver.close()


def run_driver(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_driver[-1].ask(case) for case in cases]


def complete(marked: str) -> dict[str, Any]:
    """Suggestions at the ``|`` of ``marked``."""
    offset = marked.index("|")
    return run_driver([{"text": marked.replace("|", "", 1), "offset": offset}])[0]


def labels(marked: str) -> list[str]:
    return list(complete(marked)["labels"])


def test_fields_of_the_root_query_at_the_top_selection() -> None:
    offered = labels("{ | }")
    assert {"account", "posts", "channels", "channel", "post"} <= set(offered)


def test_fields_follow_the_selection_path_to_the_cursor_type() -> None:
    offered = labels('query { posts(first: 1, input: {organizationId: "o"}) { edges { node { | } } } }')
    assert {"id", "text", "channelId", "channelService", "dueAt", "status"} <= set(offered)
    assert "email" not in offered  # an Account field, not a Post field
    assert "edges" not in offered


def test_a_typed_prefix_narrows_fields_and_replaces_the_whole_word() -> None:
    text = "{ account { organizations { chan } } }"
    cursor = text.index("chan") + 2  # inside the word: "ch|an"
    answer = run_driver([{"text": text, "offset": cursor}])[0]
    assert answer["labels"][0] == "channelCount"
    assert "name" not in answer["labels"]
    assert (answer["from"], answer["to"]) == (text.index("chan"), text.index("chan") + 4)


def test_prefix_matches_rank_before_substring_matches() -> None:
    offered = labels('{ posts(input: {organizationId: "o"}) { edges { node { ch| } } } }')
    assert offered[:3] == ["channel", "channelId", "channelService"]
    assert "isCustomScheduled" in offered[3:]  # "...Scheduled" contains "ch"


def test_a_complete_word_is_flagged_so_enter_is_left_alone() -> None:
    answer = complete("{ account { id| } }")
    assert answer["exact"] is True
    assert "id" not in answer["labels"]
    assert complete("{ account { i| } }")["exact"] is False


def test_arguments_inside_parentheses_leave_out_those_already_given() -> None:
    assert set(labels("{ posts(| ) { edges { cursor } } }")) == {"after", "first", "input"}
    assert set(labels("{ posts(first: 5, | ) { edges { cursor } } }")) == {"after", "input"}


def test_argument_completion_inserts_the_name_and_a_colon() -> None:
    items = complete("{ posts(fir|) { edges { cursor } } }")["items"]
    assert items[0]["label"] == "first"
    assert items[0]["insert"] == "first: "
    assert items[0]["detail"] == "Int"


def test_input_object_fields_inside_an_argument_value() -> None:
    assert set(labels("{ posts(input: { | }) { edges { cursor } } }")) == {"organizationId", "filter", "sort"}


def test_enum_values_for_an_enum_typed_list_item() -> None:
    offered = labels('{ posts(input: {organizationId: "o", filter: {status: [|]}}) { edges { cursor } } }')
    assert offered[:6] == ["draft", "error", "needs_approval", "scheduled", "sending", "sent"]


def test_enum_values_are_filtered_by_the_typed_prefix() -> None:
    assert labels(
        '{ posts(input: {organizationId: "o", filter: {status: [sch|]}}) { edges { cursor } } }'
    ) == ["scheduled"]


def test_declared_variables_are_offered_as_values() -> None:
    offered = labels(
        "query Q($organization: OrganizationId!) { channels(input: {organizationId: | }) { id } }"
    )
    assert "$organization" in offered


def test_type_conditions_after_spread_on_are_the_union_members() -> None:
    offered = labels("mutation { createPost(input: {}) { ... on | } }")
    assert offered[0] == "PostActionPayload"
    assert {"PostActionSuccess", "InvalidInputError", "NotFoundError"} <= set(offered)
    assert "Account" not in offered


def test_fields_inside_an_inline_fragment_are_the_members_fields() -> None:
    offered = labels("mutation { createPost(input: {}) { ... on PostActionSuccess { | } } }")
    assert "post" in offered


def test_a_union_selection_offers_typename_and_inline_fragments() -> None:
    assert labels("mutation { createPost(input: {}) { | } }") == ["__typename", "... on"]


def test_an_alias_does_not_hide_the_field_it_names() -> None:
    offered = labels("{ me: account { | } }")
    assert "email" in offered


def test_variable_definitions_offer_input_types() -> None:
    offered = labels("query Q($input: Posts|")
    assert "PostsInput" in offered
    assert "Post" not in offered  # an output type cannot type a variable


def test_directives_after_an_at_sign() -> None:
    assert {"include", "skip"} <= set(labels("{ account { id @| } }"))


def test_keywords_at_the_top_level() -> None:
    assert labels("|") == ["query", "mutation", "subscription", "fragment"]


def test_nothing_is_offered_inside_strings_or_comments() -> None:
    assert labels('{ posts(input: {organizationId: "ab|"}) { edges { cursor } } }') == []
    assert labels("# account { | \n{ account { id } }") == []


def test_deprecated_fields_are_marked_and_ranked_last() -> None:
    items = complete('{ channels(input: {organizationId: "o"}) { | } }')["items"]
    deprecated = [item["label"] for item in items if item["deprecated"]]
    assert "weeklyPostingLimit" in deprecated
    flags = [item["deprecated"] for item in items]
    assert flags == sorted(flags)


def test_fields_after_a_closed_sibling_selection_are_the_parent_types() -> None:
    offered = labels("{ account { organizations { id } | } }")
    assert "email" in offered
    assert "channelCount" not in offered


def test_operation_at_the_cursor_names_the_operation_to_run() -> None:
    text = "query First { account { id } }\nquery Second { account { email } }"
    first, second = run_driver(
        [
            {"op": "operationAt", "text": text, "offset": 5},
            {"op": "operationAt", "text": text, "offset": text.index("Second") + 12},
        ]
    )
    assert first == {"name": "First", "count": 2}
    assert second == {"name": "Second", "count": 2}
