"""Gateway checks that plug into the request path: the extra validation rules."""

from __future__ import annotations

from graphql.validation import ASTValidationRule

from mockserver.gateway.query_limits import query_limit_rules
from mockserver.settings import Settings


def extra_validation_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    """Validation rules added to graphql's specified rules: Buffer's query limits.

    The token limit is not a rule: the parser enforces it (``parse(max_tokens=...)``).
    """
    return query_limit_rules(settings.query_limits)
