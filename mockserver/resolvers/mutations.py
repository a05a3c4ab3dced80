"""Mutation resolver bindables, gathered from the per-domain mutation modules."""

from __future__ import annotations

from mockserver.resolvers import idea_mutations, post_mutations, template_mutations

BINDABLES: list[object] = [
    *post_mutations.BINDABLES,
    *idea_mutations.BINDABLES,
    *template_mutations.BINDABLES,
]
