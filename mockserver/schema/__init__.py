"""The served GraphQL schema, as SDL files split by domain.

``common.graphql`` declares the root types, the scalars and the shared definitions; each
domain file adds its root fields with ``extend type Query`` / ``extend type Mutation``.
The files are package data, read through :mod:`importlib.resources` so an installed wheel
works the same as a source checkout.
"""

from __future__ import annotations

from importlib import resources

SCHEMA_FILES: tuple[str, ...] = (
    "common.graphql",
    "account.graphql",
    "metrics.graphql",
    "channels.graphql",
    "ideas.graphql",
    "posts.graphql",
    "templates.graphql",
)


def load_type_defs() -> list[str]:
    """The SDL of every schema file, in :data:`SCHEMA_FILES` order."""
    package = resources.files(__name__)
    return [package.joinpath(name).read_text(encoding="utf-8") for name in SCHEMA_FILES]
