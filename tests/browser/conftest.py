"""Real headless Chromium (the system's, e.g. Debian ``chromium``) driven by Playwright, over a
real ``buffer-mock serve`` subprocess.

Every request a page makes is routed through :class:`OriginGuard`: requests to the server's
origin go through, anything else is recorded and aborted, and a test fails if any was
attempted. Playwright never downloads a browser here: it launches ``BUFFER_MOCK_CHROMIUM``, else
``chromium`` / ``chromium-browser`` from ``PATH``. A missing browser or driver fails the tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import DEFAULT_KEY
from tests.integration.live_server import LiveServer, send_create_post

try:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Playwright, Route, sync_playwright
except ImportError as error:  # a missing driver is a failure, never a skip
    raise ImportError("the browser tests need the 'playwright' package (pip install -e '.[dev]')") from error

CLOCK = "2026-11-15T12:00:00Z"
HOSTILE_DUE_AT = "2026-11-15T12:05:00Z"
#: The text of a post scheduled right after the clock: the world page shows it as the next one.
XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def chromium_executable() -> str:
    configured = os.environ.get("BUFFER_MOCK_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        "Chromium is required for the browser tests: install it (Debian: apt-get install chromium) "
        "or point BUFFER_MOCK_CHROMIUM at a Chromium binary"
    )


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class OriginGuard:
    """Lets requests to ``origin`` through; records and aborts every other one."""

    origin: str
    foreign: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    policy_violations: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        url = route.request.url
        if origin_of(url) == self.origin:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort("blockedbyclient")

    def console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.policy_violations.append(message.text)

    def dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self) -> None:
        assert self.foreign == [], f"requests to another origin were attempted: {self.foreign}"
        assert self.page_errors == [], f"script errors on the page: {self.page_errors}"
        assert self.policy_violations == [], f"Content-Security-Policy violations: {self.policy_violations}"
        assert self.dialogs == [], f"the page opened dialogs (script ran?): {self.dialogs}"


def schedule_hostile_post(url: str) -> dict[str, Any]:
    """Schedule a post with hostile text right after the clock: the world page's next publication."""
    with httpx.Client(base_url=url, headers={"authorization": f"Bearer {DEFAULT_KEY}"}) as client:
        organizations = client.post("/graphql", json={"query": "{ account { organizations { id } } }"})
        organization = organizations.json()["data"]["account"]["organizations"][0]["id"]
        channels = client.post(
            "/graphql",
            json={
                "query": "query C($o: OrganizationId!) { channels(input: {organizationId: $o}) { id service } }",
                "variables": {"o": organization},
            },
        ).json()["data"]["channels"]
        channel = next(c for c in channels if c["service"] == "mastodon")  # plain text, no approval step
        created = send_create_post(
            client,
            {
                "channelId": channel["id"],
                "text": XSS,
                "mode": "customScheduled",
                "schedulingType": "automatic",
                "dueAt": HOSTILE_DUE_AT,
            },
        ).json()["data"]["createPost"]
    assert created["__typename"] == "PostActionSuccess", created
    assert created["post"]["status"] == "scheduled", created
    return dict(created["post"])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    workdir = tmp_path_factory.mktemp("browser")
    live = LiveServer(["--clock", CLOCK, "--freeze-clock"], workdir)
    live.start()
    try:
        schedule_hostile_post(live.url)
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    launched = playwright_driver.chromium.launch(
        executable_path=chromium_executable(),
        headless=True,
        args=["--no-sandbox", "--disable-dev-shm-usage", "--no-first-run"],
    )
    yield launched
    launched.close()


@pytest.fixture
def guard(server: LiveServer) -> OriginGuard:
    return OriginGuard(origin_of(server.url))


@pytest.fixture
def page(browser: Browser, guard: OriginGuard) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", guard.route)
    opened = context.new_page()
    opened.on("pageerror", lambda error: guard.page_errors.append(str(error)))
    opened.on("console", guard.console)
    opened.on("dialog", guard.dialog)
    yield opened
    context.close()
    guard.assert_clean()
