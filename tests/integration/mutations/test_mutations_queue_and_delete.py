"""deletePost and movePostInQueue through HTTP."""

from __future__ import annotations

from mockserver.rules import post_messages as msg
from tests.integration.mutations.support import (
    CUSTOM,
    FOREIGN,
    MAX_DRAFT,
    MEMBER,
    SENT,
    TWITTER,
    MutationClient,
)


def test_delete_answers_the_deleted_id_and_the_post_is_gone(api: MutationClient) -> None:
    post = api.create_ok(channelId=TWITTER, text="bye")
    assert api.delete(post["id"]) == {
        "data": {"deletePost": {"__typename": "DeletePostSuccess", "id": post["id"]}}
    }
    assert post["id"] not in [p["id"] for p in api.posts()]
    gone = api.client.post("query($id: PostId!) { post(input: {id: $id}) { id } }", {"id": post["id"]}).json()
    assert gone["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_deleting_twice_is_not_found_in_errors(api: MutationClient) -> None:
    post = api.create_ok(channelId=TWITTER, text="bye")
    api.delete(post["id"])
    again = api.delete(post["id"])
    assert again["data"] is None
    assert again["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert again["errors"][0]["path"] == ["deletePost"]


def test_sent_posts_cannot_be_deleted(api: MutationClient) -> None:
    assert api.delete(SENT)["data"]["deletePost"] == {
        "__typename": "VoidMutationError",
        "message": msg.POST_NOT_DELETABLE.format(status="sent"),
    }


def test_another_organizations_post_is_forbidden(api: MutationClient) -> None:
    result = api.delete(FOREIGN)
    assert result["data"] is None and result["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_members_delete_drafts_of_their_organization(api: MutationClient) -> None:
    assert api.as_token(MEMBER).delete(MAX_DRAFT)["data"]["deletePost"]["__typename"] == "DeletePostSuccess"


def queue_of_three(api: MutationClient) -> list[dict[str, object]]:
    return [api.create_ok(channelId=TWITTER, text=f"q{n}") for n in range(3)]


def test_move_to_top_takes_the_first_slot_and_shifts_the_others(api: MutationClient) -> None:
    a, b, c = queue_of_three(api)
    assert [p["dueAt"] for p in (a, b, c)] == [
        "2026-11-15T17:00:00.000Z",
        "2026-11-16T17:00:00.000Z",
        "2026-11-17T09:00:00.000Z",
    ]
    moved = api.move(c["id"], "top")["data"]["movePostInQueue"]
    assert moved["__typename"] == "PostActionSuccess"
    assert moved["post"]["dueAt"] == "2026-11-15T17:00:00.000Z" and moved["post"]["text"] == "q2"
    assert [api.post(p["id"])["dueAt"] for p in (a, b)] == [
        "2026-11-16T17:00:00.000Z",
        "2026-11-17T09:00:00.000Z",
    ]
    assert api.post(CUSTOM)["dueAt"] == "2026-11-16T09:00:00.000Z"


def test_move_to_bottom_takes_the_slot_after_the_last(api: MutationClient) -> None:
    a, b, c = queue_of_three(api)
    moved = api.move(a["id"], "bottom")["data"]["movePostInQueue"]["post"]
    assert moved["dueAt"] == "2026-11-17T17:00:00.000Z"
    assert [api.post(p["id"])["dueAt"] for p in (b, c)] == [b["dueAt"], c["dueAt"]]


def test_moving_never_revalidates_content(api: MutationClient) -> None:
    post = api.create_ok(channelId=TWITTER, text="x" * 280)
    assert api.move(post["id"], "bottom")["data"]["movePostInQueue"]["__typename"] == "PostActionSuccess"


def test_only_queued_posts_move(api: MutationClient) -> None:
    assert api.move(CUSTOM, "top")["data"]["movePostInQueue"] == {
        "__typename": "VoidMutationError",
        "message": msg.POST_NOT_QUEUED.format(what="scheduled with mode customScheduled"),
    }
    assert api.move(SENT, "top")["data"]["movePostInQueue"]["message"] == msg.POST_NOT_QUEUED.format(
        what="sent"
    )


def test_moving_unknown_or_foreign_posts_errors(api: MutationClient) -> None:
    missing = api.move("eeee0000000000000000ffff", "top")
    assert missing["data"] is None and missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert api.move(FOREIGN, "top")["errors"][0]["extensions"]["code"] == "FORBIDDEN"
