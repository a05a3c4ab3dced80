"""Template writes: visibility, required texts, who may manage a template."""

from __future__ import annotations

import pytest

from mockserver.errors import MutationRejected
from mockserver.rules import post_messages as msg
from mockserver.rules.template_rules import (
    DEFAULT_EMOJI,
    can_manage_template,
    required_text,
    template_changes,
    template_emoji,
    template_visibility,
)


def void_message(call: object, *args: object) -> str:
    with pytest.raises(MutationRejected) as caught:
        call(*args)  # type: ignore[operator]
    assert caught.value.payload["__typename"] == "VoidMutationError"
    return caught.value.payload["message"]


def test_visibility_defaults_to_private_and_refuses_public() -> None:
    assert template_visibility(None) == "private"
    assert template_visibility("internal") == "internal"
    assert void_message(template_visibility, "public") == msg.TEMPLATE_PUBLIC_REFUSED


@pytest.mark.parametrize("value", [None, "", "   "])
def test_description_null_or_blank_is_refused(value: str | None) -> None:
    assert void_message(required_text, "description", value) == msg.TEMPLATE_FIELD_REQUIRED.format(
        field="description"
    )


def test_emoji_defaults_when_missing() -> None:
    assert template_emoji(None) == DEFAULT_EMOJI
    assert template_emoji("🎉") == "🎉"


def test_owner_manages_own_templates_of_any_visibility_but_public() -> None:
    assert can_manage_template(
        visibility="private",
        owner_account_id="me",
        actor_account_id="me",
        actor_role_in_template_org="member",
    )
    assert not can_manage_template(
        visibility="public", owner_account_id="me", actor_account_id="me", actor_role_in_template_org="owner"
    )


def test_admins_and_owners_manage_internal_templates_of_others() -> None:
    for role in ("owner", "admin"):
        assert can_manage_template(
            visibility="internal",
            owner_account_id="them",
            actor_account_id="me",
            actor_role_in_template_org=role,
        )
    assert not can_manage_template(
        visibility="internal",
        owner_account_id="them",
        actor_account_id="me",
        actor_role_in_template_org="member",
    )
    assert not can_manage_template(
        visibility="private",
        owner_account_id="them",
        actor_account_id="me",
        actor_role_in_template_org="owner",
    )


def test_update_changes_only_given_fields_and_checks_them() -> None:
    assert template_changes({"id": "x", "title": "New", "body": None, "emoji": "🎉"}) == {
        "title": "New",
        "emoji": "🎉",
    }
    assert void_message(
        template_changes, {"id": "x", "description": ""}
    ) == msg.TEMPLATE_FIELD_REQUIRED.format(field="description")
    assert void_message(template_changes, {"id": "x", "visibility": "public"}) == msg.TEMPLATE_PUBLIC_REFUSED
