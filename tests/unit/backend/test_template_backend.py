"""Post-template writes called on the backend directly (no HTTP)."""

from __future__ import annotations

import pytest

from mockserver.backend import templates
from mockserver.errors import BufferApiError, VoidMutationError
from mockserver.store.world import World
from tests.unit.backend.support import MEMBER, ORGANIZATION, PRIVATE_TEMPLATE, context_of


def test_update_template_changes_only_the_fields_it_is_given(world: World) -> None:
    stored = world.templates[PRIVATE_TEMPLATE]
    ctx = context_of(world)
    updated = templates.update_template(ctx, {"id": PRIVATE_TEMPLATE, "title": "Daily tip", "emoji": None})
    assert updated.title == "Daily tip"
    assert (updated.body, updated.description, updated.emoji, updated.visibility) == (
        stored.body,
        stored.description,
        stored.emoji,
        stored.visibility,
    )
    assert updated.updated_at == ctx.now
    assert world.templates[PRIVATE_TEMPLATE] is updated
    assert stored.title == "Weekly tip"  # replaced, not changed in place


def test_update_template_refuses_an_empty_body_and_keeps_the_template(world: World) -> None:
    stored = world.templates[PRIVATE_TEMPLATE]
    with pytest.raises(VoidMutationError):
        templates.update_template(context_of(world), {"id": PRIVATE_TEMPLATE, "body": "  "})
    assert world.templates[PRIVATE_TEMPLATE] is stored


def test_a_private_template_is_not_found_for_another_member(world: World) -> None:
    with pytest.raises(BufferApiError) as raised:
        templates.update_template(context_of(world, MEMBER), {"id": PRIVATE_TEMPLATE, "title": "Mine"})
    assert raised.value.code == "NOT_FOUND"
    assert world.templates[PRIVATE_TEMPLATE].title == "Weekly tip"


def test_create_template_stores_it_owned_by_the_caller(world: World) -> None:
    ctx = context_of(world)
    raw = {
        "organizationId": ORGANIZATION,
        "title": "T",
        "body": "B",
        "description": "D",
        "visibility": "internal",
    }
    created = templates.create_template(ctx, raw)
    assert world.templates[created.id] is created
    assert (created.owner_account_id, created.visibility, created.created_at) == (
        ctx.actor.account.id,
        "internal",
        ctx.now,
    )


def test_delete_template_removes_it(world: World) -> None:
    templates.delete_template(context_of(world), PRIVATE_TEMPLATE)
    assert PRIVATE_TEMPLATE not in world.templates
