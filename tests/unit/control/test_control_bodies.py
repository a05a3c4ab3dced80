"""The control API's body models and the one handler that turns their errors into messages."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, ValidationError

from mockserver.control.bodies import AdvanceBody, FaultBody, RateLimitsBody, SetClockBody
from mockserver.control.toolkit import validation_message


def message_of(model: type[BaseModel], body: object) -> str:
    with pytest.raises(ValidationError) as invalid:
        model.model_validate(body)
    return validation_message(invalid.value)


def test_a_refusal_is_answered_with_its_own_message() -> None:
    assert message_of(SetClockBody, {}) == "'at' is required: the ISO 8601 instant to set the clock to"
    assert message_of(RateLimitsBody, {"resetCounters": "yes"}) == "'resetCounters' must be true or false"


def test_a_message_with_braces_is_not_read_as_a_template() -> None:
    assert message_of(FaultBody, {"kind": "latency", "latency": 5}).startswith(
        "'latency' must be an object like {"
    )


def test_the_first_problem_in_field_order_is_the_one_answered() -> None:
    assert message_of(FaultBody, {"times": "x", "seed": "y"}).startswith("'kind' is required")
    assert message_of(FaultBody, {"kind": "latency", "times": "x", "seed": "y"}).startswith("'times' must be")


def test_the_rate_limit_mode_is_checked_after_the_quotas() -> None:
    message = message_of(RateLimitsBody, {"mode": "fast", "customQuotas": {"1h": 5}})
    assert message.startswith("'customQuotas' must be an object")
    assert message_of(RateLimitsBody, {"mode": "fast"}) == "mode must be one of observe, buffer, custom, off"


def test_a_valid_advance_body_gives_milliseconds() -> None:
    assert AdvanceBody.model_validate({"seconds": 1.5}).amount_ms == 1500
    assert AdvanceBody.model_validate({"duration": "1h1s"}).amount_ms == 3_601_000


class Choice(BaseModel):
    mode: Literal["keep", "reset"]


def test_a_pydantic_error_names_the_field_and_the_valid_choices() -> None:
    message = message_of(Choice, {"mode": "later"})
    assert message.startswith("'mode': ")
    assert "'keep'" in message and "'reset'" in message
