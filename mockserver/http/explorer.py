"""The in-browser explorer served on GET ``/graphql`` and ``/`` (Accept: text/html).

Written for the mock and shipped as package data (``mockserver/http/static/``): plain HTML,
CSS and two ES modules, no third-party code, no request to any other origin. The page is
sent with a Content-Security-Policy that allows this origin only, so a stray reference to a
CDN fails loudly instead of leaking traffic.

Public routes (no control API needed, so the explorer works with ``--no-control`` too):

* ``GET /_explorer/assets/{name}``: the page's CSS and JavaScript;
* ``GET /_explorer/examples``: the example operations (the contract corpus, passed in by whoever
  builds the app) as JSON, for the examples list.

``GET /graphql?graphiql`` (from a browser) is GraphiQL loaded from a CDN, for those who want
it: online only, reached from a clearly marked link; nothing loads from the CDN unless that
link is followed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import orjson
from ariadne.explorer import ExplorerGraphiQL
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from mockserver.gateway.pages import ASSETS_PATH, PAGE_HEADERS
from mockserver.gateway.schema_versions import SCHEMA_VERSION_HEADER, namespace_version
from mockserver.schema.versions import VERSION_NAMES
from mockserver.settings import Settings
from mockserver.store.namespaces import DEFAULT_NAMESPACE, Namespaces
from mockserver.store.world import World

STATIC_DIR = Path(__file__).resolve().parent / "static"
EXAMPLES_PATH = "/_explorer/examples"
GRAPHIQL_PARAMETER = "graphiql"
WORLD_PAGE_PATH = "/_mock/"
NAMESPACES_PATH = "/_mock/health"
ASSET_TYPES = {
    "explorer.css": "text/css; charset=utf-8",
    "world.css": "text/css; charset=utf-8",
    "explorer.mjs": "text/javascript; charset=utf-8",
    "completion.mjs": "text/javascript; charset=utf-8",
}
# The schema versions a request can choose with SCHEMA_VERSION_HEADER. With more
# than one, the explorer shows a version selector and introspects the chosen version.
SCHEMA_VERSIONS: tuple[str, ...] = VERSION_NAMES
DEFAULT_QUERY = """# buffer-mock explorer: Ctrl+Enter runs, Ctrl+Space completes at the cursor.
# Pick an example on the left, or browse the schema.
query Account {
  account {
    id
    email
    organizations {
      id
      name
      channelCount
    }
  }
}
"""


def default_api_key(world: World) -> str | None:
    """The first personal, unrevoked API key of the served world (what the headers pane starts with)."""
    for token in world.tokens.values():
        if token.kind == "personal" and not token.revoked and token.account_id in world.accounts:
            return token.token
    return None


def explorer_config(
    settings: Settings, namespaces: Namespaces[Any], endpoint: str, *, control: bool
) -> dict[str, Any]:
    namespace = namespaces.get(DEFAULT_NAMESPACE)
    key = default_api_key(namespace.world)
    return {
        "endpoint": endpoint,
        "defaultHeaders": {"Authorization": f"Bearer {key}"} if key else {},
        "defaultQuery": DEFAULT_QUERY,
        "namespaceHeader": settings.namespace_header,
        "defaultNamespace": DEFAULT_NAMESPACE,
        "namespacesUrl": NAMESPACES_PATH if control else None,
        "worldUrl": WORLD_PAGE_PATH,
        "examplesUrl": EXAMPLES_PATH,
        "schemaVersionHeader": SCHEMA_VERSION_HEADER,
        "schemaVersions": list(SCHEMA_VERSIONS),
        "servedSchemaVersion": namespace_version(namespace, settings),
    }


def script_json(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left raw."""
    text = orjson.dumps(value).decode()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.cache
def page_template() -> str:
    return (STATIC_DIR / "explorer.html").read_text(encoding="utf-8")


def explorer_html(config: dict[str, Any]) -> str:
    return (
        page_template()
        .replace("{assets}", ASSETS_PATH)
        .replace("{graphiql}", f"{config['endpoint']}?{GRAPHIQL_PARAMETER}")
        .replace("{config}", script_json(config))
    )


def explorer_page(request: Request) -> Response:
    """The explorer (or, with ``?graphiql``, the CDN GraphiQL) for a browser's GET on a GraphQL path."""
    if GRAPHIQL_PARAMETER in request.query_params:
        return HTMLResponse(
            graphiql_html(),
            headers={"Content-Security-Policy": GRAPHIQL_CSP, "Referrer-Policy": "no-referrer"},
        )
    settings: Settings = request.app.state.settings
    config = explorer_config(
        settings, request.app.state.namespaces, request.url.path, control=settings.control_enabled
    )
    return HTMLResponse(explorer_html(config), headers=PAGE_HEADERS)


@functools.cache
def asset_bytes(name: str) -> bytes:
    return (STATIC_DIR / name).read_bytes()


def asset_response(name: str) -> Response:
    media_type = ASSET_TYPES.get(name)
    if media_type is None:
        return JSONResponse({"errors": [{"message": f"No explorer asset {name!r}"}]}, status_code=404)
    return Response(
        asset_bytes(name),
        media_type=media_type,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
    )


def corpus_title(document: str) -> str:
    """The first comment line of a corpus file (its one-line description)."""
    for line in document.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        text = stripped.lstrip("#").strip()
        if text and not text.startswith("variables:"):
            return text
    return ""


class ExampleOperation(Protocol):
    """One example: what the contract corpus's operations offer (``CorpusOperation``)."""

    @property
    def name(self) -> str: ...
    @property
    def document(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def variables(self) -> dict[str, Any]: ...
    @property
    def placeholders(self) -> set[str]: ...


#: Reads the examples when first asked for. The contract kit sits above the app in the layers,
#: so whoever builds the app passes it in (``buffer-mock serve`` and the pytest plugin do).
ExampleSource = Callable[[], Sequence[ExampleOperation]]
NO_EXAMPLES = "This server was started without example operations."


def examples_body(source: ExampleSource | None) -> bytes:
    if source is None:
        return orjson.dumps({"examples": [], "problem": NO_EXAMPLES})
    try:
        operations = source()
    except (OSError, ValueError) as error:  # a corpus that cannot be read (CorpusError is a ValueError)
        return orjson.dumps({"examples": [], "problem": f"The example operations cannot be read: {error}"})
    examples = [
        {
            "name": op.name,
            "title": corpus_title(op.document),
            "source": op.source,
            "document": op.document,
            "variables": op.variables,
            "placeholders": sorted(op.placeholders),
        }
        for op in operations
    ]
    return orjson.dumps({"examples": examples})


GRAPHIQL_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://esm.sh; "
    "style-src 'self' 'unsafe-inline' https://esm.sh; font-src https://esm.sh data:; "
    "img-src 'self' data: https://esm.sh; connect-src 'self' https://esm.sh; worker-src 'self' blob:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@functools.cache
def graphiql_html() -> str:
    html = ExplorerGraphiQL(title="buffer-mock GraphiQL (online only)").html(None)
    return html if isinstance(html, str) else ""


def explorer_router(examples: ExampleSource | None = None) -> APIRouter:
    router = APIRouter()
    answer = functools.cache(lambda: examples_body(examples))

    @router.get(ASSETS_PATH + "/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        return asset_response(name)

    @router.get(EXAMPLES_PATH, include_in_schema=False)
    async def example_operations() -> Response:
        return Response(answer(), media_type="application/json")

    return router
