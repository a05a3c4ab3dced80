"""The network profile table (``networks.yaml``), typed: one :class:`NetworkProfile` per service.

This is the one place network facts live. Everything that needs to know what a network is or
allows (fixture models, post validation and metadata conversion, channel descriptors, product
filters, metric capabilities, ``configuration``) asks :data:`NETWORKS`. The metric fields
(``reports``, ``native``, ``engagementTypes``, ``denominator``) are typed here and checked
against the metric catalog by :mod:`mockserver.metrics.capabilities`.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.alias_generators import to_camel

NETWORKS_FILE = "networks.yaml"
# libyaml's safe loader when PyYAML has it (ten times faster: this table is read at every start)
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SCHEMA_VERSIONS: tuple[str, ...] = ("2026-08-13", "2026-10")

AssetKind = Literal["image", "video", "document"]
ChannelTypeName = Literal["account", "business", "channel", "group", "page", "profile"]
ProductName = Literal["analyze", "buffer", "comments", "engage", "publish", "startPage"]
# Our placeholder MediaFormat values (the real ones are unknown: docs/fidelity.md, 2026-10 §10, §14).
MediaFormatName = Literal["jpeg", "png", "gif", "webp", "heic", "mp4", "mov", "webm"]
EngagementTypeName = Literal["comment", "mention"]
ReactionTypeName = Literal["celebrate", "external", "funny", "insightful", "like", "love", "support"]

# Products every channel works with.
UNIVERSAL_PRODUCTS: frozenset[str] = frozenset({"buffer", "publish"})


class NetworkTableError(ValueError):
    """The network table is invalid (bad file, missing attribute, inconsistent facts)."""


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True)


class Descriptor(_Part):
    label: str
    by_channel_type: dict[str, str] = Field(default_factory=dict)


class PostMetadataFacts(_Part):
    type: str
    input_key: str
    on_create: Literal["default", "required"]


class SubscriptionLimit(_Part):
    field: str
    free_values: tuple[str, ...]
    max_length: int


class TextRules(_Part):
    max_length: int | None
    required_without_media: bool
    channel_max_length_field: str | None = None
    subscription: SubscriptionLimit | None = None


class MediaRules(_Part):
    kinds: tuple[AssetKind, ...]
    required: tuple[AssetKind, ...]
    max_images: int
    max_videos: int
    max_documents: int
    image_formats: tuple[MediaFormatName, ...]
    video_formats: tuple[MediaFormatName, ...]
    max_image_megabytes: int
    max_video_megabytes: int
    max_video_seconds: int

    def max_count(self, kind: str) -> int:
        return {"image": self.max_images, "video": self.max_videos, "document": self.max_documents}[kind]

    def formats(self, kind: str) -> tuple[str, ...]:
        return {"image": self.image_formats, "video": self.video_formats}.get(kind, ())


class PostTypes(_Part):
    allowed: tuple[str, ...]
    required: bool
    named: str | None = None


class RequiredMetadataField(_Part):
    field: str
    output: str
    noun: str
    property: str | None


class EngagementFacts(_Part):
    types: tuple[EngagementTypeName, ...]
    reactions: tuple[ReactionTypeName, ...]
    reply_with_mention: bool
    sync: Literal["polling", "realTime"]


class NetworkProfile(_Part):
    """Everything the mock knows about one network."""

    since: Literal["2026-08-13", "2026-10"]
    label: str
    descriptor: Descriptor
    channel_types: tuple[ChannelTypeName, ...] = Field(min_length=1)
    connections: tuple[Literal["facebookLogin", "instagramLogin"], ...]
    channel_metadata: str | None
    post_metadata: PostMetadataFacts | None
    products: tuple[ProductName, ...]
    text: TextRules
    media: MediaRules
    post_types: PostTypes
    required_metadata: tuple[RequiredMetadataField, ...]
    link_attachment: bool
    threads: bool
    first_comment: bool
    retweet: bool
    engagement: EngagementFacts
    # metric capabilities (validated against the metric catalog in mockserver.metrics.capabilities)
    reports: tuple[str, ...]
    native: dict[str, str] = Field(default_factory=dict)
    engagement_types: tuple[str, ...] | None = None
    denominator: Literal["impressions", "reach", "views"] | None = None
    unknown_metrics: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> NetworkProfile:
        problems: list[str] = []
        if not set(self.media.required) <= set(self.media.kinds):
            problems.append("media.required lists a kind outside media.kinds")
        for kind in ("image", "video", "document"):
            if kind not in self.media.kinds and self.media.max_count(kind):
                problems.append(f"media: max count for {kind}, which is not an allowed kind")
        if self.post_metadata is None and (
            self.threads or self.link_attachment or self.first_comment or self.required_metadata
        ):
            problems.append("threads, linkAttachment, firstComment and requiredMetadata need postMetadata")
        if self.post_types.required and self.post_metadata is None:
            problems.append("postTypes.required needs postMetadata")
        if self.post_types.required and not self.post_types.named:
            problems.append("postTypes.required needs `named` (the types the message lists)")
        if set(self.reports) & set(self.unknown_metrics):
            problems.append("unknownMetrics lists a type the network reports")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def descriptor_for(self, channel_type: str, type_label: str) -> str:
        return self.descriptor.by_channel_type.get(channel_type) or f"{self.descriptor.label} {type_label}"

    @property
    def default_connection(self) -> str | None:
        return self.connections[0] if self.connections else None

    def supports_product(self, product: str) -> bool:
        return product in UNIVERSAL_PRODUCTS or product in self.products

    def in_version(self, version: str) -> bool:
        return SCHEMA_VERSIONS.index(self.since) <= SCHEMA_VERSIONS.index(version)


class NetworkTable(BaseModel):
    """The whole table: service -> profile, in the schema's ``Service`` enum order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    networks: dict[str, NetworkProfile]

    @model_validator(mode="after")
    def _ordered_by_version(self) -> NetworkTable:
        keys = list(self.networks)
        if not keys:
            raise ValueError("networks: no network given")
        seen = [SCHEMA_VERSIONS.index(self.networks[k].since) for k in keys]
        if seen != sorted(seen):
            raise ValueError("networks: list the networks of each schema version after the older ones")
        keys_by_input = [p.post_metadata.input_key for p in self.networks.values() if p.post_metadata]
        if len(keys_by_input) != len(set(keys_by_input)):
            raise ValueError("networks: two networks share a postMetadata.inputKey")
        return self

    @cached_property
    def services(self) -> tuple[str, ...]:
        """Every service, older versions first (the 2026-10 ``Service`` enum order)."""
        return tuple(self.networks)

    def services_in(self, version: str) -> tuple[str, ...]:
        """The services of one schema version, in that version's enum order."""
        if version not in SCHEMA_VERSIONS:
            raise NetworkTableError(f"unknown schema version {version!r}; expected one of {SCHEMA_VERSIONS}")
        return tuple(s for s, p in self.networks.items() if p.in_version(version))

    def profile(self, service: str) -> NetworkProfile:
        try:
            return self.networks[service]
        except KeyError:
            raise NetworkTableError(
                f"unknown service {service!r}; expected one of: {', '.join(self.networks)}"
            ) from None

    def get(self, service: str) -> NetworkProfile | None:
        return self.networks.get(service)

    def label(self, service: str) -> str:
        profile = self.networks.get(service)
        return profile.label if profile else service

    def with_input_key(self, input_key: str) -> str | None:
        for service, profile in self.networks.items():
            if profile.post_metadata and profile.post_metadata.input_key == input_key:
                return service
        return None


