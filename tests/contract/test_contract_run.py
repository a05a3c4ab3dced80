"""``contract run`` against a second mock made to drift: exactly the injected drift is reported."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mockserver.app import create_app
from mockserver.cli import main
from mockserver.contract.cassette_v2 import CassetteEndpoint, CassetteV2, load_cassette_v2, save_cassette_v2
from mockserver.contract.corpus import load_corpus
from mockserver.contract.endpoint import Endpoint
from mockserver.contract.findings import SAFE
from mockserver.contract.reference_doc import load_reference
from mockserver.contract.reports import cases, html_report, junit_xml, markdown
from mockserver.contract.runner import ContractRun, RunReport
from mockserver.fixtures.loader import WorldData
from tests.conftest import DEFAULT_KEY, frozen_settings
from tests.reference import reference_file

CORPUS = load_corpus()


@pytest.fixture
def drifted(endpoint_for: Callable[..., Endpoint], default_data: WorldData) -> Callable[..., Endpoint]:
    def make(*drifts: str) -> Endpoint:
        settings = frozen_settings().model_copy(update={"test_drift": drifts})
        return endpoint_for(create_app(settings, default_data), name="target")

    return make


def run(mock: Endpoint, target: Endpoint) -> RunReport:
    return ContractRun(mock, target, CORPUS).run()


def flagged(report: RunReport) -> set[tuple[str, str]]:
    """(side, invariant) of every invariant violation, and every non-SAFE replay/schema finding."""
    found = {(f.side, f.cause) for f in report.invariant_findings()}
    found |= {(f.check, f.kind) for f in report.findings() if f.check != "invariants" and f.severity != SAFE}
    return found


def test_the_corpus_has_at_least_60_operations_covering_every_root_of_the_reference() -> None:
    roots = set(load_reference(reference_file("buffer-api-reference.md")).root_fields("query"))
    covered = {r for op in CORPUS if op.schema_version == "2026-08-13" for r in op.root_fields}
    assert len(CORPUS) >= 60
    assert roots <= covered, roots - covered


def test_two_identical_mocks_give_no_finding_at_all(endpoint_for: Callable[..., Endpoint]) -> None:
    report = run(endpoint_for(name="mock"), endpoint_for(name="target"))
    assert report.findings() == []
    assert report.exit_code() == 0
    assert [o.name for o in report.outcomes if o.skipped] == []  # the mock serves 2026-10: every root exists


def test_an_operation_whose_root_a_side_lacks_is_skipped_with_the_reason(
    endpoint_for: Callable[..., Endpoint], default_data: WorldData
) -> None:
    august = frozen_settings().model_copy(update={"schema_version": "2026-08-13"})
    report = run(endpoint_for(name="mock"), endpoint_for(create_app(august, default_data), name="target"))
    skipped = {o.name: o.skipped for o in report.outcomes if o.skipped}
    assert (
        skipped["ContractTagsV2"] == "target lacks root field Query.tagsV2 (operation needs schema 2026-10)"
    )
    assert skipped["ContractTagById"] == "target lacks root field Query.tag (operation needs schema 2026-10)"
    assert any(c.kind == "FIELD_REMOVED" and c.path == "Query.tagsV2" for c in report.schema_changes)


@pytest.mark.parametrize(
    ("drift", "invariant"),
    [
        ("extras_zero_padded", "aggregate_extras_shared_by_every_channel"),
        ("post_count_per_post", "post_count_only_in_aggregates"),
        ("stale_aggregate_updated_at", "aggregate_metrics_updated_at_is_latest"),
        ("unsorted_tags", "tags_sorted_by_name"),
        ("repeated_post_across_pages", "pagination_no_repeats_or_gaps"),
        ("metrics_on_draft", "metrics_null_until_sent"),
    ],
)
def test_each_behaviour_drift_is_reported_under_its_invariant_on_the_target_only(
    drift: str, invariant: str, endpoint_for: Callable[..., Endpoint], drifted: Callable[..., Endpoint]
) -> None:
    report = run(endpoint_for(name="mock"), drifted(drift))
    assert flagged(report) == {("target", invariant)}
    violation = report.invariant_findings("target")[0]
    assert violation.operation and violation.path.startswith("data")
    assert report.exit_code() == 1
    assert report.exit_code(None) == 0  # --fail-on never


def test_a_field_missing_on_the_target_names_the_schema_change_and_quotes_the_message(
    endpoint_for: Callable[..., Endpoint], altered_target: Callable[..., Endpoint]
) -> None:
    message = 'Cannot query field "via" on type "Post".'

    def drop_via(name: str, status: int, body: Any) -> tuple[int, Any]:
        if name == "IntrospectionQuery":
            body = copy.deepcopy(body)
            post = next(t for t in body["data"]["__schema"]["types"] if t["name"] == "Post")
            post["fields"] = [f for f in post["fields"] if f["name"] != "via"]
            return status, body
        if name == "ContractPost":
            return 400, {
                "errors": [{"message": message, "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]
            }
        return status, body

    report = run(endpoint_for(name="mock"), altered_target(drop_via))
    assert [(c.kind, c.path) for c in report.schema_changes] == [("FIELD_REMOVED", "Post.via")]
    outcome = next(o for o in report.outcomes if o.name == "ContractPost")
    first = outcome.findings[0]
    assert (first.kind, first.side, first.cause) == ("FAILS_ON_ONE_SIDE", "target", "FIELD_REMOVED Post.via")
    assert message in first.message


def test_reports_list_one_testcase_per_operation_and_check(
    endpoint_for: Callable[..., Endpoint], drifted: Callable[..., Endpoint]
) -> None:
    report = run(endpoint_for(name="mock"), drifted("unsorted_tags"))
    suite = ET.fromstring(junit_xml(report, "BREAKING")).find("testsuite")
    assert suite is not None
    names = [c.get("name") for c in suite.iter("testcase")]
    assert len(names) == len(list(cases(report)))
    assert "schema" in names and "replay::ContractPostsTagIn" in names
    failed = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert {c.get("name") for c in failed} == {"invariants[target]::tags_sorted_by_name"}
    assert "tags_sorted_by_name" in markdown(report, "BREAKING")
    page = html_report(report, "BREAKING")
    assert (
        "tags_sorted_by_name" in page and "<script" not in page and "http://" not in page.split("</style>")[0]
    )


def test_a_cassette_round_trip_replays_offline_with_the_same_findings_and_holds_no_key(
    endpoint_for: Callable[..., Endpoint],
    drifted: Callable[..., Endpoint],
    tmp_path: Path,
    default_data: WorldData,
) -> None:
    live = drifted("metrics_on_draft")
    recorder = CassetteEndpoint(
        CassetteV2(target=live.label, recorded_at="2026-11-27T10:00:00Z", salt="s1"), live
    )
    recorded = run(endpoint_for(name="mock"), recorder)
    path = tmp_path / "cassette.json"
    save_cassette_v2(path, recorder.cassette, (DEFAULT_KEY,))
    text = path.read_text()
    assert DEFAULT_KEY not in text and "Bearer" not in text
    emails = {a.email for a in default_data.accounts}
    assert not any(email in text for email in emails)
    assert json.loads(text) == json.loads(json.dumps(json.loads(text), sort_keys=True))
    replayed = run(endpoint_for(name="mock"), CassetteEndpoint(load_cassette_v2(path)))
    assert flagged(replayed) == flagged(recorded) == {("target", "metrics_null_until_sent")}


def test_contract_run_cli_starts_its_own_mock_and_writes_every_report(
    live_mock_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUFFER_API_KEY", DEFAULT_KEY)
    files = {kind: tmp_path / f"report.{kind}" for kind in ("junit", "markdown", "html", "json")}
    args = ["contract", "run", "--target", live_mock_url]
    for kind, path in files.items():
        args += [f"--{kind}", str(path)]
    code = main(args)
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.strip().splitlines()[-1].startswith("OK: 88 operations")
    assert json.loads(files["json"].read_text())["exitCode"] == 0
    assert all(path.stat().st_size > 0 for path in files.values())
    assert DEFAULT_KEY not in "".join(p.read_text() for p in files.values()) + out
