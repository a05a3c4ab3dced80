"""Rate-limit headers: Buffer's structured format, the legacy X-RateLimit-* fallback."""

from __future__ import annotations

import base64
import re

from mockserver.gateway.ratelimit import WindowStatus
from mockserver.gateway.ratelimit_headers import (
    legacy_headers,
    most_constrained,
    partition_key,
    policy_name,
    rate_limit_headers,
    structured_headers,
    window_label,
)

WINDOWS = (
    WindowStatus("15m", 900, 100, 2, 897),
    WindowStatus("24h", 86_400, 250, 2, 86_397),
    WindowStatus("30d", 2_592_000, 3000, 31, 696_980),
)


def split_top_level(value: str) -> list[str]:
    """Split like the official CLI: on commas outside quotes."""
    parts, current, quoted = [], "", False
    for char in value:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts


def test_policy_names_are_generated_from_quota_and_window() -> None:
    assert policy_name(100, 900) == "100-in-15min"
    assert policy_name(1000, 86_400) == "1000-in-1day"
    assert policy_name(30000, 2_592_000) == "30000-in-30days"
    assert window_label(7200) == "2hours"
    assert window_label(45) == "45s"


def test_partition_key_has_the_documented_shape_and_is_stable_per_client() -> None:
    key = partition_key("client-a")
    assert key == partition_key("client-a") != partition_key("client-b")
    assert re.fullmatch(r"[0-9a-f]{12}", base64.b64decode(key).decode())


def test_structured_headers_carry_one_entry_per_window_in_order() -> None:
    headers = structured_headers(WINDOWS, "client-a")
    key = partition_key("client-a")
    assert split_top_level(headers["RateLimit"]) == [
        '"100-in-15min";r=98;t=897',
        '"250-in-1day";r=248;t=86397',
        '"3000-in-30days";r=2969;t=696980',
    ]
    assert split_top_level(headers["RateLimit-Policy"]) == [
        f'"100-in-15min";q=100;w=900;pk=:{key}:',
        f'"250-in-1day";q=250;w=86400;pk=:{key}:',
        f'"3000-in-30days";q=3000;w=2592000;pk=:{key}:',
    ]


def test_legacy_headers_describe_the_most_constrained_window_with_an_epoch_reset() -> None:
    windows = (WindowStatus("15m", 900, 100, 95, 600), WindowStatus("24h", 86_400, 250, 10, 80_000))
    now_ms = 1_794_744_000_500
    assert legacy_headers(windows, now_ms) == {
        "X-RateLimit-Limit": "100",
        "X-RateLimit-Remaining": "5",
        "X-RateLimit-Reset": str(1_794_744_000 + 600),
    }


def test_most_constrained_prefers_the_longer_reset_on_a_tie() -> None:
    windows = (WindowStatus("15m", 900, 100, 100, 60), WindowStatus("24h", 86_400, 250, 250, 9000))
    assert most_constrained(windows).name == "24h"


def test_style_selects_the_form_and_no_windows_means_no_headers() -> None:
    assert set(rate_limit_headers("structured", WINDOWS, "c", 0)) == {"RateLimit", "RateLimit-Policy"}
    assert set(rate_limit_headers("legacy", WINDOWS, "c", 0)) == {
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
    }
    assert rate_limit_headers("structured", (), "c", 0) == {}
