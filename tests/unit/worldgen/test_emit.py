"""The generator's YAML emitter: whatever it writes, the safe loader reads back unchanged."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.worldgen.emit import dump, scalar

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(
        ["yes", "No", "on", "null", "~", "10:30", "2026-11-15", "1e5", "0x1F", "- a", "a: b", "#x"]
    ),
    st.text(alphabet="ab \n\t:#-", max_size=30),
)
_keys = st.one_of(st.text(max_size=12), st.sampled_from(["y", "n", "on", "off", "id", "15m", "true"]))
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(document=st.dictionaries(_keys, _values, min_size=1, max_size=5))
def test_the_safe_loader_reads_back_exactly_what_was_emitted(document: dict[str, Any]) -> None:
    assert yaml.safe_load(dump(document)) == document


def test_multi_line_texts_become_literal_blocks_and_plain_words_stay_plain() -> None:
    text = dump({"posts": [{"id": "abc", "text": "First line.\n\nSecond line."}]})
    assert text == "posts:\n- id: abc\n  text: |-\n    First line.\n\n    Second line.\n"


def test_strings_the_loader_would_read_as_something_else_are_quoted() -> None:
    assert [scalar(v) for v in ("yes", "null", "10:30", "2026-11-15T00:00:00Z", "12")] == [
        '"yes"',
        '"null"',
        '"10:30"',
        '"2026-11-15T00:00:00Z"',
        '"12"',
    ]
    assert scalar("690fe40c052b65c3d12ceed7") == "690fe40c052b65c3d12ceed7"


def test_floats_keep_a_dot_so_yaml_1_1_reads_them_as_floats() -> None:
    assert yaml.safe_load(scalar(1e-05)) == 1e-05
    assert yaml.safe_load(scalar(1e20)) == 1e20
