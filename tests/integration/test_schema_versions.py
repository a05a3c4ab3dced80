"""Schema versions per server, namespace, fixtures and request (mockserver.schema.versions)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from pydantic import ValidationError

from mockserver.cli import served_version_line
from mockserver.fixtures.loader import WorldData
from mockserver.settings import Settings
from tests.conftest import GraphQLClient, frozen_settings

HEADER = "x-buffer-mock-schema-version"
TAGS_V2 = 'query { tagsV2(input: {organizationId: "66075600877698984c452032"}) { totalCount } }'


def author_fields(gql: GraphQLClient, **headers: str) -> set[str]:
    body = gql.data('{ __type(name: "Author") { fields { name } } }', **headers)
    return {f["name"] for f in body["__type"]["fields"]}


def version_of(gql: GraphQLClient, namespace: str | None = None) -> dict[str, object]:
    params = {"namespace": namespace} if namespace else {}
    return gql.http.get("/_mock/schema-version", params=params).json()  # type: ignore[no-any-return]


def set_version(gql: GraphQLClient, version: object, namespace: str | None = None) -> object:
    params = {"namespace": namespace} if namespace else {}
    return gql.http.put("/_mock/schema-version", json={"version": version}, params=params)


def test_the_newest_version_is_served_by_default(gql: GraphQLClient) -> None:
    assert "urn" in author_fields(gql)
    assert version_of(gql) == {
        "namespace": "default",
        "schemaVersion": "2026-10",
        "source": "default",
        "versions": ["2026-08-13", "2026-10"],
        "removalsApplied": [],
    }


def test_the_header_chooses_the_version_of_one_request_only(gql: GraphQLClient) -> None:
    assert "urn" not in author_fields(gql, **{HEADER: "2026-08-13"})
    assert "urn" in author_fields(gql)
    assert version_of(gql)["schemaVersion"] == "2026-10"


def test_an_unknown_version_header_is_a_buffer_shaped_400_naming_the_versions(gql: GraphQLClient) -> None:
    response = gql.post("{ account { id } }", **{HEADER: "2026-11"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": 'Unknown schema version "2026-11". Valid versions: 2026-08-13, 2026-10.',
                "extensions": {"code": "BAD_REQUEST"},
            }
        ]
    }


def test_the_control_api_sets_a_namespaces_version_until_reset(gql: GraphQLClient) -> None:
    response = set_version(gql, "2026-08-13", namespace="team-a")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert version_of(gql, "team-a")["source"] == "namespace"
    assert "urn" not in author_fields(gql, **{"x-buffer-mock-namespace": "team-a"})
    assert "urn" in author_fields(gql)  # other namespaces keep the server's version
    assert "urn" in author_fields(gql, **{"x-buffer-mock-namespace": "team-a", HEADER: "2026-10"})
    gql.http.post("/_mock/reset", params={"namespace": "team-a"})
    assert version_of(gql, "team-a")["schemaVersion"] == "2026-10"


def test_the_control_api_refuses_an_unknown_version_and_null_restores_the_servers(gql: GraphQLClient) -> None:
    refused = set_version(gql, "next")
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert refused.json()["errors"][0]["message"] == (  # type: ignore[attr-defined]
        'Unknown schema version "next". Valid versions: 2026-08-13, 2026-10.'
    )
    set_version(gql, "2026-08-13")
    set_version(gql, None)
    assert version_of(gql)["source"] == "default"
    missing = gql.http.put("/_mock/schema-version", json={})
    assert missing.status_code == 400


def test_fixtures_choose_a_version_and_the_serve_flag_overrides_them(
    make_client: Callable[..., GraphQLClient], default_data: WorldData
) -> None:
    reference_world = dataclasses.replace(default_data, schema_version="2026-08-13")
    from_fixtures = make_client(data=reference_world)
    assert "urn" not in author_fields(from_fixtures)
    assert version_of(from_fixtures)["source"] == "fixtures"
    flagged = make_client(frozen_settings(schema_version="2026-10"), reference_world)
    assert "urn" in author_fields(flagged)
    assert version_of(flagged)["source"] == "server"


def test_the_document_cache_keys_on_the_version(gql: GraphQLClient) -> None:
    for _ in range(2):
        assert gql.post(TAGS_V2, **{HEADER: "2026-08-13"}).status_code == 400
        assert gql.post(TAGS_V2).status_code == 200


def test_the_request_log_records_the_version_served(gql: GraphQLClient) -> None:
    gql.post("{ account { id } }", **{HEADER: "2026-08-13"})
    gql.post("{ account { id } }")
    entries = gql.http.get("/_mock/requests").json()["requests"]
    assert [e["schemaVersion"] for e in entries] == ["2026-08-13", "2026-10"]


def test_applied_removals_drop_the_legacy_metric_types_and_metrics_still_resolve(
    make_client: Callable[..., GraphQLClient],
) -> None:
    gql = make_client(frozen_settings(schema_removals=("legacy-post-metric-types",)))
    values = gql.data('{ __type(name: "PostMetricType") { enumValues(includeDeprecated: true) { name } } }')
    names = {v["name"] for v in values["__type"]["enumValues"]}
    assert names.isdisjoint({"favorites", "link_clicks", "other", "reblogs", "repins", "replies", "retweets"})
    org = gql.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    query = "query($org: OrganizationId!) { posts(first: 100, input: {organizationId: $org}) { edges { node { metrics { type value } } } } }"
    gql.data(query, {"org": org})  # no serialization error for a removed value
    assert version_of(gql)["removalsApplied"] == ["legacy-post-metric-types"]


def test_settings_refuse_unknown_versions_and_removals() -> None:
    with pytest.raises(ValidationError, match="Valid versions: 2026-08-13, 2026-10"):
        Settings(schema_version="2026-11")
    with pytest.raises(ValidationError, match="announced removals: legacy-post-metric-types"):
        Settings(schema_removals=("everything",))
    assert Settings.from_env(
        {"BUFFER_MOCK_SCHEMA_REMOVALS": "threaded-post-link-attachment"}
    ).schema_removals == ("threaded-post-link-attachment",)


def test_the_banner_names_the_version_served(default_data: WorldData) -> None:
    assert served_version_line(Settings(), default_data) == (
        "version 2026-10 (per namespace or x-buffer-mock-schema-version: 2026-08-13)"
    )
    line = served_version_line(
        Settings(schema_version="2026-08-13", schema_removals=("legacy-post-metric-types",)), default_data
    )
    assert line == (
        "version 2026-08-13 (per namespace or x-buffer-mock-schema-version: 2026-10);"
        " removals applied: legacy-post-metric-types"
    )


def test_unknown_input_fields_are_worded_like_graphql_js_16(gql: GraphQLClient) -> None:
    literal = gql.post(
        'mutation { createPost(input: {channelId: "66075600877698984c452032", text: "x",'
        ' schedulingType: automatic, mode: addToQueue, videoUrl: "v"}) { __typename } }'
    )
    assert literal.status_code == 400
    assert (
        literal.json()["errors"][0]["message"] == 'Field "videoUrl" is not defined by type "CreatePostInput".'
    )
    given = {
        "channelId": "66075600877698984c452032",
        "text": "x",
        "schedulingType": "automatic",
        "mode": "addToQueue",
    }
    variable = gql.post(
        "mutation($input: CreatePostInput!) { createPost(input: $input) { __typename } }",
        {"input": {**given, "videoUrl": "v"}},
    )
    assert variable.status_code == 400
    assert variable.json()["errors"][0]["message"] == (
        'Variable "$input" got invalid value { channelId: "66075600877698984c452032", text: "x",'
        ' schedulingType: "automatic", mode: "addToQueue", videoUrl: "v" };'
        ' Field "videoUrl" is not defined by type "CreatePostInput".'
    )
