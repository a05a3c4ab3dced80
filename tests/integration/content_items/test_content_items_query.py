"""contentItems: filters, sorts, cursors valid only with their sort, page size, totalCount; versions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockserver.fixtures.loader import WorldData
from mockserver.store.entities import ApiToken
from tests.conftest import GraphQLClient, frozen_settings
from tests.integration.content_items.support import CREATE_DRAFT, LIST_ITEMS, ContentClient, post_input
from tests.integration.mutations.support import FACEBOOK, MAIN, NOW, OWNER, TAG_AUTUMN, TAG_LAUNCH, TWITTER


def advance(api: ContentClient, minutes: int) -> None:
    """Move the frozen mock clock on, so items get distinct createdAt values."""
    response = api.client.http.post("/_mock/clock/advance", json={"seconds": minutes * 60})
    assert response.status_code == 200, response.text


@pytest.fixture
def world(api: ContentClient) -> dict[str, str]:
    """Four items, one minute apart: two drafts and two with posts, with and without target dates."""
    ids = {}
    ids["a"] = api.draft_ok(MAIN, "A", tagIds=[TAG_LAUNCH], targetDate="2026-12-05T00:00:00Z")["id"]
    advance(api, 1)
    ids["b"] = api.draft_ok(MAIN, "B")["id"]
    advance(api, 1)
    ids["c"] = api.create_ok(
        MAIN, [post_input(TWITTER, text="C")], tagIds=[TAG_AUTUMN], targetDate="2026-12-01T00:00:00Z"
    )["id"]
    advance(api, 1)
    ids["d"] = api.create_ok(MAIN, [post_input(FACEBOOK, text="D")], tagIds=[TAG_LAUNCH, TAG_AUTUMN])["id"]
    return ids


def names(result: dict[str, object], ids: dict[str, str]) -> list[str]:
    by_id = {v: k for k, v in ids.items()}
    return [by_id[edge["node"]["id"]] for edge in result["edges"]]  # type: ignore[index, attr-defined]


def test_newest_first_by_default_with_total_count(api: ContentClient, world: dict[str, str]) -> None:
    result = api.items(MAIN)
    assert names(result, world) == ["d", "c", "b", "a"]
    assert result["totalCount"] == 4
    assert result["pageInfo"]["hasNextPage"] is False


def test_filters_by_status_tags_and_target_date(api: ContentClient, world: dict[str, str]) -> None:
    assert names(api.items(MAIN, filter={"contentStatus": "draftContent"}), world) == ["b", "a"]
    assert names(api.items(MAIN, filter={"contentStatus": "postContent"}), world) == ["d", "c"]
    assert names(api.items(MAIN, filter={"tags": {"in": [TAG_LAUNCH]}}), world) == ["d", "a"]
    assert names(api.items(MAIN, filter={"tags": {"in": [TAG_AUTUMN], "isEmpty": True}}), world) == [
        "d",
        "c",
        "b",
    ]
    assert names(api.items(MAIN, filter={"tags": {"in": [], "isEmpty": True}}), world) == ["b"]
    present = {"targetDate": {"presence": "present"}}
    assert names(api.items(MAIN, filter=present), world) == ["c", "a"]
    assert names(api.items(MAIN, filter={"targetDate": {"presence": "absent"}}), world) == ["d", "b"]
    in_range = {"targetDate": {"range": {"start": "2026-12-01T00:00:00Z", "end": "2026-12-02T00:00:00Z"}}}
    assert names(api.items(MAIN, filter=in_range), world) == ["c"]
    both = {"contentStatus": "draftContent", "tags": {"in": [TAG_LAUNCH]}}
    assert api.items(MAIN, filter=both)["totalCount"] == 1


def test_absent_target_date_with_a_range_is_a_clear_error(api: ContentClient) -> None:
    variables = {
        "input": {
            "organizationId": MAIN,
            "filter": {"targetDate": {"presence": "absent", "range": {"start": "2026-12-01T00:00:00Z"}}},
        }
    }
    body = api.raw(LIST_ITEMS, variables)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert (
        body["errors"][0]["message"]
        == "targetDate presence absent cannot be combined with a targetDate range"
    )


def test_sorts_by_target_date_with_undated_items_last(api: ContentClient, world: dict[str, str]) -> None:
    ascending = api.items(MAIN, sort=[{"field": "targetDate", "direction": "asc"}])
    assert names(ascending, world)[:2] == ["c", "a"]
    descending = api.items(
        MAIN, sort=[{"field": "targetDate", "direction": "desc"}, {"field": "createdAt", "direction": "asc"}]
    )
    assert names(descending, world) == ["a", "c", "b", "d"]
    oldest = api.items(MAIN, sort=[{"field": "createdAt", "direction": "asc"}])
    assert names(oldest, world) == ["a", "b", "c", "d"]


def test_cursors_page_through_and_are_valid_only_with_their_sort(
    api: ContentClient, world: dict[str, str]
) -> None:
    first = api.items(MAIN, first=2)
    assert names(first, world) == ["d", "c"]
    assert first["pageInfo"]["hasNextPage"] is True
    second = api.items(MAIN, first=2, after=first["pageInfo"]["endCursor"])
    assert names(second, world) == ["b", "a"]
    assert second["totalCount"] == 4
    variables = {
        "input": {"organizationId": MAIN, "sort": [{"field": "targetDate", "direction": "asc"}]},
        "first": 2,
        "after": first["pageInfo"]["endCursor"],
    }
    body = api.raw(LIST_ITEMS, variables)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] == (
        "This cursor was issued for contentItems sorted by createdAt desc; repeat that sort to continue, "
        "or start again without a cursor to use targetDate asc."
    )
    garbage = api.raw(LIST_ITEMS, {"input": {"organizationId": MAIN}, "after": "nonsense"})
    assert garbage["errors"][0]["message"] == "Invalid pagination cursor"


def test_at_most_100_per_page_like_posts(api: ContentClient) -> None:
    body = api.raw(LIST_ITEMS, {"input": {"organizationId": MAIN}, "first": 101})
    assert body["errors"][0]["message"] == "Pagination limit exceeded. Maximum 100 items per request."
    assert api.items(MAIN, first=100)["totalCount"] == 0


def test_a_sort_field_listed_twice_is_refused(api: ContentClient) -> None:
    sort = [{"field": "createdAt", "direction": "asc"}, {"field": "createdAt", "direction": "desc"}]
    body = api.raw(LIST_ITEMS, {"input": {"organizationId": MAIN, "sort": sort}})
    assert body["errors"][0]["message"] == "contentItems sort lists createdAt more than once"


def test_other_organizations_are_forbidden(api: ContentClient) -> None:
    body = api.raw(LIST_ITEMS, {"input": {"organizationId": "bbbb00000000000000000002"}})
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_the_reference_version_has_no_content_items(
    make_client: Callable[..., GraphQLClient], mutation_world: WorldData
) -> None:
    client = make_client(
        frozen_settings(clock_start=NOW, schema_version="2026-08-13"), mutation_world, token=OWNER
    )
    response = client.post(f'{{ contentItems(input: {{organizationId: "{MAIN}"}}) {{ totalCount }} }}')
    assert response.status_code == 400
    assert 'Cannot query field "contentItems" on type "Query".' in response.json()["errors"][0]["message"]
    post = client.post('{ post(input: {id: "eeee00000000000000000001"}) { contentItemId } }')
    assert "contentItemId" in post.json()["errors"][0]["message"]


def test_oauth_scopes_posts_read_for_reads_and_posts_write_for_writes(
    make_client: Callable[..., GraphQLClient], mutation_world: WorldData
) -> None:
    data = WorldData(
        **{
            **mutation_world.__dict__,
            "tokens": [
                *mutation_world.tokens,
                ApiToken(
                    token="reader",
                    account_id="aaaa00000000000000000001",
                    kind="oauth",
                    scopes=frozenset({"posts:read"}),
                ),
            ],
        }
    )
    reader = ContentClient(
        make_client(frozen_settings(clock_start=NOW, schema_version="2026-10"), data, token="reader")
    )
    assert reader.items(MAIN)["totalCount"] == 0
    body = reader.raw(CREATE_DRAFT, {"input": {"organizationId": MAIN, "draft": {"text": "x"}}})
    assert body["errors"][0]["extensions"]["code"] == "INSUFFICIENT_SCOPE"
    assert body["errors"][0]["message"] == "Your access token is missing the required scope: posts:write"
