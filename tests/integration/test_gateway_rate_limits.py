"""Through HTTP: rate-limit headers on every answer, 429s per window, windows rolling on the mock clock."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mockserver import errors
from mockserver.gateway.ratelimit_headers import partition_key
from tests.unit.gateway.small_world import (
    ANCHOR_MS,
    PERSONAL_KEY,
    READ_CLIENT,
    READ_TOKEN,
    SECOND_APP_TOKEN,
    SECOND_PERSONAL_KEY,
    TEAM_KEY,
    Gateway,
    gateway_settings,
    small_world,
)

QUERY = "query Account { account { id } }"
ENTRY = re.compile(r'"(?P<name>[^"]+)"(?P<params>(?:;[a-z]+=[^;,]+)*)')


def parse_structured(value: str) -> dict[str, dict[str, str]]:
    """Entries of a RateLimit / RateLimit-Policy value, keyed by policy name (like the CLI)."""
    entries: dict[str, dict[str, str]] = {}
    for match in ENTRY.finditer(value):
        params = dict(part.split("=", 1) for part in match.group("params").split(";") if part)
        entries[match.group("name")] = params
    return entries


def windows_of(response: Any) -> dict[str, dict[str, int]]:
    """Per window length (w), the quota, remaining and reset the headers report."""
    status = parse_structured(response.headers["ratelimit"])
    policy = parse_structured(response.headers["ratelimit-policy"])
    assert list(status) == list(policy)
    return {
        int(p["w"]): {"q": int(p["q"]), "r": int(status[name]["r"]), "t": int(status[name]["t"])}
        for name, p in policy.items()
    }


def rate_limited_body(window: str) -> dict[str, Any]:
    return {
        "errors": [
            {
                "message": "Too many requests from this client. Please try again later.",
                "extensions": {"code": "RATE_LIMIT_EXCEEDED", "window": window},
            }
        ]
    }


def send(gateway: Gateway, count: int, token: str = PERSONAL_KEY) -> None:
    for _ in range(count):
        assert gateway.post(QUERY, token=token).status_code == 200


def fill(gateway: Gateway, count: int, client: str = PERSONAL_KEY, namespace: str = "default") -> None:
    """Use up ``count`` requests of a free-plan client directly (when exhaustion is only the setup)."""
    served = gateway.namespace(namespace)
    state = served.gateway
    for _ in range(count):
        state.check(client, "free", served.clock.now())


def buffer_mode(**overrides: Any) -> Gateway:
    return Gateway(gateway_settings(rate_limit_mode="buffer", **overrides))


# --- headers ---------------------------------------------------------------------------------------
def test_every_answer_carries_one_header_entry_per_window_in_the_documented_format() -> None:
    gateway = Gateway()
    response = gateway.post(QUERY)
    key = partition_key(PERSONAL_KEY)
    assert response.headers["ratelimit"] == (
        '"100-in-15min";r=99;t=900, "250-in-1day";r=249;t=86400, "3000-in-30days";r=2999;t=2592000'
    )
    assert response.headers["ratelimit-policy"] == (
        f'"100-in-15min";q=100;w=900;pk=:{key}:, "250-in-1day";q=250;w=86400;pk=:{key}:, '
        f'"3000-in-30days";q=3000;w=2592000;pk=:{key}:'
    )


def test_remaining_and_reset_move_with_requests_and_the_mock_clock() -> None:
    gateway = Gateway()
    gateway.post(QUERY)
    gateway.advance(3)
    windows = windows_of(gateway.post(QUERY))
    assert windows[900] == {"q": 100, "r": 98, "t": 897}
    assert windows[86_400] == {"q": 250, "r": 248, "t": 86_397}


def test_validation_failures_carry_headers_and_count() -> None:
    gateway = Gateway()
    bad = gateway.post("{ account { nope } }")
    assert bad.status_code == 400
    assert windows_of(bad)[900]["r"] == 99
    assert windows_of(gateway.post(QUERY))[900]["r"] == 98


def test_plan_comes_from_the_token_or_the_accounts_first_organization() -> None:
    gateway = Gateway(data=small_world(plan="essentials"))
    assert {w: v["q"] for w, v in windows_of(gateway.post(QUERY)).items()} == {
        900: 100,
        86_400: 250,
        2_592_000: 7500,
    }
    assert {w: v["q"] for w, v in windows_of(gateway.post(QUERY, token=TEAM_KEY)).items()} == {
        900: 100,
        86_400: 500,
        2_592_000: 15000,
    }


def test_legacy_header_style_reports_the_most_constrained_window_with_an_epoch_reset() -> None:
    gateway = Gateway(gateway_settings(rate_limit_headers="legacy"))
    response = gateway.post(QUERY)
    assert "ratelimit" not in response.headers
    assert response.headers["x-ratelimit-limit"] == "100"
    assert response.headers["x-ratelimit-remaining"] == "99"
    assert response.headers["x-ratelimit-reset"] == str(ANCHOR_MS // 1000 + 900)


def test_off_mode_sends_no_rate_limit_headers() -> None:
    response = Gateway(gateway_settings(rate_limit_mode="off")).post(QUERY)
    assert response.status_code == 200
    assert "ratelimit" not in response.headers and "x-ratelimit-limit" not in response.headers


# --- 429 per window, windows rolling ---------------------------------------------------------------
def test_fifteen_minute_window_refuses_the_101st_request_until_it_rolls() -> None:
    gateway = buffer_mode()
    send(gateway, 100)
    refused = gateway.post(QUERY)
    assert refused.status_code == 429
    assert refused.json() == rate_limited_body("15m")
    assert refused.headers["retry-after"] == "900"
    assert windows_of(refused)[900]["r"] == 0
    gateway.advance(899)
    still = gateway.post(QUERY)
    assert (still.status_code, still.headers["retry-after"]) == (429, "1")
    gateway.advance(1)
    again = gateway.post(QUERY)
    assert again.status_code == 200
    assert windows_of(again)[900]["r"] == 99
    assert windows_of(again)[86_400]["r"] == 149  # the day still remembers the first hundred


def test_daily_window_refuses_the_251st_request_of_a_free_plan_day() -> None:
    gateway = buffer_mode()
    send(gateway, 100)
    gateway.advance(900)
    send(gateway, 100)
    gateway.advance(900)
    send(gateway, 50)
    refused = gateway.post(QUERY)
    assert refused.status_code == 429
    assert refused.json() == rate_limited_body("24h")
    assert refused.headers["retry-after"] == str(86_400 - 1800)
    windows = windows_of(refused)
    assert (windows[86_400]["r"], windows[900]["r"]) == (0, 50)
    gateway.advance(86_400 - 1800)
    assert gateway.post(QUERY).status_code == 200


def test_thirty_day_window_refuses_with_custom_quotas_and_rolls_after_thirty_days() -> None:
    gateway = Gateway()
    put = gateway.http.put(
        "/_mock/ratelimits", json={"mode": "custom", "customQuotas": {"15m": 5, "24h": 6, "30d": 10}}
    )
    assert put.status_code == 200
    send(gateway, 5)
    gateway.advance(86_400)
    send(gateway, 5)
    gateway.advance(86_400)
    refused = gateway.post(QUERY)
    assert refused.status_code == 429
    assert refused.json() == rate_limited_body("30d")
    assert refused.headers["retry-after"] == str(2_592_000 - 2 * 86_400)
    policy = parse_structured(refused.headers["ratelimit-policy"])
    assert list(policy) == ["5-in-15min", "6-in-1day", "10-in-30days"]
    gateway.advance(2_592_000 - 2 * 86_400)
    assert gateway.post(QUERY).status_code == 200


def test_refused_requests_are_not_counted() -> None:
    gateway = buffer_mode()
    fill(gateway, 100)
    for _ in range(20):
        assert gateway.post(QUERY).status_code == 429
    gateway.advance(900)
    assert windows_of(gateway.post(QUERY))[86_400]["r"] == 149


def test_observe_mode_never_refuses_but_logs_what_buffer_would_have_done() -> None:
    gateway = Gateway()
    fill(gateway, 100)
    response = gateway.post(QUERY)
    assert response.status_code == 200
    assert windows_of(response)[900]["r"] == 0
    last = gateway.namespace().request_log[-1]
    assert last["would_rate_limit"] == "15m"


# --- clients, namespaces, modes at run time ----------------------------------------------------------
def test_personal_keys_have_independent_budgets() -> None:
    gateway = buffer_mode()
    fill(gateway, 100)
    assert gateway.post(QUERY).status_code == 429
    assert gateway.post(QUERY, token=SECOND_PERSONAL_KEY).status_code == 200


def test_tokens_of_one_oauth_app_share_its_budget() -> None:
    gateway = buffer_mode()
    send(gateway, 60, token=READ_TOKEN)
    send(gateway, 40, token=SECOND_APP_TOKEN)
    assert gateway.post(QUERY, token=READ_TOKEN).status_code == 429
    clients = gateway.http.get("/_mock/ratelimits").json()["clients"]
    assert [c["client"] for c in clients] == [READ_CLIENT]


def test_namespaces_count_separately() -> None:
    gateway = buffer_mode()
    fill(gateway, 100, namespace="ci-job-1")
    assert gateway.post(QUERY, namespace="ci-job-1").status_code == 429
    assert gateway.post(QUERY, namespace="ci-job-2").status_code == 200


def test_mode_switch_and_counter_reset_through_the_control_api() -> None:
    gateway = Gateway()
    fill(gateway, 100)
    assert gateway.post(QUERY).status_code == 200  # observe
    gateway.http.put("/_mock/ratelimits", json={"mode": "buffer"})
    assert gateway.post(QUERY).status_code == 429
    state = gateway.http.delete("/_mock/ratelimits").json()
    assert (state["mode"], state["clients"]) == ("buffer", [])
    assert gateway.post(QUERY).status_code == 200


def test_namespace_reset_forgets_the_counters() -> None:
    gateway = buffer_mode()
    fill(gateway, 100)
    gateway.http.post("/_mock/reset")
    assert gateway.post(QUERY).status_code == 200


def test_control_api_reports_each_clients_windows() -> None:
    gateway = Gateway()
    send(gateway, 3)
    state = gateway.http.get("/_mock/ratelimits").json()
    assert state["mode"] == "observe" and state["headers"] == "structured"
    (client,) = state["clients"]
    assert client["plan"] == "free"
    assert [(w["window"], w["used"], w["remaining"]) for w in client["windows"]] == [
        ("15m", 3, 97),
        ("24h", 3, 247),
        ("30d", 3, 2997),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"mode": "fast"}, "mode must be one of"),
        ({"headers": "fancy"}, "headers must be one of"),
        ({"customQuotas": {"15m": 0, "24h": 1, "30d": 1}}, "'customQuotas.15m' must be an integer"),
        ({"customQuotas": {"1h": 5}}, "'customQuotas' must be an object"),
        ({"resetCounters": "yes"}, "'resetCounters' must be true or false"),
        ({"speed": 1}, "Unknown field(s)"),
    ],
)
def test_bad_rate_limit_settings_are_a_clear_400(body: dict[str, Any], message: str) -> None:
    response = Gateway().http.put("/_mock/ratelimits", json=body)
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]
    assert response.json()["errors"][0]["extensions"]["code"] == errors.BAD_REQUEST
