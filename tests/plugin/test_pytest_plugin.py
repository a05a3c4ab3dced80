"""The buffer_mock pytest plugin, exercised on generated test suites with ``pytester``.

Each inner run loads only this plugin (``-p mockserver.pytest_plugin`` with entry-point autoload
off), so the outcome does not depend on whether the ``pytest11`` entry point is installed.
"""

from __future__ import annotations

import textwrap

# pytester runs the generated suites in this process, then drops every module they imported.
# Load the plugin's lazily imported dependencies here so they stay loaded: a re-imported httpcore
# would no longer match the exception classes httpx has already mapped (and imports cost time).
import httpcore  # noqa: F401
import pytest
import uvicorn  # noqa: F401

import mockserver.app
import mockserver.fixtures.loader  # noqa: F401
from tests.integration.live_server import ROOMY_KEY, write_roomy_world

pytest_plugins = ["pytester"]

ACCOUNT_QUERY = "{ account { id email organizations { id } } }"


@pytest.fixture
def run_suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Write ``test_generated.py`` and run it with only the plugin loaded (strict markers on)."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")

    def run(source: str, *args: str) -> pytest.RunResult:
        pytester.makepyfile(test_generated=textwrap.dedent(source))
        return pytester.runpytest("-p", "mockserver.pytest_plugin", "--strict-markers", "-v", *args)

    return run


def test_a_suite_using_the_fixtures_passes(run_suite) -> None:  # type: ignore[no-untyped-def]
    result = run_suite(f"""
        ACCOUNT = "{ACCOUNT_QUERY}"

        def test_session_server_answers_graphql(buffer_mock_server):
            assert buffer_mock_server.url.startswith("http://127.0.0.1:")
            assert buffer_mock_server.api_key
            body = buffer_mock_server.graphql(ACCOUNT)
            assert body["data"]["account"]["organizations"]

        def test_per_test_handle_shares_the_session_server(buffer_mock, buffer_mock_server):
            assert buffer_mock.server is buffer_mock_server
            assert buffer_mock.namespace != "default"
            account = buffer_mock.data(ACCOUNT)["account"]
            assert account == buffer_mock_server.graphql(ACCOUNT)["data"]["account"]

        def test_client_sends_key_and_namespace(buffer_mock):
            response = buffer_mock.client().post("/graphql", json={{"query": ACCOUNT}})
            assert response.status_code == 200
            assert response.headers["ratelimit"]
            assert [entry["operationName"] for entry in buffer_mock.requests()] == [None]

        def test_wrong_key_gets_buffers_auth_error(buffer_mock):
            from mockserver import errors

            body = buffer_mock.graphql(ACCOUNT, api_key="buf_nope")
            assert body["errors"][0]["extensions"]["code"] == errors.UNAUTHENTICATED
    """)

    result.assert_outcomes(passed=4)


def test_state_written_by_one_test_is_gone_in_the_next(run_suite) -> None:  # type: ignore[no-untyped-def]
    result = run_suite(f"""
        import pytest

        ACCOUNT = "{ACCOUNT_QUERY}"
        CREATE = '''mutation ($org: ID!, $title: String!) {{
          createIdea(input: {{organizationId: $org, content: {{title: $title}}}}) {{ __typename }} }}'''
        TITLES = '''query ($org: OrganizationId!) {{
          ideas(first: 100, input: {{organizationId: $org}}) {{
            edges {{ node {{ content {{ title }} }} }} }} }}'''
        seen = []

        def titles(mock, org):
            edges = mock.data(TITLES, {{"org": org}})["ideas"]["edges"]
            return [edge["node"]["content"]["title"] for edge in edges]

        @pytest.mark.parametrize("round", [1, 2, 3])
        def test_write_then_look(buffer_mock, round):
            org = buffer_mock.data(ACCOUNT)["account"]["organizations"][0]["id"]
            assert "written by an earlier test" not in titles(buffer_mock, org)
            buffer_mock.data(CREATE, {{"org": org, "title": "written by an earlier test"}})
            assert "written by an earlier test" in titles(buffer_mock, org)
            seen.append(buffer_mock.namespace)
            assert seen[-2:-1] != seen[-1:]  # consecutive tests never share a namespace

        @pytest.mark.buffer_mock(isolation="reset")
        @pytest.mark.parametrize("round", [1, 2])
        def test_reset_isolation_uses_the_default_namespace(buffer_mock, round):
            assert buffer_mock.namespace == "default"
            assert "x-buffer-mock-namespace" not in buffer_mock.headers
            org = buffer_mock.data(ACCOUNT)["account"]["organizations"][0]["id"]
            assert "written by an earlier test" not in titles(buffer_mock, org)
            buffer_mock.data(CREATE, {{"org": org, "title": "written by an earlier test"}})
    """)

    result.assert_outcomes(passed=5)


