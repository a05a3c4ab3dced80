"""What the mock's browser pages (the explorer, the world page) share: their asset path, the
headers they are sent with, and how a browser is told apart from an API client."""

from __future__ import annotations

from starlette.requests import Request

ASSETS_PATH = "/_explorer/assets"
#: Same origin only, no inline script or style, no framing, no plugins.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def wants_html(request: Request) -> bool:
    """A browser navigating here (its Accept names text/html), not an API client."""
    return "text/html" in request.headers.get("accept", "")
