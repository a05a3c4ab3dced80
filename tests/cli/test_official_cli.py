"""Buffer's official CLI (``@bufferapp/cli`` 1.2.0), unchanged, against buffer-mock.

Every test runs the real ``buffer`` binary with ``--output json`` and checks its exit code and
the parsed stdout. Expected values come from the mock itself, asked directly over GraphQL (the
CLI must pass the API's answer through), or from Buffer's documented behaviour; none is typed in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest

from tests.cli.conftest import DEFAULT_KEY, BufferCli, CliResult, MockControl

REGISTRY_LATEST = "https://registry.npmjs.org/@bufferapp/cli/latest"
POLICY_LINE = re.compile(
    r"Rate limit \[`(?P<name>[^`]+)`\]: (?P<remaining>\d+)/(?P<limit>\d+) remaining, "
    r"resets in `(?P<reset>[^`]+)`"
)
BASELINE_METRICS = {"postCount", "reactions", "comments"}
WINDOW = {"start": "2026-08-01T00:00:00Z", "end": "2026-11-15T00:00:00Z"}

ACCOUNT = "query { account { id name email timezone organizations { id name channelCount } } }"
CHANNELS = "query ($org: OrganizationId!) { channels(input: {organizationId: $org}) { id name service } }"
CHANNEL = """
query ($id: ChannelId!) { channel(input: {id: $id}) { id displayName service timezone serviceId } }"""
POSTS = """
query ($org: OrganizationId!, $first: Int, $after: String) {
  posts(first: $first, after: $after, input: {organizationId: $org}) {
    edges { node { id text status } }
    pageInfo { hasNextPage endCursor }
  }
}"""
POST = """
query ($id: PostId!) {
  post(input: {id: $id}) { id text status dueAt createdAt channel { id name } }
}"""
DELETE_POST = "mutation ($id: PostId!) { deletePost(input: {id: $id}) { __typename } }"
DAILY_LIMITS = """
query ($ids: [ChannelId!]!, $date: DateTime) {
  dailyPostingLimits(input: {channelIds: $ids, date: $date}) { channelId sent scheduled limit isAtLimit }
}"""
IDEAS = """
query ($org: OrganizationId!, $first: Int) {
  ideas(first: $first, input: {organizationId: $org}) { edges { node { id groupId content { title text } } } }
}"""
IDEA_GROUPS = "query ($org: ID!) { ideaGroups(input: {organizationId: $org}) { id name isLocked } }"
TEMPLATES = """
query ($org: OrganizationId!, $first: Int) {
  postTemplates(first: $first, input: {organizationId: $org}) { edges { node { id title body } } }
}"""
TEMPLATE = "query ($id: PostTemplateId!) { postTemplate(input: {id: $id}) { id title body description } }"
AGGREGATE = """
query ($input: AggregatedPostMetricsInput!) {
  aggregatedPostMetrics(input: $input) { metrics { type name value unit } metricsUpdatedAt }
}"""


@dataclass(frozen=True)
class World:
    account: dict[str, Any]
    organization_id: str
    channels: list[dict[str, Any]]

    def channel(self, service: str) -> str:
        return next(channel["id"] for channel in self.channels if channel["service"] == service)


@pytest.fixture
def world(mock: MockControl) -> World:
    account = mock.graphql(ACCOUNT)["account"]
    organization_id = account["organizations"][0]["id"]
    channels = mock.graphql(CHANNELS, {"org": organization_id})["channels"]
    return World(account, organization_id, channels)


def ok(result: CliResult) -> Any:
    """The parsed stdout of a run that must have exited 0."""
    assert result.code == 0, str(result)
    return result.json()


def items_of(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


# --- setup commands --------------------------------------------------------------------------------


def test_doctor_passes_every_check_against_the_mock(cli: BufferCli, world: World) -> None:
    cli.write_config(apiUrl=cli.api_url, organizationId=world.organization_id)

    result = cli.run("doctor", "--verbose", api_url=False)

    report = ok(result)
    assert report["summary"]["failed"] == 0 and report["summary"]["skipped"] == 0, report
    status = {check["name"]: check["status"] for check in report["checks"]}
    assert status["api-reachable"] == status["auth-key-valid"] == "pass"
    windows = sorted(name for name in status if name.startswith("rate-limit-"))
    assert len(windows) == 3 and any(name.endswith("-in-15min") for name in windows), windows
    # the version check asked the npm registry; the harness kept it off the network
    assert cli.blocked_requests() == [REGISTRY_LATEST]


def test_doctor_reports_a_rejected_key(cli: BufferCli, world: World) -> None:
    cli.write_config(apiUrl=cli.api_url, organizationId=world.organization_id)

    result = cli.run("doctor", key="buf_not_a_real_key", api_url=False)

    assert result.code == 1, str(result)
    failed = {check["name"] for check in result.json()["checks"]}
    assert failed == {"auth-key-valid"}


def test_init_saves_key_organization_and_timezone_read_from_the_mock(cli: BufferCli, world: World) -> None:
    # `buffer init` always calls https://api.buffer.com (it ignores --api-url and apiUrl): the
    # harness reroutes that origin to the mock. "y" accepts the BUFFER_API_KEY found in the env.
    result = cli.run("init", api_url=False, rewrite_api=True, stdin="y\n")

    assert result.code == 0, str(result)
    answer = result.json_after_prompts()
    organization = world.account["organizations"][0]
    assert answer["status"] == "configured"
    assert answer["account"] == {"id": world.account["id"], "name": world.account["name"]}
    assert answer["organization"] == organization["name"]
    saved = json.loads(cli.config_path.read_text(encoding="utf-8"))
    assert saved == {
        "apiKey": DEFAULT_KEY,
        "organizationId": world.organization_id,
        "timezone": world.account["timezone"],
    }
    assert cli.blocked_requests() == []

    # the config init wrote, plus apiUrl, is all doctor needs (key from config, env key unset)
    assert ok(cli.run("config", "set", "apiUrl", cli.api_url, api_url=False))["value"] == cli.api_url
    doctor = ok(cli.run("doctor", key=None, api_url=False))
    assert doctor["summary"]["failed"] == 0 and doctor["checks"] == []  # only failures are listed


def test_api_url_from_config_and_key_from_config_reach_the_mock(
    cli: BufferCli, mock: MockControl, world: World
) -> None:
    cli.write_config(apiKey=DEFAULT_KEY, organizationId=world.organization_id)
    assert ok(cli.run("config", "set", "apiUrl", cli.api_url, api_url=False))["value"] == cli.api_url

    account = ok(cli.run("account", key=None, api_url=False))
    posts = ok(cli.run("posts", "list", "--limit", "2", key=None, api_url=False))  # org from config

    assert account["id"] == world.account["id"]
    assert [post["id"] for post in posts["items"]] == oracle_post_ids(mock, world, first=2)


def oracle_post_ids(mock: MockControl, world: World, *, first: int) -> list[str]:
    """Ids of the organization's first ``first`` posts, asked straight from the mock."""
    connection = mock.graphql(POSTS, {"org": world.organization_id, "first": first})["posts"]
    return [post["id"] for post in items_of(connection)]


