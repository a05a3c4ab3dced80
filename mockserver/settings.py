"""One validated settings object for the whole server.

Built from CLI flags and ``BUFFER_MOCK_*`` environment variables, then passed down
explicitly (never a module global), so tests can build apps with different settings
side by side. Every value is checked when the settings are built, so a bad one stops the
server at startup with a clear message instead of failing requests later.

Environment variables: ``BUFFER_MOCK_<FIELD>`` (``BUFFER_MOCK_RATE_LIMIT_MODE=buffer``);
nested settings as ``BUFFER_MOCK_<FIELD>__<SUBFIELD>`` (``BUFFER_MOCK_QUERY_LIMITS__MAX_DEPTH=10``,
``BUFFER_MOCK_CUSTOM_QUOTAS__PER_15M=5``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from mockserver.clock import HOUR_MS, MINUTE_MS
from mockserver.errors import DEFAULT_MAX_PAGE_SIZE
from mockserver.scalars import datetime_to_ms, parse_datetime
from mockserver.schema.versions import REMOVAL_NAMES, schema_version

RateLimitMode = Literal["observe", "buffer", "custom", "off"]
RateLimitHeaderStyle = Literal["structured", "legacy"]
EngagementRateMethodName = Literal["mean", "impressions_weighted", "ratio"]
TimeShift = Literal["anchor", "none"]
SchemaVersion = Literal["2026-08-13", "2026-10"]

LogFormat = Literal["text", "json"]
RATE_LIMIT_MODES: tuple[str, ...] = get_args(RateLimitMode)
RATE_LIMIT_HEADER_STYLES: tuple[str, ...] = get_args(RateLimitHeaderStyle)
# Channel.allowedActions read with a personal API key: "observed" = [] (one live capture),
# "role" = what the caller's role may do (as with OAuth tokens). docs/fidelity.md.
PersonalKeyAllowedActions = Literal["observed", "role"]
LOG_FORMATS: tuple[str, ...] = get_args(LogFormat)

ENV_PREFIX = "BUFFER_MOCK_"
NESTED_DELIMITER = "__"
DEFAULT_INGESTION_TIME_UTC = "04:00"
_TIME_OF_DAY = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def time_of_day_ms(text: str) -> int:
    """``"HH:MM"`` (00:00 to 23:59) -> milliseconds after midnight; ValueError otherwise."""
    match = _TIME_OF_DAY.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"expected a UTC time of day as HH:MM (00:00 to 23:59), got {text!r}")
    return int(match[1]) * HOUR_MS + int(match[2]) * MINUTE_MS


class QueryLimits(BaseModel):
    """Buffer's documented document limits (docs/fidelity.md, Gateway › Query limits)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_complexity: int = Field(175_000, ge=1)
    max_depth: int = Field(25, ge=1)
    max_aliases: int = Field(30, ge=0)
    max_directives: int = Field(50, ge=0)
    max_tokens: int = Field(15_000, ge=1)
    max_page_size: int = Field(DEFAULT_MAX_PAGE_SIZE, ge=1)


QUOTA_WINDOWS: dict[str, str] = {"15m": "per_15m", "24h": "per_24h", "30d": "per_30d"}
MAX_QUOTA = 1_000_000_000  # requests a window allows, at most (any test needs far fewer)


