"""The request bodies of the control API's POST and PUT routes, as pydantic models.

Each route reads its body with :func:`~mockserver.control.toolkit.read_body`: the JSON object is
checked for keys outside the model's fields first (``Unknown field(s) ...``), then validated by
the model. A field validator that refuses a value raises :func:`~mockserver.control.toolkit.refuse`
with the message the control API answers; :class:`~mockserver.control.toolkit.ControlRoute`
turns every :class:`pydantic.ValidationError` into the 400 error body (one handler, one place).

Validators run in field order and the first problem is the one answered, so the fields below are
declared in the order their checks have always run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    InstanceOf,
    ValidationInfo,
    field_validator,
    model_validator,
)

from mockserver.control.inputs import MSG_NEGATIVE_ADVANCE, MSG_TOO_FAR, parse_duration, parse_instant
from mockserver.control.toolkit import refuse
from mockserver.gateway.faults import FaultSpec, LatencySpec
from mockserver.schema.versions import UnknownSchemaVersion, schema_version
from mockserver.settings import RATE_LIMIT_HEADER_STYLES, RATE_LIMIT_MODES, CustomQuotas
from mockserver.time_range import LATEST_MS

# Bounds of the numbers a control body may hold (all far beyond any test's needs).
MAX_TIMES = 1_000_000
MAX_SEED = 2**63
LATENCY_FIELDS = {
    "distribution": "distribution",
    "ms": "ms",
    "minMs": "min_ms",
    "maxMs": "max_ms",
    "meanMs": "mean_ms",
}


class ControlBody(BaseModel):
    """A control request body: a JSON object with no keys beyond the model's fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _required(data: Any, key: str, message: str) -> Any:
    if isinstance(data, Mapping) and key not in data:
        raise refuse(message)
    return data


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _optional_str(value: Any, key: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise refuse(f"'{key}' must be a string")
    return value


def _instant(value: Any, key: str) -> int:
    try:
        return parse_instant(value, key)
    except ValueError as error:
        raise refuse(str(error)) from None


# --- /load, /clock/* ---------------------------------------------------------------------------------
class LoadBody(ControlBody):
    """``POST /load``: ``{"path": "<fixture directory>"}``."""

    path: str = Field(None, validate_default=True)  # type: ignore[assignment]  # refused when missing

    @field_validator("path", mode="before")
    @classmethod
    def _path(cls, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise refuse("'path' must be the path of a fixture directory")
        return value


class FreezeBody(ControlBody):
    """``POST /clock/freeze``: optional ``{"at": "<ISO 8601 instant>"}`` (epoch ms once parsed)."""

    at: int | None = None

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, value: Any) -> int:
        return _instant(value, "at")


class UnfreezeBody(ControlBody):
    """``POST /clock/unfreeze``: no fields."""


class SetClockBody(ControlBody):
    """``POST /clock/set``: ``{"at": "<ISO 8601 instant>"}`` (epoch ms once parsed)."""

    at: int

    @model_validator(mode="before")
    @classmethod
    def _at_given(cls, data: Any) -> Any:
        return _required(data, "at", "'at' is required: the ISO 8601 instant to set the clock to")

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, value: Any) -> int:
        return _instant(value, "at")


