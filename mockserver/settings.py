"""One validated settings object for the whole server.

Built from CLI flags and ``BUFFER_MOCK_*`` environment variables, then passed down
explicitly (never a module global), so tests can build apps with different settings
side by side.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

RateLimitMode = Literal["observe", "buffer", "custom", "off"]
RateLimitHeaderStyle = Literal["structured", "legacy"]
EngagementRateMethodName = Literal["mean", "impressions_weighted", "ratio"]
TimeShift = Literal["anchor", "none"]

ENV_PREFIX = "BUFFER_MOCK_"


class QueryLimits(BaseModel):
    """Buffer's documented document limits (facts digest §1.5)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_complexity: int = 175_000
    max_depth: int = 25
    max_aliases: int = 30
    max_directives: int = 50
    max_tokens: int = 15_000
    max_page_size: int = 100


class CustomQuotas(BaseModel):
    """Quotas for ``rate_limit_mode="custom"``: requests per rolling window."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    per_15m: int = Field(100, ge=1)
    per_24h: int = Field(250, ge=1)
    per_30d: int = Field(3000, ge=1)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    fixtures_dir: Path | None = None  # None: the embedded default world
    state_file: Path | None = None
    control_enabled: bool = True
    # Time: None = follow the real clock; an ISO instant freezes every new namespace's clock there.
    clock_start: str | None = None
    clock_frozen: bool = False
    # "anchor": when the clock is real, shift fixture timestamps by whole days so the world's
    # anchor day becomes today (the default world never goes stale). "none": keep them as written.
    time_shift: TimeShift = "anchor"
    rate_limit_mode: RateLimitMode = "observe"
    rate_limit_headers: RateLimitHeaderStyle = "structured"
    custom_quotas: CustomQuotas = CustomQuotas()
    engagement_rate_method: EngagementRateMethodName = "impressions_weighted"
    query_limits: QueryLimits = QueryLimits()
    default_page_size: int = Field(25, ge=1, le=100)
    max_body_bytes: int = Field(1_000_000, ge=1024)
    ingestion_time_utc: str = "04:00"  # daily metrics ingestion run, HH:MM UTC
    namespace_header: str = "x-buffer-mock-namespace"
    debug: bool = False  # never put stack traces in responses unless this is on
    log_capacity: int = Field(1000, ge=0)  # requests kept per namespace for /_mock/requests

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``BUFFER_MOCK_*`` variables, then explicit overrides (CLI flags) on top."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name in cls.model_fields:
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is not None and name not in ("query_limits", "custom_quotas"):
                values[name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)
