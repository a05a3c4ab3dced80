"""The pure rules behind control-API access: loopback, token, origin, content type, load roots."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.rules.control_access import (
    bearer_matches,
    is_json_content_type,
    is_loopback_host,
    origin_is_foreign,
    resolve_under_roots,
)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"])
def test_loopback_addresses_are_loopback(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize(
    "host", ["10.0.0.5", "192.168.1.2", "0.0.0.0", "::", "::ffff:10.0.0.1", "example.com", "", None]
)
def test_other_addresses_are_not_loopback(host: str | None) -> None:
    assert not is_loopback_host(host)


def test_bearer_must_match_the_token_exactly() -> None:
    assert bearer_matches("Bearer s3cret", "s3cret")
    assert bearer_matches("bearer   s3cret ", "s3cret")
    for header in (None, "", "Bearer", "Bearer s3cre", "Bearer s3cret2", "Basic s3cret", "s3cret"):
        assert not bearer_matches(header, "s3cret")


def test_same_origin_or_no_origin_is_allowed_and_anything_else_refused() -> None:
    assert not origin_is_foreign(None, "127.0.0.1:8000")
    assert not origin_is_foreign("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert origin_is_foreign("https://evil.example", "127.0.0.1:8000")
    assert origin_is_foreign("http://127.0.0.1:9999", "127.0.0.1:8000")
    assert origin_is_foreign("null", "127.0.0.1:8000")
    assert origin_is_foreign("file://", "127.0.0.1:8000")


def test_only_application_json_bodies_are_json() -> None:
    assert is_json_content_type("application/json")
    assert is_json_content_type("Application/JSON; charset=utf-8")
    for value in (
        None,
        "",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/jsonp",
    ):
        assert not is_json_content_type(value)


def test_load_paths_resolve_only_inside_a_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "world").mkdir(parents=True)
    (root / "file.yaml").write_text("x")
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "escape").symlink_to(outside)
    assert resolve_under_roots(str(root / "world"), [root]) == (root / "world").resolve()
    assert resolve_under_roots(str(root / "world" / ".." / "world"), [root]) == (root / "world").resolve()
    assert resolve_under_roots(str(root), [root]) == root.resolve()
    refused = [
        str(outside),
        str(root / "escape"),  # a symlink out of the root is outside
        str(root / "missing"),
        str(root / "file.yaml"),
        str(root / ".." / "outside"),
        "/etc",
        "",
        "\x00",
    ]
    assert [resolve_under_roots(path, [root]) for path in refused] == [None] * len(refused)
    assert resolve_under_roots(str(outside), [root, outside]) == outside.resolve()
