"""Content-item rules that fixtures and mutations share, free of any other import (no cycles)."""

from __future__ import annotations

TITLE_MAX_LENGTH = 200
TITLE_TOO_LONG = "A content item title is at most {limit} characters."
DRAFT_TEXT_OR_ASSET = "A draft needs text or at least one asset."


def draft_text_ok(text: str, asset_count: int) -> bool:
    """Blank text only with at least one asset (docs/fidelity.md, 2026-10 §13.2)."""
    return bool(text.strip()) or asset_count > 0


def title_ok(title: str | None) -> bool:
    return title is None or len(title) <= TITLE_MAX_LENGTH
