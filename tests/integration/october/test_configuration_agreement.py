"""What ``configuration`` says, ``createPost`` enforces: every rule, every network, both sides of it.

For one usable channel of every network in the default world, the test reads the channel's
configuration and, for every rule it reports, creates a post exactly at the limit (accepted)
and one just beyond it (refused with an InvalidInputError naming the problem). A rule kind the
test cannot check fails the test, so a new kind of rule cannot slip through unchecked.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLNonNull, Undefined, get_named_type

from mockserver.fixtures.loader import WorldData
from mockserver.networks import NETWORKS
from tests.conftest import frozen_settings
from tests.integration.october.support import VersionedClient

MAIN_ORG = "655bf300ed9b7949faa6a0c6"
RULE_FIELDS = """
  __typename property
  ... on LengthRule { maxLength }
  ... on CountRule { max min }
  ... on RequiresRule { requires }
  ... on ExclusiveRule { conflictsWith }
  ... on FormatRule { allowedFormats }
  ... on FileSizeRule { maxMegabytes }
  ... on DurationRule { maxDurationSeconds }
"""
CONFIGURATION = f"""
query Configuration($org: OrganizationId!) {{
  configuration(input: {{organizationId: $org}}) {{
    channels {{ channelId service channelType content {{ supportedProperties rules {{ {RULE_FIELDS} }} }} }}
    services {{ service channelType content {{ supportedProperties rules {{ {RULE_FIELDS} }} }} }}
  }}
}}
"""
CREATE = """
mutation Create($input: CreatePostInput!) {
  createPost(input: $input) {
    __typename
    ... on MutationError { message }
  }
}
"""
IMAGE_FORMATS = ("jpeg", "png", "gif", "webp", "heic")
VIDEO_FORMATS = ("mp4", "mov", "webm")
EXTENSION = {
    "jpeg": "jpg",
    "png": "png",
    "gif": "gif",
    "webp": "webp",
    "heic": "heic",
    "mp4": "mp4",
    "mov": "mov",
}
EXTENSION["webm"] = "webm"
# Sample values for required metadata input fields (by field, not by network).
SAMPLE_FIELD_VALUES = {"title": "A title", "categoryId": "22"}
_counter = itertools.count()


def _url(fmt: str, megabytes: float | None = None, seconds: float | None = None) -> str:
    hints = []
    if megabytes is not None:
        hints.append(f"mock-megabytes={megabytes:g}")
    if seconds is not None:
        hints.append(f"mock-seconds={seconds:g}")
    fragment = "#" + "&".join(hints) if hints else ""
    return f"https://cdn.example.test/media/{next(_counter)}.{EXTENSION[fmt]}{fragment}"


def asset(
    kind: str, fmt: str | None = None, megabytes: float | None = None, seconds: float | None = None
) -> Any:
    if kind == "image":
        return {"image": {"url": _url(fmt or "jpeg", megabytes), "metadata": {"altText": "alt"}}}
    if kind == "video":
        return {"video": {"url": _url(fmt or "mp4", megabytes, seconds)}}
    return {
        "document": {
            "url": f"https://cdn.example.test/docs/{next(_counter)}.pdf",
            "title": "Deck",
            "thumbnailUrl": "https://cdn.example.test/docs/thumb.jpg",
        }
    }


def kind_of(item: dict[str, Any]) -> str:
    return next(iter(item))


class Poster:
    """Builds createPost inputs for one channel from the network table, and sends them."""

    def __init__(self, client: VersionedClient, channel: dict[str, Any]) -> None:
        self.client = client
        self.channel = channel
        self.service = channel["service"]
        self.profile = NETWORKS.profile(self.service)

    def metadata(self, **extra: Any) -> dict[str, Any] | None:
        facts = self.profile.post_metadata
        if facts is None:
            return None
        fields: dict[str, Any] = {}
        if self.profile.post_types.required or extra:
            fields.update(self.schema_required(facts.input_key))
        for required in self.profile.required_metadata:
            fields[required.field] = self.sample(required.field)
        fields.update(extra)
        return {facts.input_key: fields} if fields else None

    def schema_required(self, input_key: str) -> dict[str, Any]:
        """Values for the non-null fields of PostInputMetaData.<key> (the schema insists on them)."""
        inputs = self.client.schema.type_map["PostInputMetaData"]
        assert isinstance(inputs, GraphQLInputObjectType)
        member = get_named_type(inputs.fields[input_key].type)
        assert isinstance(member, GraphQLInputObjectType)
        values: dict[str, Any] = {}
        for name, field in member.fields.items():
            if not isinstance(field.type, GraphQLNonNull) or field.default_value is not Undefined:
                continue
            named = get_named_type(field.type)
            if isinstance(named, GraphQLEnumType):
                allowed = [t for t in self.profile.post_types.allowed if t in named.values]
                values[name] = allowed[0] if allowed else next(iter(named.values))
            elif named.name == "Boolean":
                values[name] = True
            else:
                values[name] = SAMPLE_FIELD_VALUES.get(name, "x")
        return values

    def sample(self, field: str) -> Any:
        if field == "boardServiceId":
            entity = self.client.world.channels[self.channel["channelId"]]
            return (entity.metadata or {})["boards"][0]["serviceId"]
        return SAMPLE_FIELD_VALUES[field]

    def base_assets(self) -> list[Any]:
        required = self.profile.media.required
        return [asset(required[0])] if required else []

    def payload(self, text: str = "Hello", assets: list[Any] | None = None, **meta: Any) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "channelId": self.channel["channelId"],
            "schedulingType": "automatic",
            "mode": "addToQueue",
            "saveToDraft": True,
            "text": text,
            "assets": self.base_assets() if assets is None else assets,
        }
        metadata = self.metadata(**meta)
        if metadata is not None:
            payload["metadata"] = metadata
        return payload

    def create(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self.client.data(CREATE, {"input": payload})["createPost"]  # type: ignore[no-any-return]

    def accepts(self, payload: dict[str, Any], what: str) -> None:
        answer = self.create(payload)
        assert answer["__typename"] == "PostActionSuccess", f"{self.service} refused {what}: {answer}"

    def refuses(self, payload: dict[str, Any], what: str, expected: str) -> None:
        answer = self.create(payload)
        assert answer["__typename"] == "InvalidInputError", f"{self.service} accepted {what}: {answer}"
        assert expected in answer["message"], f"{self.service} {what}: {answer['message']!r}"

    def with_kind(self, kind: str, items: list[Any]) -> list[Any]:
        """The base assets of other kinds (what the network requires), plus ``items``."""
        return [a for a in self.base_assets() if kind_of(a) != kind] + items


# --- one checker per rule kind -------------------------------------------------------------


def check_length(poster: Poster, rule: dict[str, Any]) -> None:
    limit = rule["maxLength"]
    poster.accepts(poster.payload(text="a" * limit), f"{limit} characters")
    poster.refuses(poster.payload(text="a" * (limit + 1)), f"{limit + 1} characters", f"limited to {limit}")


def check_requires(poster: Poster, rule: dict[str, Any]) -> None:
    prop, alternatives = rule["property"], rule["requires"]
    if prop == "text":
        poster.refuses(poster.payload(text="", assets=[]), "no text and no media", "Text is required")
        for kind in alternatives:
            poster.accepts(poster.payload(text="", assets=[asset(kind)]), f"no text but a {kind}")
    elif prop in ("image", "video"):
        poster.refuses(poster.payload(assets=[]), "no media", "require")
        for kind in (prop, *alternatives):
            poster.accepts(poster.payload(assets=[asset(kind)]), f"only a {kind}")
    elif prop == "board":
        payload = poster.payload()
        del payload["metadata"][poster.profile.post_metadata.input_key]["boardServiceId"]  # type: ignore[union-attr]
        poster.refuses(payload, "no board", "require a board")
        poster.accepts(poster.payload(), "a board")
    else:
        pytest.fail(f"no check for RequiresRule on {prop}")


def check_count(poster: Poster, rule: dict[str, Any]) -> None:
    kind, limit = rule["property"], rule["max"]
    assert rule["min"] is None
    poster.accepts(
        poster.payload(assets=poster.with_kind(kind, [asset(kind) for _ in range(limit)])), f"{limit} {kind}"
    )
    over = poster.with_kind(kind, [asset(kind) for _ in range(limit + 1)])
    poster.refuses(poster.payload(assets=over), f"{limit + 1} {kind}", f"at most {limit} {kind}")


def check_exclusive(poster: Poster, rule: dict[str, Any]) -> None:
    assert rule["property"] == "linkAttachment"
    link = {"url": "https://example.test/article"}
    poster.accepts(poster.payload(assets=[], linkAttachment=link), "a link card alone")
    for kind in rule["conflictsWith"]:
        poster.refuses(
            poster.payload(assets=[asset(kind)], linkAttachment=link),
            f"a link card with a {kind}",
            "A link attachment cannot be combined with media assets",
        )


def check_format(poster: Poster, rule: dict[str, Any]) -> None:
    kind, allowed = rule["property"], rule["allowedFormats"]
    for fmt in allowed:
        poster.accepts(poster.payload(assets=poster.with_kind(kind, [asset(kind, fmt)])), f"a {fmt} {kind}")
    family = IMAGE_FORMATS if kind == "image" else VIDEO_FORMATS
    for fmt in (f for f in family if f not in allowed):
        poster.refuses(
            poster.payload(assets=poster.with_kind(kind, [asset(kind, fmt)])),
            f"a {fmt} {kind}",
            "must be one of",
        )


def check_file_size(poster: Poster, rule: dict[str, Any]) -> None:
    kind, limit = rule["property"], rule["maxMegabytes"]
    poster.accepts(
        poster.payload(assets=poster.with_kind(kind, [asset(kind, megabytes=limit)])), f"{limit} MB"
    )
    poster.refuses(
        poster.payload(assets=poster.with_kind(kind, [asset(kind, megabytes=limit + 1)])),
        f"{limit + 1} MB",
        f"limited to {limit} MB",
    )


def check_duration(poster: Poster, rule: dict[str, Any]) -> None:
    limit = rule["maxDurationSeconds"]
    poster.accepts(
        poster.payload(assets=poster.with_kind("video", [asset("video", seconds=limit)])), f"{limit} s"
    )
    poster.refuses(
        poster.payload(assets=poster.with_kind("video", [asset("video", seconds=limit + 1)])),
        f"{limit + 1} s",
        f"limited to {limit} seconds",
    )


CHECKS = {
    "LengthRule": check_length,
    "RequiresRule": check_requires,
    "CountRule": check_count,
    "ExclusiveRule": check_exclusive,
    "FormatRule": check_format,
    "FileSizeRule": check_file_size,
    "DurationRule": check_duration,
}


# --- the walk --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(default_data: WorldData) -> VersionedClient:
    return VersionedClient(default_data, frozen_settings())


@pytest.fixture(scope="module")
def configuration(client: VersionedClient) -> dict[str, Any]:
    return client.data(CONFIGURATION, {"org": MAIN_ORG})["configuration"]  # type: ignore[no-any-return]


def usable_channels(client: VersionedClient, configuration: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One channel per network that can take posts (neither locked nor disconnected)."""
    seen: set[str] = set()
    for channel in configuration["channels"]:
        entity = client.world.channels[channel["channelId"]]
        if (
            channel["service"] in seen
            or entity.is_locked
            or entity.is_disconnected
            or entity.requires_approval
        ):
            continue
        seen.add(channel["service"])
        yield channel


