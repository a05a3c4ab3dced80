"""The scope table: every entry names a served field, and tokens are judged by kind and scopes."""

from __future__ import annotations

from mockserver.gateway.scopes import FIELD_SCOPES, required_scope, token_allows, unknown_table_fields
from mockserver.graphql_schema import build_schema


def test_every_table_entry_names_a_field_of_the_served_schema() -> None:
    assert unknown_table_fields(build_schema("2026-10")) == []


def test_every_root_operation_has_a_scope() -> None:
    schema = build_schema()
    roots = [("Query", name) for name in schema.query_type.fields if not name.startswith("__")]
    assert schema.mutation_type is not None
    roots += [("Mutation", name) for name in schema.mutation_type.fields]
    assert [root for root in roots if root not in FIELD_SCOPES] == []


def test_content_items_ride_on_the_posts_scopes() -> None:
    assert required_scope("Query", "contentItems") == "posts:read"
    assert required_scope("Query", "contentItem") == "posts:read"
    assert required_scope("Mutation", "promoteContentItemDraftToPosts") == "posts:write"
    assert required_scope("Mutation", "removePostFromContentItem") == "posts:write"


def test_documented_and_inferred_mappings() -> None:
    assert required_scope("Query", "account") == "account:read"
    assert required_scope("Query", "dailyPostingLimits") == "posts:read"
    assert required_scope("Mutation", "movePostInQueue") == "posts:write"
    assert required_scope("Query", "ideaGroups") == "ideas:read"
    assert required_scope("Mutation", "createIdea") == "ideas:write"
    assert required_scope("Query", "aggregatedPostMetrics") == "insights:read"
    assert required_scope("Post", "metrics") == "insights:read"
    assert required_scope("Post", "metricsUpdatedAt") == "insights:read"
    assert required_scope("Query", "postTemplates") == "posts:read"
    assert required_scope("Mutation", "deletePostTemplate") == "posts:write"


def test_unlisted_fields_need_no_scope() -> None:
    assert required_scope("Post", "text") is None
    assert required_scope("Nope", "nothing") is None


def test_personal_keys_pass_every_check_and_oauth_tokens_need_the_scope() -> None:
    assert token_allows("personal", frozenset(), "insights:read")
    assert token_allows("oauth", frozenset({"insights:read"}), "insights:read")
    assert not token_allows("oauth", frozenset({"posts:read"}), "insights:read")
    assert token_allows("oauth", frozenset(), None)
