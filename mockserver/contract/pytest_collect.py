"""The contract corpus as pytest items (registered by ``mockserver.pytest_plugin``).

``pytest --buffer-contract-target URL`` (key: ``BUFFER_API_KEY``) or
``pytest --buffer-contract-cassette FILE`` (or the environment variables
``BUFFER_CONTRACT_TARGET`` / ``BUFFER_CONTRACT_CASSETTE``) runs one ``contract run`` at collection
and adds one item per check: ``replay::<operation>`` and ``invariants[<side>]::<invariant>[<operation>]``
plus ``schema``, so drift shows as named failing tests. ``--buffer-contract-mock URL`` picks the
mock (default: an in-process mock on a free port); ``--buffer-contract-fail-on`` the threshold.
Without a target or cassette nothing is added.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from mockserver.contract.cassette_v2 import CassetteEndpoint, load_cassette_v2
from mockserver.contract.commands import FAIL_ON, keys_from_env
from mockserver.contract.corpus import load_operations
from mockserver.contract.endpoint import Endpoint
from mockserver.contract.local_mock import LocalMock
from mockserver.contract.reports import Case, cases, describe
from mockserver.contract.runner import ContractRun

TARGET_ENV = "BUFFER_CONTRACT_TARGET"
CASSETTE_ENV = "BUFFER_CONTRACT_CASSETTE"
SUITE_NAME = "buffer-contract"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("buffer-contract", "buffer-mock contract tests")
    group.addoption(
        "--buffer-contract-target", default=None, help=f"GraphQL URL of the target (or ${TARGET_ENV})"
    )
    group.addoption(
        "--buffer-contract-cassette",
        default=None,
        help=f"cassette to replay as the target (or ${CASSETTE_ENV})",
    )
    group.addoption(
        "--buffer-contract-mock", default=None, help="GraphQL URL of the mock (default: in-process)"
    )
    group.addoption("--buffer-contract-ops", action="append", default=[], help="extra operations directory")
    group.addoption("--buffer-contract-fail-on", choices=sorted(FAIL_ON), default="breaking")


class ContractDrift(AssertionError):
    """A contract check with findings at or above the threshold."""


class ContractSuite(pytest.Collector):
    def collect(self) -> list[pytest.Item]:  # items are added in pytest_collection_modifyitems
        return []


class ContractCase(pytest.Item):
    def __init__(self, *, case: Case, fail_on: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.fail_on = fail_on

    def runtest(self) -> None:
        if self.case.skipped:
            pytest.skip(self.case.skipped)
        if self.case.failed(self.fail_on):
            raise ContractDrift("\n".join(describe(f) for f in self.case.findings))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ContractDrift):
            return f"{self.case.name}:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path | str, int | None, str]:
        return self.path, None, self.name


def _setting(config: pytest.Config, option: str, env: str) -> str | None:
    return config.getoption(option) or os.environ.get(env) or None


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    target_url = _setting(config, "buffer_contract_target", TARGET_ENV)
    cassette = _setting(config, "buffer_contract_cassette", CASSETTE_ENV)
    if target_url is None and cassette is None:
        return
    fail_on = FAIL_ON[config.getoption("buffer_contract_fail_on")]
    target_key, mock_key = keys_from_env()
    with ExitStack() as stack:
        mock_url = config.getoption("buffer_contract_mock") or stack.enter_context(LocalMock())
        mock = Endpoint(mock_url, mock_key)
        stack.callback(mock.close)
        target: Endpoint = (
            CassetteEndpoint(load_cassette_v2(Path(cassette)))
            if cassette
            else Endpoint(str(target_url), target_key)
        )
        stack.callback(target.close)
        operations = load_operations([Path(p) for p in config.getoption("buffer_contract_ops")])
        report = ContractRun(mock, target, operations).run()
    suite = ContractSuite.from_parent(session, name=SUITE_NAME)
    for case in cases(report):
        operation = case.classname.removeprefix("contract.")
        name = case.name if case.name.startswith(("replay::", "schema")) else f"{case.name}[{operation}]"
        items.append(ContractCase.from_parent(suite, name=name, case=case, fail_on=fail_on))