def test_the_default_world_has_a_usable_channel_of_every_2026_10_network(
    client: VersionedClient, configuration: dict[str, Any]
) -> None:
    services = [c["service"] for c in usable_channels(client, configuration)]
    assert sorted(services) == sorted(NETWORKS.services_in("2026-10"))


@pytest.mark.parametrize("service", NETWORKS.services_in("2026-10"))
def test_createpost_enforces_every_rule_configuration_reports(
    client: VersionedClient, configuration: dict[str, Any], service: str
) -> None:
    channel = next(c for c in usable_channels(client, configuration) if c["service"] == service)
    poster = Poster(client, channel)
    poster.accepts(poster.payload(), "the minimal post")
    rules = [rule for content in channel["content"] for rule in content["rules"]]
    assert rules, f"{service} reports no rule"
    for rule in rules:
        check = CHECKS.get(rule["__typename"])
        assert check is not None, f"no agreement check for {rule['__typename']}"
        check(poster, rule)


@pytest.mark.parametrize("service", NETWORKS.services_in("2026-10"))
def test_service_configuration_has_the_channel_rules_with_the_network_default_length(
    client: VersionedClient, configuration: dict[str, Any], service: str
) -> None:
    channel = next(c for c in usable_channels(client, configuration) if c["service"] == service)
    entry = next(
        s
        for s in configuration["services"]
        if s["service"] == service and s["channelType"] == channel["channelType"]
    )

    def without_length(content: list[dict[str, Any]]) -> list[Any]:
        return [
            ([r for r in c["rules"] if r["__typename"] != "LengthRule"], c["supportedProperties"])
            for c in content
        ]

    assert without_length(entry["content"]) == without_length(channel["content"])
    lengths = [
        r["maxLength"] for c in entry["content"] for r in c["rules"] if r["__typename"] == "LengthRule"
    ]
    expected = NETWORKS.profile(service).text.max_length
    assert lengths == ([] if expected is None else [expected])
