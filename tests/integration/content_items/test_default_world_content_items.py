"""The default world served with 2026-10: its content items read back in both states, links included."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import GraphQLClient, frozen_settings

ITEMS = """query($o: OrganizationId!) { contentItems(first: 100, input: {organizationId: $o}) {
  totalCount edges { node { id title tags { name } allowedActions
    body { __typename ... on DraftContent { text assets { __typename } }
           ... on PostContent { posts { id status contentItemId } } } } } } }"""


def test_default_world_items_in_both_states_with_consistent_links(
    make_client: Callable[..., GraphQLClient],
) -> None:
    client = make_client(frozen_settings(schema_version="2026-10"))
    org = client.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    result = client.data(ITEMS, {"o": org})["contentItems"]
    nodes = [edge["node"] for edge in result["edges"]]
    assert result["totalCount"] == len(nodes) >= 6
    kinds = {node["body"]["__typename"] for node in nodes}
    assert kinds == {"DraftContent", "PostContent"}
    assert all(node["tags"] == sorted(node["tags"], key=lambda t: t["name"].lower()) for node in nodes)
    assert any(node["tags"] for node in nodes if node["body"]["__typename"] == "DraftContent")
    assert any(node["tags"] for node in nodes if node["body"]["__typename"] == "PostContent")
    for node in nodes:
        for post in node["body"].get("posts", ()):
            assert post["contentItemId"] == node["id"]
    blocked = [n for n in nodes if any(p["status"] == "sent" for p in n["body"].get("posts", ()))]
    assert blocked and all(n["allowedActions"] == ["updateContentItem"] for n in blocked)
