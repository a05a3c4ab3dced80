"""The control API under ``/_mock`` (plain JSON, not GraphQL).

``toolkit``: errors, route class, namespace selection, bodies; ``inputs``: pure input rules;
``routes``: health, reset, load, clock, request log; ``gateway_routes``: rate limits, faults.
"""

from __future__ import annotations

from mockserver.control.inputs import parse_duration
from mockserver.control.routes import INVALID_FIXTURES, control_router, log_entry_body

__all__ = ["INVALID_FIXTURES", "control_router", "log_entry_body", "parse_duration"]
