"""Shared pieces of the mutation integration tests: the world, clients and documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import GraphQLClient

WORLD_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "mutation_worlds" / "basic"
NOW = "2026-11-15T12:00:00.000Z"  # the frozen clock (a Sunday)

OWNER, MEMBER, OUTSIDER, ADMIN = "owner_key", "member_key", "outsider_key", "admin_key"
OLIVIA, MAX = "aaaa00000000000000000001", "aaaa00000000000000000002"
MAIN, OTHER, TINY = "bbbb00000000000000000001", "bbbb00000000000000000002", "bbbb00000000000000000003"
TAG_LAUNCH, TAG_LOCKED, TAG_FOREIGN, TAG_AUTUMN = (f"cccc0000000000000000000{n}" for n in (1, 2, 3, 4))


def channel(n: int) -> str:
    return f"dddd000000000000000000{n:02d}"


def post_id(n: int) -> str:
    return f"eeee000000000000000000{n:02d}"


TWITTER, FACEBOOK, INSTAGRAM, LINKEDIN, PINTEREST, TIKTOK = (channel(n) for n in range(1, 7))
YOUTUBE, GOOGLE, MASTODON, THREADS, BLUESKY, START_PAGE = (channel(n) for n in range(7, 13))
LOCKED, DISCONNECTED, APPROVAL, EMPTY_SCHEDULE, DAILY_LIMITED = (channel(n) for n in range(13, 18))
OTHER_TWITTER, TINY_TWITTER, THREAD_TWITTER, STORY_INSTAGRAM, PAUSED = (channel(n) for n in range(18, 23))
ZERO_LIMIT = channel(23)
SENT, CUSTOM, FAILED, MAX_DRAFT, AWAITING, TINY_ONLY, THREAD_POST, STORY_POST, FOREIGN, MONDAY_ONE = (
    post_id(n) for n in range(1, 11)
)

POST_FIELDS = """
  id status text dueAt sentAt createdAt updatedAt via shareMode schedulingType isCustomScheduled sharedNow
  ideaId channelId channelService externalLink allowedActions
  author { id email name }
  tags { id name color }
  assets {
    __typename id type mimeType source thumbnail
    ... on ImageAsset { image { altText width height isAnimated userTags { handle x y } } }
    ... on VideoAsset { video { durationMs width height thumbnailOffset title } }
    ... on DocumentAsset { document { title numPages thumbnails } }
  }
  metadata {
    __typename
    ... on CommonPostMetadata { type annotations { type text content url indices } }
    ... on ThreadedPostMetadata {
      threadCount thread { text assets { __typename source } linkAttachment { url } }
    }
    ... on InstagramPostMetadata { shouldShareToFeed isAiGenerated firstComment }
    ... on FacebookPostMetadata { linkAttachment { url title text thumbnail thumbnails } }
    ... on LinkedInPostMetadata { firstComment linkAttachment { url title text } }
    ... on PinterestPostMetadata { title url board { serviceId name } }
    ... on YoutubePostMetadata { title category { categoryId title } embeddable license madeForKids
                                 notifySubscribers privacy isAiGenerated }
    ... on GoogleBusinessPostMetadata { title details { __typename
      ... on GoogleBusinessWhatsNewMetaData { button link }
      ... on GoogleBusinessOfferMetaData { title startDate endDate code }
      ... on GoogleBusinessEventMetaData { title startDate endDate button isFullDayEvent } } }
    ... on MastodonPostMetadata { spoilerText }
    ... on TiktokPostMetadata { title isAiGenerated }
    ... on ThreadsPostMetadata { topic linkAttachment { url } }
    ... on BlueskyPostMetadata { linkAttachment { url } }
    ... on TwitterPostMetadata { isAiGenerated }
  }
"""
ERRORS = "... on MutationError { message }"

CREATE_POST = f"""mutation CreatePost($input: CreatePostInput!) {{
  createPost(input: $input) {{ __typename ... on PostActionSuccess {{ post {{ {POST_FIELDS} }} }} {ERRORS} }}
}}"""
EDIT_POST = f"""mutation EditPost($input: EditPostInput!) {{
  editPost(input: $input) {{ __typename ... on PostActionSuccess {{ post {{ {POST_FIELDS} }} }} {ERRORS} }}
}}"""
DELETE_POST = """mutation DeletePost($input: DeletePostInput!) {
  deletePost(input: $input) {
    __typename ... on DeletePostSuccess { id } ... on VoidMutationError { message }
  }
}"""
MOVE_POST = f"""mutation MovePostInQueue($input: MovePostInQueueInput!) {{
  movePostInQueue(input: $input) {{
    __typename ... on PostActionSuccess {{ post {{ {POST_FIELDS} }} }} ... on VoidMutationError {{ message }}
  }}
}}"""
READ_POST = f"query Post($id: PostId!) {{ post(input: {{id: $id}}) {{ {POST_FIELDS} }} }}"
READ_POSTS = f"""query Posts($org: OrganizationId!, $channels: [ChannelId!]) {{
  posts(first: 100, input: {{organizationId: $org, filter: {{channelIds: $channels}}}}) {{
    edges {{ node {{ {POST_FIELDS} }} }}
  }}
}}"""
DAILY_LIMITS = """query Limits($ids: [ChannelId!]!, $date: DateTime) {
  dailyPostingLimits(input: {channelIds: $ids, date: $date}) { channelId limit scheduled sent isAtLimit }
}"""


class MutationClient:
    """A GraphQL client on the mutation world, with shortcuts for the post mutations."""

    def __init__(self, client: GraphQLClient) -> None:
        self.client = client

    def as_token(self, token: str) -> MutationClient:
        return MutationClient(self.client.as_token(token))

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.client.data(query, variables)

    def raw(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.client.post(query, variables)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def create(self, **fields: Any) -> dict[str, Any]:
        values = {"schedulingType": "automatic", "mode": "addToQueue", **fields}
        return self.data(CREATE_POST, {"input": values})["createPost"]

    def create_ok(self, **fields: Any) -> dict[str, Any]:
        result = self.create(**fields)
        assert result["__typename"] == "PostActionSuccess", result
        return result["post"]  # type: ignore[no-any-return]

    def edit(self, id: str, **fields: Any) -> dict[str, Any]:
        return self.data(EDIT_POST, {"input": {"id": id, **fields}})["editPost"]

    def edit_ok(self, id: str, **fields: Any) -> dict[str, Any]:
        result = self.edit(id, **fields)
        assert result["__typename"] == "PostActionSuccess", result
        return result["post"]  # type: ignore[no-any-return]

    def delete(self, id: str) -> dict[str, Any]:
        return self.raw(DELETE_POST, {"input": {"id": id}})

    def move(self, id: str, position: str) -> dict[str, Any]:
        return self.raw(MOVE_POST, {"input": {"id": id, "position": position}})

    def post(self, id: str) -> dict[str, Any]:
        return self.data(READ_POST, {"id": id})["post"]  # type: ignore[no-any-return]

    def posts(self, org: str = MAIN, channels: list[str] | None = None) -> list[dict[str, Any]]:
        result = self.data(READ_POSTS, {"org": org, "channels": channels})["posts"]
        return [edge["node"] for edge in result["edges"] or ()]

    def daily(self, channel_id: str, date: str | None = None) -> dict[str, Any]:
        return self.data(DAILY_LIMITS, {"ids": [channel_id], "date": date})["dailyPostingLimits"][0]  # type: ignore[no-any-return]