class AdvanceBody(ControlBody):
    """``POST /clock/advance``: exactly one of ``{"seconds": N}`` or ``{"duration": "3d4h"}``."""

    seconds: float | None = None
    duration_ms: int | None = Field(None, alias="duration")

    @model_validator(mode="before")
    @classmethod
    def _exactly_one(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and ("seconds" in data) == ("duration" in data):
            raise refuse("Give exactly one of 'seconds' (a number) or 'duration' (e.g. '3d4h')")
        return data

    @field_validator("seconds", mode="before")
    @classmethod
    def _seconds(cls, value: Any) -> float:
        if not _is_number(value) or not math.isfinite(value):
            raise refuse("'seconds' must be a number")
        if value < 0:
            raise refuse(MSG_NEGATIVE_ADVANCE)
        if value > LATEST_MS / 1000:  # beyond the whole accepted range (and before * 1000 overflows)
            raise refuse(MSG_TOO_FAR)
        return float(value)

    @field_validator("duration_ms", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> int:
        try:
            return parse_duration(value)
        except ValueError as error:
            raise refuse(f"'duration': {error}") from None

    @property
    def amount_ms(self) -> int:
        if self.duration_ms is not None:
            return self.duration_ms
        return round((self.seconds or 0.0) * 1000)


# --- /ratelimits, /faults, /schema-version -------------------------------------------------------------
class RateLimitsBody(ControlBody):
    """``PUT /ratelimits``: ``{"mode"?, "headers"?, "resetCounters"?, "customQuotas"?}``.

    ``customQuotas`` is checked by :meth:`CustomQuotas.with_windows`, the parser ``--quotas`` uses
    too; the route applies it to the namespace's current quotas.
    """

    mode: str | None = None
    headers: str | None = None
    reset_counters: bool = Field(False, alias="resetCounters")
    custom_quotas: dict[str, int] | None = Field(None, alias="customQuotas")

    @field_validator("mode", "headers", mode="before")
    @classmethod
    def _string(cls, value: Any, info: ValidationInfo) -> str | None:
        return _optional_str(value, str(info.field_name))

    @field_validator("reset_counters", mode="before")
    @classmethod
    def _reset(cls, value: Any) -> bool:
        if not isinstance(value, bool):
            raise refuse("'resetCounters' must be true or false")
        return value

    @field_validator("custom_quotas", mode="before")
    @classmethod
    def _quotas(cls, value: Any) -> Any:
        try:
            CustomQuotas().with_windows(value)
        except ValueError as error:
            raise refuse(str(error)) from None
        return value

    @model_validator(mode="after")
    def _choices(self) -> RateLimitsBody:
        if self.mode is not None and self.mode not in RATE_LIMIT_MODES:
            raise refuse(f"mode must be one of {', '.join(RATE_LIMIT_MODES)}")
        if self.headers is not None and self.headers not in RATE_LIMIT_HEADER_STYLES:
            raise refuse(f"headers must be one of {', '.join(RATE_LIMIT_HEADER_STYLES)}")
        return self


def _latency(value: Any) -> LatencySpec:
    if not isinstance(value, Mapping):
        raise refuse(
            "'latency' must be an object like {\"ms\": 250} or "
            '{"distribution": "uniform", "minMs": 50, "maxMs": 400}'
        )
    unknown = sorted(set(value) - set(LATENCY_FIELDS))
    if unknown:
        raise refuse(f"Unknown latency field(s) {unknown}: expected {sorted(LATENCY_FIELDS)}")
    fields: dict[str, Any] = {}
    for key, attribute in LATENCY_FIELDS.items():
        if key not in value:
            continue
        if key == "distribution":
            if not isinstance(value[key], str):
                raise refuse("'latency.distribution' must be fixed, uniform or exponential")
            fields[attribute] = value[key]
        elif not _is_number(value[key]):
            raise refuse(f"'latency.{key}' must be a number of milliseconds")
        else:
            fields[attribute] = float(value[key])
    return LatencySpec(**fields)


class FaultBody(ControlBody):
    """``POST /faults``: one fault to arm (see :mod:`mockserver.gateway.faults`)."""

    kind: str = Field(None, validate_default=True)  # type: ignore[assignment]  # refused when missing
    times: int | None = None
    status: int | None = None
    probability: float = 1.0
    seed: int = 0
    operation: str | None = None
    code: str | None = None
    message: str | None = None
    typename: str | None = None
    latency: InstanceOf[LatencySpec] | None = None

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> str:
        kind = _optional_str(value, "kind")
        if kind is None:
            raise refuse(
                "'kind' is required: graphql_error, mutation_error, http_error, drop_connection or latency"
            )
        return kind

    @field_validator("times", mode="before")
    @classmethod
    def _times(cls, value: Any) -> int | None:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value > MAX_TIMES):
            raise refuse(f"'times' must be an integer up to {MAX_TIMES} (or null for every call)")
        return value

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> int | None:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise refuse("'status' must be an integer HTTP status")
        return value

    @field_validator("probability", mode="before")
    @classmethod
    def _probability(cls, value: Any) -> float:
        if not _is_number(value):
            raise refuse("'probability' must be a number in (0, 1]")
        return float(value)

    @field_validator("seed", mode="before")
    @classmethod
    def _seed(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_SEED:
            raise refuse("'seed' must be an integer within ±2^63")
        return value

    @field_validator("operation", "code", "message", "typename", mode="before")
    @classmethod
    def _string(cls, value: Any, info: ValidationInfo) -> str | None:
        return _optional_str(value, str(info.field_name))

    @field_validator("latency", mode="before")
    @classmethod
    def _latency(cls, value: Any) -> LatencySpec | None:
        return None if value is None else _latency(value)

    @model_validator(mode="after")
    def _armable(self) -> FaultBody:
        problems = self.spec().problems()
        if problems:
            raise refuse("; ".join(problems))
        return self

    def spec(self) -> FaultSpec:
        return FaultSpec(
            kind=self.kind,  # type: ignore[arg-type]  # FaultSpec.problems() checks it against FAULT_KINDS
            operation=self.operation,
            code=self.code,
            message=self.message,
            typename=self.typename,
            status=self.status,
            latency=self.latency,
            times=self.times,
            probability=self.probability,
            seed=self.seed,
        )


class SchemaVersionBody(ControlBody):
    """``PUT /schema-version``: ``{"version": "<name>"}``, or ``null`` for the server's choice."""

    version: str | None

    @model_validator(mode="before")
    @classmethod
    def _version_given(cls, data: Any) -> Any:
        return _required(data, "version", "'version' is required: a schema version, or null for the server's")

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> str | None:
        if value is not None:
            try:
                schema_version(value)
            except UnknownSchemaVersion as unknown:
                raise refuse(str(unknown)) from None
        return value
