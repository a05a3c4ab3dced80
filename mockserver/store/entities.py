"""The entities of a Buffer world, as the store holds them.

Plain mutable dataclasses, snake_case, every timestamp an ``int`` of UTC epoch
milliseconds (``None`` where Buffer's field is nullable). Nested values that
Buffer models as free-form per-network shapes (channel metadata, post metadata,
assets) are kept as plain dicts in the GraphQL field names (camelCase), so the
resolvers hand them straight to ariadne.

Only the store mutates these objects; everything else reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


@dataclass(slots=True)
class ApiToken:
    """A credential: a personal API key (full access) or an OAuth access token (scoped)."""

    token: str
    account_id: str
    kind: str = "personal"  # "personal" | "oauth"
    scopes: frozenset[str] = frozenset()
    revoked: bool = False
    client_id: str | None = None  # OAuth app client; personal keys are their own client
    plan: str | None = None  # rate-limit plan override; else the plan of the owning organization
    name: str | None = None

    @property
    def rate_limit_client(self) -> str:
        """The identity Buffer counts rate limits against (per API key or per OAuth client)."""
        return self.client_id or self.token


@dataclass(slots=True)
class Account:
    id: str
    email: str
    avatar: str
    name: str | None = None
    backup_email: str | None = None
    timezone: str | None = None
    created_at: int | None = None
    preferences: Json | None = None  # {timeFormat, startOfWeek, defaultScheduleOption}
    connected_apps: list[Json] | None = None


@dataclass(slots=True)
class Organization:
    id: str
    name: str
    owner_email: str
    plan: str = "free"  # "free" | "essentials" | "team": drives rate-limit quotas
    limits: Json = field(default_factory=dict)  # OrganizationLimits field -> int
    members: dict[str, str] = field(default_factory=dict)  # account id -> role (owner|admin|member)
    member_count: int | None = None  # MemberConnection.totalCount; defaults to len(members)
    should_enforce_2fa_setup: bool = False
    created_at: int | None = None


@dataclass(slots=True)
class Channel:
    id: str
    organization_id: str
    service: str
    type: str
    name: str
    avatar: str
    service_id: str
    timezone: str = "Europe/London"
    display_name: str | None = None
    external_link: str | None = None
    is_locked: bool = False
    is_disconnected: bool = False
    is_queue_paused: bool = False
    has_active_member_device: bool = False
    show_trending_topic_suggestions: bool = True
    products: list[str] | None = None
    scopes: list[str] = field(default_factory=list)
    allowed_actions: list[str] = field(default_factory=list)
    # ScheduleV2 entries: [{"day": "mon", "times": ["09:00"], "paused": False}, ...]
    posting_schedule: list[Json] = field(default_factory=list)
    metadata: Json | None = None  # GraphQL-shaped, with "__typename"
    link_shortening: Json = field(default_factory=lambda: {"isEnabled": False, "config": None})
    posting_goal: Json | None = None
    weekly_posting_limit: Json | None = None
    daily_posting_limit: int | None = None  # None = unlimited
    requires_approval: bool = False  # posting policy: drafts need approval before scheduling
    created_at: int = 0
    updated_at: int = 0
    connected_via: str | None = None  # facebookLogin | instagramLogin (Instagram); None elsewhere


@dataclass(slots=True)
class Tag:
    id: str
    organization_id: str
    name: str
    color: str
    is_locked: bool = False


@dataclass(slots=True)
class Note:
    id: str
    author_id: str
    text: str
    type: str = "userGenerated"
    created_at: int = 0
    updated_at: int | None = None


@dataclass(slots=True)
class Post:
    id: str
    organization_id: str
    channel_id: str
    status: str  # PostStatus value
    text: str = ""
    created_at: int = 0
    updated_at: int = 0
    due_at: int | None = None
    sent_at: int | None = None
    tag_ids: list[str] = field(default_factory=list)
    assets: list[Json] = field(default_factory=list)  # GraphQL-shaped Asset dicts with "__typename"
    metadata: Json | None = None  # GraphQL-shaped PostMetadata dict with "__typename"
    notes: list[Note] = field(default_factory=list)
    error: Json | None = None  # {message, supportUrl, rawError}
    author_id: str | None = None
    via: str = "buffer"
    share_mode: str = "addToQueue"
    scheduling_type: str | None = "automatic"
    is_custom_scheduled: bool = False
    shared_now: bool = False
    idea_id: str | None = None
    draft_id: str | None = None
    external_link: str | None = None
    notification_status: str | None = None
    ai_assisted: bool = False
    source: str | None = None
    # Normalized PostMetricType -> value, only the types the network reported. None until ingested.
    metrics: dict[str, float] | None = None
    metrics_updated_at: int | None = None
    # The values the post converges to (fixture or generated); ingestion grows metrics towards them.
    metrics_target: dict[str, float] | None = None
    # Queue bookkeeping: position key for posts in a channel's queue (addToQueue/shareNext).
    queue_order: float | None = None


@dataclass(slots=True)
class IdeaGroup:
    id: str
    organization_id: str
    name: str
    is_locked: bool = False


@dataclass(slots=True)
class Idea:
    id: str
    organization_id: str
    content: Json  # {title, text, media, tags (PublishingTag dicts), services, date (ms|None), aiAssisted}
    group_id: str | None = None
    position: float | None = None
    created_at: int = 0  # epoch ms; exposed as Unix seconds
    updated_at: int = 0
    template_id: str | None = None
    cta: str | None = None


@dataclass(slots=True)
class PostTemplate:
    id: str
    organization_id: str
    owner_account_id: str | None
    title: str
    body: str
    description: str
    emoji: str
    visibility: str  # internal | private | public
    created_at: int = 0
    updated_at: int = 0


@dataclass(slots=True)
class Snippet:
    """A saved text (a group of hashtags) of an organization (2026-10)."""

    id: str
    organization_id: str
    name: str
    text: str
    created_at: int = 0
    updated_at: int = 0


@dataclass(slots=True)
class ContentItem:
    """A content item: a channel-less draft (``draft``) or per-channel posts (``post_ids``), never both.

    ``draft`` is GraphQL-shaped: ``{"id", "text", "assets", "aiAssisted"}`` (assets as on a post).
    Which post belongs to which item is indexed by the World from ``post_ids``.
    """

    id: str
    organization_id: str
    account_id: str
    created_at: int = 0
    updated_at: int = 0
    title: str | None = None
    target_date: int | None = None
    tag_ids: list[str] = field(default_factory=list)
    draft: Json | None = None
    post_ids: list[str] = field(default_factory=list)
    correlation_id: str | None = None  # createContentItemDraft's idempotency key

    @property
    def is_draft(self) -> bool:
        return self.draft is not None


@dataclass(slots=True)
class OctoberData:
    """Entities of the 2026-10 domains a fixture set may hold (one field of WorldData)."""

    snippets: list[Snippet] = field(default_factory=list)
    content_items: list[ContentItem] = field(default_factory=list)
