"""Whether a type reference may change without breaking clients (graphql-inspector's rules):
an output may only become stricter, an input only looser.
"""

from __future__ import annotations

from typing import Any


def _parse_ref(ref: str) -> tuple[str, Any]:
    if ref.endswith("!"):
        return ("NON_NULL", _parse_ref(ref[:-1]))
    if ref.startswith("[") and ref.endswith("]"):
        return ("LIST", _parse_ref(ref[1:-1]))
    return ("NAMED", ref)


def _safe_output_change(old: tuple[str, Any], new: tuple[str, Any]) -> bool:
    """A field may only become stricter: ``String`` -> ``String!`` is safe, the reverse is not."""
    if old[0] == "NAMED" and new[0] == "NAMED":
        return bool(old[1] == new[1])
    if new[0] == "NON_NULL":
        inner = old[1] if old[0] == "NON_NULL" else old
        return _safe_output_change(inner, new[1])
    if old[0] == "LIST":
        return (new[0] == "LIST" and _safe_output_change(old[1], new[1])) or (
            new[0] == "NON_NULL" and _safe_output_change(old, new[1])
        )
    return False


def _safe_input_change(old: tuple[str, Any], new: tuple[str, Any]) -> bool:
    """An input may only become looser: ``String!`` -> ``String`` is safe, the reverse is not."""
    if old[0] == "NAMED" and new[0] == "NAMED":
        return bool(old[1] == new[1])
    if old[0] == "LIST" and new[0] == "LIST":
        return _safe_input_change(old[1], new[1])
    if old[0] == "NON_NULL":
        inner = new[1] if new[0] == "NON_NULL" else new
        return _safe_input_change(old[1], inner)
    return False


def is_safe_output_type_change(old: str, new: str) -> bool:
    return _safe_output_change(_parse_ref(old), _parse_ref(new))


def is_safe_input_type_change(old: str, new: str) -> bool:
    return _safe_input_change(_parse_ref(old), _parse_ref(new))