def test_marker_sets_the_clock_and_rate_limits_per_test(run_suite) -> None:  # type: ignore[no-untyped-def]
    result = run_suite(f"""
        import pytest

        ACCOUNT = "{ACCOUNT_QUERY}"

        @pytest.mark.buffer_mock(clock="2026-03-10T15:00:00Z")
        def test_clock_is_frozen_at_the_marker_instant(buffer_mock):
            clock = buffer_mock.clock()
            assert clock["now"] == "2026-03-10T15:00:00.000Z" and clock["frozen"] is True

        @pytest.mark.buffer_mock(clock="2026-03-10T15:00:00Z", freeze_clock=False)
        def test_clock_can_run_from_the_marker_instant(buffer_mock):
            clock = buffer_mock.clock()
            assert clock["now"].startswith("2026-03-10T15:0") and clock["frozen"] is False

        def test_unmarked_test_keeps_the_real_clock(buffer_mock):
            assert buffer_mock.clock()["frozen"] is False
            assert not buffer_mock.clock()["now"].startswith("2026-03-10")

        @pytest.mark.buffer_mock(rate_limits="custom", quotas={{"15m": 1, "24h": 10, "30d": 10}})
        def test_custom_quota_refuses_the_second_request(buffer_mock):
            client = buffer_mock.client()
            assert client.post("/graphql", json={{"query": ACCOUNT}}).status_code == 200
            refused = client.post("/graphql", json={{"query": ACCOUNT}})
            assert refused.status_code == 429
            assert refused.json()["errors"][0]["extensions"]["window"] == "15m"

        def test_unmarked_test_is_never_throttled(buffer_mock):
            assert buffer_mock.rate_limits()["mode"] == "observe"
            client = buffer_mock.client()
            statuses = [client.post("/graphql", json={{"query": ACCOUNT}}).status_code for _ in range(3)]
            assert statuses == [200, 200, 200]
    """)

    result.assert_outcomes(passed=5)


def test_marker_chooses_the_schema_version_of_the_tests_namespace(run_suite) -> None:  # type: ignore[no-untyped-def]
    result = run_suite("""
        import pytest

        FIELDS = '{ __type(name: "Author") { fields { name } } }'

        def names(buffer_mock):
            return {f["name"] for f in buffer_mock.data(FIELDS)["__type"]["fields"]}

        @pytest.mark.buffer_mock(schema_version="2026-08-13")
        def test_reference_version(buffer_mock):
            assert "urn" not in names(buffer_mock)
            assert buffer_mock.schema_version()["schemaVersion"] == "2026-08-13"

        def test_unmarked_test_gets_the_newest(buffer_mock):
            assert "urn" in names(buffer_mock)

        @pytest.mark.buffer_mock(schema_version="1999-01")
        def test_unknown_version_fails_clearly(buffer_mock):
            pass
    """)

    result.assert_outcomes(passed=2, errors=1)
    assert "schema_version must be one of ['2026-08-13', '2026-10'], got '1999-01'" in result.stdout.str()


def test_marker_serves_another_fixture_directory(run_suite, pytester: pytest.Pytester) -> None:  # type: ignore[no-untyped-def]
    write_roomy_world(pytester.path / "worlds" / "roomy", channels=2)

    result = run_suite(f"""
        import pytest

        ACCOUNT = "{ACCOUNT_QUERY}"
        pytestmark = pytest.mark.buffer_mock(fixtures="worlds/roomy")

        def test_world_comes_from_the_directory(buffer_mock):
            assert buffer_mock.api_key == "{ROOMY_KEY}"
            assert buffer_mock.data(ACCOUNT)["account"]["email"] == "writer@example.test"

        @pytest.mark.buffer_mock(clock="2026-06-01T00:00:00Z")
        def test_closest_marker_adds_to_the_module_marker(buffer_mock):
            assert buffer_mock.api_key == "{ROOMY_KEY}"
            assert buffer_mock.clock()["now"] == "2026-06-01T00:00:00.000Z"

        def test_session_server_still_serves_the_default_world(buffer_mock_server):
            assert buffer_mock_server.api_key != "{ROOMY_KEY}"
    """)

    result.assert_outcomes(passed=3)


def test_marker_is_registered_and_misuse_is_reported(run_suite, pytester: pytest.Pytester) -> None:  # type: ignore[no-untyped-def]
    (pytester.path / "broken").mkdir()
    (pytester.path / "broken" / "world.yaml").write_text(
        'version: 1\nworld: {name: broken}\nchannels:\n  - {id: "not-an-id"}\n'
    )
    result = run_suite("""
        import pytest

        @pytest.mark.buffer_mock(rate_limit="buffer")
        def test_misspelt_argument(buffer_mock):
            pass

        @pytest.mark.buffer_mock(rate_limits="sometimes")
        def test_unknown_mode(buffer_mock):
            pass

        @pytest.mark.buffer_mock(clock="next tuesday")
        def test_unparsable_clock(buffer_mock):
            pass

        @pytest.mark.buffer_mock(fixtures="broken")
        def test_invalid_fixture_directory(buffer_mock):
            pass
    """)

    result.assert_outcomes(errors=4)
    result.stdout.fnmatch_lines(
        [
            "*unknown buffer_mock argument(s) *'rate_limit'*",
            "*rate_limits must be one of*'sometimes'*",
            "*clock must be an ISO 8601 instant*",
            "*buffer_mock cannot serve *broken: * problem*",
        ]
    )
    markers = pytester.runpytest("-p", "mockserver.pytest_plugin", "--markers")
    markers.stdout.fnmatch_lines(["@pytest.mark.buffer_mock(fixtures=None, clock=None*"])
