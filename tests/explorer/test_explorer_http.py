"""The explorer over HTTP: the page, its assets, its examples, and what JSON clients still get."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mockserver.app import create_app
from mockserver.contract.corpus import default_corpus_dir, load_corpus
from mockserver.fixtures.loader import WorldData
from mockserver.store.entities import ApiToken
from tests.conftest import DEFAULT_KEY, GraphQLClient, frozen_settings

HTML = {"accept": "text/html,application/xhtml+xml"}
CONFIG = re.compile(r'<script type="application/json" id="explorer-config">(.*?)</script>', re.S)


def page_config(html: str) -> dict[str, object]:
    match = CONFIG.search(html)
    assert match, "the page carries its configuration"
    return dict(json.loads(match.group(1)))


@pytest.mark.parametrize("path", ["/", "/graphql"])
def test_a_browser_gets_our_explorer_with_a_same_origin_only_policy(gql: GraphQLClient, path: str) -> None:
    response = gql.http.get(path, headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self';" in policy
    assert "connect-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert page_config(response.text)["endpoint"] == path


def test_the_page_references_no_other_origin(gql: GraphQLClient) -> None:
    html = gql.http.get("/graphql", headers=HTML).text
    assert re.findall(r'(?:src|href)="([^"]+)"', html)  # it does reference its assets...
    for reference in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert reference.startswith("/") or reference.startswith("data:"), reference  # ...all on this origin


def test_the_headers_pane_starts_with_the_served_worlds_personal_key(gql: GraphQLClient) -> None:
    config = page_config(gql.http.get("/graphql", headers=HTML).text)
    assert config["defaultHeaders"] == {"Authorization": f"Bearer {DEFAULT_KEY}"}
    assert config["namespaceHeader"] == "x-buffer-mock-namespace"


def test_the_prefilled_key_comes_from_the_world_not_the_code(
    make_client: Callable[..., GraphQLClient], default_data: WorldData
) -> None:
    data = copy.deepcopy(default_data)
    account = data.accounts[0].id
    data.tokens = [
        ApiToken(token="buf_mock_revoked_key", account_id=account, kind="personal", revoked=True),
        ApiToken(
            token="buf_mock_oauth_first", account_id=account, kind="oauth", scopes=frozenset({"posts:read"})
        ),
        ApiToken(token="buf_mock_another_world_key", account_id=account, kind="personal"),
    ]
    client = make_client(data=data)
    config = page_config(client.http.get("/graphql", headers=HTML).text)
    assert config["defaultHeaders"] == {"Authorization": "Bearer buf_mock_another_world_key"}


def test_fixture_text_cannot_break_out_of_the_config_block(
    make_client: Callable[..., GraphQLClient], default_data: WorldData
) -> None:
    data = copy.deepcopy(default_data)
    hostile = "buf_</script><script>alert(1)</script>"
    data.tokens = [ApiToken(token=hostile, account_id=data.accounts[0].id, kind="personal")]
    html = make_client(data=data).http.get("/graphql", headers=HTML).text
    assert "<script>alert(1)" not in html
    assert page_config(html)["defaultHeaders"] == {"Authorization": f"Bearer {hostile}"}


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("explorer.mjs", "text/javascript"),
        ("completion.mjs", "text/javascript"),
        ("explorer.css", "text/css"),
        ("world.css", "text/css"),
    ],
)
def test_assets_are_served_from_the_package(gql: GraphQLClient, name: str, media_type: str) -> None:
    response = gql.http.get(f"/_explorer/assets/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert len(response.content) > 500


@pytest.mark.parametrize("name", ["nope.js", "explorer.html", "__init__.py"])
def test_anything_else_under_assets_is_a_404(gql: GraphQLClient, name: str) -> None:
    assert gql.http.get(f"/_explorer/assets/{name}").status_code == 404


def test_no_file_outside_the_assets_can_be_read(gql: GraphQLClient) -> None:
    response = gql.http.get("/_explorer/assets/..%2Fexplorer.py")
    assert response.status_code in (401, 404)
    assert "import" not in response.text


def test_examples_are_the_operations_the_app_was_given(default_data: WorldData) -> None:
    corpus = load_corpus(default_corpus_dir())
    app = create_app(frozen_settings(), default_data, examples=lambda: corpus)
    with TestClient(app) as client:
        body = client.get("/_explorer/examples").json()
    assert [e["name"] for e in body["examples"]] == [op.name for op in corpus]
    channel = next(e for e in body["examples"] if e["name"] == "ContractChannel")
    assert channel["title"] == "One channel by id."
    assert channel["variables"] == {"input": {"id": "$channel"}}
    assert channel["placeholders"] == ["$channel"]
    assert "query ContractChannel" in channel["document"]


def test_without_examples_the_list_says_why(gql: GraphQLClient) -> None:
    assert gql.http.get("/_explorer/examples").json() == {
        "examples": [],
        "problem": "This server was started without example operations.",
    }


def test_an_unreadable_corpus_is_reported_not_raised(default_data: WorldData, tmp_path: Path) -> None:
    app = create_app(frozen_settings(), default_data, examples=lambda: load_corpus(tmp_path / "missing"))
    with TestClient(app) as client:
        body = client.get("/_explorer/examples").json()
    assert body["examples"] == []
    assert "corpus directory not found" in body["problem"]


def test_graphiql_from_the_cdn_is_only_behind_its_own_link(gql: GraphQLClient) -> None:
    explorer = gql.http.get("/graphql", headers=HTML).text
    assert "https://" not in explorer
    assert 'href="/graphql?graphiql"' in explorer
    assert "online only" in explorer
    graphiql = gql.http.get("/graphql?graphiql", headers=HTML)
    assert graphiql.status_code == 200
    assert "https://esm.sh/graphiql" in graphiql.text


def test_json_clients_still_get_buffers_answers_on_get(gql: GraphQLClient) -> None:
    assert gql.http.get("/graphql").status_code == 401
    assert gql.http.get("/graphql", headers=gql.headers()).status_code == 405


def test_the_explorer_works_without_the_control_api(make_client: Callable[..., GraphQLClient]) -> None:
    client = make_client(frozen_settings(control_enabled=False))
    config = page_config(client.http.get("/graphql", headers=HTML).text)
    assert config["namespacesUrl"] is None  # the namespace box is free text then
    assert client.http.get("/_explorer/assets/explorer.mjs").status_code == 200


def test_the_page_offers_every_schema_version_and_names_the_served_one(
    make_client: Callable[..., GraphQLClient],
) -> None:
    config = page_config(make_client().http.get("/graphql", headers=HTML).text)
    assert config["schemaVersions"] == ["2026-08-13", "2026-10"]
    assert config["schemaVersionHeader"] == "x-buffer-mock-schema-version"
    assert config["servedSchemaVersion"] == "2026-10"
    pinned = make_client(frozen_settings(schema_version="2026-08-13"))
    assert page_config(pinned.http.get("/graphql", headers=HTML).text)["servedSchemaVersion"] == "2026-08-13"