def default_networks_path(package_dir: Path | None = None) -> Path:
    """The packaged ``networks.yaml`` (wheel: ``mockserver/_fixtures``), else the repo's ``fixtures/``."""
    package_dir = package_dir or Path(__file__).resolve().parent
    candidates = (
        package_dir / "_fixtures" / NETWORKS_FILE,
        package_dir.parent / "fixtures" / NETWORKS_FILE,
    )
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise NetworkTableError(f"{NETWORKS_FILE} not found; looked in: {', '.join(map(str, candidates))}")


def read_networks_file(path: str | Path | None = None) -> Any:
    """The raw YAML data of the table (validation is :func:`parse_network_table`'s job)."""
    file = Path(path) if path is not None else default_networks_path()
    try:
        return yaml.load(file.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except OSError as error:
        raise NetworkTableError(f"cannot read {file}: {error}") from None
    except yaml.YAMLError as error:
        raise NetworkTableError(f"{file} is not valid YAML: {error}") from None


def format_validation_error(error: ValidationError, what: str, source: str) -> str:
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = str(item["msg"]).removeprefix("Value error, ")
        lines.append(f"  {where}: {message}")
    return f"invalid {what} in {source}:\n" + "\n".join(lines)


def parse_network_table(data: Any, source: str = "<data>") -> NetworkTable:
    if not isinstance(data, dict):
        raise NetworkTableError(f"invalid network table in {source}: expected a mapping at top level")
    try:
        return NetworkTable.model_validate(data)
    except ValidationError as error:
        raise NetworkTableError(format_validation_error(error, "network table", source)) from None


def load_network_table(path: str | Path | None = None) -> NetworkTable:
    return parse_network_table(read_networks_file(path), source=str(path or default_networks_path()))


NETWORKS: NetworkTable = load_network_table()