# --- reads -----------------------------------------------------------------------------------------


def test_account_passes_the_api_answer_through(cli: BufferCli, world: World) -> None:
    account = ok(cli.run("account"))

    expected = world.account
    assert account == {
        "id": expected["id"],
        "email": expected["email"],
        "timezone": expected["timezone"],
        "organizations": [
            {"id": org["id"], "channelCount": org["channelCount"]} for org in expected["organizations"]
        ],
    }


def test_channels_list_and_get(cli: BufferCli, mock: MockControl, world: World) -> None:
    listed = ok(cli.run("channels", "list", "--organization-id", world.organization_id))
    channel_id = world.channel("linkedin")
    one = ok(cli.run("channels", "get", "--id", channel_id))

    assert listed == world.channels
    assert one == mock.graphql(CHANNEL, {"id": channel_id})["channel"]


def test_posts_list_default_page_matches_the_api(cli: BufferCli, mock: MockControl, world: World) -> None:
    page = ok(cli.run("posts", "list", "--organization-id", world.organization_id))

    expected = mock.graphql(POSTS, {"org": world.organization_id, "first": 25})["posts"]
    assert page["items"] == items_of(expected)
    assert len(page["items"]) == 25
    assert page["pageInfo"]["hasNextPage"] is expected["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["endCursor"] == expected["pageInfo"]["endCursor"]


def test_posts_list_with_all_fields_returns_whole_posts(
    cli: BufferCli, mock: MockControl, world: World
) -> None:
    page = ok(
        cli.run(
            "posts", "list", "--organization-id", world.organization_id, "--limit", "3", "--fields", "all"
        )
    )

    assert [post["id"] for post in page["items"]] == oracle_post_ids(mock, world, first=3)
    for post in page["items"]:
        assert post["channel"]["id"] == post["channelId"]
        assert {"author", "metadata", "assets", "metrics", "allowedActions", "dueAt"} <= set(post)


def test_posts_pagination_with_limit_and_after(cli: BufferCli, mock: MockControl, world: World) -> None:
    first = ok(cli.run("posts", "list", "--organization-id", world.organization_id, "--limit", "4"))
    second = ok(
        cli.run(
            "posts",
            "list",
            "--organization-id",
            world.organization_id,
            "--limit",
            "4",
            "--after",
            first["pageInfo"]["endCursor"],
        )
    )

    expected = oracle_post_ids(mock, world, first=8)
    assert [post["id"] for post in first["items"] + second["items"]] == expected
    assert len(set(expected)) == 8


def test_posts_get_matches_the_api(cli: BufferCli, mock: MockControl, world: World) -> None:
    post_id = oracle_post_ids(mock, world, first=1)[0]

    post = ok(cli.run("posts", "get", "--id", post_id))

    expected = mock.graphql(POST, {"id": post_id})["post"]
    assert post == {
        "id": expected["id"],
        "text": expected["text"],
        "status": expected["status"],
        "channel": {"name": expected["channel"]["name"], "id": expected["channel"]["id"]},
        "createdAt": expected["createdAt"],
    }


def test_daily_posting_limits_list(cli: BufferCli, mock: MockControl, world: World) -> None:
    ids = [world.channel("twitter"), world.channel("linkedin")]

    limits = ok(cli.run("dailyPostingLimits", "list", "--channel-ids", ",".join(ids), "--date", "2026-11-16"))

    assert limits == mock.graphql(DAILY_LIMITS, {"ids": ids, "date": "2026-11-16"})["dailyPostingLimits"]
    assert [entry["channelId"] for entry in limits] == ids


def test_aggregated_post_metrics_org_wide_and_for_one_channel(
    cli: BufferCli, mock: MockControl, world: World
) -> None:
    window = [
        "--organization-id",
        world.organization_id,
        "--start-date-time",
        WINDOW["start"],
        "--end-date-time",
        WINDOW["end"],
    ]
    linkedin = world.channel("linkedin")

    org_wide = ok(cli.run("aggregatedPostMetrics", *window))
    one_channel = ok(cli.run("aggregatedPostMetrics", *window, "--channel-ids", linkedin))

    base = {
        "organizationId": world.organization_id,
        "startDateTime": WINDOW["start"],
        "endDateTime": WINDOW["end"],
    }
    assert org_wide == mock.graphql(AGGREGATE, {"input": base})["aggregatedPostMetrics"]
    assert (
        one_channel
        == mock.graphql(AGGREGATE, {"input": {**base, "channelIds": [linkedin]}})["aggregatedPostMetrics"]
    )
    # mixed networks keep only the baseline trio; one channel keeps everything its network reports
    assert {metric["type"] for metric in org_wide["metrics"]} == BASELINE_METRICS
    assert {metric["type"] for metric in one_channel["metrics"]} > BASELINE_METRICS


# --- writes ----------------------------------------------------------------------------------------


def test_post_lifecycle_create_edit_move_delete(cli: BufferCli, mock: MockControl, world: World) -> None:
    channel = world.channel("twitter")
    create = [
        "posts",
        "create",
        "--channel-id",
        channel,
        "--scheduling-type",
        "automatic",
        "--mode",
        "addToQueue",
    ]

    draft = ok(cli.run(*create, "--text", "draft from the cli", "--save-to-draft"))
    queued = ok(
        cli.run(*create, "--text", "queued from the cli", "--fields", "__typename,post.id,post.status")
    )
    post_id = queued["post"]["id"]
    edited = ok(
        cli.run(
            "posts",
            "edit",
            "--id",
            post_id,
            "--scheduling-type",
            "automatic",
            "--mode",
            "addToQueue",
            "--text",
            "edited by the cli",
            "--fields",
            "__typename,post.id,post.text",
        )
    )
    top = ok(cli.run("movePostInQueue", "--id", post_id, "--position", "top", "--fields", "post.dueAt"))
    bottom = ok(cli.run("movePostInQueue", "--id", post_id, "--position", "bottom", "--fields", "post.dueAt"))
    before_delete = mock.graphql(POST, {"id": post_id})["post"]
    deleted = ok(cli.run("posts", "delete", "--id", post_id))
    deleted_again = cli.run("posts", "delete", "--id", post_id)

    assert draft == {
        "__typename": "PostActionSuccess",
        "post": {"id": draft["post"]["id"], "status": "draft"},
    }  # the default fields
    assert mock.graphql(POST, {"id": draft["post"]["id"]})["post"]["text"] == "draft from the cli"
    assert queued == {"__typename": "PostActionSuccess", "post": {"id": post_id, "status": "scheduled"}}
    assert edited == {"__typename": "PostActionSuccess", "post": {"id": post_id, "text": "edited by the cli"}}
    assert top["post"]["dueAt"] < bottom["post"]["dueAt"] == before_delete["dueAt"]
    assert before_delete["text"] == "edited by the cli"
    assert deleted == {"__typename": "DeletePostSuccess", "id": post_id}
    # a second delete is an API error (exit 3) carrying the API's own message
    assert deleted_again.code == 3, str(deleted_again)
    error = deleted_again.error()
    assert error["code"] == 3 and error["error"] == "API_ERROR"
    api_errors = mock.send(DELETE_POST, {"id": post_id})["errors"]
    assert error["message"] == "; ".join(api_error["message"] for api_error in api_errors)


def test_ideas_list_create_and_idea_groups(cli: BufferCli, mock: MockControl, world: World) -> None:
    org = world.organization_id

    first_five = [idea["id"] for idea in items_of(mock.graphql(IDEAS, {"org": org, "first": 5})["ideas"])]

    listed = ok(cli.run("ideas", "list", "--organization-id", org, "--limit", "5"))
    groups = ok(cli.run("ideaGroups", "list", "--organization-id", org))
    created = ok(
        cli.run(
            "ideas",
            "create",
            "--organization-id",
            org,
            "--title",
            "From the CLI",
            "--text",
            "An idea captured by buffer ideas create",
        )
    )

    assert [idea["id"] for idea in listed["items"]] == first_five
    assert groups == mock.graphql(IDEA_GROUPS, {"org": org})["ideaGroups"]
    assert created["__typename"] == "Idea" and created["organizationId"] == org
    assert created["content"]["title"] == "From the CLI"
    stored = items_of(mock.graphql(IDEAS, {"org": org, "first": 100})["ideas"])
    assert {
        "id": created["id"],
        "groupId": None,
        "content": {"title": "From the CLI", "text": "An idea captured by buffer ideas create"},
    } in stored


def test_post_templates_list_get_create_update_delete(
    cli: BufferCli, mock: MockControl, world: World
) -> None:
    org = world.organization_id
    listed = ok(cli.run("postTemplates", "list", "--organization-id", org, "--limit", "3"))
    first_id = listed["items"][0]["id"]
    fetched = ok(cli.run("postTemplates", "get", "--id", first_id))

    created = ok(
        cli.run(
            "posttemplates",
            "create",
            "--organization-id",
            org,
            "--title",
            "CLI template",
            "--body",
            "Hello {{name}}",
            "--description",
            "made by the official CLI",
        )
    )
    template_id = created["postTemplate"]["id"]
    updated = ok(cli.run("updatePostTemplate", "--id", template_id, "--title", "CLI template v2"))
    after_update = mock.graphql(TEMPLATE, {"id": template_id})["postTemplate"]
    deleted = ok(cli.run("posttemplates", "delete", "--id", template_id))
    gone = ok(cli.run("postTemplates", "get", "--id", template_id))

    expected = items_of(mock.graphql(TEMPLATES, {"org": org, "first": 3})["postTemplates"])
    assert [(t["id"], t["title"], t["body"]) for t in listed["items"]] == [
        (t["id"], t["title"], t["body"]) for t in expected
    ]
    assert fetched == listed["items"][0]
    assert created["__typename"] == "CreatePostTemplateSuccess"
    assert created["postTemplate"]["organizationId"] == org
    assert updated["__typename"] == "UpdatePostTemplateSuccess"
    assert updated["postTemplate"]["title"] == after_update["title"] == "CLI template v2"
    assert after_update["body"] == "Hello {{name}}"
    assert deleted == {"__typename": "EmptySuccess", "_empty": ""}
    assert gone is None  # postTemplate answers null for an unknown id


# --- errors and rate limits ------------------------------------------------------------------------


def test_a_wrong_key_is_an_auth_error(cli: BufferCli) -> None:
    result = cli.run("account", key="buf_not_a_real_key")

    assert result.code == 4, str(result)
    error = result.error()
    assert error["code"] == 4 and error["error"] == "AUTH_ERROR" and error["message"]
    assert result.stdout == ""


def test_an_exhausted_window_is_a_429_the_cli_reports(cli: BufferCli, mock: MockControl) -> None:
    mock.set_rate_limits(mode="custom", customQuotas={"15m": 2, "24h": 100, "30d": 1000}, resetCounters=True)

    first = cli.run("account", "--fields", "id")
    last_allowed = cli.run("account", "--fields", "id")
    refused = cli.run("account", "--fields", "id")

    assert ok(first) == ok(last_allowed) == {"id": ok(first)["id"]}
    assert "Warning: Rate limit [2-in-15min]: 0/2 remaining" in last_allowed.stderr
    assert refused.code == 3, str(refused)
    assert refused.stdout == ""
    # frozen clock: the whole 15-minute window is still ahead
    assert refused.error()["message"] == "Rate limit exceeded (`15m` window). Retry after `15m`."


def test_verbose_prints_every_window_parsed_from_the_headers(cli: BufferCli, mock: MockControl) -> None:
    result = cli.run("account", "--fields", "id", "--verbose")

    assert ok(result)["id"]
    lines = [match.groupdict() for match in POLICY_LINE.finditer(result.stderr)]
    windows = mock.rate_limits()["clients"][0]["windows"]
    assert [(int(line["limit"]), int(line["remaining"])) for line in lines] == [
        (window["quota"], window["remaining"]) for window in windows
    ]
    assert [line["name"].split("-in-")[1] for line in lines] == ["15min", "1day", "30days"]
    assert lines[0]["reset"] == "15m"


def test_update_check_is_switched_off_and_fails_silently_when_on(cli: BufferCli) -> None:
    quiet = cli.run("account", "--fields", "id")
    assert ok(quiet)["id"]
    assert cli.blocked_requests() == []

    checking = cli.run("account", "--fields", "id", update_check=True)

    assert ok(checking) == ok(quiet)
    assert cli.blocked_requests() == [REGISTRY_LATEST]
