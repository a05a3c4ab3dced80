"""What every paginated read resolver shares: the page size a request asks for, checked."""

from __future__ import annotations

from mockserver.resolvers.context import RequestContext
from mockserver.rules.pagination import check_page_size


def page_size(ctx: RequestContext, first: int | None) -> int:
    """``first``, or the configured default; above the configured maximum it is refused."""
    limits = ctx.settings.query_limits
    return check_page_size(first, ctx.settings.default_page_size, limits.max_page_size)
