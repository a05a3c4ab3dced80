"""An actor only sees its own organizations: every root field, given another organization's ids."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLClient, frozen_settings

OUTSIDER_KEY = "buf_mock_outsider_personal_key"


@pytest.fixture
def foreign(gql: GraphQLClient) -> dict[str, str]:
    """Ids that belong to the outsider's organization, read with the outsider's own key."""
    outsider = gql.as_token(OUTSIDER_KEY)
    org = outsider.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    channel = outsider.data(
        "query($o: OrganizationId!) { channels(input: {organizationId: $o}) { id } }", {"o": org}
    )["channels"][0]["id"]
    post = outsider.data(
        "query($o: OrganizationId!) { posts(input: {organizationId: $o}, first: 1) { edges { node { id } } } }",
        {"o": org},
    )["posts"]["edges"][0]["node"]["id"]
    template = outsider.data(
        """query($o: OrganizationId!) { postTemplates(input: {organizationId: $o, filter: {visibility: internal}}) {
             edges { node { id } } } }""",
        {"o": org},
    )["postTemplates"]["edges"][0]["node"]["id"]
    return {"org": org, "channel": channel, "post": post, "template": template}


def first_error_code(response: Any) -> str:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body.get("errors"), body
    return body["errors"][0]["extensions"]["code"]


QUERY_CASES = {
    "channels": ("query($o: OrganizationId!) { channels(input: {organizationId: $o}) { id } }", "org"),
    "channel": ("query($c: ChannelId!) { channel(input: {id: $c}) { id } }", "channel"),
    "posts": (
        "query($o: OrganizationId!) { posts(input: {organizationId: $o}) { edges { node { id } } } }",
        "org",
    ),
    "post": ("query($p: PostId!) { post(input: {id: $p}) { id } }", "post"),
    "dailyPostingLimits": (
        "query($c: ChannelId!) { dailyPostingLimits(input: {channelIds: [$c]}) { channelId } }",
        "channel",
    ),
    "ideas": (
        "query($o: OrganizationId!) { ideas(input: {organizationId: $o}) { edges { node { id } } } }",
        "org",
    ),
    "ideaGroups": ("query($o: ID!) { ideaGroups(input: {organizationId: $o}) { id } }", "org"),
    "postTemplates": (
        "query($o: OrganizationId!) { postTemplates(input: {organizationId: $o}) { totalCount } }",
        "org",
    ),
    "aggregatedPostMetrics": (
        """query($o: OrganizationId!) { aggregatedPostMetrics(input: {organizationId: $o,
             startDateTime: "2026-10-01T00:00:00Z", endDateTime: "2026-10-31T00:00:00Z"}) { metrics { type } } }""",
        "org",
    ),
}


@pytest.mark.parametrize("field", sorted(QUERY_CASES))
def test_queries_refuse_another_organizations_ids(
    gql: GraphQLClient, foreign: dict[str, str], field: str
) -> None:
    document, kind = QUERY_CASES[field]
    variable = document.split("$")[1].split(":")[0]
    response = gql.post(document, {variable: foreign[kind]})
    assert first_error_code(response) == "FORBIDDEN"
    assert response.json()["data"] is None


def test_account_never_lists_another_accounts_organization(
    gql: GraphQLClient, foreign: dict[str, str]
) -> None:
    orgs = gql.data("{ account { organizations { id } } }")["account"]["organizations"]
    assert foreign["org"] not in {o["id"] for o in orgs}
    filtered = gql.data(
        "query($o: String!) { account { organizations(filter: {organizationId: $o}) { id } } }",
        {"o": foreign["org"]},
    )
    assert filtered["account"]["organizations"] == []


def test_another_organizations_internal_template_reads_as_null(
    gql: GraphQLClient, foreign: dict[str, str]
) -> None:
    data = gql.data(
        "query($t: PostTemplateId!) { postTemplate(input: {id: $t}) { id } }", {"t": foreign["template"]}
    )
    assert data == {"postTemplate": None}


def test_create_post_on_a_foreign_channel_is_unauthorized(
    gql: GraphQLClient, foreign: dict[str, str]
) -> None:
    data = gql.data(
        """mutation($c: ChannelId!) { createPost(input: {channelId: $c, schedulingType: automatic, mode: addToQueue,
             text: "x", saveToDraft: true}) { __typename ... on MutationError { message } } }""",
        {"c": foreign["channel"]},
    )
    assert data["createPost"]["__typename"] == "UnauthorizedError"


def test_edit_post_of_another_organization_is_unauthorized(
    gql: GraphQLClient, foreign: dict[str, str]
) -> None:
    data = gql.data(
        """mutation($p: PostId!) { editPost(input: {id: $p, text: "hijack"}) {
             __typename ... on MutationError { message } } }""",
        {"p": foreign["post"]},
    )
    assert data["editPost"]["__typename"] == "UnauthorizedError"


@pytest.mark.parametrize(
    ("document", "kind"),
    [
        ("mutation($p: PostId!) { deletePost(input: {id: $p}) { __typename } }", "post"),
        ("mutation($p: PostId!) { movePostInQueue(input: {id: $p, position: top}) { __typename } }", "post"),
        (
            'mutation($t: PostTemplateId!) { updatePostTemplate(input: {id: $t, title: "x"}) { __typename } }',
            "template",
        ),
        ("mutation($t: PostTemplateId!) { deletePostTemplate(input: {id: $t}) { __typename } }", "template"),
    ],
)
def test_mutations_on_foreign_ids_change_nothing(
    gql: GraphQLClient, foreign: dict[str, str], document: str, kind: str
) -> None:
    variable = document.split("$")[1].split(":")[0]
    response = gql.post(document, {variable: foreign[kind]})
    body = response.json()
    refused = bool(body.get("errors")) or next(iter(body["data"].values()))["__typename"].endswith("Error")
    assert refused, body
    outsider = gql.as_token(OUTSIDER_KEY)
    if kind == "post":
        assert outsider.data("query($p: PostId!) { post(input: {id: $p}) { id } }", {"p": foreign["post"]})[
            "post"
        ]
    else:
        template = outsider.data(
            "query($t: PostTemplateId!) { postTemplate(input: {id: $t}) { id title } }",
            {"t": foreign["template"]},
        )["postTemplate"]
        assert template is not None and template["title"] != "x"


@pytest.mark.parametrize(
    "document",
    [
        """mutation($o: ID!) { createIdea(input: {organizationId: $o, content: {title: "x"}}) {
             __typename ... on MutationError { message } } }""",
        """mutation($o: OrganizationId!) { createPostTemplate(input: {organizationId: $o, title: "x", body: "y",
             description: "z"}) { __typename ... on VoidMutationError { message } } }""",
    ],
)
def test_creating_in_another_organization_is_refused(
    gql: GraphQLClient, foreign: dict[str, str], document: str
) -> None:
    response = gql.post(document, {"o": foreign["org"]})
    body = response.json()
    refused = bool(body.get("errors")) or next(iter(body["data"].values()))["__typename"].endswith("Error")
    assert refused, body


# --- hardening: namespaces, the control API and the request log never cross organizations --------


@pytest.mark.parametrize("field", sorted(QUERY_CASES))
def test_a_fresh_namespace_does_not_widen_what_an_identity_may_read(
    gql: GraphQLClient, foreign: dict[str, str], field: str
) -> None:
    document, kind = QUERY_CASES[field]
    variable = document.split("$")[1].split(":")[0]
    response = gql.post(document, {variable: foreign[kind]}, **{"x-buffer-mock-namespace": f"fresh-{field}"})
    assert first_error_code(response) == "FORBIDDEN"
    assert response.json()["data"] is None


def test_an_identity_cannot_create_a_namespace_with_another_identitys_failed_key(gql: GraphQLClient) -> None:
    response = gql.as_token("buf_mock_outsider_personal_key_typo").post(
        "{ account { id } }", **{"x-buffer-mock-namespace": "typo-space"}
    )
    assert response.status_code == 401
    assert "typo-space" not in gql.http.app.state.namespaces.names()  # type: ignore[attr-defined]


def test_the_request_log_of_a_namespace_holds_only_that_namespaces_requests(gql: GraphQLClient) -> None:
    outsider = gql.as_token(OUTSIDER_KEY)
    outsider.data("query OutsiderOnly { account { id } }", **{"x-buffer-mock-namespace": "outsider-space"})
    gql.data("query MineOnly { account { id } }", **{"x-buffer-mock-namespace": "my-space"})
    mine = gql.http.get("/_mock/requests?namespace=my-space").json()["requests"]
    theirs = gql.http.get("/_mock/requests?namespace=outsider-space").json()["requests"]
    assert [entry["operationName"] for entry in mine] == ["MineOnly"]
    assert [entry["operationName"] for entry in theirs] == ["OutsiderOnly"]


# --- content items (2026-10) ---------------------------------------------------------------------


@pytest.fixture
def october(make_client: Any) -> GraphQLClient:
    """The default world served with the 2026-10 schema, as the main account."""
    return make_client(frozen_settings(schema_version="2026-10"))  # type: ignore[no-any-return]


@pytest.fixture
def foreign_item(october: GraphQLClient) -> dict[str, str]:
    """The outsider's content item and organization, and one of the main account's own posts and items."""
    outsider = october.as_token(OUTSIDER_KEY)
    org = outsider.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    item = outsider.data(
        "query($o: OrganizationId!) { contentItems(input: {organizationId: $o}) { edges { node { id } } } }",
        {"o": org},
    )["contentItems"]["edges"][0]["node"]["id"]
    own_org = october.data("{ account { organizations { id } } }")["account"]["organizations"][0]["id"]
    own = october.data(
        """query($o: OrganizationId!) { contentItems(input: {organizationId: $o,
             filter: {contentStatus: postContent}}) { edges { node { id
             body { ... on PostContent { posts { id } } } } } } }""",
        {"o": own_org},
    )["contentItems"]["edges"][0]["node"]
    return {"org": org, "item": item, "own_item": own["id"], "own_post": own["body"]["posts"][0]["id"]}


CONTENT_ITEM_CASES = {
    "contentItems": (
        "query($o: OrganizationId!) { contentItems(input: {organizationId: $o}) { totalCount } }",
        {"o": "org"},
    ),
    "contentItem": ("query($i: ContentItemId!) { contentItem(input: {id: $i}) { id } }", {"i": "item"}),
    "createContentItem": (
        """mutation($o: OrganizationId!) { createContentItem(input: {organizationId: $o, posts: []}) {
             __typename } }""",
        {"o": "org"},
    ),
    "createContentItemDraft": (
        """mutation($o: OrganizationId!) { createContentItemDraft(input: {organizationId: $o,
             draft: {text: "x"}}) { __typename } }""",
        {"o": "org"},
    ),
    "updateContentItem": (
        'mutation($i: ContentItemId!) { updateContentItem(input: {id: $i, title: "hijack"}) { __typename } }',
        {"i": "item"},
    ),
    "updateContentItemDraft": (
        """mutation($i: ContentItemId!) { updateContentItemDraft(input: {id: $i, draft: {text: "hijack"}}) {
             __typename } }""",
        {"i": "item"},
    ),
    "deleteContentItem": (
        "mutation($i: ContentItemId!) { deleteContentItem(input: {id: $i}) { __typename } }",
        {"i": "item"},
    ),
    "promoteContentItemDraftToPosts": (
        """mutation($i: ContentItemId!) { promoteContentItemDraftToPosts(input: {id: $i, posts: []}) {
             __typename } }""",
        {"i": "item"},
    ),
    "addPostToContentItem": (
        """mutation($i: ContentItemId!, $p: PostId!) { addPostToContentItem(input: {id: $i, postId: $p}) {
             __typename } }""",
        {"i": "item", "p": "own_post"},
    ),
    "removePostFromContentItem": (
        """mutation($i: ContentItemId!, $p: PostId!) { removePostFromContentItem(input: {id: $i, postId: $p}) {
             __typename } }""",
        {"i": "item", "p": "own_post"},
    ),
}


@pytest.mark.parametrize("field", sorted(CONTENT_ITEM_CASES))
def test_content_item_roots_refuse_another_organizations_ids(
    october: GraphQLClient, foreign_item: dict[str, str], field: str
) -> None:
    document, variables = CONTENT_ITEM_CASES[field]
    response = october.post(document, {name: foreign_item[kind] for name, kind in variables.items()})
    assert first_error_code(response) == "FORBIDDEN"
    assert response.json()["data"] is None
    outsider = october.as_token(OUTSIDER_KEY)
    item = outsider.data(
        """query($i: ContentItemId!) { contentItem(input: {id: $i}) { title
             body { __typename ... on DraftContent { text } } } }""",
        {"i": foreign_item["item"]},
    )["contentItem"]
    assert item["title"] != "hijack" and item["body"]["__typename"] == "DraftContent"
    assert item["body"]["text"] != "hijack"


def test_another_organizations_post_cannot_join_an_own_item(
    october: GraphQLClient, foreign: dict[str, str], foreign_item: dict[str, str]
) -> None:
    response = october.post(
        """mutation($i: ContentItemId!, $p: PostId!) { addPostToContentItem(input: {id: $i, postId: $p}) {
             __typename } }""",
        {"i": foreign_item["own_item"], "p": foreign["post"]},
    )
    assert first_error_code(response) == "FORBIDDEN"
