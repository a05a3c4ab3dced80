"""What both fuzzers share: the app under test, a client, the world's real ids and scalar values.

Values of the custom scalars are drawn mostly from the default world (real ids, instants
around its anchor day), so generated requests reach deep into the resolvers instead of
stopping at NOT_FOUND; the rest are random but well-formed, plus edge instants (year 1,
year 9999, extreme offsets) that stress the parsing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from mockserver.app import create_app
from mockserver.fixtures.loader import WorldData
from mockserver.scalars import OBJECT_ID_SCALARS
from mockserver.settings import Settings
from tests.conftest import DEFAULT_KEY, frozen_settings
from tests.fuzz.response_contract import SentRequest, response_problems

GRAPHQL_PATH = "/graphql"
AUTH_HEADERS = {"authorization": f"Bearer {DEFAULT_KEY}"}


def fuzz_settings() -> Settings:
    """The default world's anchor day, frozen, rate limits off (a long run must not hit 429)."""
    return frozen_settings(rate_limit_mode="off")


# --- the world's ids --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorldIds:
    """Real ids of the default world, per ObjectId scalar (plus ``ID`` for idea groups and the rest);
    ``own``: those of the default key's own organizations only."""

    by_scalar: dict[str, tuple[str, ...]]
    own: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def every_id(self) -> tuple[str, ...]:
        return tuple(sorted({i for ids in self.by_scalar.values() for i in ids}))


def balanced(groups: list[list[str]], size: int = 40) -> tuple[str, ...]:
    """The ids of every non-empty group, each group cycled to ``size`` entries: groups weigh alike,
    however many ids they hold (a handful of drafts against hundreds of sent posts)."""
    return tuple(group[i % len(group)] for group in groups if group for i in range(size))


def world_ids(data: WorldData) -> WorldIds:
    """Real ids, three in four from the default key's own organizations (the rest: someone else's)."""
    caller = next(t.account_id for t in data.tokens if t.token == DEFAULT_KEY)
    own = {o.id for o in data.organizations if caller in o.members}

    def split(items: list[Any], org_of: Callable[[Any], str]) -> list[list[str]]:
        mine = [i.id for i in items if org_of(i) in own]
        return [mine, mine, mine, [i.id for i in items if org_of(i) not in own]]

    posts_by_status: dict[str, list[str]] = {}
    for post in data.posts:
        if post.organization_id in own:
            posts_by_status.setdefault(post.status, []).append(post.id)
    others = [p.id for p in data.posts if p.organization_id not in own]
    by_scalar: dict[str, tuple[str, ...]] = {
        "OrganizationId": balanced(split(data.organizations, lambda o: o.id)),
        "ChannelId": balanced(split(data.channels, lambda c: c.organization_id)),
        "PostId": balanced([*posts_by_status.values(), others]),
        "TagId": balanced(split(data.tags, lambda t: t.organization_id)),
        "IdeaId": balanced(split(data.ideas, lambda i: i.organization_id)),
        "NoteId": tuple(note.id for post in data.posts for note in post.notes),
        "AccountId": tuple(a.id for a in data.accounts),
        "PostTemplateId": balanced(split(data.templates, lambda t: t.organization_id)),
        "SnippetId": balanced(split(data.october.snippets, lambda s: s.organization_id)),  # 2026-10
        "ContentItemId": balanced(split(data.october.content_items, lambda i: i.organization_id)),  # 2026-10
        "DraftContentId": [i.draft["id"] for i in data.october.content_items if i.draft is not None],
        # ``ID`` stands for idea groups and, in IdeaGroupsInput and CreateIdeaInput, for an organization
        "ID": balanced(
            [
                *split(data.idea_groups, lambda g: g.organization_id),
                *split(data.organizations, lambda o: o.id),
            ]
        ),
    }
    own_ids: dict[str, tuple[str, ...]] = {
        "OrganizationId": tuple(sorted(own)),
        "ChannelId": tuple(c.id for c in data.channels if c.organization_id in own),
        "PostId": tuple(p.id for p in data.posts if p.organization_id in own),
        "TagId": tuple(t.id for t in data.tags if t.organization_id in own),
        "IdeaId": tuple(i.id for i in data.ideas if i.organization_id in own),
        "PostTemplateId": tuple(t.id for t in data.templates if t.organization_id in own),
    }
    return WorldIds(
        {name: ids for name, ids in by_scalar.items() if ids},
        {name: ids for name, ids in own_ids.items() if ids},
    )


# --- scalar values (plain Python; wrap them for schemathesis) ------------------------------------------

random_object_ids = st.from_regex(r"\A[0-9a-f]{24}\Z")


