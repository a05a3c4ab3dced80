"""The in-browser GraphQL explorer served on GET /graphql."""

from __future__ import annotations

from ariadne.explorer import ExplorerGraphiQL

_EXPLORER = ExplorerGraphiQL(title="buffer-mock explorer")


def explorer_html(path: str) -> str:
    html = _EXPLORER.html(None)
    return html if isinstance(html, str) else ""
