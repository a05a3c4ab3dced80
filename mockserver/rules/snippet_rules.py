"""Pure rules of 2026-10 snippets (saved hashtag groups, docs/fidelity.md, 2026-10 §9).

The digest only says ``VoidMutationError`` reports an empty or too long name or text; the
limits (name 100, text 5000 characters) and the messages are ours (docs/fidelity.md).
"""

from __future__ import annotations

from mockserver.errors import MutationRejected, VoidMutationError
from mockserver.rules.pagination import SortKey
from mockserver.store.entities import Snippet

SNIPPET_NAME_MAX = 100
SNIPPET_TEXT_MAX = 5000
MSG_SNIPPET_EMPTY = "Snippet {field} cannot be empty"
MSG_SNIPPET_TOO_LONG = "Snippet {field} is limited to {max} characters (it has {length})"
MSG_SNIPPET_NOT_FOUND = "Snippet not found"


def void(message: str) -> MutationRejected:
    return VoidMutationError(message)


def checked_snippet_field(field: str, value: str) -> str:
    """``name`` or ``text``: non-blank and within its limit."""
    limit = SNIPPET_NAME_MAX if field == "name" else SNIPPET_TEXT_MAX
    if not value.strip():
        raise void(MSG_SNIPPET_EMPTY.format(field=field))
    if len(value) > limit:
        raise void(MSG_SNIPPET_TOO_LONG.format(field=field, max=limit, length=len(value)))
    return value


def snippet_order_key(snippet: Snippet) -> SortKey:
    return (snippet.name.lower(), snippet.name, snippet.id)
