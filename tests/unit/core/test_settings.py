"""Settings are checked when they are built: a bad value stops the server at startup."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mockserver.cli import main
from mockserver.settings import CustomQuotas, Settings, parse_quotas


def test_ingestion_time_that_is_not_hh_mm_is_refused_at_startup() -> None:
    with pytest.raises(ValidationError, match="ingestion_time_utc"):
        Settings.from_env({"BUFFER_MOCK_INGESTION_TIME_UTC": "4am"})


@pytest.mark.parametrize("value", ["24:00", "04:60", "4:00", "04:00:00"])
def test_ingestion_time_outside_a_day_is_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="HH:MM"):
        Settings(ingestion_time_utc=value)


def test_ingestion_time_reads_as_milliseconds_after_midnight() -> None:
    assert Settings(ingestion_time_utc="23:59").ingestion_time_of_day_ms == (23 * 60 + 59) * 60_000
    assert Settings().ingestion_time_of_day_ms == 4 * 3_600_000


@pytest.mark.parametrize("value", ["yesterday", "2026-03-10T15:00:00", "2026-13-01T00:00:00Z"])
def test_clock_start_that_is_not_an_instant_with_a_zone_is_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="clock_start"):
        Settings(clock_start=value)


def test_clock_start_reads_as_epoch_milliseconds() -> None:
    assert Settings(clock_start="2026-03-10T15:00:00Z").clock_start_ms == 1_773_154_800_000
    assert Settings().clock_start_ms is None


def test_serve_with_a_bad_ingestion_time_exits_2_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BUFFER_MOCK_INGESTION_TIME_UTC", "4am")
    assert main(["serve", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("buffer-mock serve: invalid BUFFER_MOCK_INGESTION_TIME_UTC: expected a UTC time")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_serve_with_a_bad_clock_names_the_setting_not_the_quotas(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "0", "--clock", "soon"]) == 2
    err = capsys.readouterr().err
    assert err == "buffer-mock serve: invalid --clock: not an ISO 8601 date-time: 'soon'\n"


def test_from_env_reads_nested_settings_with_a_double_underscore() -> None:
    settings = Settings.from_env(
        {"BUFFER_MOCK_QUERY_LIMITS__MAX_DEPTH": "10", "BUFFER_MOCK_CUSTOM_QUOTAS__PER_15M": "5"}
    )
    assert settings.query_limits.max_depth == 10
    assert settings.custom_quotas == CustomQuotas(per_15m=5)


def test_from_env_refuses_an_unknown_nested_setting() -> None:
    with pytest.raises(ValidationError, match=r"query_limits\.max_depths"):
        Settings.from_env({"BUFFER_MOCK_QUERY_LIMITS__MAX_DEPTHS": "10"})


def test_default_page_size_above_the_page_maximum_is_refused() -> None:
    with pytest.raises(ValidationError, match="max_page_size"):
        Settings(default_page_size=60, query_limits={"max_page_size": 50})  # type: ignore[arg-type]


def test_quotas_text_and_control_api_windows_go_through_one_parser() -> None:
    from_text = parse_quotas("15m=5, 30d=100")
    from_body = CustomQuotas().with_windows({"15m": 5, "30d": 100})
    assert from_text == from_body == CustomQuotas(per_15m=5, per_24h=250, per_30d=100)


def test_quotas_windows_not_given_keep_their_current_value() -> None:
    current = CustomQuotas(per_15m=7, per_24h=8, per_30d=9)
    assert current.with_windows({"24h": 80}).as_tuple() == (7, 80, 9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1h=5", "'quotas' must be an object with keys '15m', '24h' and/or '30d' (not '1h')"),
        ("15m=five", "'quotas.15m' must be an integer of at least 1, got 'five'"),
        ("15m=0", "'quotas.15m' must be an integer of at least 1, got 0"),
    ],
)
def test_bad_quotas_say_which_window_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_quotas(text)
    assert str(raised.value) == message
