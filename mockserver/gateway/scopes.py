"""OAuth scopes: which fields need which scope, as data, and the check that applies it.

Personal API keys have full account access and are never checked. OAuth tokens carry
scopes; a field listed in :data:`FIELD_SCOPES` resolves only when the token has the scope,
otherwise that field is null with an ``INSUFFICIENT_SCOPE`` error at its path (HTTP 200,
partial data, as observed for ``Post.metrics``). For a non-null field the null propagates
by the usual GraphQL rules (a non-null root field nulls ``data``).

The table is the one place the mapping lives; :class:`ScopeMiddleware` enforces it for
every execution of an OAuth request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from graphql import GraphQLResolveInfo, GraphQLSchema, MiddlewareManager

from mockserver import errors

ACCOUNT_READ = "account:read"
POSTS_READ = "posts:read"
POSTS_WRITE = "posts:write"
IDEAS_READ = "ideas:read"
IDEAS_WRITE = "ideas:write"
INSIGHTS_READ = "insights:read"

# (parent type, field) -> the scope an OAuth token needs to resolve it.
# Documented: only insights:read -> metrics. The rest is inferred from the scope names;
# templates have no documented scope and ride on the posts scopes (our choice).
FIELD_SCOPES: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("Query", "account"): ACCOUNT_READ,
        ("Query", "posts"): POSTS_READ,
        ("Query", "post"): POSTS_READ,
        ("Query", "channels"): POSTS_READ,
        ("Query", "channel"): POSTS_READ,
        ("Query", "dailyPostingLimits"): POSTS_READ,
        ("Query", "postTemplate"): POSTS_READ,
        ("Query", "postTemplates"): POSTS_READ,
        ("Query", "ideas"): IDEAS_READ,
        ("Query", "ideaGroups"): IDEAS_READ,
        ("Query", "aggregatedPostMetrics"): INSIGHTS_READ,
        ("Post", "metrics"): INSIGHTS_READ,
        ("Post", "metricsUpdatedAt"): INSIGHTS_READ,
        ("Mutation", "createPost"): POSTS_WRITE,
        ("Mutation", "editPost"): POSTS_WRITE,
        ("Mutation", "deletePost"): POSTS_WRITE,
        ("Mutation", "movePostInQueue"): POSTS_WRITE,
        ("Mutation", "createPostTemplate"): POSTS_WRITE,
        ("Mutation", "updatePostTemplate"): POSTS_WRITE,
        ("Mutation", "deletePostTemplate"): POSTS_WRITE,
        ("Mutation", "createIdea"): IDEAS_WRITE,
        # 2026-10: tags (documented: posts:read / posts:write); snippets ride on them (inferred)
        ("Query", "tag"): POSTS_READ,
        ("Query", "tagsV2"): POSTS_READ,
        ("Mutation", "createTag"): POSTS_WRITE,
        ("Mutation", "updateTag"): POSTS_WRITE,
        ("Mutation", "deleteTag"): POSTS_WRITE,
        ("Query", "snippets"): POSTS_READ,
        ("Mutation", "createSnippet"): POSTS_WRITE,
        ("Mutation", "updateSnippet"): POSTS_WRITE,
        ("Mutation", "deleteSnippet"): POSTS_WRITE,
        # 2026-10: content items ride on the posts scopes (undocumented; our choice)
        ("Query", "contentItem"): POSTS_READ,
        ("Query", "contentItems"): POSTS_READ,
        ("Mutation", "createContentItem"): POSTS_WRITE,
        ("Mutation", "createContentItemDraft"): POSTS_WRITE,
        ("Mutation", "updateContentItem"): POSTS_WRITE,
        ("Mutation", "updateContentItemDraft"): POSTS_WRITE,
        ("Mutation", "deleteContentItem"): POSTS_WRITE,
        ("Mutation", "promoteContentItemDraftToPosts"): POSTS_WRITE,
        ("Mutation", "addPostToContentItem"): POSTS_WRITE,
        ("Mutation", "removePostFromContentItem"): POSTS_WRITE,
        # 2026-10: configuration and Instagram audio are reads of channel data (inferred)
        ("Query", "configuration"): POSTS_READ,
        ("Query", "instagramAudio"): POSTS_READ,
        ("Query", "searchInstagramAudio"): POSTS_READ,
        ("Query", "trendingInstagramAudio"): POSTS_READ,
    }
)

# Nested lookup for the hot path: parent type name -> field name -> scope.
_SCOPES_BY_TYPE: dict[str, dict[str, str]] = {}
for (_type_name, _field_name), _scope in FIELD_SCOPES.items():
    _SCOPES_BY_TYPE.setdefault(_type_name, {})[_field_name] = _scope


def required_scope(type_name: str, field_name: str) -> str | None:
    """The scope an OAuth token needs for ``type_name.field_name``; None when unrestricted."""
    fields = _SCOPES_BY_TYPE.get(type_name)
    return None if fields is None else fields.get(field_name)


def token_allows(kind: str, scopes: frozenset[str] | set[str], scope: str | None) -> bool:
    """Personal keys may do anything; OAuth tokens what their scopes grant."""
    return scope is None or kind == "personal" or scope in scopes


def unknown_table_fields(schema: GraphQLSchema) -> list[str]:
    """Entries of the table that name no field of ``schema`` (a drift check for the tests)."""
    missing: list[str] = []
    for type_name, field_name in FIELD_SCOPES:
        graphql_type = schema.type_map.get(type_name)
        fields = getattr(graphql_type, "fields", None)
        if fields is None or field_name not in fields:
            missing.append(f"{type_name}.{field_name}")
    return missing


class ScopeMiddleware:
    """graphql-core middleware refusing table fields the request's token has no scope for."""

    def resolve(self, next_: Callable[..., Any], root: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
        fields = _SCOPES_BY_TYPE.get(info.parent_type.name)
        if fields is not None:
            scope = fields.get(info.field_name)
            if scope is not None:
                token = info.context.actor.token
                if not token_allows(token.kind, token.scopes, scope):
                    raise errors.missing_scope(scope)
        return next_(root, info, **args)


SCOPE_MIDDLEWARE = MiddlewareManager(ScopeMiddleware())
"""One shared manager: it caches the wrapped resolvers across requests."""
