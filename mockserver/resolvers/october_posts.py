"""2026-10-only post fields: ``Author.urn`` (null: no network gives us one)."""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

author_type = ObjectType("Author")


@author_type.field("urn")
def resolve_author_urn(author: Any, _: GraphQLResolveInfo) -> str | None:
    """Stored when known (``urn`` on the author's dict); otherwise null, as the schema allows."""
    return author.get("urn") if isinstance(author, dict) else None


BINDABLES: list[object] = [author_type]
