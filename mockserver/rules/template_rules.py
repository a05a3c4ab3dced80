"""Post template writes: visibility, required texts, and who may change a template.

The template payload unions have ``VoidMutationError`` as their only error member, so every
typed refusal here is a :class:`MutationRejected` of that type, with a message saying why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.errors import MutationRejected, VoidMutationError
from mockserver.rules import post_messages as msg

DEFAULT_VISIBILITY = "private"
DEFAULT_EMOJI = "📝"
MANAGER_ROLES = frozenset({"owner", "admin"})


def void(message: str) -> MutationRejected:
    return VoidMutationError(message)


def template_visibility(requested: str | None) -> str:
    """``private`` when omitted; ``public`` is reserved for Buffer's own templates."""
    if requested is None:
        return DEFAULT_VISIBILITY
    if requested == "public":
        raise void(msg.TEMPLATE_PUBLIC_REFUSED)
    return requested


def required_text(field: str, value: str | None) -> str:
    """A text the storage contract needs non-empty (title, body, description)."""
    if value is None or not value.strip():
        raise void(msg.TEMPLATE_FIELD_REQUIRED.format(field=field))
    return value


def template_emoji(value: str | None) -> str:
    return value if value is not None and value.strip() else DEFAULT_EMOJI


def can_manage_template(
    *,
    visibility: str,
    owner_account_id: str | None,
    actor_account_id: str,
    actor_role_in_template_org: str | None,
) -> bool:
    """Own templates; internal templates of the caller's organization for its owner and admins."""
    if visibility == "public":
        return False
    if owner_account_id == actor_account_id:
        return True
    return visibility == "internal" and actor_role_in_template_org in MANAGER_ROLES


def template_changes(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The entity fields an UpdatePostTemplateInput changes (omitted or null: unchanged)."""
    changes: dict[str, Any] = {}
    for field in ("title", "body", "description"):
        if field in raw and raw[field] is not None:
            changes[field] = required_text(field, raw[field])
    if raw.get("emoji") is not None:
        changes["emoji"] = template_emoji(raw["emoji"])
    if raw.get("visibility") is not None:
        changes["visibility"] = template_visibility(raw["visibility"])
    return changes
