"""Every content-item mutation test again, over a state file whose journal must replay to the
live world after each (tests/integration/journal_check.py)."""

from __future__ import annotations

from tests.integration import journal_check
from tests.integration.content_items import test_create_content_item, test_drafts, test_item_lifecycle
from tests.integration.journal_check import make_client

__all__ = ["make_client"]

journal_check.rerun(globals(), [test_create_content_item, test_drafts, test_item_lifecycle])
