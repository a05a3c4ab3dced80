"""Seeded worlds of a chosen size: organizations, channels, posts, networks and a date window.

The default world's channel specs (one per network plus the odd ones: locked, disconnected,
paused queue, empty schedule, approval required) are the templates: channels cycle through
them (only the chosen networks), each with a heavy-tailed audience and a share of the posts
in proportion to it, split over the statuses in the template's proportions. Sent posts fall
in ``[start, end]``, scheduled ones in the four weeks after ``end`` (the world's anchor).
Texts come from :class:`PooledFaker` and ids from :class:`QuickRandom` so that 100,000
posts take seconds, not minutes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mockserver.clock import DAY_MS
from mockserver.worldgen import extras
from mockserver.worldgen.channel_specs import MAIN_CHANNEL_SPECS, ChannelSpec
from mockserver.worldgen.channels import ChannelPlan, channel_plan
from mockserver.worldgen.content import AVATAR_HOST, IdFactory, iso
from mockserver.worldgen.people import build_people
from mockserver.worldgen.pool import PooledFaker, QuickRandom
from mockserver.worldgen.posts import PostWriter
from mockserver.worldgen.world import (
    ANCHOR_MS,
    DEFAULT_SEED,
    GeneratedWorld,
    Json,
    Progress,
    assemble,
)

NETWORKS = tuple(dict.fromkeys(spec[0] for spec in MAIN_CHANNEL_SPECS))
TIMEZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Madrid",
    "Africa/Lagos",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
)
_PLANS = ("team", "essentials", "team", "free")
_MAX_SENDING = 2  # posts "being sent right now" per channel, however large the world
# Scheduled posts per channel at most: they fall on distinct queue slots in the weeks after the
# anchor, and a channel has only so many (beyond this many, finding a free slot grows with the
# square of the count: a 1,000,000-post world would take hours to generate). The rest are sent.
_MAX_SCHEDULED = 250
_SCHEDULE_DAYS = 28  # scheduled posts fall within four weeks of the anchor
_MAX_WINDOW_DAYS = 3650


class ShapeError(ValueError):
    """A size option that cannot make a world; the message names the option."""


@dataclass(frozen=True)
class WorldShape:
    """What ``buffer-mock generate`` was asked for (``None``: the default world's value)."""

    seed: int = DEFAULT_SEED
    organizations: int | None = None
    channels: int | None = None
    posts: int | None = None
    networks: tuple[str, ...] | None = None
    start: int | None = None  # epoch ms
    end: int | None = None  # epoch ms; the world's anchor

    @property
    def is_default(self) -> bool:
        """No size option given: the default world's shape (the committed ``fixtures/default``)."""
        sizes = (self.organizations, self.channels, self.posts, self.networks, self.start, self.end)
        return all(value is None for value in sizes)

    def checked(self) -> WorldShape:
        """The shape itself, or :class:`ShapeError` naming the first bad option."""
        organizations = self.organizations if self.organizations is not None else 2
        if organizations < 1:
            raise ShapeError("--organizations must be at least 1")
        if self.channels is not None and self.channels < organizations:
            raise ShapeError(f"--channels must be at least --organizations ({organizations})")
        if self.posts is not None and self.posts < 0:
            raise ShapeError("--posts must be 0 or more")
        unknown = sorted(set(self.networks or ()) - set(NETWORKS))
        if unknown:
            raise ShapeError(f"--networks: unknown network {unknown[0]!r}; known: {', '.join(NETWORKS)}")
        if self.networks is not None and not self.networks:
            raise ShapeError("--networks needs at least one network")
        end = self.end if self.end is not None else ANCHOR_MS
        start = self.start if self.start is not None else end - 365 * DAY_MS
        if start >= end:
            raise ShapeError("--start must be before --end")
        if end - start > _MAX_WINDOW_DAYS * DAY_MS:
            raise ShapeError(f"--start to --end spans more than {_MAX_WINDOW_DAYS} days")
        return self


def _sized_specs(networks: tuple[str, ...]) -> list[ChannelSpec]:
    """The default world's main channel specs, only the chosen networks (never an empty list)."""
    return [spec for spec in MAIN_CHANNEL_SPECS if spec[0] in networks]


def _apportion(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders, ties by position)."""
    if not weights:
        return []
    scale = sum(weights) or 1.0
    exact = [total * weight / scale for weight in weights]
    counts = [math.floor(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _status_counts(template: dict[str, int], total: int) -> dict[str, int]:
    statuses = list(template)
    counts = dict(zip(statuses, _apportion(total, [float(template[s]) for s in statuses]), strict=True))
    for status, most in (("sending", _MAX_SENDING), ("scheduled", _MAX_SCHEDULED)):
        if counts.get(status, 0) > most:
            counts["sent"] = counts.get("sent", 0) + counts[status] - most
            counts[status] = most
    return {status: count for status, count in counts.items() if count}


def _window_days(shape: WorldShape, end: int) -> int:
    start = shape.start if shape.start is not None else end - 365 * DAY_MS
    return max(1, (end - start) // DAY_MS)


def _extra_organization(
    ids: IdFactory, fake: PooledFaker, number: int, anchor: int
) -> tuple[Json, Json, Json]:
    """Organization ``number`` (3, 4, ...): its owner account, the organization, the owner's key."""
    first, last = fake.first_name(), fake.last_name()
    created = anchor - (300 + 7 * number) * DAY_MS
    account_id = ids.new(created)
    company = fake.company()
    domain = "".join(ch for ch in company.lower() if ch.isalnum())[:24] or f"org{number}"
    account = {
        "id": account_id,
        "email": f"{first}.{last}.{number}@{domain}.example".lower(),
        "name": f"{first} {last}",
        "avatar": f"{AVATAR_HOST}/accounts/{account_id}.png",
        "timezone": TIMEZONES[number % len(TIMEZONES)],
        "createdAt": iso(created),
    }
    organization = {
        "id": ids.new(created + DAY_MS),
        "name": company,
        "ownerEmail": account["email"],
        "plan": _PLANS[number % len(_PLANS)],
        "members": [{"accountId": account_id, "role": "owner"}],
        "createdAt": iso(created + DAY_MS),
    }
    token = {
        "token": f"buf_mock_org{number}_personal_key",
        "accountId": account_id,
        "kind": "personal",
        "name": f"Owner key of organization {number}",
    }
    return account, organization, token


def _plans(
    shape: WorldShape,
    ids: IdFactory,
    rng: QuickRandom,
    fake: PooledFaker,
    people: Json,
    organizations: list[tuple[Json, list[str]]],
    anchor: int,
) -> list[ChannelPlan]:
    specs = _sized_specs(shape.networks or NETWORKS)
    total_channels = shape.channels if shape.channels is not None else len(MAIN_CHANNEL_SPECS) + 2
    per_org = _apportion(total_channels, [2.0 if i == 0 else 1.0 for i in range(len(organizations))])
    per_org = [max(1, count) for count in per_org]
    window = _window_days(shape, anchor)
    plans: list[ChannelPlan] = []
    for (organization, authors), count in zip(organizations, per_org, strict=True):
        base = "".join(ch for ch in organization["name"].lower() if ch.isalnum())[:20] or "brand"
        for index in range(count):
            service, kind, suffix, timezone, audience, quotas, options = specs[index % len(specs)]
            cycle = index // len(specs)
            if cycle:
                suffix, timezone = f"{suffix}{cycle + 1}", rng.choice(TIMEZONES)
            audience = max(100, round(audience * rng.lognormvariate(0.0, 1.0)))
            low, high = options.get("sent_days", (0, 364))
            options = {**options, "sent_days": (low * window // 365, max(1, high * window // 365))}
            spec = (service, kind, suffix, timezone, audience, quotas, options)
            plans.append(
                channel_plan(
                    ids, rng, fake, organization["id"], base, organization["name"], spec, anchor, authors
                )
            )
    return plans


def _share_posts(plans: list[ChannelPlan], total: int, rng: QuickRandom) -> None:
    """Split ``total`` posts over the channels by audience (heavy-tailed), statuses by template."""
    weights = [plan.audience**0.8 * rng.lognormvariate(0.0, 0.5) for plan in plans]
    for plan, count in zip(plans, _apportion(total, weights), strict=True):
        plan.quotas = _status_counts(plan.quotas, count)
        plan.recent_unmeasured = min(plan.recent_unmeasured, plan.quotas.get("sent", 0))
        scheduled = plan.quotas.get("scheduled", 0)
        if "dailyPostingLimit" in plan.channel:
            needed = math.ceil(3 * scheduled / _SCHEDULE_DAYS)
            plan.channel["dailyPostingLimit"] = max(plan.channel["dailyPostingLimit"], needed)


def build_sized_world(shape: WorldShape, progress: Progress | None = None) -> dict[str, Json]:
    """File name -> YAML document of a world of ``shape`` (validated by :meth:`WorldShape.checked`)."""
    shape = shape.checked()
    seed = shape.seed
    anchor = shape.end if shape.end is not None else ANCHOR_MS
    fake = PooledFaker(seed)
    rng = QuickRandom(f"{seed}:world")
    ids = IdFactory(QuickRandom(f"{seed}:ids"))
    people = build_people(ids, fake, anchor)
    organization_count = shape.organizations if shape.organizations is not None else 2
    main_org = people["main_org"]
    main_authors = [people["main"]["id"]] * 3 + [people["teammate"]["id"]]
    orgs: list[tuple[Json, list[str]]] = [(main_org, main_authors)]
    tokens = extras.tokens(people)
    if organization_count >= 2:
        orgs.append((people["outsider_org"], [people["outsider"]["id"]]))
    else:
        people["accounts"].remove(people["outsider"])
        tokens = [t for t in tokens if t["accountId"] != people["outsider"]["id"]]
        people["outsider"] = None
    for number in range(3, organization_count + 1):
        account, organization, token = _extra_organization(ids, fake, number, anchor)
        people["accounts"].append(account)
        tokens.append(token)
        orgs.append((organization, [account["id"]]))
    people["tokens"] = tokens

    tags_by_org = {
        org["id"]: extras.tags(ids, org["id"], anchor - 700 * DAY_MS) if i == 0 else
        extras.tags(ids, org["id"], anchor - 200 * DAY_MS)[: 2 + i % 5]
        for i, (org, _) in enumerate(orgs)
    }  # fmt: skip
    plans = _plans(shape, ids, rng, fake, people, orgs, anchor)
    total_posts = shape.posts if shape.posts is not None else 403
    _share_posts(plans, total_posts, rng)
    writer = PostWriter(ids, QuickRandom(f"{seed}:posts"), fake, anchor, people)
    posts = writer.write_all(plans, tags_by_org, progress)
    for plan in plans:
        writer.attach_posting_goal(plan)

    groups, ideas = [], []
    scale = max(1, total_posts // 4000)
    for i, (org, _) in enumerate(orgs):
        org_groups = extras.idea_groups(ids, org["id"], anchor)
        services = sorted({p.channel["service"] for p in plans if p.channel["organizationId"] == org["id"]})
        org_ideas = extras.ideas(
            ids,
            rng,
            fake,
            org["id"],
            org_groups,
            tags_by_org[org["id"]],
            services,
            anchor,
            scale if i == 0 else 1,
        )
        groups += org_groups
        ideas += org_ideas
    extras.link_drafts_to_ideas(
        posts, ideas, {p.channel["id"] for p in plans if p.channel["organizationId"] == main_org["id"]}
    )
    outsider_org = people["outsider_org"]["id"] if organization_count >= 2 else None
    templates = extras.templates(ids, fake, people, main_org["id"], outsider_org, anchor)
    return assemble(
        GeneratedWorld(
            seed=seed,
            anchor=anchor,
            ids=ids,
            fake=fake,
            people=people,
            organizations=[org for org, _ in orgs],
            tags=[tag for tags in tags_by_org.values() for tag in tags],
            plans=plans,
            posts=posts,
            idea_groups=groups,
            ideas=ideas,
            templates=templates,
            name=f"generated-{seed}",
        )
    )


__all__ = ["NETWORKS", "ShapeError", "WorldShape", "build_sized_world"]
