"""graphql-js 16 wording of input errors, and values printed like graphql-js ``inspect``."""

from __future__ import annotations

import pytest

from mockserver.graphql_schema import build_schema
from mockserver.http.js_messages import inner_message, inspect_value, variable_message

SCHEMA = build_schema("2026-08-13")


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("66075600877698984c452032", '"66075600877698984c452032"'),
        ({"a": 1, "b": [True, None]}, "{ a: 1, b: [true, null] }"),
        ({"a": {"b": {"c": 1}}}, "{ a: { b: [Object] } }"),
        ([[[1]]], "[[[Array]]]"),
        (list(range(12)), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ... 2 more items]"),
        (list(range(11)), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ... 1 more item]"),
        ({}, "{}"),
        ([], "[]"),
        (2.0, "2"),
        ('ünï "q"', '"ünï \\"q\\""'),
    ],
)
def test_values_print_like_graphql_js_inspect(value: object, printed: str) -> None:
    assert inspect_value(value) == printed


def test_unknown_input_field_in_a_literal_uses_graphql_js_16_wording() -> None:
    message = "Expected value of type 'CreatePostInput' not to include unknown field 'videoUrl', found: {text: \"x\"}."
    assert (
        inner_message(message, SCHEMA, literal=True)
        == 'Field "videoUrl" is not defined by type "CreatePostInput".'
    )


def test_unknown_input_field_keeps_the_suggestion() -> None:
    message = "Expected value of type 'CreatePostInput' not to include unknown field 'tagId'. Did you mean 'tagIds'? Found: {}."
    assert inner_message(message, SCHEMA, literal=True) == (
        'Field "tagId" is not defined by type "CreatePostInput". Did you mean "tagIds"?'
    )


def test_a_missing_required_field_names_its_type() -> None:
    message = "Expected value of type 'CreatePostInput' to include required field 'channelId', found: {}."
    assert inner_message(message, SCHEMA, literal=True) == (
        'Field "CreatePostInput.channelId" of required type "ChannelId!" was not provided.'
    )
    assert inner_message(message, SCHEMA, literal=False) == (
        'Field "channelId" of required type "ChannelId!" was not provided.'
    )


def test_a_variable_error_prints_the_invalid_value_and_its_path_without_python_repr() -> None:
    message = (
        "Variable '$input' has invalid value at .assets[0]: Expected value of type 'AssetInput'"
        " not to include unknown field 'url', found: {'url': '66075600877698984c452032'}."
    )
    variables = {"input": {"assets": [{"url": "66075600877698984c452032"}]}}
    assert variable_message(message, variables, SCHEMA) == (
        'Variable "$input" got invalid value { url: "66075600877698984c452032" } at "input.assets[0]";'
        ' Field "url" is not defined by type "AssetInput".'
    )


def test_a_null_non_null_variable_and_an_unmatched_message() -> None:
    null = "Variable '$input' has invalid value: Expected value of non-null type 'CreatePostInput!' not to be None."
    assert variable_message(null, {"input": None}, SCHEMA) == (
        'Variable "$input" of non-null type "CreatePostInput!" must not be null.'
    )
    scalar = "Variable '$id' has invalid value: PostId cannot represent 5: expected an ObjectId"
    assert variable_message(scalar, {"id": 5}, SCHEMA) == (
        'Variable "$id" got invalid value 5; PostId cannot represent 5: expected an ObjectId'
    )