class CustomQuotas(BaseModel):
    """Quotas for ``rate_limit_mode="custom"``: requests per rolling window.

    One parser for every way in: :meth:`with_windows` takes ``{"15m": N, "24h": N, "30d": N}``
    (any of the three; the others keep their value), as the control API's ``customQuotas`` and
    ``--quotas 15m=N,24h=N,30d=N`` (through :func:`parse_quotas`) give it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    per_15m: int = Field(100, ge=1, le=MAX_QUOTA)
    per_24h: int = Field(250, ge=1, le=MAX_QUOTA)
    per_30d: int = Field(3000, ge=1, le=MAX_QUOTA)

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.per_15m, self.per_24h, self.per_30d)

    def with_windows(self, windows: object, label: str = "customQuotas") -> CustomQuotas:
        """These quotas with the given windows changed; ValueError naming ``label`` otherwise."""
        unknown = sorted(set(windows) - set(QUOTA_WINDOWS)) if isinstance(windows, Mapping) else []
        if not isinstance(windows, Mapping) or not windows or unknown:
            named = f" (not {', '.join(map(repr, unknown))})" if unknown else ""
            raise ValueError(f"'{label}' must be an object with keys '15m', '24h' and/or '30d'{named}")
        changes: dict[str, int] = {}
        for window, quota in windows.items():
            if isinstance(quota, bool) or not isinstance(quota, int) or quota < 1:
                raise ValueError(f"'{label}.{window}' must be an integer of at least 1, got {quota!r}")
            if quota > MAX_QUOTA:
                raise ValueError(f"'{label}.{window}' must be an integer from 1 to {MAX_QUOTA}")
            changes[QUOTA_WINDOWS[window]] = quota
        return self.model_copy(update=changes)


def parse_quotas(text: str, base: CustomQuotas | None = None) -> CustomQuotas:
    """``"15m=5,24h=20"`` -> CustomQuotas (the windows not given keep ``base``'s, default quotas)."""
    windows: dict[str, object] = {}
    for part in text.split(","):
        window, _, value = part.strip().partition("=")
        value = value.strip()
        windows[window] = int(value) if value.isdigit() and len(value) <= 12 else value
    return (base or CustomQuotas()).with_windows(windows, label="quotas")


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    fixtures_dir: Path | None = None  # None: the embedded default world
    state_file: Path | None = None
    control_enabled: bool = True
    # Time: None = follow the real clock; an ISO instant (with a zone) starts every new
    # namespace's clock there.
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
    default_page_size: int = Field(25, ge=1)  # at most query_limits.max_page_size
    max_body_bytes: int = Field(1_000_000, ge=1024)
    ingestion_time_utc: str = DEFAULT_INGESTION_TIME_UTC  # daily metrics ingestion run, HH:MM UTC
    namespace_header: str = "x-buffer-mock-namespace"
    debug: bool = False  # never put stack traces in responses unless this is on
    log_capacity: int = Field(1000, ge=0, le=1_000_000)  # requests kept per namespace for /_mock/requests
    # --- hardening bounds (docs/hardening.md says why each default) ---------------------------
    log_max_bytes: int = Field(1_000_000, ge=0, le=1_000_000_000)  # request-log bytes per namespace
    log_variables_max_bytes: int = Field(4096, ge=0, le=1_000_000)  # larger variables: truncated
    document_cache_bytes: int = Field(16_000_000, ge=0, le=1_000_000_000)  # est. memory of cached documents
    header_timeout_s: float = Field(10.0, gt=0, le=3600)  # request line + headers must arrive by then
    body_timeout_s: float = Field(30.0, gt=0, le=3600)  # the whole body must arrive by then
    keep_alive_s: float = Field(5.0, gt=0, le=3600)  # idle keep-alive connections closed after
    max_connections: int = Field(900, ge=1, le=1_000_000)  # open connections; more are refused
    # bytes of YAML a fixture file / a whole set may hold (parsing costs ~30x in memory): raise them
    # to serve a large generated world without the fixture cache
    fixture_file_max_bytes: int = Field(8 * 1024 * 1024, ge=1024, le=1 << 40)
    fixture_set_max_bytes: int = Field(32 * 1024 * 1024, ge=1024, le=1 << 40)
    # Answers to identical reads, reused until anything could change them (README, Performance);
    # BUFFER_MOCK_RESPONSE_CACHE=false turns it off, the byte bound caps its memory.
    response_cache: bool = True
    response_cache_bytes: int = Field(32_000_000, ge=0, le=1_000_000_000)
    # Plain queries run compiled (mockserver.http.fast_executor), graphql-core answering whatever
    # the compiled form gives up on; BUFFER_MOCK_COMPILED_QUERIES=false runs all through graphql-core.
    compiled_queries: bool = True
    max_namespaces: int = Field(100, ge=1, le=10_000)  # each holds its own indexes and non-post entities
    control_token: str | None = Field(None, min_length=8, max_length=512)  # Bearer for /_mock
    load_roots: tuple[Path, ...] = ()  # /_mock/load reads only under these; () = the start directory
    shutdown_timeout_s: float = Field(3.0, ge=0, le=600)  # SIGTERM: in-flight requests get this long
    # HTTP protocol of serve: httptools where installed ("auto"), or uvicorn's h11 (mockserver.http.server)
    http_protocol: Literal["auto", "h11"] = "auto"
    # Schema version served when neither a request header, the namespace nor the fixtures choose
    # one (None: the fixtures' world.schemaVersion, else the newest). mockserver.schema.versions.
    schema_version: str | None = None
    # Announced removals to apply (names in mockserver.schema.versions.REMOVAL_NAMES); none by default.
    schema_removals: tuple[str, ...] = ()
    personal_key_allowed_actions: PersonalKeyAllowedActions = "observed"
    # TEST-ONLY: names of response rewrites (mockserver/http/test_drift.py) that make this mock drift
    # on purpose, for the contract kit's own tests. Empty (off) by default; never set it for real use.
    test_drift: tuple[str, ...] = ()

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, value: str | None) -> str | None:
        if value is not None:
            schema_version(value)
        return value

    @field_validator("schema_removals", mode="before")
    @classmethod
    def _known_removals(cls, value: object) -> object:
        names = tuple(n.strip() for n in value.split(",") if n.strip()) if isinstance(value, str) else value
        for name in names if isinstance(names, tuple | list) else ():
            if name not in REMOVAL_NAMES:
                raise ValueError(f'unknown removal "{name}"; announced removals: {", ".join(REMOVAL_NAMES)}')
        return names

    log_format: LogFormat = "text"  # "json": one JSON line per request on stdout (serve)

    @field_validator("clock_start")
    @classmethod
    def _clock_start_is_an_instant(cls, value: str | None) -> str | None:
        if value is not None:
            parse_datetime(value)  # ValueError says what is wrong (outside 1970..2100 included)
        return value

    @field_validator("ingestion_time_utc")
    @classmethod
    def _ingestion_time_is_a_time_of_day(cls, value: str) -> str:
        time_of_day_ms(value)
        return value

    @model_validator(mode="after")
    def _default_page_fits_the_maximum(self) -> Self:
        if self.default_page_size > self.query_limits.max_page_size:
            raise ValueError(
                f"default_page_size ({self.default_page_size}) is above "
                f"query_limits.max_page_size ({self.query_limits.max_page_size})"
            )
        return self

    @property
    def clock_start_ms(self) -> int | None:
        return datetime_to_ms(parse_datetime(self.clock_start)) if self.clock_start else None

    @property
    def ingestion_time_of_day_ms(self) -> int:
        return time_of_day_ms(self.ingestion_time_utc)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``BUFFER_MOCK_*`` variables, then explicit overrides (CLI flags) on top."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name, info in cls.model_fields.items():
            nested = info.annotation if isinstance(info.annotation, type) else None
            if nested is not None and issubclass(nested, BaseModel):
                prefix = f"{ENV_PREFIX}{name.upper()}{NESTED_DELIMITER}"
                fields = {k[len(prefix) :].lower(): v for k, v in env.items() if k.startswith(prefix)}
                if fields:
                    values[name] = fields
                continue
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is not None and name == "load_roots":
                values[name] = tuple(Path(part) for part in raw.split(os.pathsep) if part)
            elif raw is not None and name != "test_drift":  # test-only: never from the environment
                values[name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)