def object_ids(real: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Four in five a real id (so resolvers run deep), else a random well-formed one."""
    if not real:
        return random_object_ids
    return st.integers(0, 4).flatmap(lambda n: random_object_ids if n == 4 else st.sampled_from(real))


NEAR_ANCHOR = (datetime(2024, 1, 1), datetime(2028, 1, 1))


def format_instant(moment: datetime, style: str, offset_minutes: int) -> str:
    date = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    if style == "date":
        return date
    clock = f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    if style == "millis":
        clock += f".{moment.microsecond // 1000:03d}"
    elif style == "micros":
        clock += f".{moment.microsecond:06d}"
    if style in ("offset", "compact-offset"):
        sign = "-" if offset_minutes < 0 else "+"
        hours, minutes = divmod(abs(offset_minutes), 60)
        colon = ":" if style == "offset" else ""
        return f"{date}T{clock}{sign}{hours:02d}{colon}{minutes:02d}"
    return f"{date}T{clock}{'z' if style == 'lower-z' else 'Z'}"


# The ends of the accepted range (mockserver.time_range: 1970-01-01 .. 2100-12-31, UTC), written
# the ways a client may write them. Instants outside it are refused with a Buffer-shaped error
# (tests/hardening pins that); the fuzzers draw only values the server must accept.
RANGE_EDGES = (
    "1970-01-01",
    "1970-01-01T00:00:00Z",
    "1970-01-01T00:00:00.000+00:00",
    "1970-01-01T03:00:00+02:00",
    "2100-12-31",
    "2100-12-31T23:59:59.999Z",
    "2100-12-31T12:00:00-09:00",
    "2100-12-31T23:00:00+00:30",
)
# A day inside each end, so that any offset (under 24 h) keeps the instant in range.
ANYWHERE = (datetime(1970, 1, 2), datetime(2100, 12, 30))


@st.composite
def datetime_strings(draw: st.DrawFn) -> str:
    """ISO 8601 instants the server must accept: Z, offsets, fractions, bare dates; mostly near the anchor,
    one in four at the ends of the accepted range."""
    if draw(st.integers(0, 3)) == 3:
        return draw(st.sampled_from(RANGE_EDGES))
    low, high = NEAR_ANCHOR
    moment = draw(
        st.one_of(
            st.datetimes(min_value=low, max_value=high),
            st.datetimes(min_value=low, max_value=high),
            st.datetimes(min_value=low, max_value=high),
            st.datetimes(min_value=ANYWHERE[0], max_value=ANYWHERE[1]),
        )
    )
    style = draw(st.sampled_from(["Z", "millis", "micros", "offset", "compact-offset", "date", "lower-z"]))
    offset = draw(st.integers(-(23 * 60 + 59), 23 * 60 + 59))
    return format_instant(moment, style, offset)


uuid_strings = st.uuids(version=4).map(str).flatmap(lambda u: st.sampled_from([u, u.upper()]))
email_strings = st.emails().flatmap(lambda e: st.sampled_from([e, e.upper(), f"  {e} "]))


def scalar_values(ids: WorldIds) -> dict[str, st.SearchStrategy[Any]]:
    """A strategy of valid input values for each custom scalar (and ``ID``)."""
    strategies: dict[str, st.SearchStrategy[Any]] = {
        name: object_ids(ids.by_scalar.get(name, ())) for name in OBJECT_ID_SCALARS
    }
    strategies["ID"] = object_ids(ids.by_scalar.get("ID", ()))
    strategies["SnippetId"] = object_ids(ids.by_scalar.get("SnippetId", ()))  # 2026-10 only
    for name in ("ContentItemId", "DraftContentId"):  # 2026-10 only
        strategies[name] = object_ids(ids.by_scalar.get(name, ()))
    strategies["DateTime"] = datetime_strings()
    strategies["Uuid"] = uuid_strings
    strategies["Email"] = email_strings
    return strategies


# --- the app and a client -------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    content_type: str | None
    body: bytes


@dataclass
class FuzzTally:
    """What a run produced: cases, statuses, and the answers that broke the contract."""

    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    with_data: int = 0
    error_codes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def record(self, answer: Answer, problems: list[str], report: str | None = None) -> None:
        self.cases += 1
        self.statuses[answer.status] += 1
        try:
            payload = orjson.loads(answer.body)
        except orjson.JSONDecodeError:
            payload = None
        if isinstance(payload, dict):
            if payload.get("data") is not None:
                self.with_data += 1
            for error in payload.get("errors") or ():
                code = (error.get("extensions") or {}).get("code") if isinstance(error, dict) else None
                self.error_codes[str(code)] += 1
        if problems:
            self.failures.append(report or "; ".join(problems))

    def merge(self, other: FuzzTally) -> None:
        self.cases += other.cases
        self.statuses.update(other.statuses)
        self.with_data += other.with_data
        self.error_codes.update(other.error_codes)
        self.failures.extend(other.failures)


class FuzzClient:
    """An in-process client on a fresh app over ``data``, authenticated with the default key."""

    def __init__(self, data: WorldData, settings: Settings | None = None) -> None:
        self.app = create_app(settings or fuzz_settings(), data)
        self.http = TestClient(self.app, raise_server_exceptions=False)

    def close(self) -> None:
        self.http.close()

    def send(self, sent: SentRequest, *, raw_body: bytes | None = None, path: str = GRAPHQL_PATH) -> Answer:
        """POST the request (or ``raw_body`` as is) to ``path`` (/graphql or /)."""
        body = raw_body if raw_body is not None else json.dumps(sent.payload()).encode()
        response = self.http.post(
            path, content=body, headers={**AUTH_HEADERS, "content-type": "application/json"}
        )
        return Answer(response.status_code, response.headers.get("content-type"), response.content)

    def check(self, schema: Any, sent: SentRequest, answer: Answer) -> list[str]:
        return response_problems(schema, sent, answer.status, answer.content_type, answer.body)


def ci_fuzz_settings(max_examples: int) -> settings:
    """Deterministic in CI (same examples every run); the long run in bench/ varies the seed."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
