"""Every post, idea, template, tag and snippet mutation test again, over a state file whose
journal must replay to the live world after each (tests/integration/journal_check.py)."""

from __future__ import annotations

from tests.integration import journal_check
from tests.integration.journal_check import make_client
from tests.integration.mutations import (
    test_mutations_create_post,
    test_mutations_edit_post,
    test_mutations_ideas,
    test_mutations_queue_and_delete,
    test_mutations_templates,
    test_october_posts,
    test_october_snippets,
    test_october_tags,
)

__all__ = ["make_client"]

journal_check.rerun(
    globals(),
    [
        test_mutations_create_post,
        test_mutations_edit_post,
        test_mutations_ideas,
        test_mutations_queue_and_delete,
        test_mutations_templates,
        test_october_posts,
        test_october_snippets,
        test_october_tags,
    ],
)
