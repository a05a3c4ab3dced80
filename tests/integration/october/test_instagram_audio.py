"""Instagram audio (2026-10): the three roots over the default world's seeded catalog."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.fixtures.loader import WorldData
from tests.conftest import frozen_settings
from tests.integration.october.support import OUTSIDER_KEY, VersionedClient

FACEBOOK_LOGIN_INSTAGRAM = "6670ce00882a8703e6a85afa"
INSTAGRAM_LOGIN_INSTAGRAM = "6848c700067ca76cefc2f653"
OUTSIDER_INSTAGRAM = "66d6518017643975a2072cef"
MAIN_TWITTER = "66075600877698984c452032"
UNKNOWN_CHANNEL = "0123456789abcdef01234567"

AUDIO_FIELDS = "id title type duration displayArtist creatorUsername coverArtworkUrl previewUrl"
SEARCH = f"""
query Search($input: SearchInstagramAudioInput!) {{
  searchInstagramAudio(input: $input) {{
    __typename
    ... on SearchInstagramAudioSuccess {{ audio {{ {AUDIO_FIELDS} }} }}
    ... on ChannelRefreshRequired {{ message channelIds }}
  }}
}}
"""
TRENDING = f"""
query Trending($input: TrendingInstagramAudioInput!) {{
  trendingInstagramAudio(input: $input) {{
    __typename
    ... on SearchInstagramAudioSuccess {{ audio {{ {AUDIO_FIELDS} }} }}
    ... on ChannelRefreshRequired {{ message channelIds }}
  }}
}}
"""
ONE = f"""
query One($input: InstagramAudioInput!) {{
  instagramAudio(input: $input) {{
    __typename
    ... on InstagramAudioSuccess {{ audio {{ {AUDIO_FIELDS} }} }}
    ... on ChannelRefreshRequired {{ message channelIds }}
  }}
}}
"""


@pytest.fixture(scope="module")
def client(default_data: WorldData) -> VersionedClient:
    return VersionedClient(default_data, frozen_settings())


def search(
    client: VersionedClient, query: str, audio_type: str = "music", channel: str = FACEBOOK_LOGIN_INSTAGRAM
) -> Any:
    variables = {"input": {"channelId": channel, "audioType": audio_type, "query": query}}
    return client.data(SEARCH, variables)["searchInstagramAudio"]


def test_search_matches_title_or_artist_case_insensitively(client: VersionedClient) -> None:
    by_title = search(client, "eSpReSsO")
    assert [a["title"] for a in by_title["audio"]] == ["Espresso Yourself"]
    by_artist = search(client, "lena HART")
    assert [a["title"] for a in by_artist["audio"]] == ["Latte Art Lullaby", "Slow Pour"]
    assert all(a["displayArtist"] == "Lena Hart" and a["type"] == "music" for a in by_artist["audio"])


def test_search_of_original_sounds_matches_the_creator(client: VersionedClient) -> None:
    found = search(client, "barista", audio_type="originalSound")["audio"]
    assert [(a["title"], a["creatorUsername"]) for a in found] == [("Grinder Beat", "barista.beats")]
    assert search(client, "barista", audio_type="music")["audio"] == []


def test_every_word_of_the_query_must_match(client: VersionedClient) -> None:
    assert [a["title"] for a in search(client, "morning crew bean")["audio"]] == ["Bean There"]
    assert search(client, "zzz-no-such-audio")["audio"] == []


def test_trending_is_ordered_by_rank_within_the_type(client: VersionedClient) -> None:
    variables = {"input": {"channelId": FACEBOOK_LOGIN_INSTAGRAM, "audioType": "music"}}
    music = client.data(TRENDING, variables)["trendingInstagramAudio"]["audio"]
    assert [a["title"] for a in music] == [
        "Golden Hour Roast",
        "Espresso Yourself",
        "Slow Pour",
        "Bean There",
    ]
    variables["input"]["audioType"] = "originalSound"
    sounds = client.data(TRENDING, variables)["trendingInstagramAudio"]["audio"]
    assert [a["title"] for a in sounds] == ["Grinder Beat", "Steam Wand Solo", "Pour Over ASMR"]
    assert client.data(TRENDING, variables) == client.data(TRENDING, variables)


def test_one_audio_by_id_and_null_for_an_unknown_id(client: VersionedClient) -> None:
    first = search(client, "golden")["audio"][0]
    variables = {"input": {"channelId": FACEBOOK_LOGIN_INSTAGRAM, "audioId": first["id"]}}
    answer = client.data(ONE, variables)["instagramAudio"]
    assert answer == {"__typename": "InstagramAudioSuccess", "audio": first}
    assert first["duration"] == 184_000 and first["previewUrl"].startswith("https://")
    variables["input"]["audioId"] = "999"
    assert client.data(ONE, variables)["instagramAudio"] == {
        "__typename": "InstagramAudioSuccess",
        "audio": None,
    }


@pytest.mark.parametrize(
    ("document", "root", "extra"),
    [
        (ONE, "instagramAudio", {"audioId": "1"}),
        (SEARCH, "searchInstagramAudio", {"audioType": "music", "query": "coffee"}),
        (TRENDING, "trendingInstagramAudio", {"audioType": "music"}),
    ],
)
def test_a_channel_connected_with_instagram_login_must_be_refreshed(
    client: VersionedClient, document: str, root: str, extra: dict[str, Any]
) -> None:
    answer = client.data(document, {"input": {"channelId": INSTAGRAM_LOGIN_INSTAGRAM, **extra}})[root]
    assert answer["__typename"] == "ChannelRefreshRequired"
    assert answer["channelIds"] == [INSTAGRAM_LOGIN_INSTAGRAM]
    assert "Instagram Login" in answer["message"] and "Facebook Login" in answer["message"]


def test_only_instagram_channels_can_browse_audio(client: VersionedClient) -> None:
    variables = {"input": {"channelId": MAIN_TWITTER, "audioType": "music"}}
    outcome = client.result(TRENDING, variables)
    assert outcome.data is None
    assert [e.extensions["code"] for e in outcome.errors or ()] == ["BAD_USER_INPUT"]  # type: ignore[index]
    assert "needs an Instagram channel" in str(outcome.errors[0])  # type: ignore[index]


def test_another_organizations_channel_is_forbidden_and_an_unknown_one_not_found(
    client: VersionedClient,
) -> None:
    variables = {"input": {"channelId": FACEBOOK_LOGIN_INSTAGRAM, "audioType": "music"}}
    assert client.error_codes(TRENDING, variables, token=OUTSIDER_KEY) == ["FORBIDDEN"]
    variables["input"]["channelId"] = OUTSIDER_INSTAGRAM
    assert client.error_codes(TRENDING, variables) == ["FORBIDDEN"]
    variables["input"]["channelId"] = UNKNOWN_CHANNEL
    assert client.error_codes(TRENDING, variables) == ["NOT_FOUND"]


@pytest.mark.parametrize("query", ["", "   ", "x" * 101])
def test_an_empty_or_overlong_query_is_bad_input(client: VersionedClient, query: str) -> None:
    variables = {"input": {"channelId": FACEBOOK_LOGIN_INSTAGRAM, "audioType": "music", "query": query}}
    assert client.error_codes(SEARCH, variables) == ["BAD_USER_INPUT"]


def test_the_audio_roots_do_not_exist_in_2026_08_13(default_data: WorldData) -> None:
    reference = VersionedClient(default_data, frozen_settings(), version="2026-08-13")
    outcome = reference.result(
        TRENDING, {"input": {"channelId": FACEBOOK_LOGIN_INSTAGRAM, "audioType": "music"}}
    )
    assert outcome.errors and "Unknown type 'TrendingInstagramAudioInput'" in str(outcome.errors[0])
