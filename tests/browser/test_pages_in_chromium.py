"""The explorer and the world page in real headless Chromium, with every other origin blocked
(the ``page`` fixture fails a test whose page attempted a request elsewhere)."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import XSS, OriginGuard
from tests.conftest import DEFAULT_KEY
from tests.integration.live_server import LiveServer

AUTH = {"authorization": f"Bearer {DEFAULT_KEY}"}


def open_explorer(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/graphql")
    page.wait_for_selector("body[data-schema=loaded]", timeout=15_000)


def run_and_wait(page: Page) -> str:
    page.evaluate("document.getElementById('status-line').textContent = ''")
    page.focus("#query")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#status-line")).to_have_text(re.compile(r"^HTTP "))
    return page.text_content("#status-line") or ""


def shown_result(page: Page) -> Any:
    return json.loads(page.text_content("#result") or "null")


def rate_limit_rows(page: Page) -> dict[str, str]:
    rows = page.eval_on_selector_all(
        "#rate-limit tr", "rows => rows.map(r => [r.cells[0].textContent, r.cells[1].textContent])"
    )
    return {name.lower(): value for name, value in rows}


def completion_labels(page: Page) -> list[str]:
    page.wait_for_selector("#completions:not([hidden]) li", timeout=5_000)
    return list(page.eval_on_selector_all("#completions li .label", "els => els.map(e => e.textContent)"))


def set_cursor(page: Page, text: str, marker: str) -> None:
    """Put ``text`` (with ``marker`` where the cursor goes) in the editor."""
    offset = text.index(marker)
    page.evaluate(
        "([text, offset]) => { const q = document.getElementById('query'); q.value = text; q.focus();"
        " q.setSelectionRange(offset, offset); }",
        [text.replace(marker, ""), offset],
    )


def test_a_typed_query_runs_with_ctrl_enter_and_shows_status_and_rate_limits(
    page: Page, server: LiveServer
) -> None:
    open_explorer(page, server)
    assert json.loads(page.input_value("#headers")) == {"Authorization": f"Bearer {DEFAULT_KEY}"}
    page.fill("#query", "")
    page.focus("#query")
    page.keyboard.type("query Me { account { email organizations { name } } }")
    assert run_and_wait(page).startswith("HTTP 200")
    direct = httpx.post(
        server.url + "/graphql", json={"query": "{ account { email organizations { name } } }"}, headers=AUTH
    )
    assert shown_result(page) == direct.json()
    rows = rate_limit_rows(page)
    assert rows["ratelimit-policy"] == direct.headers["ratelimit-policy"]
    assert re.match(r'"100-in-15min";r=\d+;t=\d+', rows["ratelimit"])


def test_an_error_answer_shows_its_status(page: Page, server: LiveServer) -> None:
    open_explorer(page, server)
    page.fill("#query", "{ account { nope } }")
    assert run_and_wait(page).startswith("HTTP 400")
    assert shown_result(page)["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_an_example_is_one_click_away_with_ids_from_this_namespace(page: Page, server: LiveServer) -> None:
    open_explorer(page, server)
    page.wait_for_selector("body[data-examples=loaded]")
    page.click("button[data-example=ContractChannel]")
    expect(page.locator("#status-line")).to_have_text(re.compile(r"^HTTP 200"))
    organizations = httpx.post(
        server.url + "/graphql", json={"query": "{ account { organizations { id } } }"}, headers=AUTH
    ).json()["data"]["account"]["organizations"]
    channels = httpx.post(
        server.url + "/graphql",
        json={
            "query": "query C($o: OrganizationId!) { channels(input: {organizationId: $o}) { id } }",
            "variables": {"o": organizations[0]["id"]},
        },
        headers=AUTH,
    ).json()["data"]["channels"]
    assert shown_result(page)["data"]["channel"]["id"] == channels[0]["id"]
    assert json.loads(page.input_value("#variables")) == {"input": {"id": channels[0]["id"]}}
    assert "query ContractChannel" in page.input_value("#query")


def test_completion_offers_the_fields_of_the_type_at_the_cursor(page: Page, server: LiveServer) -> None:
    open_explorer(page, server)
    page.fill("#query", "")
    page.focus("#query")
    page.keyboard.type("{ account { organizations { ch")
    labels = completion_labels(page)
    assert labels[0] == "channelCount"
    assert "email" not in labels  # an Account field: the cursor is inside Organization
    page.keyboard.press("Enter")
    assert page.input_value("#query") == "{ account { organizations { channelCount"


def test_completion_offers_arguments_inside_parentheses(page: Page, server: LiveServer) -> None:
    open_explorer(page, server)
    set_cursor(page, "{ posts(first: 5, |) { edges { cursor } } }", "|")
    page.keyboard.press("Control+Space")
    assert sorted(completion_labels(page)) == ["after", "input"]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # picks "input" and goes on completing its value
    assert page.input_value("#query") == "{ posts(first: 5, input: ) { edges { cursor } } }"


def test_completion_offers_enum_values(page: Page, server: LiveServer) -> None:
    open_explorer(page, server)
    set_cursor(
        page, '{ posts(input: {organizationId: "o", filter: {status: [|]}}) { edges { cursor } } }', "|"
    )
    page.keyboard.type("sc")
    assert completion_labels(page) == ["scheduled"]


def test_the_schema_browser_clicks_through_types_and_shows_deprecations(
    page: Page, server: LiveServer
) -> None:
    open_explorer(page, server)
    page.click(".tab[data-tab=schema]")
    page.click("#schema-doc a[data-type=Query]")
    assert page.text_content("#schema-type-name") == "Query"
    page.click("#schema-doc a[data-type=Account]")
    assert page.text_content("#schema-type-name") == "Account"
    assert "organizations" in (page.text_content("#schema-doc") or "")
    page.fill("#schema-search", "weeklyPostingLimit")
    page.click("#schema-doc a:text-is('Channel')")
    assert page.text_content("#schema-type-name") == "Channel"
    assert "Deprecated: No longer used." in (page.text_content("#schema-doc") or "")


def test_the_namespace_box_sends_the_namespace_header(page: Page, server: LiveServer) -> None:
    open_explorer(page, server)
    assert "default" in page.eval_on_selector_all("#namespace-list option", "os => os.map(o => o.value)")
    page.fill("#namespace", "from-the-explorer")
    page.dispatch_event("#namespace", "change")
    page.fill("#query", "query FromTheExplorer { account { id } }")
    assert run_and_wait(page).startswith("HTTP 200")
    log = httpx.get(server.url + "/_mock/requests", params={"namespace": "from-the-explorer"}).json()
    assert [entry["operationName"] for entry in log["requests"]] == ["FromTheExplorer"]
    assert page.get_attribute("#world-link", "href") == "/_mock/?namespace=from-the-explorer"


def test_the_world_page_renders_its_chart_and_shows_fixture_text_as_text(
    page: Page, server: LiveServer
) -> None:
    page.goto(server.url + "/_mock/")
    chart = page.locator("#metrics-chart svg")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    assert chart.locator("polyline").count() >= 2
    assert chart.locator("circle").count() > chart.locator("polyline").count()
    assert XSS in (page.text_content("#next-publication") or "")
    assert page.locator("img").count() == 0  # the hostile <img> stayed text
    page.click("a.metric-choice:text-is('views')")
    assert "views per network per month" in (page.text_content("#metrics-chart") or "")


def test_the_guard_catches_a_page_that_loads_from_another_origin(
    page: Page, server: LiveServer, guard: OriginGuard
) -> None:
    """The online-only GraphiQL link is the one page that loads from a CDN: the guard sees it."""
    open_explorer(page, server)
    assert guard.foreign == []  # nothing loaded from the CDN before the link is followed
    page.click("#graphiql-link")
    page.wait_for_load_state("load")
    assert any(url.startswith("https://esm.sh/") for url in guard.foreign)
    guard.foreign.clear()  # expected here; every other test must have none
    guard.page_errors.clear()


def test_the_version_selector_introspects_the_chosen_schema_version(page: Page, server: LiveServer) -> None:
    open_explorer(page, server)
    assert page.is_visible("#schema-version")
    page.click(".tab[data-tab=schema]")
    page.select_option("#schema-version", "2026-08-13")
    expect(page.locator("#schema-status")).to_contain_text("(2026-08-13)")
    page.fill("#schema-search", "tagsV2")
    expect(page.locator("#schema-crumbs")).to_have_text("0 match(es)")
    page.select_option("#schema-version", "2026-10")
    expect(page.locator("#schema-status")).to_contain_text("(2026-10)")
    page.fill("#schema-search", "tagsV2")
    expect(page.locator("#schema-doc")).to_contain_text("Query.tagsV2")
