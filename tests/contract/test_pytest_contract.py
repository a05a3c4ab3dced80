"""``pytest --buffer-contract-target/--buffer-contract-cassette``: the corpus as named test items."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mockserver.app import create_app
from mockserver.contract.cassette_v2 import CassetteEndpoint, CassetteV2, save_cassette_v2
from mockserver.contract.corpus import load_corpus
from mockserver.contract.endpoint import Endpoint
from mockserver.contract.runner import ContractRun
from mockserver.fixtures.loader import WorldData
from tests.conftest import DEFAULT_KEY, frozen_settings

pytest_plugins = ["pytester"]


def test_a_target_is_collected_as_one_item_per_operation_and_invariant(
    pytester: pytest.Pytester, live_mock_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUFFER_API_KEY", DEFAULT_KEY)
    args = [
        "--buffer-contract-target",
        live_mock_url,
        "--buffer-contract-mock",
        live_mock_url,
        "-p",
        "no:cacheprovider",
    ]
    result = pytester.runpytest(*args, "--co", "-q")
    names = [line for line in result.outlines if "::buffer-contract::" in line]
    assert any(n.endswith("::replay::ContractPostDraft") for n in names)
    assert any(n.endswith("::invariants[target]::metrics_null_until_sent[ContractPostDraft]") for n in names)
    assert len(names) > len(load_corpus())
    outcome = pytester.runpytest(*args).parseoutcomes()
    assert outcome.get("failed", 0) == 0 and outcome["passed"] == len(names)


def test_drift_in_a_cassette_fails_the_named_item(
    pytester: pytest.Pytester,
    live_mock_url: str,
    endpoint_for: Callable[..., Endpoint],
    default_data: WorldData,
    tmp_path: Path,
) -> None:
    settings = frozen_settings().model_copy(update={"test_drift": ("metrics_on_draft",)})
    live = endpoint_for(create_app(settings, default_data), name="target")
    recorder = CassetteEndpoint(
        CassetteV2(target="http://target/graphql", recorded_at="2026-11-27T10:00:00Z"), live
    )
    ContractRun(endpoint_for(name="mock"), recorder, load_corpus()).run()
    cassette = tmp_path / "drift.cassette.json"
    save_cassette_v2(cassette, recorder.cassette, (DEFAULT_KEY,))
    result = pytester.runpytest(
        "--buffer-contract-cassette",
        str(cassette),
        "--buffer-contract-mock",
        live_mock_url,
        "-p",
        "no:cacheprovider",
    )
    failed = {
        r.nodeid.rsplit("::", 2)[-2] + "::" + r.nodeid.rsplit("::", 1)[-1]
        for r in result.reprec.getfailures()
    }  # type: ignore[attr-defined]
    assert failed == {
        "invariants[target]::metrics_null_until_sent[ContractPostDraft]",
        "invariants[target]::metrics_null_until_sent[ContractPostsStatusDraft]",
    }
