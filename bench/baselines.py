"""Baseline servers for ``bench/run.py``, each run as its own process.

``python bench/baselines.py bare-granian PORT``   a bare FastAPI route on granian (Rust HTTP stack)
``python bench/baselines.py bare-uvloop PORT``    the same route on uvicorn + uvloop + httptools
``python bench/baselines.py bare-h11 PORT``       the same route on uvicorn's pure-Python h11 stack
``python bench/baselines.py ariadne PORT``        plain Ariadne (``ariadne.asgi.GraphQL``, default
                                                  settings) over our schema and the default world,
                                                  on uvicorn + uvloop + httptools

The bare route answers what ``{ account { id } }`` answers, so the bytes on the wire match.
"""

from __future__ import annotations

import sys
from typing import Any

import orjson
import uvicorn
from ariadne.asgi import GraphQL
from fastapi import FastAPI
from graphql import GraphQLObjectType
from starlette.responses import Response

from mockserver.app import build_namespaces, load_world_data
from mockserver.gateway.auth import authenticate
from mockserver.graphql_schema import build_schema
from mockserver.resolvers.context import RequestContext
from mockserver.resolvers.defaults import default_field_resolver
from mockserver.settings import Settings

ACCOUNT_ANSWER = orjson.dumps({"data": {"account": {"id": "654ec400a3c0f068311ed4df"}}})

bare_app = FastAPI()


@bare_app.post("/graphql")
async def bare_route() -> Response:
    return Response(ACCOUNT_ANSWER, media_type="application/json")


def ariadne_app() -> Any:
    """Plain Ariadne over the mock's schema and default world (personal key: no scope checks).

    Ariadne's default resolver reads attributes by the field's own (camelCase) name, while our
    entities are snake_case dataclasses: that one data-model default is set on the schema, nothing
    that changes how Ariadne executes.
    """
    settings = Settings()
    schema = build_schema()
    for graphql_type in schema.type_map.values():
        if isinstance(graphql_type, GraphQLObjectType):
            for field in graphql_type.fields.values():
                if field.resolve is None:
                    field.resolve = default_field_resolver
    world = build_namespaces(settings, load_world_data(settings)).get("default").world

    def context_value(request: Any, _data: Any = None) -> RequestContext:
        actor = authenticate(world, request.headers.get("authorization"))
        return RequestContext(world=world, actor=actor, settings=settings, now=world.sync_clock())  # type: ignore[arg-type]

    return GraphQL(schema, context_value=context_value)


def main(argv: list[str]) -> None:
    kind, port = argv[0], int(argv[1])
    if kind == "bare-granian":
        from granian import Granian  # optional: only this baseline needs it
        from granian.constants import Interfaces

        Granian(
            "baselines:bare_app", address="127.0.0.1", port=port, interface=Interfaces.ASGI, log_enabled=False
        ).serve()
    elif kind == "bare-uvloop":
        uvicorn.run(bare_app, host="127.0.0.1", port=port, loop="uvloop", http="httptools", log_level="error")
    elif kind == "bare-h11":
        uvicorn.run(bare_app, host="127.0.0.1", port=port, loop="asyncio", http="h11", log_level="warning")
    elif kind == "ariadne":
        uvicorn.run(ariadne_app(), host="127.0.0.1", port=port, log_level="warning")
    else:
        raise SystemExit(f"unknown baseline {kind}")


if __name__ == "__main__":
    main(sys.argv[1:])
