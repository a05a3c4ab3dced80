"""The served GraphQL schema, as SDL files split by domain.

``common.graphql`` declares the root types, the scalars and the shared definitions; each
domain file adds its root fields with ``extend type Query`` / ``extend type Mutation``.
The files are package data, read through :mod:`importlib.resources` so an installed wheel
works the same as a source checkout. Versions and their extra files: :mod:`.versions`.
"""

from __future__ import annotations

from mockserver.schema.versions import BASE_FILES, REFERENCE_VERSION, version_type_defs

#: The files of the 2026-08-13 reference schema; later versions add theirs (``versions``).
SCHEMA_FILES: tuple[str, ...] = BASE_FILES


def load_type_defs(version: str = REFERENCE_VERSION) -> list[str]:
    """The SDL of every schema file of ``version`` (default: the 2026-08-13 reference), in load order."""
    return version_type_defs(version)
